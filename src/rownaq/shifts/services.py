"""Operations of the shift planner: views, the API and commands call these, never each other.

The engine (problem, solver, labour_law, premiums) knows nothing of Django. This module maps a unit's shifts,
posts, workers and requests to it and back:

- one engine shift per (post, shift) pair, a "cell": cover is then per post and shift, and a worker may take only
  the cells of the posts whose skill they have (hazardous posts: only workers held to the hazardous-work limits,
  and each of their turns is cut to the 6-hour limit of Art. 52);
- every roster the solver returns is checked by labour_law.check before it is stored; the one rule the engine does
  not model (the longest run of nights, a workplace setting) is repaired by pinning the offending night off and
  solving again; a roster that still breaks a rule is never stored;
- a request that cannot be met is explained in Persian: the rule, the day and the post.

The pure part (Setup -> Plan -> solve_plan) takes plain data, so tests can run it without a database.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
import time
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rownaq.core import scoping
from rownaq.core.jalali import WEEKDAY_NAMES, JalaliMonth, format_jalali_date
from rownaq.core.persian import format_number, to_persian_digits

from . import premiums as premium_rules
from . import simulation
from .labour_law import (
    IRAN_LABOUR_LAW,
    TURN_ORDER,
    HeadCount,
    LabourLawRules,
    LawViolation,
    ShiftDefinition,
    check,
    daily_limit_minutes,
    factory_problem,
    hours_period,
    may_work_overtime,
    most_shifts,
    rest_days,
)
from .labour_law import Worker as LawWorker
from .problem import OFF, RosterProblem, ShiftRequest
from .solver import solve
from .validator import check as engine_check

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


# ================================================================================================================
# The pure part: plain data in, an engine problem, a solved and checked roster out


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


def law_worker(worker: WorkerSpec, cells: list[str] = ()) -> LawWorker:
    return LawWorker(id=worker.key, hazardous=worker.hazardous, under_18=worker.under_18,
                     shift_worker=worker.shift_worker, overtime_consent=worker.overtime_consent,
                     skills=frozenset(cells), days_off=worker.days_off)


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
        for day, turn_key in w.avoid:
            for cid in sorted(takes[w.key]):
                if (turn_key is None or cells[cid].turn.key == turn_key) and 0 <= day < setup.horizon:
                    requests.append(ShiftRequest(w.key, day, cid, REQUEST_WEIGHT, False))

    problem = factory_problem(setup.name, setup.horizon, setup.first_date.weekday(),
                              [c.definition for c in cells.values()], law_workers, cover, requests, rules,
                              rotation_weight=ROTATION_WEIGHT, fairness_weight=FAIRNESS_WEIGHT)
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


# ---------------------------------------------------------------- the rules in Persian


def article(number: str) -> str:
    return f"مادهٔ {fa(number)} قانون کار"


def rule_text(name: str, rules: LabourLawRules = IRAN_LABOUR_LAW) -> str:
    texts = {
        "51": f"بیش از {fa(rules.max_daily_hours)} ساعت کار در روز یا {fa(rules.max_weekly_hours)} ساعت در هفته "
              f"({article('51')})",
        "52": f"کار سخت و زیان‌آور بیش از {fa(rules.hazardous_max_daily_hours)} ساعت در روز یا "
              f"{fa(rules.hazardous_max_weekly_hours)} ساعت در هفته ({article('52')})",
        "57": f"بیش از {fa(rules.shift_worker_max_hours_4_weeks)} ساعت کار در چهار هفتهٔ پیاپی برای کارگر نوبتی "
              f"({article('57')})",
        "62": f"کار بیش از {fa(7 - rules.weekly_rest_days)} روز پیاپی بدون روز استراحت هفتگی ({article('62')})",
        "83": f"کار شبانهٔ کارگر زیر {fa(rules.young_worker_age)} سال ({article('83')})",
        "rest setting": f"استراحت کمتر از {fa(rules.min_rest_between_shifts_hours)} ساعت میان دو نوبت "
                        "(قاعدهٔ کارگاه)",
        "nights setting": f"بیش از {fa(rules.max_consecutive_nights)} شب کاری پیاپی (قاعدهٔ کارگاه)",
        "59": f"اضافه‌کاری بیش از ساعات قرارداد برای کارگری که اضافه‌کاری برایش مجاز نیست ({article('59')} و "
              f"{article('61')})",
    }
    return texts.get(name, name)


def day_label(setup: Setup, day: int) -> str:
    date = setup.date(day)
    return f"{WEEKDAY_NAMES[iranian_weekday(date)]} {format_jalali_date(date)}"


def describe_violation(plan: Plan, violation: LawViolation) -> str:
    name = plan.worker(violation.worker).name if violation.worker else ""
    when = f"، {day_label(plan.setup, violation.day)}" if violation.day is not None else ""
    return f"«{name}»{when}: {rule_text(violation.article, plan.setup.rules)}."


# ---------------------------------------------------------------- checking a roster


def law_violations(plan: Plan, roster) -> list[LawViolation]:
    """labour_law.check, plus the contract-hours cap for workers who may not work overtime."""
    found = check(plan.definitions, plan.law_workers, roster, plan.setup.rules)
    minutes = {c.id: c.minutes for c in plan.cells.values()}
    for w, lw, line in zip(plan.setup.workers, plan.law_workers, roster):
        if overtime_allowed(lw, [plan.cells[cid] for cid in plan.takes[w.key]], plan.setup.rules):
            continue
        total = sum(minutes[s] for s in line if s is not OFF)
        if total > contract_minutes(w, plan.setup.horizon):
            found.append(LawViolation("59", w.key, None, f"{total / 60:g} h over the horizon"))
    return found


def eligibility_problem(plan: Plan, worker: WorkerSpec, day: int, cid: str) -> str | None:
    """Why this worker may never work this cell on this day (Persian), or None."""
    cell = plan.cells.get(cid)
    if cell is None:
        return "این نوبت یا پست دیگر در فهرست واحد نیست."
    rules = plan.setup.rules
    if cell.post.hazardous and not worker.hazardous:
        return (f"پست «{cell.post.name}» سخت و زیان‌آور است و «{worker.name}» برای کار سخت و زیان‌آور ثبت نشده "
                f"است ({article('52')}).")
    if worker.hazardous and not cell.post.hazardous:
        return f"«{worker.name}» فقط در پست‌های سخت و زیان‌آور کار می‌کند ({article('52')})."
    if cell.post.skill and cell.post.skill not in worker.skills:
        return f"«{worker.name}» مهارت «{cell.post.skill}» را که پست «{cell.post.name}» لازم دارد ندارد."
    if worker.under_18 and cell.night:
        return f"«{worker.name}» زیر {fa(rules.young_worker_age)} سال است و کار شبانه ندارد ({article('83')})."
    limit = daily_limit_minutes(law_worker(worker), rules)
    if limit is not None and cell.minutes > limit:
        number = "52" if worker.hazardous else "51"
        return (f"نوبت «{cell.turn.name}» {hours_text(cell.minutes)} ساعت است و «{worker.name}» بیش از "
                f"{hours_text(limit)} ساعت در روز کار نمی‌کند ({article(number)}).")
    if day in worker.days_off:
        return f"«{worker.name}» در {day_label(plan.setup, day)} مرخصی یا روز استراحت دارد."
    return None


Pins = Mapping[tuple[str, int], str | None]  # (worker key, day) -> cell id, or None for a day off


def pin_problems(plan: Plan, pins: Pins) -> list[str]:
    """Why these hand-set cells can never be part of a lawful roster (Persian), each cell and then all together."""
    workers = {w.key: w for w in plan.setup.workers}
    problems = []
    for (worker_key, day), cid in sorted(pins.items()):
        worker = workers.get(worker_key)
        if worker is None:
            problems.append("کارگر یکی از خانه‌های تثبیت‌شده دیگر فعال نیست.")
            continue
        if not 0 <= day < plan.setup.horizon:
            problems.append(f"خانهٔ تثبیت‌شدهٔ «{worker.name}» بیرون از بازهٔ برنامه است.")
            continue
        if cid is not None:
            reason = eligibility_problem(plan, worker, day, cid)
            if reason:
                problems.append(reason)
    if problems:
        return problems
    only_pins = [[pins.get((w.key, day)) for day in range(plan.setup.horizon)] for w in plan.setup.workers]
    return [describe_violation(plan, v) for v in law_violations(plan, only_pins)]


# ---------------------------------------------------------------- cover and why it falls short


@dataclass(frozen=True)
class Shortfall:
    day: int
    cell: str
    required: int
    staffed: int

    @property
    def missing(self) -> int:
        return self.required - self.staffed


def shortfalls(plan: Plan, roster) -> list[Shortfall]:
    found = []
    for day in range(plan.setup.horizon):
        counts = Counter(line[day] for line in roster if line[day] is not OFF)
        for cid in plan.cells:
            required = plan.required(day, cid)
            if counts[cid] < required:
                found.append(Shortfall(day, cid, required, counts[cid]))
    return found


def most_shifts_of(plan: Plan, worker: WorkerSpec, minutes: int, night: bool) -> int:
    """labour_law.most_shifts for a worker of the plan, with the contract cap of one who may not work
    overtime."""
    lw = law_worker(worker)
    may_overtime = overtime_allowed(lw, [plan.cells[cid] for cid in plan.takes[worker.key]], plan.setup.rules)
    return most_shifts(lw, minutes, plan.setup.horizon, night,
                       None if may_overtime else contract_minutes(worker, plan.setup.horizon), plan.setup.rules)


def may_work_cell(worker: WorkerSpec, cell: Cell, rules: LabourLawRules) -> bool:
    """Skill and hazard, the night ban under 18 (Art. 83) and the daily limit (Art. 51, 52) let the worker take
    this cell on some day."""
    if not worker.may_take(cell.post) or (worker.under_18 and cell.night):
        return False
    limit = daily_limit_minutes(law_worker(worker), rules)
    return limit is None or cell.minutes <= limit


def cover_reason(plan: Plan, day: int, cid: str, required: int) -> str:
    """Why a post's shift cannot have `required` people on this day: the first rule that leaves too few."""
    cell = plan.cells[cid]
    rules = plan.setup.rules
    skilled = [w for w in plan.setup.workers if w.may_take(cell.post)]
    if len(skilled) < required:
        if cell.post.hazardous:
            who = "کارگر ثبت‌شده برای کار سخت و زیان‌آور"
            if cell.post.skill:
                who += f" با مهارت «{cell.post.skill}»"
        elif cell.post.skill:
            who = f"کارگر با مهارت «{cell.post.skill}»"
        else:
            who = "کارگر"
        return f"فقط {fa(len(skilled))} {who} هست."
    pool = skilled
    if cell.night:
        adults = [w for w in pool if not w.under_18]
        if len(adults) < required:
            return (f"از {fa(len(pool))} کارگری که این پست را می‌گیرند فقط {fa(len(adults))} نفر مجاز به کار "
                    f"شبانه‌اند؛ کارگران زیر {fa(rules.young_worker_age)} سال کار شبانه ندارند ({article('83')}).")
        pool = adults
    fitting = [w for w in pool if (limit := daily_limit_minutes(law_worker(w), rules)) is None
               or cell.minutes <= limit]
    if len(fitting) < required:
        return (f"نوبت {hours_text(cell.minutes)} ساعته است و فقط {fa(len(fitting))} نفر مجاز به کار بیش از "
                f"{fa(rules.max_daily_hours)} ساعت در روزند ({article('51')} و {article('52')}).")
    pool = fitting
    present = [w for w in pool if day not in w.days_off]
    if len(present) < required:
        return (f"{fa(len(pool) - len(present))} نفر از {fa(len(pool))} کارگر این پست در این روز مرخصی یا روز "
                f"استراحت دارند.")
    # Enough people on the day: the whole shifts the Law lets them work over the horizon are the limit. The
    # cells judged together are those only this pool may work, so that the bound never counts on anyone else.
    judged = [other for other in plan.cells.values()
              if any(may_work_cell(w, other, rules) for w in pool)
              and all(w in pool for w in plan.setup.workers if may_work_cell(w, other, rules))]
    needed = [(other, sum(plan.required(d, other.id) for d in range(plan.setup.horizon))) for other in judged]
    demand = sum(count * other.minutes for other, count in needed)
    only_nights = all(other.night for other, count in needed if count)
    other_posts = {other.post.key for other, count in needed if count} - {cell.post.key}
    shifts_each = [most_shifts_of(plan, w, cell.minutes, only_nights) for w in pool]
    capacity = sum(shifts_each) * cell.minutes
    if demand > capacity:
        binding = Counter(hours_period(law_worker(w), rules)[2] for w in pool).most_common(1)[0][0]
        days, hours, _ = hours_period(law_worker(next(w for w in pool
                                                       if hours_period(law_worker(w), rules)[2] == binding)), rules)
        period = "هفته" if days == 7 else f"{fa(days // 7)} هفته"
        per_period = hours * 60 // cell.minutes
        limits = (f"{fa(hours)} ساعت در {period} ({article(binding)})، یعنی حداکثر {fa(per_period)} نوبت "
                  f"{hours_text(cell.minutes)} ساعته در {period}، حداکثر {fa(7 - rules.weekly_rest_days)} روز کار در "
                  f"هفته ({article('62')})")
        if only_nights:
            limits += f" و حداکثر {fa(rules.max_consecutive_nights)} شب پیاپی (قاعدهٔ کارگاه)"
        missing = math.ceil((demand - capacity) / cell.minutes)
        minors = [w for w in skilled if w.under_18] if cell.night else []
        young = (f"کارگران زیر {fa(rules.young_worker_age)} سال کار شبانه ندارند ({article('83')}) و "
                 f"{fa(len(minors))} نفر از کارگران این پست برای شب به کار نمی‌آیند. ") if minors else ""
        own = {other.id for other, count in needed if count and other.post.key == cell.post.key}
        all_own = {c.id for c in plan.cells.values() if c.post.key == cell.post.key
                   and any(plan.required(d, c.id) for d in range(plan.setup.horizon))}
        what = "این پست" if own == all_own else (
            f"نوبت «{'، '.join(sorted({plan.cells[c].turn.name for c in own}))}» این پست")
        if other_posts:
            what += " و پست‌های هم‌مهارت آن"
        who = ("تنها کارگری که می‌تواند آن را بگیرد حداکثر" if len(pool) == 1 else
               f"{fa(len(pool))} کارگری که می‌توانند آن را بگیرند روی هم حداکثر")
        return (f"{young}{what} در کل برنامه {hours_text(demand)} ساعت کار لازم دارد ولی {who} "
                f"{fa(sum(shifts_each))} نوبت ({hours_text(capacity)} ساعت) کار مجاز "
                f"{'دارد' if len(pool) == 1 else 'دارند'}: {limits}؛ پس دست‌کم {fa(missing)} نوبت بی‌کارگر می‌ماند.")
    return (f"ساعات مجاز {fa(len(pool))} کارگری که این پست را می‌گیرند روی هم کافی است، ولی روز استراحت هفتگی "
            f"({article('62')})، حداقل {fa(rules.min_rest_between_shifts_hours)} ساعت استراحت میان دو نوبت و سقف "
            f"ساعات هر کارگر در این روز جا نگذاشت؛ با زمان حل بیشتر دوباره بسازید، و اگر کمبود ماند، کارگر بیشتری "
            f"با این مهارت لازم است.")


