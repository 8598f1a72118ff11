"""Premiums of a roster (premiums.roster_premiums) against cases worked by hand from the Law's text
(shared/reference/labour-law-shifts.md); wage 100,000 rials an hour throughout. Pure: no database."""

import datetime as dt
from decimal import Decimal

from rownaq.core.jalali import JalaliMonth
from rownaq.shifts.labour_law import ShiftDefinition, Worker, check
from rownaq.shifts.premiums import (
    PremiumLine,
    RosterLine,
    roster_premiums,
    shift_premium_rate,
    total,
    worked_shifts,
)

WAGE = Decimal(100_000)
M = ShiftDefinition("M", dt.time(6), 480)
E = ShiftDefinition("E", dt.time(14), 480)
N = ShiftDefinition("N", dt.time(22), 480)
SHIFTS = {"M": M, "E": E, "N": N}
SATURDAY = dt.date(2025, 3, 22)  # 1404/01/02: 28 days from here stay in Farvardin; Fridays are days 6, 13, 20, 27


def line(pattern, first=SATURDAY, contract=44, **worker):
    return RosterLine(Worker("w", **worker), WAGE, Decimal(contract), worked_shifts(list(pattern), SHIFTS, first))


def premiums(lines, first=SATURDAY, horizon=28, holidays=()):
    return roster_premiums(lines if isinstance(lines, list) else [lines], first, horizon, holidays=holidays)


def kinds(row):
    return {item.kind: item for item in row.lines}


def test_article_56_rates():
    assert shift_premium_rate({"morning", "evening"}) == Decimal("0.10")
    assert shift_premium_rate({"morning", "evening", "night"}) == Decimal("0.15")
    assert shift_premium_rate({"morning", "night"}) == Decimal("0.225")
    assert shift_premium_rate({"evening", "night"}) == Decimal("0.225")
    assert shift_premium_rate({"morning"}) == 0


def test_morning_and_evening_rotation():
    """12 mornings and 10 evenings, never on a Friday: 22 x 8 = 176 h, exactly Art. 57's four weeks.
    Art. 56, morning + evening: 176 h x 100,000 x 10% = 1,760,000; no overtime."""
    days = (["M"] * 6 + [None]) * 2 + (["E"] * 5 + [None, None]) * 2
    (row,) = premiums(line(days))
    assert row.lines == (PremiumLine("shift", "56", Decimal(176), Decimal("0.10"), Decimal(1_760_000)),)
    assert row.normal_hours == 176


def test_three_turns_with_overtime_and_friday():
    """23 shifts = 184 h in four weeks (Art. 57 allows 176).
    Art. 56, three turns: 184 h x 100,000 x 15% = 2,760,000.
    Art. 59: 184 - 176 = 8 h x 100,000 x 40% = 320,000 (the last shift worked, day 27).
    Art. 62: the morning of Friday day 6 (8 h), the evening of Friday day 13 (8 h) and the night of Thursday
    day 19, which runs 00:00-06:00 into Friday day 20 (6 h): 22 h x 100,000 x 40% = 880,000.
    Total 3,960,000."""
    days = ["M"] * 7 + [None] + ["E"] * 6 + [None] + ["N"] * 5 + [None] * 2 + ["M"] * 5 + [None] * 2
    (row,) = premiums(line(days))
    lines = kinds(row)
    assert lines["shift"].amount == Decimal(2_760_000)
    assert (lines["overtime"].hours, lines["overtime"].amount) == (Decimal(8), Decimal(320_000))
    assert (lines["friday"].hours, lines["friday"].amount) == (Decimal(22), Decimal(880_000))
    assert row.total == total(row.lines) == Decimal(3_960_000)


def test_night_premium_for_a_worker_who_does_not_rotate():
    """20 nights (none starting on a Friday or a Thursday) by a worker who only works nights: no Art. 56
    premium (no rotation, Art. 55); Art. 58: 160 night hours x 100,000 x 35% = 5,600,000. 160 h < 176 h: no
    overtime; the Thursdays before the Fridays (days 5, 12, 19, 26) are off, so no Friday hours."""
    days = (["N"] * 5 + [None, None]) * 4
    (row,) = premiums(line(days))
    assert [(item.kind, item.amount) for item in row.lines] == [("night", Decimal(5_600_000))]


