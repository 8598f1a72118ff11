"""The pure validation of a monthly report: hard errors and soft warnings."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from rownaq.core.jalali import JalaliMonth
from rownaq.reporting import checks

NOW = JalaliMonth(1404, 8)


def figures(**overrides):
    base = dict(
        period=JalaliMonth(1404, 7),
        shifts_worked=2,
        working_days=25,
        employees_total=40,
        employees_by_shift=[25, 15, None],
    )
    base.update(overrides)
    return checks.ReportFigures(**base)


def codes(issues):
    return {i.code for i in issues}


def test_a_clean_report_has_no_errors():
    assert checks.hard_errors(figures(), NOW) == []


def test_only_a_month_that_has_ended_may_be_reported():
    """Azar 1405 was accepted on 16 Azar: a month in progress (or later) is refused, the month before is not."""
    assert "not_ended" in codes(checks.hard_errors(figures(period=JalaliMonth(1404, 9)), NOW))
    assert "not_ended" not in codes(checks.hard_errors(figures(period=JalaliMonth(1404, 7)), NOW))


def test_only_ended_months_after_the_systems_start_are_reportable():
    """Issue 15 finding 7: a report for 1200/01 was accepted, and the month not yet ended was reportable (a month is
    reported only after it has ended, DESIGN.md)."""
    assert "not_ended" in codes(checks.hard_errors(figures(period=NOW), NOW))
    assert "too_early" in codes(checks.hard_errors(figures(period=JalaliMonth(1200, 1)), NOW))
    assert "too_early" in codes(checks.hard_errors(figures(period=checks.FIRST_REPORTABLE_MONTH.previous()), NOW))
    assert checks.hard_errors(figures(period=checks.FIRST_REPORTABLE_MONTH, working_days=25), NOW) == []


def test_shifts_outside_one_to_three_are_refused():
    for shifts in (0, 4, None):
        assert "shifts" in codes(checks.hard_errors(figures(shifts_worked=shifts), NOW))


def test_working_days_follow_the_jalali_month_length():
    # Esfand 1403 has 30 days (a leap year), Esfand 1404 has 29; Mehr (month 7) has 30, Shahrivar (6) 31.
    assert checks.hard_errors(figures(period=JalaliMonth(1403, 12), working_days=30), NOW) == []
    assert "days" in codes(
        checks.hard_errors(figures(period=JalaliMonth(1404, 12), working_days=30), JalaliMonth(1405, 1))
    )
    assert "days" in codes(checks.hard_errors(figures(period=JalaliMonth(1404, 7), working_days=31), NOW))
    assert checks.hard_errors(figures(period=JalaliMonth(1404, 6), working_days=31), NOW) == []


def test_negative_numbers_and_missing_currency_are_refused():
    assert "employees" in codes(checks.hard_errors(figures(employees_total=-1), NOW))
    assert "negative" in codes(checks.hard_errors(figures(employees_by_shift=[-2, 0, None]), NOW))
    bad_export = checks.MoneyFigure("SY", Decimal(100), "")
    assert "currency" in codes(checks.hard_errors(figures(exports=[bad_export]), NOW))
    negative = checks.MoneyFigure("IQ", Decimal(-5), "USD")
    assert "negative" in codes(checks.hard_errors(figures(exports=[negative]), NOW))
    line = checks.ProductionFigure("قالب", Decimal(-1), Decimal(10))
    assert "negative" in codes(checks.hard_errors(figures(production=[line]), NOW))


def test_staff_on_a_shift_that_was_not_worked_is_an_error():
    assert "shift_staff" in codes(checks.hard_errors(figures(shifts_worked=1, employees_by_shift=[20, 5, None]), NOW))
    assert "shift_sum" in codes(checks.hard_errors(figures(employees_by_shift=[30, 20, None]), NOW))


def test_utilisation_over_120_percent_is_a_warning_not_an_error():
    line = checks.ProductionFigure("قالب", Decimal(13), Decimal(10))
    report = figures(production=[line])
    assert checks.hard_errors(report, NOW) == []
    assert "utilisation" in codes(checks.soft_warnings(report, {}))
    fine = figures(production=[checks.ProductionFigure("قالب", Decimal(12), Decimal(10))])
    assert "utilisation" not in codes(checks.soft_warnings(fine, {}))


def test_value_far_outside_the_units_history_is_flagged():
    history = {"employees_total": [40, 42, 41, 39, 40, 43]}
    assert "outlier" in codes(checks.soft_warnings(figures(employees_total=400), history))
    assert "outlier" not in codes(checks.soft_warnings(figures(employees_total=44), history))


def test_one_wild_month_in_the_past_does_not_hide_a_wild_month_now():
    history = {"employees_total": [40, 41, 40, 39, 4000, 40]}
    assert "outlier" in codes(checks.soft_warnings(figures(employees_total=400), history))


def test_short_history_gives_no_outlier_judgement():
    assert checks.robust_z(1000, [10, 11, 12]) is None


def test_flat_history_still_flags_a_jump():
    assert abs(checks.robust_z(900, [100, 100, 100, 100])) > checks.ROBUST_Z_LIMIT
    assert checks.robust_z(100, [100, 100, 100, 100]) == 0


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=4, max_size=24))
def test_the_median_of_the_history_is_never_an_outlier(history):
    import statistics

    z = checks.robust_z(statistics.median(history), history)
    assert z is None or abs(z) <= checks.ROBUST_Z_LIMIT


def test_utilisation_percent():
    assert checks.utilisation_percent(Decimal(5), Decimal(8)) == Decimal("62.5")
    assert checks.utilisation_percent(Decimal(5), None) is None
    assert checks.utilisation_percent(None, Decimal(8)) is None