def explain_shortfalls(plan: Plan, found: list[Shortfall], limit: int = 8) -> list[str]:
    """One Persian sentence per post, shift and reason: the first day it falls short, how often, and why."""
    groups: dict[tuple[str, str], list[Shortfall]] = defaultdict(list)
    for item in found:
        reason = cover_reason(plan, item.day, item.cell, item.required)
        groups[(plan.cells[item.cell].post.key, reason)].append(item)
    messages = []
    for (_, reason), items in sorted(groups.items(), key=lambda kv: (kv[1][0].day, kv[0][0])):
        first = items[0]
        cell = plan.cells[first.cell]
        text = (f"{day_label(plan.setup, first.day)} — پست «{cell.post.name}»، نوبت «{cell.turn.name}»: "
                f"{fa(first.required)} نفر لازم است و {fa(first.staffed)} نفر گذاشته شد. {reason}")
        if len(items) > 1:
            missing = sum(i.missing for i in items)
            text += (f" (کمبود در {fa(len(items))} نوبت از این پست تا {day_label(plan.setup, items[-1].day)}، "
                     f"روی هم {fa(missing)} نفر-نوبت)")
        messages.append(text)
    if len(messages) > limit:
        rest = len(messages) - limit
        messages = messages[:limit] + [f"و {fa(rest)} مورد دیگر."]
    return messages


