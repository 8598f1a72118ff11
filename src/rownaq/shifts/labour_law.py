"""Iran's Labour Law (1369 / 1990) as data for shift rosters, and its translation into a RosterProblem.

Every number lives in LabourLawRules (article numbers in the field comments), so a reviewed legal source can
change it in one place. Two rules are not in the Law and are workplace settings: the minimum rest between two
shifts and the longest run of nights.

`factory_problem` turns a factory's shifts, workers and head-count needs into a RosterProblem that the generic
solver understands (hard rules per worker, cover as soft goals); `check` is an independent checker of a roster
against the rules, for tests and for explaining a rejected roster.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .problem import (
    Balance,
    CoverRequirement,
    Employee,
    RosterProblem,
    RunLimit,
    Shift,
    ShiftRequest,
    Succession,
    WindowLimit,
)

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class LabourLawRules:
    max_daily_hours: int = 8  # Art. 51
    max_weekly_hours: int = 44  # Art. 51
    hazardous_max_daily_hours: int = 6  # Art. 52 (hazardous, hard or underground work)
    hazardous_max_weekly_hours: int = 36  # Art. 52
    day_starts: dt.time = dt.time(6, 0)  # Art. 53: day work 06:00-22:00
    night_starts: dt.time = dt.time(22, 0)  # Art. 53: night work 22:00-06:00
    intermittent_max_span_hours: int = 15  # Art. 54
    shift_worker_max_hours_4_weeks: int = 176  # Art. 57: shift workers, any 4 consecutive weeks
    overtime_max_daily_hours: int = 4  # Art. 59
    weekly_rest_days: int = 1  # Art. 62
    rest_weekday: int = 4  # Art. 62: Friday (Monday = 0), or a fixed other day in continuous workplaces
    young_worker_age: int = 18  # Art. 83: no overtime and no night work below this age
    # workplace settings, not in the Law
    min_rest_between_shifts_hours: int = 12
    max_consecutive_nights: int = 4
    # premiums
    premium_morning_evening: Decimal = Decimal("0.10")  # Art. 56
    premium_three_turns: Decimal = Decimal("0.15")  # Art. 56
    premium_with_night: Decimal = Decimal("0.225")  # Art. 56: morning+night or evening+night
    night_premium: Decimal = Decimal("0.35")  # Art. 58, for workers who are not shift workers
    overtime_premium: Decimal = Decimal("0.40")  # Art. 59
    friday_premium: Decimal = Decimal("0.40")  # Art. 62
    holiday_premium: Decimal = Decimal("0.40")  # Art. 63: work on an official holiday is overtime (Art. 59 rate)
    labour_day: tuple[int, int] = (2, 11)  # Art. 63: Labour Day, 11 Ordibehesht, is a holiday for workers

    @property
    def rest_between_shifts_minutes(self) -> int:
        return self.min_rest_between_shifts_hours * 60


IRAN_LABOUR_LAW = LabourLawRules()

MORNING, EVENING, NIGHT = "morning", "evening", "night"
TURN_WINDOWS = {MORNING: (6 * 60, 14 * 60), EVENING: (14 * 60, 22 * 60), NIGHT: (22 * 60, 30 * 60)}


@dataclass(frozen=True)
class ShiftDefinition:
    id: str
    start: dt.time
    minutes: int

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def end_minute(self) -> int:
        """Minutes after the start of the shift's own day (above 1440 when it ends the next day)."""
        return self.start_minute + self.minutes

    def turn(self) -> str:
        """Morning, evening or night: the turn window (06-14, 14-22, 22-06) holding most of the shift."""

        def overlap(window: tuple[int, int]) -> int:
            total = 0
            for offset in (-MINUTES_PER_DAY, 0, MINUTES_PER_DAY):
                lo, hi = window[0] + offset, window[1] + offset
                total += max(0, min(hi, self.end_minute) - max(lo, self.start_minute))
            return total

        return max(TURN_WINDOWS, key=lambda name: overlap(TURN_WINDOWS[name]))

    def night_minutes(self, rules: LabourLawRules = IRAN_LABOUR_LAW) -> int:
        """Minutes inside 22:00-06:00 (Art. 53)."""
        night_start = rules.night_starts.hour * 60 + rules.night_starts.minute
        day_start = rules.day_starts.hour * 60 + rules.day_starts.minute
        total = 0
        for offset in (-MINUTES_PER_DAY, 0, MINUTES_PER_DAY):
            lo, hi = night_start + offset, MINUTES_PER_DAY + day_start + offset
            total += max(0, min(hi, self.end_minute) - max(lo, self.start_minute))
        return total

    def is_night_work(self, rules: LabourLawRules = IRAN_LABOUR_LAW) -> bool:
        return self.night_minutes(rules) > 0


