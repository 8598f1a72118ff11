"""Premium lines of a roster under Iran's Labour Law, per worker and Jalali month, from the shifts worked and an
hourly wage. The payroll sheet and the capacity simulator both price rosters here, and only here.

Each line is an amount on top of the wage for hours already paid at the hourly rate. What is judged over which
period is the Law's, not the calendar month's:
- Art. 56 shift premium belongs to the worker who works in rotating shifts (Art. 55), so the turns are judged
  over the worker's whole roster (the rotation): 10% when it runs through morning and evening turns, 15% through
  all three, 22.5% through morning+night or evening+night; paid on the hours worked in each month;
- Art. 58 night premium, 35% of the wage of each night hour (22:00-06:00), for workers who do not rotate;
- Art. 59 overtime, 40% of the wage of each hour beyond the normal hours of the period over which the Law judges
  hours (labour_law.hours_period: 4 consecutive weeks for shift workers, Art. 57; a week for others, Art. 51/52),
  the periods counted from the roster's first day; the hours beyond are those worked last in the period, and are
  paid in the month they were worked;
- Art. 62 Friday work, 40% of the wage of each hour worked on the weekly rest day;
- Art. 63 work on an official holiday (or Labour Day) that is not a Friday: overtime from its first hour, 40%,
  and not counted again among the period's hours.
Money is Decimal rials, rounded half up to whole rials per line.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Hashable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from rownaq.core.jalali import JalaliMonth, to_jalali

from .labour_law import (
    EVENING,
    IRAN_LABOUR_LAW,
    MORNING,
    NIGHT,
    LabourLawRules,
    ShiftDefinition,
    Worker,
    hours_period,
)

HOUR = Decimal(60)


@dataclass(frozen=True)
class WorkedShift:
    date: dt.date
    shift: ShiftDefinition


@dataclass(frozen=True)
class PremiumLine:
    kind: str  # shift, night, overtime, friday, holiday
    article: str
    hours: Decimal
    rate: Decimal
    amount: Decimal  # rials


@dataclass(frozen=True)
class RosterLine:
    """One worker's part of a roster: who (as the Law sees them), their pay terms and the shifts worked."""

    worker: Worker
    hourly_wage: Decimal
    contract_hours: Decimal  # a week
    worked: tuple[WorkedShift, ...]


@dataclass(frozen=True)
class MonthPremiums:
    worker: str
    month: Hashable
    hours: Decimal
    night_hours: Decimal
    overtime_hours: Decimal
    holiday_hours: Decimal
    lines: tuple[PremiumLine, ...]

    @property
    def normal_hours(self) -> Decimal:
        """Hours of the month paid as normal hours: neither overtime nor holiday work."""
        return self.hours - self.overtime_hours - self.holiday_hours

    @property
    def total(self) -> Decimal:
        return total(self.lines)


