"""Monthly premium lines against hand-computed cases (wage 100,000 rials an hour)."""
import datetime as dt
from decimal import Decimal

from rownaq.shifts.labour_law import ShiftDefinition
from rownaq.shifts.premiums import (
    PremiumLine,
    monthly_premiums,
    shift_premium_rate,
    total,
    worked_shifts,
)

WAGE = Decimal(100_000)
M = ShiftDefinition("M", dt.time(6), 480)
E = ShiftDefinition("E", dt.time(14), 480)
N = ShiftDefinition("N", dt.time(22), 480)
SHIFTS = {"M": M, "E": E, "N": N}
SATURDAY = dt.date(2025, 3, 22)  # a month of 4 weeks from Saturday: Fridays are days 6, 13, 20, 27


def month(pattern):
    return worked_shifts(list(pattern), SHIFTS, SATURDAY)


def kinds(lines):
    return {line.kind: line for line in lines}


def test_article_56_rates():
    assert shift_premium_rate({"morning", "evening"}) == Decimal("0.10")
    assert shift_premium_rate({"morning", "evening", "night"}) == Decimal("0.15")
    assert shift_premium_rate({"morning", "night"}) == Decimal("0.225")
    assert shift_premium_rate({"evening", "night"}) == Decimal("0.225")
    assert shift_premium_rate({"morning"}) == 0


def test_morning_and_evening_rotation():
    # 12 mornings and 10 evenings, never on a Friday: 22 x 8 = 176 h, all normal hours
    days = (["M"] * 6 + [None]) * 2 + (["E"] * 5 + [None, None]) * 2
    lines = monthly_premiums(month(days), WAGE, normal_hours=Decimal(176))
    # Art. 56: 176 h x 100,000 x 10% = 1,760,000
    assert lines == [PremiumLine("shift", "56", Decimal(176), Decimal("0.10"), Decimal(1_760_000))]


def test_three_turns_with_overtime_and_friday():
    days = ["M"] * 7 + [None] + ["E"] * 6 + [None] + ["N"] * 5 + [None] * 2 + ["M"] * 5 + [None] * 2
    lines = kinds(monthly_premiums(month(days), WAGE, normal_hours=Decimal(176)))
    # 23 shifts = 184 h; Art. 56 15%: 184 x 100,000 x 0.15 = 2,760,000
    assert lines["shift"].amount == Decimal(2_760_000)
    # Art. 59: 8 h over 176 x 40% = 320,000
    assert (lines["overtime"].hours, lines["overtime"].amount) == (Decimal(8), Decimal(320_000))
    # Art. 62: the morning of Friday day 6 (8 h), the evening of Friday day 13 (8 h) and the night of Thursday
    # day 19, which runs 00:00-06:00 into Friday day 20 (6 h): 22 h x 100,000 x 40% = 880,000
    assert (lines["friday"].hours, lines["friday"].amount) == (Decimal(22), Decimal(880_000))
    assert total(lines.values()) == Decimal(3_960_000)


def test_night_premium_for_a_worker_who_does_not_rotate():
    days = (["N"] * 5 + [None, None]) * 4  # 20 nights, none starting on a Friday
    lines = kinds(monthly_premiums(month(days), WAGE, normal_hours=Decimal(176)))
    assert "shift" not in lines
    # Art. 58: 160 night hours x 35% = 5,600,000
    assert lines["night"].amount == Decimal(5_600_000)
    # the nights of Thursdays (days 5, 12, 19, 26 are off here): Friday hours come from Thursday nights only
    assert "friday" not in lines


def test_rounding_to_whole_rials():
    lines = monthly_premiums(month(["M", "E"]), Decimal("33333.33"), normal_hours=Decimal(100))
    # 16 h x 33,333.33 x 10% = 53,333.328 -> 53,333
    assert lines[0].amount == Decimal(53_333)
