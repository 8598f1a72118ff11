"""Issue 4's journey in real Chromium: a unit opens an export case with a PDF; staff triage it and refer it to the
Chamber of Commerce (the routing rule suggests it); a Chamber member, who cannot see another body's case, reads the
attachment, adds a follow-up and resolves it; the unit confirms with its satisfaction; the case is in the
statistics."""

import re

import pytest
from playwright.sync_api import expect

from rownaq.cases import services
from rownaq.cases.models import Case, RoutingRule
from tests.cases.conftest import PDF, bodies, referred  # noqa: F401  (fixture)
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.context.clear_cookies()


def test_export_case_opened_referred_resolved_confirmed_and_counted(bodies, page, guard):  # noqa: F811
    w = bodies
    guard.allow_console_error(r"status of 404")  # the Chamber member's look at customs' case, below
    RoutingRule.objects.create(
        category="export", province=w.eaz, body=w.chamber, working_days=5, note="پرونده‌های صادراتی با اتاق بازرگانی"
    )
    customs_case = referred(
        w, body=w.customs, unit=w.unit_b, user=w.member_b, title="ترخیص مواد اولیه", category="customs"
    )

    # The unit opens an export case with a PDF; its unit is chosen for it.
    login(page, "unit.a")
    page.goto("/cases/")
    page.get_by_test_id("open-case").click()
    page.wait_for_url("**/cases/new/")
    page.select_option("#id_category", "export")
    page.fill("#id_title", "برگشت محمولهٔ قالب از مرز بازرگان")
    page.fill("#id_description", "گواهی مبدأ محموله در مرز پذیرفته نشد و کامیون‌ها برگشت خوردند.")
    page.fill("#id_amount", "۴۸۰۰۰")
    page.select_option("#id_currency", "USD")
    page.set_input_files(
        "#id_attachments", files=[{"name": "گواهی-مبدأ.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.click("[data-testid=case-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get(title="برگشت محمولهٔ قالب از مرز بازرگان")
    expect(page.get_by_test_id("status")).to_have_text("ثبت‌شده")
    expect(page.get_by_test_id("suggested-body")).to_have_text(w.chamber.name)
    expect(page.get_by_test_id("attachments")).to_contain_text("گواهی-مبدأ.pdf")
    assert page.locator("html").get_attribute("dir") == "rtl"

    # Staff triage it and refer it to the Chamber, which the routing rule suggests (already ticked).
    logout(page)
    login(page, "staff.salimi")
    page.goto(f"/cases/{case.pk}/")
    page.fill("#id_triage-note", "مدارک کامل است.")
    page.click("[data-testid=triage] button[type=submit]")
    expect(page.get_by_test_id("status")).to_have_text("بررسی اولیه شد")
    expect(page.get_by_test_id("rule-suggestion")).to_contain_text(w.chamber.name)
    chamber_box = page.locator(f"input[name='refer-bodies'][value='{w.chamber.pk}']")
    expect(chamber_box).to_be_checked()
    page.click("[data-testid=refer] button[type=submit]")
    expect(page.get_by_test_id("status")).to_have_text("ارجاع‌شده")
    expect(page.get_by_test_id("referrals")).to_contain_text(w.chamber.name)

    # The Chamber member sees this case but not customs' one; reads the PDF, follows up and resolves.
    logout(page)
    login(page, "partner.chamber")
    page.goto("/cases/")
    rows = page.locator("[data-testid=case-table] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(case.title)
    response = page.goto(f"/cases/{customs_case.pk}/")
    assert response.status == 404
    page.goto(f"/cases/{case.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="گواهی-مبدأ.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "گواهی-مبدأ.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == PDF
    assert page.get_by_test_id("triage").count() == 0 and page.get_by_test_id("reject").count() == 0
    page.fill("#id_follow_up-text", "با گمرک بازرگان مکاتبه شد؛ گواهی جدید صادر می‌شود.")
    page.click("[data-testid=follow-up] button[type=submit]")
    expect(page.get_by_test_id("status")).to_have_text("در حال پیگیری")
    expect(page.get_by_test_id("timeline")).to_contain_text("با گمرک بازرگان مکاتبه شد")
    form = page.get_by_test_id("close-referral-form")
    form.locator("input[value=resolved]").check()
    form.locator("textarea").fill("گواهی مبدأ جدید صادر و محموله ترخیص شد.")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("status")).to_have_text("حل‌شده")

    # The unit confirms with its satisfaction.
    logout(page)
    login(page, "unit.a")
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_test_id("timeline")).to_contain_text("با گمرک بازرگان مکاتبه شد")
    page.check("input[name='confirm-solved'][value=yes]")
    page.check("input[name='confirm-satisfaction'][value='4']")
    page.click("[data-testid=confirm] button[type=submit]")
    expect(page.get_by_test_id("status")).to_have_text("بسته‌شده")
    expect(page.get_by_test_id("satisfaction")).to_contain_text("۴")
    case.refresh_from_db()
    assert (case.status, case.satisfaction, case.was_resolved) == (Case.Status.CLOSED, 4, True)

    # The case is in the statistics: the export row, the Chamber's referrals, the latest cases, the charts.
    logout(page)
    login(page, "staff.province")
    page.goto("/cases/statistics/")
    categories = {
        row.locator("td").first.inner_text(): row.inner_text()
        for row in page.locator("[data-testid=by-category] tbody tr").all()
    }
    assert "صادرات" in categories and "۱" in categories["صادرات"]
    expect(page.get_by_test_id("by-body")).to_contain_text(w.chamber.name)
    expect(page.get_by_test_id("recent")).to_contain_text(case.title)
    expect(page.get_by_test_id("kpi-resolution-rate")).to_have_text("۱۰۰٫۰٪")
    page.wait_for_function("() => window.Chart && Chart.getChart('cases-by-body-chart') !== undefined")
    assert services.statistics_for(Case.objects.all(), case.resolutions.all())["resolved"] == 1
