"""The review flow: draft -> submitted -> returned with a comment -> resubmitted -> accepted; locks and reopening."""

from decimal import Decimal

import pytest

from rownaq.core.jalali import JalaliMonth, parse_jalali_date
from rownaq.reporting import services, stats
from rownaq.reporting.models import MonthlyReport, ReportEvent, StatCell

from .conftest import fill

Status = MonthlyReport.Status


def test_full_flow_and_statistics_follow_acceptance(world, month):
    report = services.start_report(world.unit_a, month, world.member_a)
    assert report.status == Status.DRAFT and report.shifts_worked == 3  # the unit's usual shifts as a start
    fill(report)
    services.submit(report, world.member_a)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.submitted_by == world.member_a
    assert not StatCell.objects.exists()  # submitted is not yet in the statistics

    with pytest.raises(services.FlowError, match="توضیح"):
        services.return_for_correction(report, world.staff_salimi, "  ")
    services.return_for_correction(report, world.staff_salimi, "تعداد کارکنان نوبت‌ها را کامل کنید.")
    report.refresh_from_db()
    assert report.status == Status.RETURNED and "کامل" in report.review_comment

    fill(report, employees=93)
    services.submit(report, world.member_a)
    services.accept(report, world.staff_salimi)
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED
    cell = StatCell.objects.get()
    assert (cell.units, cell.units_shift3, cell.employees) == (1, 1, 93)
    assert [e.action for e in report.events.all()] == ["submit", "return", "submit", "accept"]


def test_hard_errors_block_submission(world, month):
    report = services.start_report(world.unit_a, month, world.member_a)
    report.shifts_worked = 4
    report.save()
    with pytest.raises(services.ReportInvalid) as caught:
        services.submit(report, world.member_a)
    assert {e.field for e in caught.value.errors} >= {"shifts_worked", "working_days", "employees_total"}
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_an_implausible_figure_needs_the_units_explanation_and_the_reviewers_acknowledgement(world, month):
    """Production at 132% of capacity: not submitted without an explanation, not accepted with one click."""
    report = fill(services.start_report(world.unit_a, month, world.member_a), quantity=Decimal(11))  # 132%
    with pytest.raises(services.NeedsExplanation) as asked:
        services.submit(report, world.member_a)
    [warning] = asked.value.warnings
    assert warning.code == "utilisation" and "۱۳۲" in warning.message
    assert MonthlyReport.objects.get(pk=report.pk).status == MonthlyReport.Status.DRAFT
    with pytest.raises(services.NeedsExplanation):
        services.submit(report, world.member_a, {warning.key: "   "})  # a blank answer is no answer

    services.submit(report, world.member_a, {warning.key: "سفارش ویژهٔ صادراتی با شیفت اضافه"})
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED
    assert report.warnings[0]["code"] == "utilisation"
    assert report.warnings[0]["explanation"] == "سفارش ویژهٔ صادراتی با شیفت اضافه"

    with pytest.raises(services.FlowError, match="تأیید"):
        services.accept(report, world.staff_province)
    assert MonthlyReport.objects.get(pk=report.pk).status == MonthlyReport.Status.SUBMITTED
    services.accept(report, world.staff_province, acknowledge_warnings=True)
    event = report.events.get(action=ReportEvent.Action.ACCEPT)
    assert event.comment == services.WARNINGS_ACKNOWLEDGED and event.actor == world.staff_province