def structural_problems(setup: Setup) -> list[str]:
    problems = []
    if not setup.turns:
        problems.append("هنوز نوبتی برای این واحد تعریف نشده است.")
    if not setup.posts:
        problems.append("هنوز پستی برای این واحد تعریف نشده است.")
    if not setup.workers:
        problems.append("هنوز کارگر فعالی برای این واحد ثبت نشده است.")
    return problems


# ---------------------------------------------------------------- solving


@dataclass
class Solved:
    roster: list[list[str | None]]
    status: str
    objective: int | None
    repairs: int
    wall_time: float
    shortfalls: list[Shortfall]
    explanations: list[str]


def _repair_cells(plan: Plan, roster, violations: list[LawViolation]) -> set[tuple[str, int]]:
    """Cells to pin off so that the next solve cannot repeat these breaches: the first day beyond each run
    (nights, working days), the later shift of a short rest, the last worked day of an over-long window."""
    index = {w.key: i for i, w in enumerate(plan.setup.workers)}
    flagged = {(v.article, v.worker, v.day) for v in violations}
    cells = set()
    for v in violations:
        line = roster[index[v.worker]] if v.worker in index else None
        if line is None:
            continue
        if v.article in ("nights setting", "62"):
            if (v.article, v.worker, v.day - 1) not in flagged:
                cells.add((v.worker, v.day))
        elif v.article == "rest setting":
            cells.add((v.worker, v.day + 1))
        elif v.article in ("83",) or (v.article in ("51", "52") and "in a day" in v.detail):
            cells.add((v.worker, v.day))
        else:  # hours over a window (or over the contract): give up the last worked day in it
            first = v.day or 0
            days = 28 if v.article == "57" else 7 if v.article in ("51", "52") else len(line)
            worked = [d for d in range(first, min(len(line), first + days)) if line[d] is not OFF]
            if worked:
                cells.add((v.worker, worked[-1]))
    return cells


def no_roster_reason(plan: Plan, result) -> str:
    """Why the engine returned no roster, in Persian: out of time, or one worker's rules with the pins."""
    if result.status == "UNKNOWN":
        return NO_ROSTER_IN_TIME
    who = result.stats.get("infeasible_employee")
    if who:
        name = plan.worker(who).name
        return (f"قواعد قانون کار با خانه‌های تثبیت‌شدهٔ «{name}» هیچ برنامهٔ مجازی برای او نمی‌گذارند؛ "
                "تثبیت‌های او را بردارید یا مرخصی‌ها و ساعت قراردادش را بازبینی کنید.")
    return NO_ROSTER_WITH_PINS


def solve_plan(plan: Plan, pins: Pins | None = None, time_limit_s: float = DEFAULT_TIME_LIMIT_S, seed: int = 0,
               initial=None, max_repairs: int = 8, stop=None, on_best=None) -> Solved:
    """The best lawful roster found in about `time_limit_s` seconds (more when it must be repaired), with the
    hand-set cells kept; RosterInfeasible (Persian reasons) when there is none. `stop` and `on_best` go to the
    engine (solver.solve): the running job's cancel and its progress."""
    pins = dict(pins or {})
    problems = structural_problems(plan.setup) or pin_problems(plan, pins)
    if problems:
        raise RosterInfeasible(problems)
    started = time.monotonic()
    working_pins = dict(pins)
    hooks = {"stop": stop, "on_best": on_best}
    result = solve(plan.problem, time_limit_s=time_limit_s, seed=seed, pinned=working_pins, initial=initial,
                   **hooks)
    repairs = 0
    while True:
        if stop is not None and stop.is_set():
            break  # the caller asked to stop: it discards what was found
        if result.roster is None:
            raise RosterInfeasible([no_roster_reason(plan, result)])
        violations = law_violations(plan, result.roster)
        if not violations:
            break
        cells = _repair_cells(plan, result.roster, violations) - set(pins)
        if repairs >= max_repairs or not cells:
            broken = " ".join(describe_violation(plan, v) for v in violations[:5])
            raise RosterInfeasible([f"برنامهٔ حل‌کننده قاعده‌ای را می‌شکست و کنار گذاشته شد: {broken}"])
        repaired = [list(line) for line in result.roster]
        index = {w.key: i for i, w in enumerate(plan.setup.workers)}
        for worker_key, day in cells:
            working_pins[(worker_key, day)] = OFF
            repaired[index[worker_key]][day] = OFF
        repairs += 1
        result = solve(plan.problem, time_limit_s=max(0.5, time_limit_s / 4), seed=seed + repairs,
                       pinned=working_pins, initial=repaired, **hooks)
    found = shortfalls(plan, result.roster) if result.roster is not None else []
    return Solved(roster=result.roster, status=result.status, objective=result.objective, repairs=repairs,
                  wall_time=round(time.monotonic() - started, 2), shortfalls=found,
                  explanations=explain_shortfalls(plan, found))


# ================================================================================================================
# The unit's data and its rosters (Django)


