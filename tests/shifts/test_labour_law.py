"""The Labour-Law rule set: each rule's checker rejects a roster that breaks it, and the solver never returns one."""

import datetime as dt

import pytest

from rownaq.shifts.labour_law import (
    IRAN_LABOUR_LAW,
    NIGHT,
    HeadCount,
    LabourLawRules,
    ShiftDefinition,
    Worker,
    banned_successions,
    check,
    factory_problem,
    may_work_overtime,
)
from rownaq.shifts.solver import solve
from rownaq.shifts.validator import check as engine_check

MORNING = ShiftDefinition("M", dt.time(6), 8 * 60)
EVENING = ShiftDefinition("E", dt.time(14), 8 * 60)
NIGHT_SHIFT = ShiftDefinition("N", dt.time(22), 8 * 60)
LONG_DAY = ShiftDefinition("L", dt.time(7), 12 * 60)
SIX_HOURS = ShiftDefinition("S", dt.time(7), 6 * 60)
SHIFTS = [MORNING, EVENING, NIGHT_SHIFT, LONG_DAY, SIX_HOURS]


def articles(worker, line, rules=IRAN_LABOUR_LAW):
    return sorted({v.article for v in check(SHIFTS, [worker], [line], rules)})


def test_rules_are_data_with_the_articles_numbers():
    law = IRAN_LABOUR_LAW
    assert (law.max_daily_hours, law.max_weekly_hours, law.shift_worker_max_hours_4_weeks) == (8, 44, 176)
    assert (law.hazardous_max_daily_hours, law.hazardous_max_weekly_hours) == (6, 36)
    assert str(law.premium_with_night) == "0.225" and law.rest_weekday == 4
    assert LabourLawRules(min_rest_between_shifts_hours=8).rest_between_shifts_minutes == 480


def test_turns_and_night_minutes():
    assert [s.turn() for s in (MORNING, EVENING, NIGHT_SHIFT)] == ["morning", "evening", NIGHT]
    assert (MORNING.night_minutes(), EVENING.night_minutes(), NIGHT_SHIFT.night_minutes()) == (0, 0, 480)
    assert ShiftDefinition("late", dt.time(18), 480).night_minutes() == 240  # 22:00-02:00


def test_rest_between_shifts_bans_quick_returns():
    banned = banned_successions(SHIFTS)
    assert "M" in banned["N"]  # night ends 06:00, morning starts 06:00: no rest
    assert "M" in banned["E"]  # evening ends 22:00, morning 06:00: 8 h < 12 h
    assert banned["M"] == set()


def test_each_rule_rejects_a_roster_that_breaks_it():
    plain = Worker("plain", shift_worker=False)
    assert articles(plain, ["L"] + [None] * 6) == ["51"]  # 12 h in a day
    assert articles(Worker("hz", hazardous=True), ["M"] + [None] * 6) == ["52"]  # more than 6 h
    assert articles(Worker("kid", under_18=True), ["N", None, None]) == ["83"]
    assert articles(Worker("w"), ["E", "M", None]) == ["rest setting"]
    assert articles(Worker("w"), ["M"] * 7) == ["62"]  # no weekly rest day
    assert articles(plain, ["M"] * 6 + [None]) == ["51"]  # 48 h in 7 days
    hazardous = Worker("hz", hazardous=True)
    assert articles(hazardous, ["S"] * 6 + [None]) == []  # 36 h in 7 days is the limit
    assert articles(hazardous, ["S"] * 6 + [None], LabourLawRules(hazardous_max_weekly_hours=30)) == ["52"]
    long_month = (["L"] * 5 + [None, None]) * 4  # 240 h in 28 days
    assert "57" in articles(Worker("w"), long_month)
    assert "nights setting" in articles(Worker("w"), ["N"] * 5 + [None, None])
    assert articles(Worker("w"), ["M", "M", "E", "E", "N", None, None]) == []


def test_overtime_is_never_for_young_night_or_hazardous_work():
    assert may_work_overtime(Worker("a", overtime_consent=True), MORNING)
    assert not may_work_overtime(Worker("a"), MORNING)  # no consent
    assert not may_work_overtime(Worker("a", overtime_consent=True, under_18=True), MORNING)
    assert not may_work_overtime(Worker("a", overtime_consent=True, hazardous=True), MORNING)
    assert not may_work_overtime(Worker("a", overtime_consent=True), NIGHT_SHIFT)


@pytest.fixture(scope="module")
def factory():
    shifts = [MORNING, EVENING, NIGHT_SHIFT, ShiftDefinition("H", dt.time(8), 6 * 60)]
    workers = (
        [Worker(f"w{i}") for i in range(8)]
        + [Worker("kid1", under_18=True), Worker("kid2", under_18=True)]
        + [Worker(f"hz{i}", hazardous=True) for i in range(3)]
    )
    cover = [HeadCount(d, s, 2) for d in range(28) for s in ("M", "E", "N")] + [HeadCount(d, "H", 1) for d in range(28)]
    return shifts, workers, factory_problem("factory", 28, 5, shifts, workers, cover)  # starts on a Saturday


def test_the_solver_returns_a_lawful_factory_roster(factory):
    shifts, workers, problem = factory
    result = solve(problem, time_limit_s=4, seed=0)
    assert result.roster is not None
    assert engine_check(problem, result.roster).feasible
    assert check(shifts, workers, result.roster, LabourLawRules(max_consecutive_nights=99)) == []
    kids = [line for w, line in zip(workers, result.roster) if w.under_18]
    assert all(cell != "N" for line in kids for cell in line)
