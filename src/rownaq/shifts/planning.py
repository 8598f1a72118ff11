"""The shift planner's plan, pure (no database): a unit's shifts, posts, workers and requests as plain data
(Setup) made into one engine problem (Plan) under the Labour Law's rules.

- one engine shift per (post, shift) pair, a "cell": cover is then per post and shift, and a worker may take only
  the cells of the posts whose skill they have (hazardous posts: only workers held to the hazardous-work limits,
  and each of their turns is cut to the 6-hour limit of Art. 52).

The chain Setup -> Plan (here) -> solving.solve_plan takes plain data, so tests run it without a database;
explanations.py says in Persian what a plan cannot do, services.py maps the unit's rows to a Setup and back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from rownaq.core.persian import format_number, to_persian_digits

from .labour_law import IRAN_LABOUR_LAW, HeadCount, LabourLawRules, ShiftDefinition, factory_problem, may_work_overtime
from .labour_law import Worker as LawWorker
from .problem import RosterProblem, ShiftRequest

UNDER_WEIGHT = 100  # a missing person on a post
OVER_WEIGHT = 1  # an extra person
REQUEST_WEIGHT = 10  # a worker's wish for or against a shift
FAIRNESS_WEIGHT = 4  # each night, Friday or weekend shift a worker takes beyond a fair share
ROTATION_WEIGHT = 3  # each backward rotation (e.g. a night, then an evening the next day)
DEFAULT_TIME_LIMIT_S = 20
NO_ROSTER_IN_TIME = "در زمان داده‌شده برنامه‌ای پیدا نشد؛ زمان حل را بیشتر کنید و دوباره بسازید."
NO_ROSTER_WITH_PINS = "با خانه‌های تثبیت‌شده و قواعد قانون کار برنامه‌ای پیدا نشد؛ برخی تثبیت‌ها را بردارید."


class PlanningError(Exception):
    """A request the planner cannot carry out; the message is Persian and says why."""


class RosterInfeasible(PlanningError):
    """No lawful roster meets the request; `reasons` name the rule, the day and the post (Persian)."""

    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons) or ["برای این درخواست برنامهٔ قانونی پیدا نشد."]
        super().__init__(" ".join(self.reasons))


class RosterChanged(PlanningError):
    pass


def fa(value) -> str:
    return to_persian_digits(value)


def hours_text(minutes: int | Decimal) -> str:
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP).normalize()
    return format_number(hours)


@dataclass(frozen=True)
class TurnSpec:
    """One of the unit's shifts."""

    key: str
    name: str
    start: dt.time
    minutes: int


@dataclass(frozen=True)
class PostSpec:
    key: str
    name: str
    skill: str = ""
    hazardous: bool = False
    need: Mapping[tuple[str, int], int] = field(default_factory=dict)  # (turn key, Iranian weekday) -> people


@dataclass(frozen=True)
class WorkerSpec:
    key: str
    name: str
    skills: frozenset[str] = frozenset()
    hazardous: bool = False
    under_18: bool = False
    shift_worker: bool = True
    overtime_consent: bool = False
    contract_hours: Decimal = Decimal(44)  # a week
    days_off: frozenset[int] = frozenset()  # day indexes
    prefer: tuple[tuple[int, str], ...] = ()  # (day, turn key)
    avoid: tuple[tuple[int, str | None], ...] = ()  # (day, turn key or None for the whole day)

    def may_take(self, post: PostSpec) -> bool:
        if post.hazardous != self.hazardous:
            return False
        return not post.skill or post.skill in self.skills


@dataclass(frozen=True)
class Setup:
    name: str
    first_date: dt.date
    horizon: int
    turns: tuple[TurnSpec, ...]
    posts: tuple[PostSpec, ...]
    workers: tuple[WorkerSpec, ...]
    rules: LabourLawRules = IRAN_LABOUR_LAW

    def date(self, day: int) -> dt.date:
        return self.first_date + dt.timedelta(days=day)


@dataclass(frozen=True)
class Cell:
    """An engine shift: one of the unit's shifts on one post."""

    id: str
    post: PostSpec
    turn: TurnSpec
    definition: ShiftDefinition

    @property
    def night(self) -> bool:
        return self.definition.is_night_work()

    @property
    def minutes(self) -> int:
        return self.definition.minutes


def cell_id(post_key: str, turn_key: str) -> str:
    return f"{post_key}/{turn_key}"


def iranian_weekday(date: dt.date) -> int:
    return (date.weekday() + 2) % 7


