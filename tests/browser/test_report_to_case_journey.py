"""A problem a unit writes in its monthly report becomes a case in one click, in real Chromium: the case form is
prefilled from the report, and the report and the case lead to each other."""

import pytest
from playwright.sync_api import expect

from rownaq.cases.models import Case
from rownaq.reporting import services
from tests.conftest import login
from tests.reporting.conftest import fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reported_problem_becomes_a_case_linked_both_ways(world, page):
    month = services.latest_reportable_month()
    report = fill(services.start_report(world.unit_a, month, world.member_a))
    report.problems_note = "ترخیص قالب وارداتی سه ماه است در گمرک بازرگان مانده است."
    report.save()
    login(page, "unit.a")
    page.goto(report.get_absolute_url())
    page.get_by_test_id("to-case").click()
    page.wait_for_url("**/cases/new/**")
    expect(page.get_by_test_id("source-report")).to_contain_text(month.label)
    expect(page.locator("#id_description")).to_have_value(report.problems_note)
    page.select_option("#id_category", "customs")
    page.get_by_role("button", name="ثبت پرونده").click()
    page.wait_for_url("**/cases/*/")
    case = Case.objects.get(source_report=report)
    expect(page.get_by_test_id("case-source-report")).to_contain_text(month.label)
    page.get_by_test_id("case-source-report").get_by_role("link").click()
    expect(page.get_by_test_id("report-case")).to_contain_text(case.get_status_display())
