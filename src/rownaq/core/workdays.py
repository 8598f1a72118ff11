"""Working days in the Iranian week: Friday is the weekly holiday (Thursday too where an office says so), plus
official holidays given as a set of dates. Pure: the holiday calendar is passed in (core.holidays builds a body's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

FRIDAY = 4  # date.weekday(): Monday 0 ... Friday 4
DEFAULT_WEEKEND = frozenset({FRIDAY})


def is_working_day(day: dt.date, holidays: Collection[dt.date] = (), weekend=DEFAULT_WEEKEND) -> bool:
    return day.weekday() not in weekend and day not in holidays


def add_working_days(start: dt.date, days: int, holidays: Collection[dt.date] = (), weekend=DEFAULT_WEEKEND) -> dt.date:
    """The date `days` working days after `start` (start itself not counted); 0 gives the first working day on or
    after start."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    if days == 0:
        while not is_working_day(day, holidays, weekend):
            day += dt.timedelta(days=1)
        return day
    remaining = days
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays, weekend):
            remaining -= 1
    return day


def working_days_between(
    start: dt.date, end: dt.date, holidays: Collection[dt.date] = (), weekend=DEFAULT_WEEKEND
) -> int:
    """Working days after start up to and including end (negative when end is before start)."""
    if end < start:
        return -working_days_between(end, start, holidays, weekend)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays, weekend):
            count += 1
    return count


THURSDAY = 3


def weekend_of(closes_thursday: bool) -> frozenset[int]:
    """Friday always; Thursday too for a body that closes on it. A half-open Thursday is a working day: a body can
    act on it, so a deadline may fall on it."""
    return frozenset({THURSDAY, FRIDAY}) if closes_thursday else DEFAULT_WEEKEND


@dataclass(frozen=True)
class WorkingCalendar:
    """One body's working days: its weekend and the dates it is closed (official holidays and its closures)."""

    closed: frozenset[dt.date] = frozenset()
    weekend: frozenset[int] = DEFAULT_WEEKEND

    def is_working_day(self, day: dt.date) -> bool:
        return is_working_day(day, self.closed, self.weekend)

    def add(self, start: dt.date, days: int) -> dt.date:
        return add_working_days(start, days, self.closed, self.weekend)

    def between(self, start: dt.date, end: dt.date) -> int:
        return working_days_between(start, end, self.closed, self.weekend)