def unit_queryset():
    from rownaq.registry.models import Organisation

    from .models import UNIT_KINDS

    return Organisation.objects.filter(kind__in=UNIT_KINDS).select_related("county", "estate")


def visible_units(user):
    return scoping.restrict(unit_queryset(), user, scoping.VIEW).order_by("name")


def plannable_units(user):
    """Units whose shifts the user may plan: their own (members) or those in the places they edit (staff)."""
    return scoping.restrict(unit_queryset(), user, scoping.CHANGE).order_by("name")


def may_plan(user, unit) -> bool:
    return plannable_units(user).filter(pk=unit.pk).exists()


def add_workers(unit, names: list[str], **terms) -> list:
    """Workers with the same terms (skills, hazardous, shift_worker, contract_hours, hourly_wage), one per name, all
    or none; one by one, so each is change-logged."""
    from .models import Worker

    with transaction.atomic():
        return [Worker.objects.create(unit=unit, name=name, **terms) for name in names]


def setup_for(roster, rules: LabourLawRules = IRAN_LABOUR_LAW) -> tuple[Setup, dict]:
    """The roster's unit as plain data, and the model objects by key (turns, posts, workers)."""
    from .models import Post, Shift, Worker, WorkerRequest

    unit = roster.unit
    shifts = list(Shift.objects.filter(unit=unit))
    posts = list(Post.objects.filter(unit=unit).prefetch_related("demands"))
    pinned_workers = roster.assignments.filter(pinned=True).values_list("worker_id", flat=True)
    workers = list(Worker.objects.filter(unit=unit).filter(
        _active_or_listed(pinned_workers)).distinct().order_by("name", "pk"))
    first, last = roster.first_date, roster.last_date
    requests = defaultdict(list)
    for request in WorkerRequest.objects.filter(worker__in=workers, date__gte=first, date__lte=last):
        requests[request.worker_id].append(request)

    turns = tuple(TurnSpec(str(s.pk), s.name, s.start, s.minutes) for s in shifts)
    post_specs = tuple(PostSpec(str(p.pk), p.name, p.skill_key, p.hazardous,
                                {(str(d.shift_id), d.weekday): d.required for d in p.demands.all()})
                       for p in posts)
    worker_specs = []
    for w in workers:
        days_off, prefer, avoid = set(), [], []
        for request in requests[w.pk]:
            day = (request.date - first).days
            if request.kind == request.Kind.DAY_OFF:
                days_off.add(day)
            elif request.kind == request.Kind.PREFER and request.shift_id:
                prefer.append((day, str(request.shift_id)))
            elif request.kind == request.Kind.AVOID:
                avoid.append((day, str(request.shift_id) if request.shift_id else None))
        worker_specs.append(worker_spec(w, first, days_off=frozenset(days_off), prefer=tuple(prefer),
                                        avoid=tuple(avoid)))
    setup = Setup(name=f"roster-{roster.pk}", first_date=first, horizon=roster.horizon, turns=turns,
                  posts=post_specs, workers=tuple(worker_specs), rules=rules)
    objects = {"turns": {str(s.pk): s for s in shifts}, "posts": {str(p.pk): p for p in posts},
               "workers": {str(w.pk): w for w in workers}}
    return setup, objects


def worker_spec(w, first: dt.date, **requests) -> WorkerSpec:
    """A worker of the unit as plain data, as the Law sees them on the roster's first day."""
    return WorkerSpec(key=str(w.pk), name=w.name, skills=w.skill_set, hazardous=w.hazardous,
                      under_18=w.is_under_18(first), shift_worker=w.shift_worker,
                      overtime_consent=w.overtime_consent, contract_hours=w.contract_hours, **requests)


def _active_or_listed(worker_ids):
    from django.db.models import Q

    return Q(active=True) | Q(pk__in=list(worker_ids))


def plan_for(roster) -> tuple[Plan, dict]:
    setup, objects = setup_for(roster)
    return build_plan(setup), objects


def pins_of(roster) -> dict[tuple[str, int], str | None]:
    pins = {}
    for a in roster.assignments.filter(pinned=True):
        day = (a.date - roster.first_date).days
        pins[(str(a.worker_id), day)] = cell_id(str(a.post_id), str(a.shift_id)) if a.shift_id else None
    return pins


def stored_matrix(roster, plan: Plan) -> list[list[str | None]]:
    """The stored roster as the engine's rows (cell ids), in the plan's worker order."""
    index = {w.key: i for i, w in enumerate(plan.setup.workers)}
    matrix = [[OFF] * plan.setup.horizon for _ in plan.setup.workers]
    for a in roster.assignments.filter(shift__isnull=False):
        row = index.get(str(a.worker_id))
        day = (a.date - roster.first_date).days
        if row is not None and 0 <= day < plan.setup.horizon:
            matrix[row][day] = cell_id(str(a.post_id), str(a.shift_id))
    return matrix


def stored_violations(roster) -> list[LawViolation]:
    """labour_law.check on the roster as stored: the hours kept on each assignment, the workers as they are now."""
    plan, _ = plan_for(roster)
    definitions: dict[str, ShiftDefinition] = {}
    index = {w.key: i for i, w in enumerate(plan.setup.workers)}
    lines = [[OFF] * plan.setup.horizon for _ in plan.setup.workers]
    for a in roster.assignments.filter(shift__isnull=False):
        key = f"{a.post_id}/{a.shift_id}@{a.start:%H%M}+{a.minutes}"
        definitions[key] = ShiftDefinition(key, a.start, a.minutes)
        row = index.get(str(a.worker_id))
        if row is not None:
            lines[row][(a.date - roster.first_date).days] = key
    return check(list(definitions.values()), plan.law_workers, lines, plan.setup.rules)


@dataclass(frozen=True)
class FairShare:
    """One worker's nights, Fridays and weekend days (Thursday and Friday) against the fair shares the engine
    aimed at, and the backward rotations in the worker's line."""
    worker: str
    counts: dict[str, tuple[int, int | None]]  # balance name -> (worked, fair share or None)
    backward: int

    @property
    def over(self) -> bool:
        return any(share is not None and count > share for count, share in self.counts.values())


FAIR_SHARE_NAMES = {"nights": "شب", "fridays": "جمعه", "weekend": "پنجشنبه و جمعه"}


def fair_shares_of(plan: Plan, matrix) -> list[FairShare]:
    """For each worker of `plan`, the soft goals of `matrix` (the engine's rows): pure, used on stored rosters."""
    setup, problem = plan.setup, plan.problem
    fridays, weekend = rest_days(setup.horizon, setup.first_date.weekday(), setup.rules)
    counted = {"nights": lambda day, cid: plan.cells[cid].night,
               "fridays": lambda day, cid: day in fridays,
               "weekend": lambda day, cid: day in weekend}
    turn = {cid: TURN_ORDER[c.definition.turn()] for cid, c in plan.cells.items()}
    balances = {b.name: b for b in problem.balances}
    rows = []
    for worker, line in zip(setup.workers, matrix):
        counts = {}
        for name, counts_cell in counted.items():
            worked = sum(1 for day, cid in enumerate(line) if cid is not OFF and counts_cell(day, cid))
            balance = balances.get(name)
            counts[name] = (worked, balance.targets.get(worker.key) if balance else None)
        backward = sum(1 for a, b in zip(line, line[1:]) if a is not OFF and b is not OFF and turn[b] < turn[a])
        rows.append(FairShare(worker.key, counts, backward))
    return rows


