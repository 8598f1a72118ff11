"""Working days in the Iranian week: Friday is the weekly holiday (Thursday too where an office says so), plus
official holidays given as a set of dates. Pure: the holiday calendar is passed in."""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection

FRIDAY = 4  # date.weekday(): Monday 0 ... Friday 4
DEFAULT_WEEKEND = frozenset({FRIDAY})


def is_working_day(day: dt.date, holidays: Collection[dt.date] = (), weekend=DEFAULT_WEEKEND) -> bool:
    return day.weekday() not in weekend and day not in holidays


def add_working_days(start: dt.date, days: int, holidays: Collection[dt.date] = (),
                     weekend=DEFAULT_WEEKEND) -> dt.date:
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


def working_days_between(start: dt.date, end: dt.date, holidays: Collection[dt.date] = (),
                         weekend=DEFAULT_WEEKEND) -> int:
    """Working days after start up to and including end (negative when end is before start)."""
    if end < start:
        return -working_days_between(end, start, holidays, weekend)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays, weekend):
            count += 1
    return count
