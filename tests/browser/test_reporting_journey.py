"""The monthly loop in real Chromium, at desktop and phone size, typed with Persian digits: a unit fills the month
that just ended from its history, gets a plausibility question beside the figure and answers it, submits; the
reviewer sees the status and the explanation, acknowledges and accepts; the dashboard and the public page show it
with how complete the month is; a report for the month still in progress is refused and changes nothing public."""

import pytest

from rownaq.reporting import services
from rownaq.reporting.models import MonthlyReport
from tests.conftest import login
from tests.reporting.conftest import accepted, more_units  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def fa(value) -> str:
    return str(value).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def logout(page):
    page.context.clear_cookies()


def no_sideways_scroll(page):
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{page.url} scrolls sideways"


def badge_is_visible(page):
    colour = page.locator("[data-testid=status]").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), "the status badge has no colour"


@pytest.mark.parametrize("size", SIZES)
def test_month_filed_in_persian_digits_questioned_explained_acknowledged_and_published(
    size,
    world,
    more_units,  # noqa: F811 (fixture)
    page,
    guard,
):
    guard.allow_console_error(r"status of 400")  # the form comes back with its question as a 400
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size])))
    month = services.latest_reportable_month()
    for unit in more_units[:2]:  # with unit A, three of Salimi's five units: 60%, the month is published
        accepted(unit, month, world.admin, employees=20)
        accepted(unit, month.previous(), world.admin, employees=20)
    accepted(world.unit_b, month, world.admin, employees=41)  # alone in Marand: never published

    # The unit member opens the month that just ended and types with a Persian keyboard.
    login(page, "unit.a")
    page.goto("/reports/")
    page.click("[data-testid=start-report] button[type=submit]")  # the default is the month that just ended
    page.wait_for_url("**/edit/")
    assert month.label in page.inner_text("h1")
    no_sideways_scroll(page)
    page.select_option("#id_shifts_worked", "3")
    page.locator("#id_working_days").press_sequentially("۲۴")
    page.locator("#id_employees_total").press_sequentially("٩٥")  # Arabic-Indic digits
    page.locator("#id_employees_shift1").press_sequentially("40")
    page.locator("#id_domestic_sales_rial").press_sequentially("۱۲۰۰۰۰۰۰۰")
    assert page.input_value("#id_domestic_sales_rial") == "۱۲۰٬۰۰۰٬۰۰۰"  # grouped Persian digits as typed
    assert page.get_attribute("#id_employees_total", "inputmode") == "numeric"
    page.locator("#id_production-0-quantity").press_sequentially("۱۱")  # capacity 100 a year: 132% of a month
    # An export to Syria in a row added in place, the country found by typing its name; a row removed in place.
    page.click("[data-formset-add=exports]")
    page.click("[data-formset-add=exports]")
    assert page.locator("[data-testid=export-row]:visible").count() == 3
    row = page.locator("[data-testid=export-row]").nth(1)
    row.locator("input[type=search]").press_sequentially("سوري")  # typed with an Arabic yeh: Syria, Suriname
    row.locator("input[type=search]").press_sequentially("ه")
    assert row.locator("select[name$=country]").input_value() == "SY"
    row.locator("input[name$=value]").press_sequentially("۴۸۰۰۰")
    row.locator("select[name$=currency]").select_option("EUR")
    page.locator("[data-testid=export-row]").nth(2).get_by_role("button", name="حذف ردیف").click()
    assert page.locator("[data-testid=export-row]:visible").count() == 2
    no_sideways_scroll(page)
    page.click("button[value=submit]")

    # Not sent: the question stands beside the production figure, and everything typed is kept.
    question = page.locator("[data-testid=production-row] [data-testid=plausibility]")
    assert "۱۳۲" in question.inner_text()
    assert page.input_value("#id_employees_total") == "۹۵"
    badge_is_visible(page)
    assert page.inner_text("[data-testid=status]") == "پیش‌نویس"
    no_sideways_scroll(page)
    question.locator("textarea").fill("سفارش ویژهٔ صادراتی با نوبت سوم")
    page.click("button[value=submit]")
    page.wait_for_url("**/reports/*/")
    assert page.inner_text("[data-testid=status]") == "ارسال‌شده"
    badge_is_visible(page)
    report = MonthlyReport.objects.get(organisation=world.unit_a, period_index=month.index)
    assert (report.employees_total, report.domestic_sales_rial) == (95, 120_000_000)
    assert [(line.country, line.value, line.currency) for line in report.export_lines.all()] == [("SY", 48000, "EUR")]

    # A report for the month still in progress is refused.
    page.goto("/reports/")
    page.fill("#start-period", services.current_month().code.replace("-", "/"))
    page.click("[data-testid=start-report] button[type=submit]")
    assert "هنوز تمام نشده" in page.inner_text("body")

    # The reviewer sees the status and the explanation; accepting needs the acknowledgement.
    logout(page)
    login(page, "staff.salimi")
    page.goto(f"/reports/{report.pk}/")
    assert page.inner_text("[data-testid=status]") == "ارسال‌شده"
    assert "سفارش ویژهٔ صادراتی" in page.inner_text("[data-testid=unit-explanation]")
    no_sideways_scroll(page)
    page.click("[data-testid=accept-form] button")  # the browser asks for the acknowledgement first
    assert MonthlyReport.objects.get(pk=report.pk).status == MonthlyReport.Status.SUBMITTED
    page.check("[data-testid=acknowledge]")
    page.click("[data-testid=accept-form] button")
    page.wait_for_load_state()
    assert page.inner_text("[data-testid=status]") == "پذیرفته"

    # The dashboard has the new numbers at once, with the month's completeness.
    page.goto(f"/reports/dashboard/?level=estate&id={world.salimi.pk}")
    assert page.inner_text("[data-testid=kpi-units]") == fa(3)
    assert page.inner_text("[data-testid=kpi-employees]") == fa(135)
    assert f"{fa(3)} از {fa(5)} واحد" in page.inner_text("[data-testid=coverage]")

    # The public page, signed out, opens on that month; Marand (1 unit) stays hidden.
    logout(page)
    page.goto(f"/stats/?level=estate&id={world.salimi.pk}")
    assert month.label in page.inner_text("h1")
    assert f"{fa(3)} از {fa(5)} واحد" in page.inner_text("[data-testid=coverage]")
    no_sideways_scroll(page)
    # The public page, signed out: Marand (1 unit) is hidden, and Tabriz (3 units) or the province's total with
    # it, since the province's 176 less Tabriz's 135 would give Marand's 41; the legend says why.
    page.goto(f"/stats/?level=province&id={world.eaz.pk}&period={month.code}")
    rows = {
        row.locator("td").first.inner_text(): row.inner_text()
        for row in page.locator("[data-testid=children] tbody tr").all()
    }
    assert "●" in rows["مرند"] and fa(41) not in rows["مرند"]
    assert "●" in rows["تبریز"] or page.inner_text("[data-testid=kpi-employees]") == "●"
    assert "محرمانه" in page.inner_text("[data-testid=suppression-note]")
    page.goto(f"/stats/?level=county&id={world.marand.pk}&period={month.code}")
    assert page.inner_text("[data-testid=kpi-employees]") == "●"
