"""The pure working calendar: Friday always off, Thursday off only for a body that closes on it."""

import datetime as dt

from rownaq.core.workdays import DEFAULT_WEEKEND, FRIDAY, THURSDAY, WorkingCalendar, weekend_of

WEDNESDAY = dt.date(2025, 7, 2)  # a Wednesday (1404/04/11)


def test_the_default_week_counts_thursday_and_a_closed_thursday_does_not():
    assert WEDNESDAY.weekday() == 2
    assert weekend_of(False) == DEFAULT_WEEKEND == {FRIDAY}
    assert weekend_of(True) == {THURSDAY, FRIDAY}
    open_thursday, closed_thursday = WorkingCalendar(), WorkingCalendar(weekend=weekend_of(True))
    assert open_thursday.add(WEDNESDAY, 1) == WEDNESDAY + dt.timedelta(days=1)  # Thursday
    assert closed_thursday.add(WEDNESDAY, 1) == WEDNESDAY + dt.timedelta(days=3)  # Saturday
    saturday_next_week = WEDNESDAY + dt.timedelta(days=10)
    assert open_thursday.between(WEDNESDAY, saturday_next_week) == 8
    assert closed_thursday.between(WEDNESDAY, saturday_next_week) == 6


def test_closed_days_are_skipped_and_a_start_on_a_closed_day_moves_to_the_next_working_day():
    ashura = dt.date(2025, 7, 6)  # Sunday
    calendar = WorkingCalendar(closed=frozenset({ashura, ashura - dt.timedelta(days=1)}))
    assert not calendar.is_working_day(ashura)
    assert calendar.add(WEDNESDAY, 2) == dt.date(2025, 7, 7)  # Thursday, (Friday, Saturday, Sunday off), Monday
    assert calendar.add(ashura, 0) == dt.date(2025, 7, 7)
