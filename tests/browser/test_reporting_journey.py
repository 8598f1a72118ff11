"""Issue 3's journey in real Chromium: a unit files a month (one warning), staff return it with a comment, the unit
fixes and resubmits, staff accept; the dashboard and the public page show the new numbers, and the public page
hides a cell built from fewer than three units (and the cell that would give it away)."""
import pytest

from rownaq.reporting import services
from rownaq.reporting.models import MonthlyReport
from tests.conftest import login
from tests.reporting.conftest import accepted, more_units  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fa(value) -> str:
    return str(value).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def logout(page):
    page.context.clear_cookies()


def test_month_filed_returned_fixed_accepted_and_published(world, more_units, page):
    month = services.latest_reportable_month()
    for unit in more_units[:2]:  # with unit A, Salimi will hold three reporting units
        accepted(unit, month, world.admin, employees=20)
    accepted(world.unit_b, month, world.admin, employees=41)  # alone in Marand: never published

    # The unit member files the month; a production above 120% of capacity gives one warning.
    login(page, "unit.a")
    page.goto("/reports/")
    page.fill("#start-period", f"{month.year}/{month.month:02d}")
    page.click("[data-testid=start-report] button[type=submit]")
    page.wait_for_url("**/edit/")
    page.select_option("#id_shifts_worked", "3")
    page.fill("#id_working_days", "24")
    page.fill("#id_employees_total", "95")
    page.fill("#id_employees_shift1", "40")
    page.fill("#id_production-0-quantity", "11")  # capacity 100 a year: 132% of a month
    page.click("button[value=submit]")
    page.wait_for_url("**/reports/*/")
    assert "بیش از ۱۲۰٪" in page.inner_text("[data-testid=warnings]")
    assert page.inner_text("[data-testid=status]") == "ارسال‌شده"
    report = MonthlyReport.objects.get(organisation=world.unit_a, period_index=month.index)

    # The reviewer returns it with a comment.
    logout(page)
    login(page, "staff.salimi")
    page.goto(f"/reports/{report.pk}/")
    page.fill("#return-comment", "ظرفیت اسمی را بررسی کنید؛ تولید بیش از ظرفیت است.")
    page.click("form[action$='/return/'] button")
    assert page.inner_text("[data-testid=status]") == "بازگشت برای اصلاح"

    # The unit sees the comment, fixes the figure and resubmits.
    logout(page)
    login(page, "unit.a")
    page.goto(f"/reports/{report.pk}/edit/")
    assert "ظرفیت اسمی را بررسی کنید" in page.inner_text("[data-testid=review-comment]")
    page.fill("#id_production-0-quantity", "8")
    page.click("button[value=submit]")
    page.wait_for_url(f"**/reports/{report.pk}/")
    assert page.locator("[data-testid=warnings]").count() == 0

    # The reviewer accepts; the dashboard has the new numbers at once.
    logout(page)
    login(page, "staff.salimi")
    page.goto(f"/reports/{report.pk}/")
    page.click("form[action$='/accept/'] button")
    assert page.inner_text("[data-testid=status]") == "پذیرفته"
    page.goto(f"/reports/dashboard/?level=estate&id={world.salimi.pk}&period={month.code}")
    assert page.inner_text("[data-testid=kpi-units]") == fa(3)
    assert page.inner_text("[data-testid=kpi-employees]") == fa(135)

    # The public page, signed out: Marand (1 unit) is hidden, and Tabriz (3 units) or the province's total with
    # it, since the province's 176 less Tabriz's 135 would give Marand's 41; the legend says why.
    logout(page)
    page.goto(f"/stats/?level=province&id={world.eaz.pk}&period={month.code}")
    rows = {row.locator("td").first.inner_text(): row.inner_text()
            for row in page.locator("[data-testid=children] tbody tr").all()}
    assert "●" in rows["مرند"] and fa(41) not in rows["مرند"]
    assert "●" in rows["تبریز"] or page.inner_text("[data-testid=kpi-employees]") == "●"
    assert "محرمانه" in page.inner_text("[data-testid=suppression-note]")
    page.goto(f"/stats/?level=county&id={world.marand.pk}&period={month.code}")
    assert page.inner_text("[data-testid=kpi-employees]") == "●"