def _current_initial(roster, plan: Plan, pins: Pins):
    """The stored roster with the pins applied, when it is still lawful under today's data: a warm start that
    keeps a re-solve close to what people already saw."""
    if not roster.assignments.exists():
        return None
    matrix = stored_matrix(roster, plan)
    index = {w.key: i for i, w in enumerate(plan.setup.workers)}
    for (worker_key, day), cid in pins.items():
        if worker_key in index:
            matrix[index[worker_key]][day] = cid
    if not engine_check(plan.problem, matrix).feasible or law_violations(plan, matrix):
        return None
    return matrix


def solver_time_limit(requested: float | None = None) -> float:
    default = getattr(settings, "SHIFTS_SOLVER_TIME_LIMIT_S", DEFAULT_TIME_LIMIT_S)
    value = float(requested) if requested else float(default)
    return max(1.0, min(value, float(settings.SHIFTS_SOLVER_MAX_TIME_LIMIT_S)))


def _check_open(roster) -> None:
    if roster.is_approved:
        raise PlanningError("این برنامه تأیید شده است؛ برای تغییر، نخست آن را از تأیید خارج کنید.")


def generate(roster, user=None, time_limit_s: float | None = None, seed: int = 0,
             new_pin: tuple | None = None, progress=None) -> Solved:
    """Solve the roster again around its pinned cells (and `new_pin`: (worker, date, shift, post) or a day off
    with shift and post None), check it against the Law and store it. Nothing is stored when it fails or when
    `progress` (a running job's, core.jobs) is asked to stop. Runs as a task (shifts/tasks.py): start_generate."""
    _check_open(roster)
    plan, objects = plan_for(roster)
    pins = pins_of(roster)
    snapshot = dict(pins)
    if new_pin is not None:
        worker, date, shift, post = new_pin
        day = (date - roster.first_date).days
        if str(worker.pk) not in objects["workers"]:
            raise PlanningError(f"«{worker}» کارگر فعال این واحد نیست.")
        if not 0 <= day < roster.horizon:
            raise PlanningError("این روز در بازهٔ برنامه نیست.")
        pins[(str(worker.pk), day)] = cell_id(str(post.pk), str(shift.pk)) if shift is not None else None
    initial = _current_initial(roster, plan, pins)
    limit = solver_time_limit(time_limit_s)
    hooks = {}
    if progress is not None:
        improvements = []

        def on_best(objective: int, seconds: float) -> None:
            improvements.append(objective)
            progress.update(objective=objective, improvement_count=len(improvements))
            progress.append("improvements", [round(seconds, 1), objective])

        progress.update(stage="جست‌وجوی بهترین برنامه", time_limit=round(limit),
                        ends_at=(timezone.now() + dt.timedelta(seconds=limit)).isoformat())
        hooks = {"stop": progress.stop, "on_best": on_best}
    solved = solve_plan(plan, pins, limit, seed=seed, initial=initial, **hooks)
    if progress is not None:
        progress.check()  # cancelled (or the worker stopping): nothing is stored
        progress.update(stage="بررسی با قانون کار و ذخیره")
    _store(roster, plan, objects, solved, pins, snapshot, new_pin)
    return solved


def solve_title(roster, new_pin=None) -> str:
    if new_pin is not None:
        return f"تثبیت یک خانه و حل دوبارهٔ «{roster}»"
    return f"ساخت برنامهٔ «{roster}»"


def start_generate(roster, user=None, time_limit_s: float | None = None, new_pin: tuple | None = None,
                   seed: int = 0):
    """Queue a solve of the roster (generate, as a task) and return its core.Job at once; a roster has one solve
    at a time (a second request gets the running one)."""
    from rownaq.core import jobs

    from .tasks import solve_roster

    _check_open(roster)
    if new_pin is not None:
        worker, date, shift, post = new_pin
        if (shift is None) != (post is None):
            raise PlanningError("برای تثبیت یک نوبت، هم نوبت و هم پست را انتخاب کنید؛ یا «استراحت» را.")
        for obj in (worker, shift, post):
            if obj is not None and obj.unit_id != roster.unit_id:
                raise PlanningError("این مورد از آنِ واحد این برنامه نیست.")
        # a pin the Law forbids is refused at once, in the request (building the plan is quick; solving is not)
        plan, objects = plan_for(roster)
        if str(worker.pk) not in objects["workers"]:
            raise PlanningError(f"«{worker}» کارگر فعال این واحد نیست.")
        day = (date - roster.first_date).days
        if not 0 <= day < roster.horizon:
            raise PlanningError("این روز در بازهٔ برنامه نیست.")
        pins = pins_of(roster)  # with the cells already pinned: a pin may clash with one of them
        pins[(str(worker.pk), day)] = cell_id(str(post.pk), str(shift.pk)) if shift is not None else None
        problems = pin_problems(plan, pins)
        if problems:
            raise RosterInfeasible(problems)
    subject = jobs.subject_of(roster)
    running = jobs.active_for(subject)
    if running is not None:
        return running
    pin_ids = None
    if new_pin is not None:
        worker, date, shift, post = new_pin
        pin_ids = [worker.pk, date.isoformat(), shift.pk if shift else None, post.pk if post else None]
    return jobs.start(solve_roster, roster.pk, time_limit_s=solver_time_limit(time_limit_s), new_pin=pin_ids, seed=seed,
                      title=solve_title(roster, new_pin), user=user, subject=subject,
                      url=roster.get_absolute_url())


def solved_message(solved: Solved, what: str) -> str:
    if solved.shortfalls:
        return f"{what} ولی همهٔ نیازها پوشش داده نشد: " + " ".join(solved.explanations)
    return f"{what}؛ همهٔ نیازها پوشش داده شد و هیچ قاعده‌ای از قانون کار شکسته نشد."


def _store(roster, plan: Plan, objects: dict, solved: Solved, pins: Pins, snapshot: Pins, new_pin) -> None:
    from .models import Assignment, Roster

    with transaction.atomic():
        locked = Roster.objects.select_for_update().get(pk=roster.pk)
        if pins_of(locked) != snapshot or locked.is_approved:
            raise RosterChanged("برنامه در این فاصله تغییر کرده است؛ صفحه را تازه کنید و دوباره بکوشید.")
        locked.assignments.filter(pinned=False).delete()
        cells = plan.cells
        if new_pin is not None:
            worker, date, shift, post = new_pin
            cid = cell_id(str(post.pk), str(shift.pk)) if shift is not None else None
            definition = cells[cid].definition if cid else None
            existing = locked.assignments.filter(worker=worker, date=date).first() or Assignment(
                roster=locked, worker=worker, date=date)
            existing.shift, existing.post, existing.pinned = shift, post, True
            existing.start = definition.start if definition else None
            existing.minutes = definition.minutes if definition else 0
            existing.save()
        rows = []
        for w, line in zip(plan.setup.workers, solved.roster):
            for day, cid in enumerate(line):
                if (w.key, day) in pins or cid is OFF:
                    continue
                c = cells[cid]
                rows.append(Assignment(roster=locked, worker=objects["workers"][w.key],
                                       date=roster.first_date + dt.timedelta(days=day),
                                       shift=objects["turns"][c.turn.key], post=objects["posts"][c.post.key],
                                       start=c.definition.start, minutes=c.definition.minutes, pinned=False))
        Assignment.objects.bulk_create(rows)
        required_total = sum(plan.required(d, cid) for d in range(plan.setup.horizon) for cid in cells)
        missing = sum(s.missing for s in solved.shortfalls)
        locked.summary = {
            "solver_status": solved.status,
            "objective": solved.objective,
            "wall_time": solved.wall_time,
            "repairs": solved.repairs,
            "shifts_worked": sum(1 for line in solved.roster for cid in line if cid is not OFF),
            "required": required_total,
            "missing": missing,
            "pins": len(pins),
            "workers": len(plan.setup.workers),
            "law_checked": True,
            "shortfalls": [{"date": plan.setup.date(s.day).isoformat(), "post": cells[s.cell].post.name,
                            "shift": cells[s.cell].turn.name, "required": s.required, "staffed": s.staffed}
                           for s in solved.shortfalls[:200]],
            "explanations": solved.explanations,
        }
        locked.status = Roster.Status.GENERATED
        locked.generated_at = timezone.now()
        locked.save()
    roster.refresh_from_db()