@dataclass(frozen=True)
class Worker:
    id: str
    hazardous: bool = False  # works in a hazardous, hard or underground post (Art. 52, 61)
    under_18: bool = False  # Art. 83
    shift_worker: bool = True  # rotates through turns (Art. 55); others are held to 8 h a day and 44 h a week
    overtime_consent: bool = False  # Art. 59
    skills: frozenset[str] = frozenset()  # the shift ids the worker may take (empty: every shift)
    days_off: frozenset[int] = frozenset()
    min_hours: int = 0  # contract hours over the horizon


@dataclass(frozen=True)
class HeadCount:
    day: int
    shift: str
    required: int
    under_weight: int = 100
    over_weight: int = 1


def hours_period(worker: Worker, rules: LabourLawRules = IRAN_LABOUR_LAW) -> tuple[int, int, str]:
    """(days, most hours in them, article): the period over which the Law judges a worker's hours. A week for
    hazardous work (36 h, Art. 52) and for workers who are not shift workers or are under 18 (44 h, Art. 51);
    4 consecutive weeks for shift workers (176 h, Art. 57)."""
    if worker.hazardous:
        return 7, rules.hazardous_max_weekly_hours, "52"
    if worker.shift_worker and not worker.under_18:
        return 28, rules.shift_worker_max_hours_4_weeks, "57"
    return 7, rules.max_weekly_hours, "51"