def test_rounding_to_whole_rials():
    """16 h x 33,333.33 x 10% = 53,333.328 -> 53,333 (half up, whole rials per line)."""
    lines = roster_premiums(
        [RosterLine(Worker("w"), Decimal("33333.33"), Decimal(44), worked_shifts(["M", "E"], SHIFTS, SATURDAY))],
        SATURDAY,
        28,
    )
    assert lines[0].lines[0].amount == Decimal(53_333)


# ---------------------------------------------------------------- a roster that crosses a calendar month

AZAR_21 = dt.date(2025, 12, 12)  # 1404/09/21, a Friday: days 0-9 are in Azar, days 10-27 in Dey
AZAR, DEY = JalaliMonth(1404, 9), JalaliMonth(1404, 10)
#         Fri  Sat  Sun  Mon  Tue  Wed  Thu  Fri  Sat  Sun | Mon  Tue  Wed  Thu  Fri  Sat  Sun  Mon  Tue  Wed
ACROSS = [
    None,
    "E",
    "E",
    "E",
    "E",
    "E",
    "E",
    None,
    "E",
    "E",
    None,
    "N",
    "N",
    None,
    None,
    "N",
    "N",
    "N",
    "N",
    None,
    # Thu Fri  Sat  Sun  Mon  Tue  Wed  Thu
    "M",
    None,
    "M",
    "M",
    "M",
    "M",
    "M",
    "M",
]


def test_the_month_crossing_roster_is_lawful():
    assert ACROSS.count("E") == 8 and ACROSS.count("N") == 6 and ACROSS.count("M") == 7
    assert check(list(SHIFTS.values()), [Worker("w")], [ACROSS]) == []


def test_overtime_is_judged_over_the_four_weeks_not_the_month_slice():
    """Art. 57: a shift worker may work up to 176 h in any 4 consecutive weeks; Art. 59: overtime is the hours
    beyond the normal hours. The worker works 8 evenings (64 h) in the Azar part (10 days) and 6 nights and 7
    mornings (104 h) in the Dey part: 21 shifts = 168 h over the 4 weeks, under 176 h, so no overtime at all.
    (Judged over the Azar slice pro rata, 44 x 10 / 7 = 62.857 h, cut to 3,771 minutes, it was charged
    3,840 - 3,771 = 69 minutes = 1.15 h.)"""
    rows = premiums(line(ACROSS, first=AZAR_21), first=AZAR_21)
    assert [(r.month, r.hours, r.overtime_hours) for r in rows] == [(AZAR, 64, 0), (DEY, 104, 0)]
    assert all("overtime" not in kinds(r) for r in rows)


def test_overtime_beyond_the_period_falls_in_the_month_it_was_worked():
    """Contract of 40 h a week, overtime agreed (Art. 59): 4 x 40 = 160 normal hours in the 4 weeks; the same
    168 h are 8 h over, and the 8 h beyond 160 are the last shift worked (the morning of day 27, in Dey):
    Dey 8 h x 100,000 x 40% = 320,000; nothing in Azar (pro rata it would have been 64 - 57.14 = 6.86 h in
    Azar and 1.14 h in Dey)."""
    rows = premiums(line(ACROSS, first=AZAR_21, contract=40, overtime_consent=True), first=AZAR_21)
    assert [(r.month, r.overtime_hours) for r in rows] == [(AZAR, 0), (DEY, 8)]
    assert kinds(rows[1])["overtime"].amount == Decimal(320_000)
    assert rows[1].normal_hours == 96


def test_the_shift_premium_of_a_month_of_evenings_follows_the_rotation():
    """Art. 55-56: the premium belongs to the worker who rotates; this worker's rotation runs evening -> night ->
    morning over the roster, three turns, 15%, though the Azar slice holds only evenings.
    Azar: 64 h x 100,000 x 15% = 960,000; Dey: 104 h x 100,000 x 15% = 1,560,000. No Friday hours (no shift
    on a Friday, no night on a Thursday), no Art. 58 line (a rotating worker takes Art. 56 instead)."""
    rows = premiums(line(ACROSS, first=AZAR_21), first=AZAR_21)
    assert [[(i.kind, i.rate, i.amount) for i in r.lines] for r in rows] == [
        [("shift", Decimal("0.15"), Decimal(960_000))],
        [("shift", Decimal("0.15"), Decimal(1_560_000))],
    ]