def test_the_form_asks_beside_the_figure_and_keeps_what_was_typed(world, month, client):
    report = fill(services.start_report(world.unit_a, month, world.member_a), quantity=Decimal(11))
    client.force_login(world.member_a)
    page = client.get(f"/reports/{report.pk}/edit/").content.decode()
    production = page.split('data-testid="production-row"')[1]
    assert 'data-testid="plausibility"' in production and "۱۳۲" in production
    data = {
        "version": report.version,
        "shifts_worked": 3,
        "working_days": "۲۴",
        "employees_total": "۹۰",
        "employees_shift1": "۳۰",
        "production-TOTAL_FORMS": 1,
        "production-INITIAL_FORMS": 1,
        "production-0-product_id": world.unit_a.products.get().pk,
        "production-0-quantity": "۱۱",
        "exports-TOTAL_FORMS": 0,
        "exports-INITIAL_FORMS": 0,
        "imports-TOTAL_FORMS": 0,
        "imports-INITIAL_FORMS": 0,
        "action": "submit",
    }
    response = client.post(f"/reports/{report.pk}/edit/", data)
    assert response.status_code == 400
    assert MonthlyReport.objects.get(pk=report.pk).status == MonthlyReport.Status.DRAFT
    key = services.validate(report)[1][0].key
    data.update({"version": MonthlyReport.objects.get(pk=report.pk).version, f"explain:{key}": "سفارش ویژه"})
    response = client.post(f"/reports/{report.pk}/edit/", data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED and report.warnings[0]["explanation"] == "سفارش ویژه"
    detail = client.get(f"/reports/{report.pk}/", follow=True).content.decode()
    assert detail.count("بیش از ۱۲۰٪ ظرفیت اسمی") == 1  # the warning once, with the explanation, not three times
    assert "سفارش ویژه" in detail.split('data-testid="warnings"')[1]


def test_accepted_report_is_locked_and_reopening_needs_a_reason(world, month):
    report = fill(services.start_report(world.unit_a, month, world.member_a))
    services.submit(report, world.member_a)
    services.accept(report, world.staff_province)
    with pytest.raises(services.FlowError):
        services.assert_editable(MonthlyReport.objects.get(pk=report.pk))
    with pytest.raises(services.FlowError, match="دلیل"):
        services.reopen(report, world.staff_province, "")
    services.reopen(report, world.staff_province, "اصلاح ارقام تولید به درخواست واحد")
    report.refresh_from_db()
    assert report.status == Status.RETURNED
    assert StatCell.objects.get().units == 0  # out of the statistics until accepted again
    event = report.events.get(action=ReportEvent.Action.REOPEN)
    assert event.actor == world.staff_province and "اصلاح" in event.comment


def test_reopen_removes_exactly_what_was_added_even_after_the_unit_moves(world, month):
    report = fill(services.start_report(world.unit_a, month, world.member_a))
    services.submit(report, world.member_a)
    services.accept(report, world.staff_province)
    world.unit_a.estate = world.marand_estate
    world.unit_a.county = world.marand
    world.unit_a.save()
    services.reopen(report, world.staff_province, "جابه‌جایی واحد")
    assert all(c.units == 0 and c.employees == 0 for c in StatCell.objects.all())


def test_only_reviewers_in_scope_may_review(world, month):
    report = fill(services.start_report(world.unit_a, month, world.member_a))
    services.submit(report, world.member_a)
    for outsider in (world.member_a, world.staff_other_province, world.staff_marand_readonly, world.partner):
        with pytest.raises(services.FlowError):
            services.accept(report, outsider)
    services.accept(report, world.staff_salimi)


def test_a_unit_member_cannot_submit_another_units_report_through_the_view(world, month, client):
    report = fill(services.start_report(world.unit_b, month, world.member_b))
    client.force_login(world.member_a)
    assert client.post(f"/reports/{report.pk}/submit/").status_code == 404


def test_future_month_cannot_be_started(world):
    future = services.current_month().next()
    with pytest.raises(services.FlowError):
        services.start_report(world.unit_a, future, world.member_a)


def test_the_month_in_progress_cannot_be_started_nor_submitted(world):
    current = services.current_month()
    with pytest.raises(services.FlowError, match="هنوز تمام نشده"):
        services.start_report(world.unit_a, current, world.member_a)
    # a draft that exists for it anyway (made before this rule, or by an import) cannot be submitted
    report = MonthlyReport.objects.create(
        organisation=world.unit_a,
        year=current.year,
        month=current.month,
        shifts_worked=1,
        working_days=1,
        employees_total=1,
    )
    with pytest.raises(services.ReportInvalid, match="هنوز تمام نشده"):
        services.submit(report, world.member_a)


def test_second_editor_with_a_stale_version_gets_a_conflict(world, month):
    report = services.start_report(world.unit_a, month, world.member_a)
    stale = report.version
    services.claim_version(report, stale)  # the first editor saves
    with pytest.raises(services.VersionConflict):
        services.claim_version(MonthlyReport.objects.get(pk=report.pk), stale)


def test_conflicting_edit_through_the_form_is_refused_and_loses_nothing(world, month, client):
    report = services.start_report(world.unit_a, month, world.member_a)
    client.force_login(world.member_a)
    product = world.unit_a.products.get()
    form = {
        "version": report.version,
        "shifts_worked": "3",
        "working_days": "20",
        "employees_total": "80",
        "production-TOTAL_FORMS": "1",
        "production-INITIAL_FORMS": "1",
        "production-0-product_id": product.pk,
        "production-0-quantity": "7",
        "exports-TOTAL_FORMS": "0",
        "exports-INITIAL_FORMS": "0",
        "imports-TOTAL_FORMS": "0",
        "imports-INITIAL_FORMS": "0",
        "action": "save",
    }
    assert client.post(f"/reports/{report.pk}/edit/", form).status_code == 302
    second = {**form, "employees_total": "81"}  # same (now stale) version
    response = client.post(f"/reports/{report.pk}/edit/", second)
    assert response.status_code == 409
    assert "کاربر دیگری" in response.content.decode()
    report.refresh_from_db()
    assert report.employees_total == 80


def test_copy_last_month_starts_a_draft(world, month):
    earlier = fill(services.start_report(world.unit_a, month.previous(), world.member_a), employees=77)
    services.submit(earlier, world.member_a)
    report = services.start_report(world.unit_a, month, world.member_a)
    assert services.copy_previous_month(report)
    report.refresh_from_db()
    assert report.employees_total == 77 and report.production_lines.count() == 1


def test_esfand_and_the_year_change(world):
    """A report for Esfand is due on 10 Farvardin of the next year; Esfand's length depends on the leap year."""
    esfand = JalaliMonth(1403, 12)
    assert esfand.due_date(10) == parse_jalali_date("1404/01/10")
    assert services.deadline(esfand).due.isoformat() == "2025-03-30"  # 1404/01/10
    report = services.start_report(world.unit_a, esfand, world.member_a)
    fill(report)
    report.working_days = 30
    report.save()
    services.submit(report, world.member_a)  # Esfand 1403 has 30 days
    other = services.start_report(world.unit_b, JalaliMonth(1402, 12), world.member_b)
    fill(other)
    other.working_days = 30
    other.save()
    with pytest.raises(services.ReportInvalid):
        services.submit(other, world.member_b)  # Esfand 1402 has 29 days


def test_rollup_matches_a_plain_recomputation(world, more_units, month):
    reports = []
    for n, unit in enumerate([world.unit_a, *more_units]):
        report = fill(
            services.start_report(unit, month, None),
            shifts=1 + n % 3,
            employees=10 + n,
            exports=[{"country": "SY", "value": Decimal(100 * (n + 1)), "currency": "USD"}],
        )
        services.submit(report, None)
        services.accept(report, world.admin)
        reports.append(report)
    services.reopen(reports[0], world.admin, "آزمون")
    live = {
        (c.estate_id, c.division): (
            c.units,
            c.employees,
            c.units_shift1,
            c.units_shift2,
            c.units_shift3,
            c.utilisation_units,
            c.utilisation_sum,
        )
        for c in StatCell.objects.all()
        if c.units
    }
    stats.rebuild()
    rebuilt = {
        (c.estate_id, c.division): (
            c.units,
            c.employees,
            c.units_shift1,
            c.units_shift2,
            c.units_shift3,
            c.utilisation_units,
            c.utilisation_sum,
        )
        for c in StatCell.objects.all()
        if c.units
    }
    assert live == rebuilt
    plain = MonthlyReport.objects.filter(status=Status.ACCEPTED)
    assert sum(v[0] for v in live.values()) == plain.count() == 4
    assert sum(v[1] for v in live.values()) == sum(r.employees_total for r in plain)


def test_the_registrys_usual_shifts_follow_the_latest_accepted_report(world, month):
    from .conftest import accepted

    world.unit_a.usual_shifts = 2
    world.unit_a.save()
    accepted(world.unit_a, month, world.staff_province, shifts=3)
    world.unit_a.refresh_from_db()
    assert (world.unit_a.usual_shifts, world.unit_a.usual_shifts_since) == (3, month.first_day())
    accepted(world.unit_a, month.previous(), world.staff_province, shifts=1)  # an older month, accepted late
    world.unit_a.refresh_from_db()
    assert (world.unit_a.usual_shifts, world.unit_a.usual_shifts_since) == (3, month.first_day())


def test_staff_elsewhere_who_belong_to_a_unit_cannot_review_its_reports(world, month, client):
    """Issue 15 finding 3: editing rights in Tehran plus a membership of unit A made A's reports reviewable (the
    place check tested a query object's truth); rights count only over the report's own place, and no one reviews
    their own unit, wherever their rights are."""
    from rownaq.places.models import StaffAssignment
    from rownaq.registry.models import Membership

    Membership.objects.create(user=world.staff_other_province, organisation=world.unit_a)
    Membership.objects.create(user=world.staff_province, organisation=world.unit_a)
    report = fill(services.start_report(world.unit_a, month, world.member_a))
    services.submit(report, world.member_a)
    for insider in (world.staff_other_province, world.staff_province):
        with pytest.raises(services.FlowError):
            services.accept(report, insider)
        client.force_login(insider)
        client.post(f"/reports/{report.pk}/accept/")
        report.refresh_from_db()
        assert report.status == report.Status.SUBMITTED
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert f"/reports/{report.pk}/accept/" not in page
    StaffAssignment.objects.create(user=world.member_a, province=world.thr)  # a member given rights elsewhere
    with pytest.raises(services.FlowError):
        services.accept(report, world.member_a)
    services.accept(report, world.staff_salimi)


def test_a_report_before_the_systems_data_or_for_the_running_month_cannot_be_started(world):
    from rownaq.core.jalali import JalaliMonth

    for period in (JalaliMonth(1200, 1), services.current_month()):
        with pytest.raises(services.FlowError):
            services.start_report(world.unit_a, period, world.member_a)
