"""The roster problem as plain data, shared by every problem source (Curtois & Qu files, a factory's Labour-Law set-up).

Hard rules are per employee (what one person may work); cover, requests, successions and balances are soft and
weighted. Keeping every hard rule per employee is what lets the solver build any employee's rows independently of
the others; every soft goal but cover is per employee too, and never negative.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OFF = None  # a roster cell where the employee does not work


@dataclass(frozen=True)
class Shift:
    id: str
    minutes: int
    banned_next: frozenset[str] = frozenset()  # shifts that may not be worked the day after this one


@dataclass(frozen=True)
class WindowLimit:
    """At most `max_minutes` worked in any `days` consecutive days (rolling), e.g. 176 h in any 28 days."""

    days: int
    max_minutes: int


@dataclass(frozen=True)
class RunLimit:
    """At most `max_days` days in a row worked on shifts of `shifts` (e.g. at most 4 nights in a row)."""

    shifts: frozenset[str]
    max_days: int


@dataclass(frozen=True)
class Employee:
    id: str
    max_shifts: dict[str, int]  # per shift id; a missing id means no limit, 0 means never
    max_minutes: int
    min_minutes: int
    max_consecutive: int  # working days in a row
    min_consecutive: int
    min_consecutive_off: int
    max_weekends: int
    days_off: frozenset[int] = frozenset()
    window_limits: tuple[WindowLimit, ...] = ()
    run_limits: tuple[RunLimit, ...] = ()

    def may_work(self, shift_id: str) -> bool:
        return self.max_shifts.get(shift_id, 1) > 0


@dataclass(frozen=True)
class ShiftRequest:
    employee: str
    day: int
    shift: str
    weight: int
    on: bool  # True: wants to work this shift; False: wants not to


@dataclass(frozen=True)
class CoverRequirement:
    day: int
    shift: str
    required: int
    under_weight: int
    over_weight: int


@dataclass(frozen=True)
class Succession:
    """Soft: `weight` each time an employee works `after` on the day after `before` (e.g. a backward rotation,
    night -> evening)."""

    before: str
    after: str
    weight: int


@dataclass(frozen=True)
class Balance:
    """Soft, for fair shares: an employee pays `weight` for each worked cell of the set (shifts in `shifts` on days
    in `days`) above its target in `targets` (employee id -> count; employees not listed have no such goal)."""

    name: str
    shifts: frozenset[str]
    days: frozenset[int]
    targets: dict[str, int]
    weight: int


@dataclass(frozen=True)
class RosterProblem:
    name: str
    horizon: int
    shifts: tuple[Shift, ...]
    employees: tuple[Employee, ...]
    requests: tuple[ShiftRequest, ...] = ()
    cover: tuple[CoverRequirement, ...] = ()
    successions: tuple[Succession, ...] = ()
    balances: tuple[Balance, ...] = ()
    # Weekdays are 0=Monday..6=Sunday; `first_weekday` is the weekday of day 0. A weekend counts as worked
    # when any shift falls on any of its days.
    first_weekday: int = 0
    weekend_weekdays: tuple[int, ...] = (5, 6)
    # Minimum run lengths (work and rest) bind only runs strictly inside the horizon (Curtois & Qu reading).
    boundary_runs_exempt: bool = True
    meta: dict = field(default_factory=dict, compare=False)

    def shift_index(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.shifts)}

    def employee_index(self) -> dict[str, int]:
        return {e.id: i for i, e in enumerate(self.employees)}

    def weekends(self) -> list[tuple[int, ...]]:
        """Days of each weekend that meets the horizon, in order (a weekend cut by the horizon keeps its part)."""
        result: list[tuple[int, ...]] = []
        current: list[int] = []
        previous_weekday_in_weekend = False
        for day in range(self.horizon):
            weekday = (self.first_weekday + day) % 7
            if weekday in self.weekend_weekdays:
                if not previous_weekday_in_weekend and current:
                    result.append(tuple(current))
                    current = []
                current.append(day)
                previous_weekday_in_weekend = True
            else:
                if current:
                    result.append(tuple(current))
                    current = []
                previous_weekday_in_weekend = False
        if current:
            result.append(tuple(current))
        return result


Roster = list[list[str | None]]  # roster[employee][day] = shift id or OFF