def pin(roster, worker, date: dt.date, shift=None, post=None, user=None, time_limit_s: float | None = None):
    """Set one cell by hand (a shift on a post, or a day off) and solve the rest again around it."""
    if (shift is None) != (post is None):
        raise PlanningError("برای تثبیت یک نوبت، هم نوبت و هم پست را انتخاب کنید؛ یا «استراحت» را.")
    for obj in (worker, shift, post):
        if obj is not None and obj.unit_id != roster.unit_id:
            raise PlanningError("این مورد از آنِ واحد این برنامه نیست.")
    return generate(roster, user, time_limit_s=time_limit_s, new_pin=(worker, date, shift, post))


def unpin(roster, worker, date: dt.date, user=None) -> bool:
    """Free a hand-set cell; the roster stays as it is (and lawful) until it is solved again."""
    _check_open(roster)
    cell = roster.assignments.filter(worker=worker, date=date, pinned=True).first()
    if cell is None:
        return False
    if cell.shift_id is None:
        cell.delete()
    else:
        cell.pinned = False
        cell.save()
    return True


def approve(roster, user=None) -> None:
    from .models import Roster

    if roster.status != Roster.Status.GENERATED:
        raise PlanningError("فقط برنامه‌ای که ساخته شده است تأیید می‌شود.")
    roster.status = Roster.Status.APPROVED
    roster.save()


def reopen(roster, user=None) -> None:
    from .models import Roster

    if roster.status != Roster.Status.APPROVED:
        raise PlanningError("این برنامه تأییدشده نیست.")
    roster.status = Roster.Status.GENERATED
    roster.save()


# ---------------------------------------------------------------- views of a roster


@dataclass
class GridCell:
    date: dt.date
    assignment: object | None

    @property
    def code(self) -> str:
        a = self.assignment
        if a is None:
            return ""
        return "ا" if a.shift_id is None else a.shift.code


def roster_weeks(roster) -> list[list[dt.date]]:
    dates = roster.dates()
    return [dates[i:i + 7] for i in range(0, len(dates), 7)]


def assignments_by_cell(roster) -> dict[tuple[int, dt.date], object]:
    return {(a.worker_id, a.date): a
            for a in roster.assignments.select_related("shift", "post", "worker")}


def fair_shares(roster, workers) -> list[tuple[object, FairShare]]:
    """(worker, their fair-share figures) for the stored roster, in the order of `workers`."""
    plan, _ = plan_for(roster)
    shares = {f.worker: f for f in fair_shares_of(plan, stored_matrix(roster, plan))}
    return [(w, shares[str(w.pk)]) for w in workers if str(w.pk) in shares]


def roster_workers(roster):
    from .models import Worker

    ids = roster.assignments.values_list("worker_id", flat=True)
    return Worker.objects.filter(unit=roster.unit).filter(_active_or_listed(ids)).distinct().order_by("name", "pk")


# ---------------------------------------------------------------- premiums


@dataclass
class PremiumRow:
    worker: object
    month: JalaliMonth
    days: int  # days of the roster in this month
    hours: Decimal
    night_hours: Decimal
    normal_hours: Decimal  # paid as normal hours: neither overtime nor holiday work
    lines: dict[str, premium_rules.PremiumLine]
    total: Decimal

    def amount(self, kind: str) -> Decimal:
        line = self.lines.get(kind)
        return line.amount if line else Decimal(0)

    def line_hours(self, kind: str) -> Decimal:
        line = self.lines.get(kind)
        return line.hours if line else Decimal(0)

    def rate(self, kind: str) -> Decimal:
        line = self.lines.get(kind)
        return line.rate if line else Decimal(0)

    @property
    def shift_percent(self) -> Decimal:
        return (self.rate("shift") * 100).normalize()

    @property
    def base_wage(self) -> Decimal:
        return premium_rules.rials(self.hours * Decimal(self.worker.hourly_wage))


def premium_lines_of(roster, holidays=()) -> list[premium_rules.RosterLine]:
    """The stored roster as the premium rules see it: each worker's terms and the hours kept on the cells."""
    worked = defaultdict(list)
    for a in roster.assignments.filter(shift__isnull=False).order_by("date"):
        worked[a.worker_id].append(premium_rules.WorkedShift(a.date, a.definition()))
    return [premium_rules.RosterLine(law_worker(worker_spec(w, roster.first_date)), Decimal(w.hourly_wage),
                                     Decimal(w.contract_hours), tuple(worked[w.pk]))
            for w in roster_workers(roster) if worked[w.pk]]


def premium_rows(roster, rules: LabourLawRules = IRAN_LABOUR_LAW) -> list[PremiumRow]:
    """Premiums per worker and Jalali month of the stored roster, from premiums.roster_premiums: the Art. 56
    rate of each worker's rotation over the whole roster, Art. 58 night work of those who do not rotate, Art. 59
    overtime judged over the Law's period (4 weeks for shift workers), Art. 62 Fridays, Art. 63 holidays."""
    from rownaq.core.models import Holiday

    # Official days off for every office; one body's own closure is not a Labour Law holiday.
    holidays = Holiday.objects.filter(organisation__isnull=True, date__gte=roster.first_date,
                                      date__lte=roster.last_date + dt.timedelta(days=1)).values_list("date", flat=True)
    days_in_month = Counter(JalaliMonth.from_date(d) for d in roster.dates())
    workers = {str(w.pk): w for w in roster_workers(roster)}
    months = premium_rules.roster_premiums(premium_lines_of(roster), roster.first_date, roster.horizon,
                                           holidays=set(holidays), rules=rules)
    return [PremiumRow(worker=workers[m.worker], month=m.month, days=days_in_month[m.month], hours=m.hours,
                       night_hours=m.night_hours, normal_hours=m.normal_hours,
                       lines={line.kind: line for line in m.lines}, total=m.total) for m in months]


