"""Monthly premium lines of one worker under Iran's Labour Law, from the shifts worked and an hourly wage.

Each line is an amount on top of the wage for hours already paid at the hourly rate:
- Art. 56 shift premium for shift workers, on the wage of the hours worked in the month: 10% when the worker
  rotated through morning and evening turns, 15% through all three, 22.5% through morning+night or evening+night;
- Art. 58 night premium, 35% of the wage of each night hour (22:00-06:00), for workers who are not shift workers;
- Art. 59 overtime, 40% of the wage of each hour beyond the month's normal hours (hours 100% paid separately);
- Art. 62 Friday work, 40% of the wage of each hour worked on the weekly rest day.
Money is Decimal rials, rounded half up to whole rials per line.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .labour_law import (
    EVENING,
    IRAN_LABOUR_LAW,
    MORNING,
    NIGHT,
    LabourLawRules,
    ShiftDefinition,
)

HOUR = Decimal(60)


@dataclass(frozen=True)
class WorkedShift:
    date: dt.date
    shift: ShiftDefinition


@dataclass(frozen=True)
class PremiumLine:
    kind: str  # shift, night, overtime, friday
    article: str
    hours: Decimal
    rate: Decimal
    amount: Decimal  # rials


def rials(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def shift_premium_rate(turns: set[str], rules: LabourLawRules = IRAN_LABOUR_LAW) -> Decimal:
    """Art. 56 rate for the set of turns worked in the month; zero when the worker did not rotate."""
    if turns >= {MORNING, EVENING, NIGHT}:
        return rules.premium_three_turns
    if turns == {MORNING, EVENING}:
        return rules.premium_morning_evening
    if NIGHT in turns and len(turns) == 2:
        return rules.premium_with_night
    return Decimal(0)


def worked_shifts(line, shifts: dict[str, ShiftDefinition], first_date: dt.date) -> list[WorkedShift]:
    """A roster line (shift id or None per day) as dated shifts."""
    return [WorkedShift(first_date + dt.timedelta(days=day), shifts[shift_id])
            for day, shift_id in enumerate(line) if shift_id is not None]


def _minutes_on_weekday(worked: WorkedShift, weekday: int) -> int:
    """Minutes of the shift that fall on the given weekday (a night shift may run into the next day)."""
    start = dt.datetime.combine(worked.date, worked.shift.start)
    end = start + dt.timedelta(minutes=worked.shift.minutes)
    total = 0
    day = worked.date
    while dt.datetime.combine(day, dt.time(0)) < end:
        if day.weekday() == weekday:
            lo = max(start, dt.datetime.combine(day, dt.time(0)))
            hi = min(end, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0)))
            total += max(0, int((hi - lo).total_seconds() // 60))
        day += dt.timedelta(days=1)
    return total


def monthly_premiums(worked: list[WorkedShift], hourly_wage: Decimal, normal_hours: Decimal,
                     shift_worker: bool | None = None, rules: LabourLawRules = IRAN_LABOUR_LAW) -> list[PremiumLine]:
    """Premium lines for one worker and one month.

    `normal_hours`: the month's normal hours under the contract (e.g. 44 h a week pro rata); hours above it are
    overtime. `shift_worker`: whether Art. 55 applies; by default, a worker who rotated through more than one turn.
    """
    hourly_wage = Decimal(hourly_wage)
    total_minutes = sum(w.shift.minutes for w in worked)
    turns = {w.shift.turn() for w in worked}
    rotates = len(turns) > 1 if shift_worker is None else shift_worker
    lines: list[PremiumLine] = []

    def add(kind: str, article: str, minutes: int, rate: Decimal) -> None:
        if minutes <= 0 or rate <= 0:
            return
        hours = Decimal(minutes) / HOUR
        lines.append(PremiumLine(kind, article, hours, rate, rials(hours * hourly_wage * rate)))

    if rotates:
        add("shift", "56", total_minutes, shift_premium_rate(turns, rules))
    else:
        add("night", "58", sum(w.shift.night_minutes(rules) for w in worked), rules.night_premium)
    overtime = total_minutes - int(Decimal(normal_hours) * HOUR)
    add("overtime", "59", overtime, rules.overtime_premium)
    add("friday", "62", sum(_minutes_on_weekday(w, rules.rest_weekday) for w in worked), rules.friday_premium)
    return lines


def total(lines: list[PremiumLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal(0))