def rials(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def shift_premium_rate(turns: set[str], rules: LabourLawRules = IRAN_LABOUR_LAW) -> Decimal:
    """Art. 56 rate for the set of turns of a rotation; zero when the worker did not rotate."""
    if turns >= {MORNING, EVENING, NIGHT}:
        return rules.premium_three_turns
    if turns == {MORNING, EVENING}:
        return rules.premium_morning_evening
    if NIGHT in turns and len(turns) == 2:
        return rules.premium_with_night
    return Decimal(0)


def worked_shifts(line, shifts: dict[str, ShiftDefinition], first_date: dt.date) -> tuple[WorkedShift, ...]:
    """A roster line (shift id or None per day) as dated shifts."""
    return tuple(
        WorkedShift(first_date + dt.timedelta(days=day), shifts[shift_id])
        for day, shift_id in enumerate(line)
        if shift_id is not None
    )


def minutes_on(worked: WorkedShift, counts: Callable[[dt.date], bool]) -> int:
    """Minutes of the shift that fall on calendar days for which `counts` is true (a night runs into the next
    day)."""
    start = dt.datetime.combine(worked.date, worked.shift.start)
    end = start + dt.timedelta(minutes=worked.shift.minutes)
    total_minutes = 0
    day = worked.date
    while dt.datetime.combine(day, dt.time(0)) < end:
        if counts(day):
            lo = max(start, dt.datetime.combine(day, dt.time(0)))
            hi = min(end, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0)))
            total_minutes += max(0, int((hi - lo).total_seconds() // 60))
        day += dt.timedelta(days=1)
    return total_minutes


def rotates(line: RosterLine) -> bool:
    """Art. 55: a shift worker whose roster runs through more than one turn."""
    return line.worker.shift_worker and len({w.shift.turn() for w in line.worked}) > 1


def overtime_minutes(
    line: RosterLine,
    first_date: dt.date,
    horizon: int,
    holiday_minutes: Callable[[WorkedShift], int],
    rules: LabourLawRules = IRAN_LABOUR_LAW,
) -> dict[WorkedShift, int]:
    """Minutes of each shift beyond the normal hours of its period (Art. 59): periods of `hours_period` days
    from the roster's first day, a shorter last period pro rata; normal hours are the contract's weekly hours
    (at most the Law's) per week of the period; holiday hours are overtime of their own and are not counted."""
    period_days, law_hours, _ = hours_period(line.worker, rules)
    weekly = min(Decimal(line.contract_hours), Decimal(law_hours * 7) / period_days)
    by_period: dict[int, list[WorkedShift]] = defaultdict(list)
    for w in line.worked:
        by_period[(w.date - first_date).days // period_days].append(w)
    found: dict[WorkedShift, int] = {}
    for period, shifts in by_period.items():
        days = min(period_days, horizon - period * period_days)
        normal = int(weekly * HOUR * days / 7)
        counted = 0
        for w in sorted(shifts, key=lambda w: (w.date, w.shift.start)):
            minutes = w.shift.minutes - holiday_minutes(w)
            beyond = max(0, counted + minutes - max(normal, counted))
            if beyond:
                found[w] = beyond
            counted += minutes
    return found


def roster_premiums(
    lines: Collection[RosterLine],
    first_date: dt.date,
    horizon: int,
    holidays: Collection[dt.date] = (),
    month_of: Callable[[dt.date], Hashable] = JalaliMonth.from_date,
    rules: LabourLawRules = IRAN_LABOUR_LAW,
) -> list[MonthPremiums]:
    """Premiums of a roster (days first_date .. first_date + horizon - 1) per worker and month, in the order of
    `lines` and then of the months (Jalali months unless `month_of` says otherwise). A shift belongs to the month
    of the day it starts. `holidays`: the official holidays; Labour Day is added from the rules (Art. 63)."""
    holiday_dates = frozenset(holidays)

    def is_friday(day: dt.date) -> bool:
        return day.weekday() == rules.rest_weekday

    def is_holiday(day: dt.date) -> bool:
        if is_friday(day):
            return False
        jalali = to_jalali(day)
        return day in holiday_dates or (jalali.month, jalali.day) == rules.labour_day

    def holiday(w: WorkedShift) -> int:
        return minutes_on(w, is_holiday)

    rows = []
    for line in lines:
        wage = Decimal(line.hourly_wage)
        rotating = rotates(line)
        rate_56 = shift_premium_rate({w.shift.turn() for w in line.worked}, rules) if rotating else Decimal(0)
        overtime = overtime_minutes(line, first_date, horizon, holiday, rules)
        months: dict[Hashable, list[WorkedShift]] = defaultdict(list)
        for w in sorted(line.worked, key=lambda w: (w.date, w.shift.start)):
            months[month_of(w.date)].append(w)
        for month, shifts in months.items():
            premium_lines: list[PremiumLine] = []

            def add(kind: str, article: str, minutes: int, rate: Decimal) -> None:
                if minutes > 0 and rate > 0:
                    hours = Decimal(minutes) / HOUR
                    premium_lines.append(PremiumLine(kind, article, hours, rate, rials(hours * wage * rate)))  # noqa: B023 (called in this iteration only)

            minutes = sum(w.shift.minutes for w in shifts)
            night = sum(w.shift.night_minutes(rules) for w in shifts)
            extra = sum(overtime.get(w, 0) for w in shifts)
            on_holidays = sum(holiday(w) for w in shifts)
            if rotating:
                add("shift", "56", minutes, rate_56)
            else:
                add("night", "58", night, rules.night_premium)
            add("overtime", "59", extra, rules.overtime_premium)
            add("friday", "62", sum(minutes_on(w, is_friday) for w in shifts), rules.friday_premium)
            add("holiday", "63", on_holidays, rules.holiday_premium)
            rows.append(
                MonthPremiums(
                    worker=line.worker.id,
                    month=month,
                    hours=Decimal(minutes) / HOUR,
                    night_hours=Decimal(night) / HOUR,
                    overtime_hours=Decimal(extra) / HOUR,
                    holiday_hours=Decimal(on_holidays) / HOUR,
                    lines=tuple(premium_lines),
                )
            )
    return rows


def total(lines) -> Decimal:
    return sum((line.amount for line in lines), Decimal(0))