def premium_workbook(roster) -> bytes:
    from openpyxl import Workbook

    from rownaq.core.excel import Column, workbook_bytes, write_sheet

    def percent(kind):
        return lambda r: float(r.rate(kind) * 100) if r.rate(kind) else 0

    columns = [
        Column("کد پرسنلی", lambda r: r.worker.personnel_code, 12),
        Column("نام کارگر", lambda r: r.worker.name, 24),
        Column("ماه", lambda r: r.month.label, 14),
        Column("روزهای برنامه در ماه", lambda r: r.days, 10),
        Column("ساعات کار", lambda r: r.hours, 10),
        Column("ساعات شب", lambda r: r.night_hours, 10),
        Column("ساعات عادی (بی اضافه‌کاری و تعطیل‌کاری)", lambda r: r.normal_hours, 12),
        Column("مزد ساعتی (ریال)", lambda r: Decimal(r.worker.hourly_wage), 14),
        Column("مزد ساعات کار (ریال)", lambda r: r.base_wage, 16),
        Column("نرخ نوبت‌کاری (٪، ماده ۵۶)", percent("shift"), 12),
        Column("فوق‌العادهٔ نوبت‌کاری (ریال)", lambda r: r.amount("shift"), 16),
        Column("فوق‌العادهٔ شب‌کاری ۳۵٪ (ریال، ماده ۵۸)", lambda r: r.amount("night"), 16),
        Column("ساعات اضافه‌کاری", lambda r: r.line_hours("overtime"), 10),
        Column("اضافه‌کاری ۴۰٪ (ریال، ماده ۵۹)", lambda r: r.amount("overtime"), 16),
        Column("ساعات جمعه", lambda r: r.line_hours("friday"), 10),
        Column("فوق‌العادهٔ جمعه ۴۰٪ (ریال، ماده ۶۲)", lambda r: r.amount("friday"), 16),
        Column("ساعات تعطیل رسمی", lambda r: r.line_hours("holiday"), 10),
        Column("کار در تعطیل رسمی ۴۰٪ (ریال، ماده ۶۳)", lambda r: r.amount("holiday"), 16),
        Column("جمع فوق‌العاده‌ها (ریال)", lambda r: r.total, 16),
    ]
    wb = Workbook()
    write_sheet(wb, "فوق‌العاده‌های نوبت‌کاری", columns, premium_rows(roster), first=True)
    return workbook_bytes(wb)


# ---------------------------------------------------------------- capacity simulator


@dataclass
class SkillNeed:
    skill: str
    hazardous: bool
    registered: int
    per_shift: Decimal  # people on one shift, averaged over the week
    hourly_wage: Decimal
    now: Scenario
    three: Scenario

    @property
    def needed_now(self) -> int:
        return self.now.workers

    @property
    def needed_three(self) -> int:
        return self.three.workers

    @property
    def premium_now(self) -> Decimal:
        return self.now.premium

    @property
    def premium_three(self) -> Decimal:
        return self.three.premium

    @property
    def to_hire(self) -> int:
        return max(0, self.needed_three - self.registered)


@dataclass
class Scenario:
    """One group's simulated roster on some turns: its workers, the places it leaves empty and its premiums
    (premiums.roster_premiums, the payroll sheet's rules)."""
    lines: list[premium_rules.RosterLine]
    missing: int
    months: list[premium_rules.MonthPremiums]

    @property
    def workers(self) -> int:
        return len(self.lines)

    @property
    def premium(self) -> Decimal:
        return sum((m.total for m in self.months), Decimal(0))

    @property
    def basis(self) -> str:
        """The premium lines the roster earns, e.g. «نوبت‌کاری ۱۵٪، جمعه ۴۰٪» (Persian)."""
        names = {"shift": "نوبت‌کاری", "night": "شب‌کاری", "overtime": "اضافه‌کاری", "friday": "جمعه",
                 "holiday": "تعطیل رسمی"}
        seen = sorted({(line.kind, line.rate) for m in self.months for line in m.lines},
                      key=lambda kr: (list(names).index(kr[0]), kr[1]))
        return "، ".join(f"{names[kind]} {format_number((rate * 100).normalize())}٪" for kind, rate in seen)


@dataclass
class ProductOutput:
    name: str
    unit_label: str
    monthly_capacity: Decimal | None
    utilisation: Decimal | None  # %, recent accepted reports
    utilisation_is_estimate: bool
    output_now: Decimal | None
    utilisation_three: Decimal | None
    output_three: Decimal | None

    @property
    def gain(self) -> Decimal | None:
        if self.output_now is None or self.output_three is None:
            return None
        return self.output_three - self.output_now


@dataclass
class Simulation:
    unit: object
    current_shifts: int
    shifts_source: str
    shift_hours: Decimal
    skills: list[SkillNeed]
    products: list[ProductOutput]
    reports_used: list
    employees_by_shift_now: list[int]
    employees_by_shift_three: list[int]
    first_date: dt.date  # of the four-week rosters the figures come from
    horizon: int
    rules: LabourLawRules = IRAN_LABOUR_LAW

    @property
    def last_date(self) -> dt.date:
        return self.first_date + dt.timedelta(days=self.horizon - 1)

    @property
    def missing_three(self) -> int:
        return sum(s.three.missing for s in self.skills)

    @property
    def workers_now(self) -> int:
        return sum(s.needed_now for s in self.skills)

    @property
    def workers_three(self) -> int:
        return sum(s.needed_three for s in self.skills)

    @property
    def registered(self) -> int:
        return sum(s.registered for s in self.skills)

    @property
    def to_hire(self) -> int:
        return sum(s.to_hire for s in self.skills)

    @property
    def premium_now(self) -> Decimal:
        return sum((s.premium_now for s in self.skills), Decimal(0))

    @property
    def premium_three(self) -> Decimal:
        return sum((s.premium_three for s in self.skills), Decimal(0))


STANDARD_STARTS = (dt.time(6), dt.time(14), dt.time(22))  # morning, evening, night (Art. 53 and 55)
SIMULATED_WEEKS = 4


def simulated_turns(shifts, minutes: int, hazardous: bool, rules: LabourLawRules = IRAN_LABOUR_LAW
                    ) -> list[ShiftDefinition]:
    """The three turns of a simulation: the unit's shifts in its order, and for a turn it does not have yet the
    standard start with the unit's usual length; hazardous posts' turns cut to 6 h (Art. 52)."""
    turns = []
    for t in range(3):
        start, length = (shifts[t].start, shifts[t].minutes) if t < len(shifts) else (STANDARD_STARTS[t], minutes)
        if hazardous:
            length = min(length, rules.hazardous_max_daily_hours * 60)
        turns.append(ShiftDefinition(str(t), start, length))
    return turns


def simulated_scenario(rows: list[list[int]], turns: list[ShiftDefinition], hazardous: bool, prefix: str,
                       wage: Decimal, first: dt.date, horizon: int, holidays, rules: LabourLawRules
                       ) -> Scenario:
    """The roster of a group's head-count rows (per turn, per Iranian weekday) over the horizon, and its premiums
    by the payroll sheet's rules."""
    need = {(turns[t].id, wd): people for t, row in enumerate(rows) for wd, people in enumerate(row) if people}
    days = simulation.needed_per_day(need, turns,
                                     [iranian_weekday(first + dt.timedelta(days=d)) for d in range(horizon)])
    staffing = simulation.staff(turns, days, hazardous, prefix, rules)
    by_id = {t.id: t for t in turns}
    weekly = Decimal(rules.hazardous_max_weekly_hours if hazardous else rules.max_weekly_hours)
    lines = [premium_rules.RosterLine(w, wage, weekly, premium_rules.worked_shifts(line, by_id, first))
             for w, line in zip(staffing.workers, staffing.roster)]
    months = premium_rules.roster_premiums(lines, first, horizon, holidays=holidays, rules=rules)
    return Scenario(lines=lines, missing=staffing.missing, months=months)