def most_shifts(
    worker: Worker,
    minutes: int,
    horizon: int,
    night: bool = False,
    max_minutes: int | None = None,
    rules: LabourLawRules = IRAN_LABOUR_LAW,
) -> int:
    """The most shifts of `minutes` one worker may work in `horizon` days: whole shifts within the hours of
    `hours_period` over every window of its length (five 8-hour shifts in a week of 44 h, so 160 h in four weeks
    and not 176), at most 6 working days in any 7 (Art. 62), the longest run of nights (workplace setting) for
    night shifts, the worker's days off, and `max_minutes` over the horizon (the contract hours of a worker who
    may not work overtime). Taking every day that keeps all limits is optimal: each limit is "at most k in any
    window of w days", so no lawful line can work its i-th shift earlier than this one does."""
    limit = daily_limit_minutes(worker, rules)
    if minutes <= 0 or (limit is not None and minutes > limit) or (night and worker.under_18):
        return 0
    period_days, period_hours, _ = hours_period(worker, rules)
    limits = [(period_days, period_hours * 60 // minutes), (7, 7 - rules.weekly_rest_days)]
    if night:
        limits.append((rules.max_consecutive_nights + 1, rules.max_consecutive_nights))
    cap = horizon if max_minutes is None else max_minutes // minutes
    worked: list[int] = []
    for day in range(horizon):
        if len(worked) >= cap:
            break
        if day in worker.days_off:
            continue
        if all(sum(1 for d in worked if d > day - window) < most for window, most in limits):
            worked.append(day)
    return len(worked)


def may_work_overtime(worker: Worker, shift: ShiftDefinition, rules: LabourLawRules = IRAN_LABOUR_LAW) -> bool:
    """Art. 59, 61, 83: consent needed; never for young workers, night work or hazardous work."""
    return worker.overtime_consent and not worker.under_18 and not worker.hazardous and not shift.is_night_work(rules)


def banned_successions(shifts: list[ShiftDefinition], rules: LabourLawRules = IRAN_LABOUR_LAW) -> dict[str, set[str]]:
    """Shift b may not follow shift a on the next day when the rest between them is below the setting."""
    banned: dict[str, set[str]] = {s.id: set() for s in shifts}
    for a in shifts:
        for b in shifts:
            rest = MINUTES_PER_DAY + b.start_minute - a.end_minute
            if rest < rules.rest_between_shifts_minutes:
                banned[a.id].add(b.id)
    return banned


def daily_limit_minutes(worker: Worker, rules: LabourLawRules = IRAN_LABOUR_LAW) -> int | None:
    """Longest shift a worker may take: 6 h hazardous (Art. 52), 8 h (Art. 51); shift workers may exceed 8 h a
    day within the 4-week limit (Art. 57), so they have none."""
    if worker.hazardous:
        return rules.hazardous_max_daily_hours * 60
    if worker.shift_worker and not worker.under_18:
        return None
    return rules.max_daily_hours * 60


def factory_problem(
    name: str,
    horizon: int,
    first_weekday: int,
    shifts: list[ShiftDefinition],
    workers: list[Worker],
    cover: list[HeadCount],
    requests: Sequence[ShiftRequest] = (),
    rules: LabourLawRules = IRAN_LABOUR_LAW,
    rotation_weight: int = 0,
    fairness_weight: int = 0,
) -> RosterProblem:
    """The Labour-Law roster of one post (or of posts merged into one cover) as a generic RosterProblem.

    Per worker: shifts longer than the daily limit, and night shifts for workers under 18, are never allowed;
    weekly rest = at most 6 working days in any 7; hours per rolling 7 days (44 h, 36 h hazardous) or, for shift
    workers, per rolling 28 days (176 h); the minimum rest between shifts bans the successions that break it.

    Soft goals beside cover and requests: no backward rotation (a shift whose turn comes earlier in morning ->
    evening -> night on the day after a later one), and fair shares of nights, Fridays and weekend days (Thursday
    and Friday): each worker pays for every such shift above its share of the demand it could serve.
    """
    banned = banned_successions(shifts, rules)
    generic_shifts = tuple(Shift(s.id, s.minutes, frozenset(banned[s.id])) for s in shifts)
    nights = frozenset(s.id for s in shifts if s.is_night_work(rules))
    employees = []
    may = {}
    for w in workers:
        limit = daily_limit_minutes(w, rules)
        max_shifts = {}
        for s in shifts:
            too_long = limit is not None and s.minutes > limit
            outside_skills = bool(w.skills) and s.id not in w.skills
            if too_long or outside_skills or (w.under_18 and s.id in nights):
                max_shifts[s.id] = 0
        may[w.id] = frozenset(s.id for s in shifts if max_shifts.get(s.id, 1))
        period_days, period_hours, _ = hours_period(w, rules)
        windows = [WindowLimit(period_days, period_hours * 60)]
        employees.append(
            Employee(
                id=w.id,
                max_shifts=max_shifts,
                max_minutes=horizon * MINUTES_PER_DAY,
                min_minutes=w.min_hours * 60,
                max_consecutive=7 - rules.weekly_rest_days,
                min_consecutive=1,
                min_consecutive_off=1,
                max_weekends=horizon,
                days_off=frozenset(w.days_off),
                window_limits=tuple(windows),
                run_limits=(RunLimit(nights, rules.max_consecutive_nights),) if may[w.id] & nights else (),
            )
        )
    fridays, weekend = rest_days(horizon, first_weekday, rules)
    every_day = frozenset(range(horizon))
    all_shifts = frozenset(s.id for s in shifts)
    balances = tuple(
        Balance(label, shift_set, days, fair_shares(cover, may, shift_set, days), fairness_weight)
        for label, shift_set, days in (
            ("nights", nights, every_day),
            ("fridays", all_shifts, fridays),
            ("weekend", all_shifts, weekend),
        )
        if fairness_weight and shift_set and days
    )
    return RosterProblem(
        name=name,
        horizon=horizon,
        shifts=generic_shifts,
        employees=tuple(employees),
        requests=tuple(requests),
        cover=tuple(CoverRequirement(h.day, h.shift, h.required, h.under_weight, h.over_weight) for h in cover),
        successions=backward_rotations(shifts, rotation_weight) if rotation_weight else (),
        balances=tuple(b for b in balances if b.targets),
        first_weekday=first_weekday,
        weekend_weekdays=(rules.rest_weekday,),
        boundary_runs_exempt=False,
        meta={"rules": rules},
    )


TURN_ORDER = {MORNING: 0, EVENING: 1, NIGHT: 2}


def rest_days(
    horizon: int, first_weekday: int, rules: LabourLawRules = IRAN_LABOUR_LAW
) -> tuple[frozenset[int], frozenset[int]]:
    """(the weekly rest days, the weekend days: rest days and the day before each) among days 0..horizon-1,
    day 0 falling on `first_weekday` (Monday = 0): Fridays, and Thursdays with Fridays, under the Law's default."""
    weekday = [(first_weekday + day) % 7 for day in range(horizon)]
    rest = frozenset(d for d in range(horizon) if weekday[d] == rules.rest_weekday)
    return rest, rest | frozenset(d for d in range(horizon) if weekday[d] == (rules.rest_weekday - 1) % 7)


def backward_rotations(shifts: list[ShiftDefinition], weight: int) -> tuple[Succession, ...]:
    """A soft cost for each pair that rotates backwards (e.g. night, then evening the next day); the preferred
    rotation runs forwards, morning -> evening -> night."""
    return tuple(
        Succession(a.id, b.id, weight) for a in shifts for b in shifts if TURN_ORDER[b.turn()] < TURN_ORDER[a.turn()]
    )


def fair_shares(
    cover: list[HeadCount], may: dict[str, frozenset[str]], shift_set: frozenset[str], days: frozenset[int]
) -> dict[str, int]:
    """Each worker's fair share of the head-count needed on `shift_set` x `days`: every needed place is shared
    equally among the workers who may take it; the share is rounded up (whole shifts)."""
    takers: dict[str, list[str]] = {s: [w for w, allowed in may.items() if s in allowed] for s in shift_set}
    share = dict.fromkeys(may, 0.0)
    for need in cover:
        if need.day in days and need.shift in shift_set and need.required > 0 and takers[need.shift]:
            for w in takers[need.shift]:
                share[w] += need.required / len(takers[need.shift])
    return {w: math.ceil(value - 1e-9) for w, value in share.items() if may[w] & shift_set}


@dataclass(frozen=True)
class LawViolation:
    article: str
    worker: str
    day: int | None
    detail: str = ""


def check(
    shifts: list[ShiftDefinition],
    workers: list[Worker],
    roster,
    rules: LabourLawRules = IRAN_LABOUR_LAW,
) -> list[LawViolation]:
    """Every Labour-Law breach in `roster` (roster[worker][day] = shift id or None), checked from the rules."""
    by_id = {s.id: s for s in shifts}
    found: list[LawViolation] = []
    for worker, line in zip(workers, roster):
        horizon = len(line)
        minutes = [by_id[s].minutes if s is not None else 0 for s in line]
        for day, shift_id in enumerate(line):
            if shift_id is None:
                continue
            shift = by_id[shift_id]
            limit = daily_limit_minutes(worker, rules)
            if limit is not None and shift.minutes > limit:
                article = "52" if worker.hazardous else "51"
                found.append(LawViolation(article, worker.id, day, f"{shift.minutes / 60:g} h in a day"))
            if worker.under_18 and shift.is_night_work(rules):
                found.append(LawViolation("83", worker.id, day, f"night work ({shift_id}) under 18"))
            if day + 1 < horizon and line[day + 1] is not None:
                following = by_id[line[day + 1]]
                rest = MINUTES_PER_DAY + following.start_minute - shift.end_minute
                if rest < rules.rest_between_shifts_minutes:
                    found.append(
                        LawViolation(
                            "rest setting",
                            worker.id,
                            day,
                            f"{rest / 60:g} h rest between {shift_id} and {following.id}",
                        )
                    )
        found.extend(_window(worker, minutes, *hours_period(worker, rules)))
        run = 0
        for day, shift_id in enumerate(line):
            run = run + 1 if shift_id is not None else 0
            if run > 7 - rules.weekly_rest_days:
                found.append(LawViolation("62", worker.id, day, f"{run} days without a rest day"))
        nights = 0
        for day, shift_id in enumerate(line):
            nights = nights + 1 if shift_id is not None and by_id[shift_id].turn() == NIGHT else 0
            if nights > rules.max_consecutive_nights:
                found.append(LawViolation("nights setting", worker.id, day, f"{nights} nights in a row"))
    return found


def _window(worker: Worker, minutes: list[int], days: int, max_hours: int, article: str) -> list[LawViolation]:
    found = []
    for first in range(max(1, len(minutes) - days + 1)):
        total = sum(minutes[first : first + days])
        if total > max_hours * 60:
            found.append(
                LawViolation(
                    article, worker.id, first, f"{total / 60:g} h in {days} days from day {first}, limit {max_hours} h"
                )
            )
    return found
