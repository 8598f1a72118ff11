"""The simulator's rosters (shifts.simulation): the fewest workers in whole shifts, and a lawful roster of them.
Pure: no database. Day 0 is a Saturday (Iranian weekday 0)."""

import datetime as dt

from rownaq.shifts.labour_law import ShiftDefinition, Worker, check
from rownaq.shifts.simulation import lower_bound, needed_per_day, staff, template

M = ShiftDefinition("0", dt.time(6), 480)
E = ShiftDefinition("1", dt.time(14), 480)
N = ShiftDefinition("2", dt.time(22), 480)
WEEKDAYS = [d % 7 for d in range(28)]


def days_of(need):
    return needed_per_day(need, [M, E, N], WEEKDAYS)


def test_the_bound_counts_whole_shifts_of_the_workers_period():
    """One guard every night: a night-only worker is not a shift worker (Art. 55), 44 h a week (Art. 51): five
    nights, 20 in four weeks; 28 nights -> 2. Three turns of 3 people all week: rotating shift workers, 176 h in
    four weeks (Art. 57): 22 shifts each; 3 x 3 x 28 = 252 shifts -> ceil(252 / 22) = 12."""
    nights = days_of({("2", wd): 1 for wd in range(7)})
    assert not template([M, E, N], nights, False).shift_worker
    assert lower_bound([M, E, N], nights, template([M, E, N], nights, False)) == 2
    three = days_of({(t, wd): 3 for t in "012" for wd in range(7)})
    assert template([M, E, N], three, False).shift_worker
    assert lower_bound([M, E, N], three, Worker("w")) == 12


def test_a_large_three_shift_roster_is_lawful_covered_and_close_to_the_bound():
    """20 people on each turn every day: 1,680 shifts -> ceil(1,680 / 22) = 77 by the bound; the roster may need
    a few more (a night worker can only go on to nights or rest, 4 nights at most), never breaks a rule, and
    every worker rotates through all three turns (Art. 56's 15%)."""
    days = days_of({(t, wd): 20 for t in "012" for wd in range(7)})
    staffing = staff([M, E, N], days, False, "w")
    assert staffing.missing == 0 and 77 <= staffing.count <= 80
    assert check([M, E, N], list(staffing.workers), [list(line) for line in staffing.roster]) == []
    assert all({"0", "1", "2"} <= set(line) for line in staffing.roster)