def test_a_worker_who_is_not_a_shift_worker_is_judged_week_by_week():
    """Art. 51: 44 h a week for a worker who is not a shift worker. Week 1: six mornings, 48 h -> 4 h overtime
    (the second half of Thursday's morning); week 2: four mornings, 32 h. Four weeks together (80 h) would show
    none. Art. 59: 4 h x 100,000 x 40% = 160,000. Mornings only: no Art. 56 or 58 line."""
    days = ["M"] * 6 + [None] + ["M"] * 4 + [None] * 3
    (row,) = premiums(line(days, shift_worker=False, overtime_consent=True))
    assert [(i.kind, i.hours, i.amount) for i in row.lines] == [("overtime", Decimal(4), Decimal(160_000))]


# ---------------------------------------------------------------- Fridays and holidays

ORDIBEHESHT_6 = dt.date(2025, 4, 26)  # 1404/02/06, a Saturday; Labour Day 1404/02/11 is Thursday 2025-05-01


def test_work_on_labour_day_and_official_holidays_is_overtime_from_the_first_hour():
    """Art. 63: Labour Day (11 Ordibehesht) is a holiday for workers beside the official holidays; work on it
    is overtime from its first hour, at Art. 59's 40%, and is not counted again among the week's hours.
    A worker who is not a shift worker works six mornings Saturday-Thursday in each of two weeks:
    week 1 holds Labour Day (Thursday, day 5): 8 h holiday work -> 320,000; the other 40 h are within 44 h;
    week 2 holds 48 h and no holiday: 4 h overtime -> 160,000. Total 480,000."""
    days = ["M"] * 6 + [None] + ["M"] * 6 + [None]
    (row,) = premiums(line(days, first=ORDIBEHESHT_6, shift_worker=False, overtime_consent=True), first=ORDIBEHESHT_6)
    assert [(i.kind, i.article, i.hours, i.amount) for i in row.lines] == [
        ("overtime", "59", Decimal(4), Decimal(160_000)),
        ("holiday", "63", Decimal(8), Decimal(320_000)),
    ]
    assert (row.hours, row.normal_hours, row.total) == (96, 84, Decimal(480_000))


def test_a_night_running_into_a_holiday_and_a_holiday_on_a_friday():
    """A night from Wednesday 22:00 to Labour Day 06:00 puts 6 h on the holiday: 6 x 100,000 x 40% = 240,000,
    beside Art. 58's 8 night hours x 35% = 280,000 for a worker who works only nights.
    An official holiday that falls on a Friday is paid once, as Friday work (Art. 62): the morning of Friday
    2 May, given as a holiday, is 8 h x 40% = 320,000 on the Friday line and nothing on the holiday line."""
    night = ORDIBEHESHT_6 + dt.timedelta(days=4)  # Wednesday 30 April
    (row,) = premiums(line([None] * 4 + ["N"], first=ORDIBEHESHT_6), first=ORDIBEHESHT_6)
    assert night.weekday() == 2
    assert [(i.kind, i.hours, i.amount) for i in row.lines] == [
        ("night", Decimal(8), Decimal(280_000)),
        ("holiday", Decimal(6), Decimal(240_000)),
    ]
    friday = dt.date(2025, 5, 2)
    (row,) = premiums(line([None] * 6 + ["M"], first=ORDIBEHESHT_6), first=ORDIBEHESHT_6, holidays={friday})
    assert [(i.kind, i.hours, i.amount) for i in row.lines] == [("friday", Decimal(8), Decimal(320_000))]


def test_a_six_week_roster_is_judged_in_a_four_week_period_and_a_two_week_one():
    """Periods run from the roster's first day: weeks 1-4 (176 h for a shift worker, Art. 57) and weeks 5-6, a
    shorter last period judged pro rata: 2 x 44 = 88 h. 21 mornings and evenings in weeks 1-4 (168 h) and 12 in
    weeks 5-6 (96 h): no overtime in the first, 96 - 88 = 8 h in the second (the last shift, day 40):
    8 h x 100,000 x 40% = 320,000. Over the six weeks (264 h) nothing would be over 6 x 44 = 264 h."""
    four = (["M"] * 6 + [None]) * 2 + (["E"] * 5 + [None, None]) * 1 + (["E"] * 4 + [None] * 3)
    two = (["M"] * 6 + [None]) + (["E"] * 6 + [None])
    assert four.count(None) == 7 and two.count(None) == 2
    first = dt.date(2025, 6, 21)  # a Saturday, 1404/03/31: six weeks with no Labour Day in them
    rows = premiums(line(four + two, first=first, contract=44, overtime_consent=True), first=first, horizon=42)
    assert (sum(r.hours for r in rows), sum(r.overtime_hours for r in rows)) == (264, 8)
    assert [item.amount for r in rows for item in r.lines if item.kind == "overtime"] == [Decimal(320_000)]