@dataclass
class Plan:
    setup: Setup
    cells: dict[str, Cell]
    law_workers: list[LawWorker]
    problem: RosterProblem
    takes: dict[str, frozenset[str]]  # worker key -> cell ids they may work

    @property
    def definitions(self) -> list[ShiftDefinition]:
        return [c.definition for c in self.cells.values()]

    @property
    def workers(self) -> tuple[WorkerSpec, ...]:
        return self.setup.workers

    def worker(self, key: str) -> WorkerSpec:
        return next(w for w in self.setup.workers if w.key == key)

    def required(self, day: int, cid: str) -> int:
        cell = self.cells[cid]
        return int(cell.post.need.get((cell.turn.key, iranian_weekday(self.setup.date(day))), 0))


Pins = Mapping[tuple[str, int], str | None]  # (worker key, day) -> cell id, or None for a day off


def law_worker(worker: WorkerSpec, cells: Sequence[str] = ()) -> LawWorker:
    return LawWorker(
        id=worker.key,
        hazardous=worker.hazardous,
        under_18=worker.under_18,
        shift_worker=worker.shift_worker,
        overtime_consent=worker.overtime_consent,
        skills=frozenset(cells),
        days_off=worker.days_off,
    )


def overtime_allowed(worker: LawWorker, cells: list[Cell], rules: LabourLawRules = IRAN_LABOUR_LAW) -> bool:
    """Hours beyond the contract only for a consenting adult outside hazardous work who never works at night
    (Art. 59, 61, 83): a worker who may take a night shift is held to the contract hours, so that no overtime hour
    can fall on night work."""
    return bool(cells) and all(may_work_overtime(worker, c.definition, rules) for c in cells)


def contract_minutes(worker: WorkerSpec, horizon: int) -> int:
    """The contract's hours over the horizon: the most a worker who may not work overtime works."""
    return int(Decimal(worker.contract_hours) * 60 * horizon / 7)


def build_plan(setup: Setup) -> Plan:
    rules = setup.rules
    hazardous_limit = rules.hazardous_max_daily_hours * 60
    cells: dict[str, Cell] = {}
    for post in setup.posts:
        for turn in setup.turns:
            cid = cell_id(post.key, turn.key)
            minutes = min(turn.minutes, hazardous_limit) if post.hazardous else turn.minutes
            cells[cid] = Cell(cid, post, turn, ShiftDefinition(cid, turn.start, minutes))
    takes = {w.key: frozenset(cid for cid, c in cells.items() if w.may_take(c.post)) for w in setup.workers}
    law_workers = [law_worker(w, sorted(takes[w.key])) for w in setup.workers]

    cover = []
    for day in range(setup.horizon):
        weekday = iranian_weekday(setup.date(day))
        for cid, c in cells.items():
            required = int(c.post.need.get((c.turn.key, weekday), 0))
            # every cell has a cover line, so that an unneeded person always costs something
            cover.append(HeadCount(day, cid, required, UNDER_WEIGHT, OVER_WEIGHT))
    requests = []
    for w in setup.workers:
        for day, turn_key in w.prefer:
            for cid in sorted(takes[w.key]):
                if cells[cid].turn.key == turn_key and 0 <= day < setup.horizon:
                    requests.append(ShiftRequest(w.key, day, cid, REQUEST_WEIGHT, True))
        for day, avoided in w.avoid:
            for cid in sorted(takes[w.key]):
                if (avoided is None or cells[cid].turn.key == avoided) and 0 <= day < setup.horizon:
                    requests.append(ShiftRequest(w.key, day, cid, REQUEST_WEIGHT, False))

    problem = factory_problem(
        setup.name,
        setup.horizon,
        setup.first_date.weekday(),
        [c.definition for c in cells.values()],
        law_workers,
        cover,
        requests,
        rules,
        rotation_weight=ROTATION_WEIGHT,
        fairness_weight=FAIRNESS_WEIGHT,
    )
    # the contract hours cap those who may not work overtime; a worker with no post works no cell
    employees = []
    for w, lw, employee in zip(setup.workers, law_workers, problem.employees):
        max_shifts = dict(employee.max_shifts)
        if not takes[w.key]:
            max_shifts = dict.fromkeys(cells, 0)
        max_minutes = employee.max_minutes
        if not overtime_allowed(lw, [cells[cid] for cid in takes[w.key]], rules):
            max_minutes = min(max_minutes, contract_minutes(w, setup.horizon))
        employees.append(dataclasses.replace(employee, max_shifts=max_shifts, max_minutes=max_minutes))
    problem = dataclasses.replace(problem, employees=tuple(employees))
    return Plan(setup, cells, law_workers, problem, takes)