def simulation_start(today: dt.date) -> dt.date:
    """The first Saturday on or after the first day of the coming Jalali month."""
    first = JalaliMonth.from_date(today).next().first_day()
    return first + dt.timedelta(days=(-iranian_weekday(first)) % 7)


def current_shift_count(unit) -> tuple[int, str, list]:
    from rownaq.reporting.models import MonthlyReport

    reports = list(MonthlyReport.objects.filter(organisation=unit, status=MonthlyReport.Status.ACCEPTED)
                   .order_by("-period_index")[:3])
    for report in reports:
        if report.shifts_worked:
            return report.shifts_worked, f"گزارش ماهانهٔ {report.period.label}", reports
    if unit.usual_shifts:
        return unit.usual_shifts, "پروندهٔ واحد (تعداد نوبت معمول)", reports
    return 1, "فرض یک نوبت (داده‌ای ثبت نشده است)", reports


def simulate(unit, today: dt.date | None = None) -> Simulation:
    """What moving to three shifts would need and give, beside today's figures. Needs: for each group of posts
    (skill, hazardous), the fewest workers with a lawful four-week roster that covers its head-count (today's
    turns, and three turns), and that roster's premiums by the payroll sheet's rules. Gives: output from the
    unit's product capacities and recent utilisation.

    A post staffed on every turn the unit works today runs with production: with three shifts it takes its own
    figure on a turn it has, the busiest turn's on one it does not work yet. A post staffed on some turns only
    (a night guard) keeps its own turns in both."""
    from rownaq.core.models import Holiday
    from rownaq.registry.models import Product
    from rownaq.reporting.models import ProductionLine

    from .models import Post, Shift, Worker

    rules = IRAN_LABOUR_LAW
    current, source, reports = current_shift_count(unit)
    current = max(1, min(3, current))
    shifts = list(Shift.objects.filter(unit=unit))
    minutes = round(sum(s.minutes for s in shifts) / len(shifts)) if shifts else rules.max_daily_hours * 60
    first = simulation_start(today or timezone.localdate())
    horizon = SIMULATED_WEEKS * 7
    holidays = set(Holiday.objects.filter(organisation__isnull=True, date__gte=first,
                                          date__lte=first + dt.timedelta(days=horizon)).values_list("date", flat=True))
    workers = list(Worker.objects.filter(unit=unit, active=True))
    posts = list(Post.objects.filter(unit=unit).prefetch_related("demands"))

    turn_ids = [s.pk for s in shifts[:3]]  # in the unit's order: the first is the day shift
    groups: dict[tuple[str, bool], dict] = {}
    for post in posts:
        table = post.need_table()
        rows = [[table.get((sid, wd), 0) for wd in range(7)] for sid in turn_ids]
        if not any(map(any, rows)):
            continue
        peak = [max(row[wd] for row in rows) for wd in range(7)]
        follows_unit = all(any(rows[t]) for t in range(min(current, len(rows))))
        if follows_unit:
            now = [rows[t] if t < len(rows) else peak for t in range(current)]
            three = [rows[t] if t < len(rows) and any(rows[t]) else peak for t in range(3)]
        else:
            now = three = rows + [[0] * 7] * (3 - len(rows))
        group = groups.setdefault((post.skill_key, post.hazardous), {"now": [[0] * 7 for _ in range(3)],
                                                                     "three": [[0] * 7 for _ in range(3)]})
        for target, turn_rows in (("now", now), ("three", three)):
            for t, row in enumerate(turn_rows):
                group[target][t] = [a + b for a, b in zip(group[target][t], row)]
    skills = []
    by_shift_now = [0, 0, 0]
    by_shift_three = [0, 0, 0]
    for n, ((skill, hazardous), group) in enumerate(sorted(groups.items())):
        turns = simulated_turns(shifts, minutes, hazardous, rules)
        takers = [w for w in workers if w.hazardous == hazardous and (not skill or skill in w.skill_set)]
        wages = [Decimal(w.hourly_wage) for w in takers if w.hourly_wage]
        wage = (sum(wages) / len(wages)).quantize(Decimal(1)) if wages else Decimal(0)
        for t in range(3):
            by_shift_now[t] += max(group["now"][t])
            by_shift_three[t] += max(group["three"][t])
        skills.append(SkillNeed(
            skill=skill or "بدون مهارت خاص", hazardous=hazardous, registered=len(takers),
            per_shift=(Decimal(sum(map(sum, group["three"]))) / 21).quantize(Decimal("0.1")), hourly_wage=wage,
            now=simulated_scenario(group["now"], turns, hazardous, f"{n}-now-", wage, first, horizon, holidays,
                                   rules),
            three=simulated_scenario(group["three"], turns, hazardous, f"{n}-three-", wage, first, horizon,
                                     holidays, rules)))

    report_ids = [r.pk for r in reports]
    utilisation: dict[int, list[Decimal]] = defaultdict(list)
    for line in ProductionLine.objects.filter(report_id__in=report_ids, utilisation__isnull=False):
        utilisation[line.product_id].append(Decimal(line.utilisation))
    def share(value: Decimal | None, percent: Decimal) -> Decimal | None:
        if value is None:
            return None
        return (value * percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    products = []
    for product in Product.objects.filter(organisation=unit).order_by("name"):
        capacity = share(Decimal(product.annual_capacity) / 12, Decimal(100)) if product.annual_capacity else None
        values = utilisation.get(product.pk)
        if values:
            used, estimate = (sum(values) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), False
        else:  # no accepted report: assume the unit's present shifts use their share of three
            used, estimate = (Decimal(100) * current / 3).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), True
        three = min(Decimal(100), (used * 3 / current).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
        products.append(ProductOutput(
            name=product.name, unit_label=product.get_unit_display(), monthly_capacity=capacity, utilisation=used,
            utilisation_is_estimate=estimate, output_now=share(capacity, used), utilisation_three=three,
            output_three=share(capacity, three)))
    return Simulation(unit=unit, current_shifts=current, shifts_source=source,
                      shift_hours=(Decimal(minutes) / 60).quantize(Decimal("0.1")), skills=skills,
                      products=products, reports_used=reports, employees_by_shift_now=by_shift_now,
                      employees_by_shift_three=by_shift_three, first_date=first, horizon=horizon,
                      rules=rules)


@dataclass
class HeadcountCheck:
    """The planner's active workers against the headcount the unit reported in its latest accepted report."""

    reported: int
    planned: int
    month: JalaliMonth

    @property
    def difference(self) -> int:
        return self.planned - self.reported

    @property
    def gap(self) -> int:
        return abs(self.difference)


def headcount_check(unit, planned: int) -> HeadcountCheck | None:
    """None when the unit has no accepted report with a headcount."""
    from rownaq.reporting.models import MonthlyReport

    report = (MonthlyReport.objects.filter(organisation=unit, status=MonthlyReport.Status.ACCEPTED,
                                           employees_total__isnull=False).order_by("-period_index").first())
    if report is None:
        return None
    return HeadcountCheck(report.employees_total, planned, report.period)

