"""The roster a capacity simulation stands for: how many workers a group of posts needs on some turns, and a
lawful four-week roster of that many workers, built turn by turn, so that its premiums are priced by the same
rules as any roster's payroll sheet (premiums.roster_premiums). Pure: no Django.

Staffing is in whole shifts (labour_law.most_shifts): a worker who keeps to one turn is not a shift worker
(Art. 55) and is held to 44 h a week (Art. 51), five 8-hour shifts; a worker who rotates may work 176 h in four
weeks (Art. 57), 22 such shifts. The roster rotates forwards (morning -> evening -> night) in blocks of two days
and keeps every rule that labour_law.check checks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .labour_law import (
    IRAN_LABOUR_LAW,
    LabourLawRules,
    ShiftDefinition,
    Worker,
    banned_successions,
    check,
    hours_period,
    most_shifts,
)

BLOCK_DAYS = 2  # days on one turn before rotating forwards
MOST_EXTRA_WORKERS = 0.5  # beyond the lower bound, as a share of it, before a shortfall is accepted


@dataclass(frozen=True)
class Staffing:
    workers: tuple[Worker, ...]
    roster: tuple[tuple[str | None, ...], ...]  # per worker, per day: shift id or None
    missing: int  # head-count places the roster leaves empty

    @property
    def count(self) -> int:
        return len(self.workers)


def needed_per_day(
    need: Mapping[tuple[str, int], int], turns: list[ShiftDefinition], weekday_of_day: list[int]
) -> list[dict[str, int]]:
    """Head-count per shift id on each day of the horizon, from a need per (shift id, weekday)."""
    return [{t.id: int(need.get((t.id, weekday), 0)) for t in turns} for weekday in weekday_of_day]


def template(turns: list[ShiftDefinition], days: list[dict[str, int]], hazardous: bool) -> Worker:
    """The worker the group needs: a shift worker only when its posts are staffed on more than one turn."""
    staffed = {t.turn() for t in turns if any(day[t.id] for day in days)}
    return Worker("template", hazardous=hazardous, shift_worker=len(staffed) > 1)


def lower_bound(
    turns: list[ShiftDefinition], days: list[dict[str, int]], worker: Worker, rules: LabourLawRules = IRAN_LABOUR_LAW
) -> int:
    """Fewest workers that can give the shifts needed, each within the whole shifts the Law allows, and enough
    for the busiest day (one shift a day each)."""
    demand = {t.id: sum(day[t.id] for day in days) for t in turns}
    if not any(demand.values()):
        return 0
    only_nights = all(t.is_night_work(rules) for t in turns if demand[t.id])
    minutes = min(t.minutes for t in turns if demand[t.id])
    each = most_shifts(worker, minutes, len(days), only_nights, rules=rules)
    busiest = max(sum(day.values()) for day in days)
    return max(busiest, math.ceil(sum(demand.values()) / each)) if each else 0


def build_roster(
    turns: list[ShiftDefinition],
    days: list[dict[str, int]],
    workers: list[Worker],
    rules: LabourLawRules = IRAN_LABOUR_LAW,
) -> tuple[list[list[str | None]], int]:
    """A lawful roster of `workers` for the head-count of `days`, filled day by day and turn by turn (morning
    first: the fewest workers may take it after yesterday's turns), each place going to the worker who keeps the
    forward rotation best and has worked least. Returns the roster and the places left empty."""
    horizon = len(days)
    by_id = {t.id: t for t in turns}
    banned = banned_successions(turns, rules)
    order = sorted((t for t in turns if any(day[t.id] for day in days)), key=lambda t: (t.start_minute, t.id))
    cycle = {t.id: order[(i + 1) % len(order)].id for i, t in enumerate(order)}  # the rotation of staffed turns
    roster: list[list[str | None]] = [[None] * horizon for _ in workers]
    worked_minutes = [0] * len(workers)
    periods = [hours_period(worker, rules) for worker in workers]
    is_night = {t.id: t.is_night_work(rules) for t in turns}
    most_days = 7 - rules.weekly_rest_days
    missing = 0

    for day in range(horizon):
        # each worker's state before this day: one shift a day, so it holds for the whole day
        state = []
        for i, line in enumerate(roster):
            previous = line[day - 1] if day > 0 else None
            run = same = nights = 0
            while day - run - 1 >= 0 and line[day - run - 1] is not None:
                run += 1
            while previous is not None and same < run and line[day - same - 1] == previous:
                same += 1
            while nights < run and is_night[line[day - nights - 1]]:
                nights += 1
            last = next((s for s in reversed(line[:day]) if s is not None), None)
            period_days, period_hours, _ = periods[i]
            window = sum(by_id[s].minutes for s in line[max(0, day - period_days + 1) : day] if s is not None)
            state.append((previous, run, same, nights, last, period_hours * 60 - window))

        def may_take(i: int, shift: ShiftDefinition) -> bool:
            previous, run, _, nights, _, room = state[i]  # noqa: B023 (called in this iteration only)
            return (
                roster[i][day] is None  # noqa: B023 (the same)
                and not (previous is not None and shift.id in banned[previous])
                and run < most_days
                and room >= shift.minutes
                and not (is_night[shift.id] and nights >= rules.max_consecutive_nights)
            )

        def preference(i: int, shift: ShiftDefinition) -> tuple:
            previous, _, same, _, last, _ = state[i]  # noqa: B023 (called in this iteration only)
            if previous == shift.id and same < BLOCK_DAYS:
                rank = 0  # finish the block
            elif (
                (previous is None and last is not None and cycle[last] == shift.id)
                or (previous is not None and same >= BLOCK_DAYS and cycle[previous] == shift.id)
                or last is None
            ):
                rank = 1  # rotate forwards (or start)
            elif previous == shift.id:
                rank = 2
            else:
                rank = 3
            return rank, worked_minutes[i], i

        for shift in order:
            for _ in range(days[day][shift.id]):
                takers = [i for i in range(len(workers)) if may_take(i, shift)]
                if not takers:
                    missing += 1
                    continue
                chosen = min(takers, key=lambda i: preference(i, shift))
                roster[chosen][day] = shift.id
                worked_minutes[chosen] += shift.minutes
    return roster, missing


def staff(
    turns: list[ShiftDefinition],
    days: list[dict[str, int]],
    hazardous: bool,
    prefix: str,
    rules: LabourLawRules = IRAN_LABOUR_LAW,
) -> Staffing:
    """The fewest workers (from the lower bound up) whose roster leaves no place empty, and that roster; when
    none does within MOST_EXTRA_WORKERS above the bound, the bound's roster and its empty places."""
    model = template(turns, days, hazardous)
    bound = lower_bound(turns, days, model, rules)
    if bound == 0:
        return Staffing((), (), sum(sum(day.values()) for day in days))
    first = None
    for count in range(bound, bound + max(2, math.ceil(bound * MOST_EXTRA_WORKERS)) + 1):
        workers = [
            Worker(f"{prefix}{n + 1}", hazardous=hazardous, shift_worker=model.shift_worker) for n in range(count)
        ]
        roster, missing = build_roster(turns, days, workers, rules)
        staffing = Staffing(tuple(workers), tuple(tuple(line) for line in roster), missing)
        first = first or staffing
        if missing == 0:
            break
    else:
        staffing = first
    broken = check(turns, list(staffing.workers), [list(line) for line in staffing.roster], rules)
    if broken:  # build_roster checks every rule before it places a shift; this would be a bug in it
        raise RuntimeError(f"simulated roster breaks the Law: {broken[:3]}")
    return staffing
