"""Operations of the shift planner: views, the API and commands call these, never each other.

The engine (problem, solver, labour_law, premiums) knows nothing of Django, and neither does the planner's pure part:
planning.py (a unit's data as a Setup, made into a Plan), solving.py (solve_plan: solved, checked against the Law,
repaired) and explanations.py (what cannot be done, in Persian). This module maps a unit's shifts, posts, workers
and requests to a Setup and back: a roster that still breaks a rule is never stored. Also here: pins, approval and
what a roster's page shows. The premium sheet is payroll.py, the capacity simulator capacity.py; a solve runs as a
task (tasks.py: start_generate).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rownaq.core import scoping

from .explanations import law_violations, pin_problems
from .labour_law import IRAN_LABOUR_LAW, TURN_ORDER, LabourLawRules, LawViolation, ShiftDefinition, check, rest_days
from .planning import (
    DEFAULT_TIME_LIMIT_S,
    Pins,
    Plan,
    PlanningError,
    PostSpec,
    RosterChanged,
    RosterInfeasible,
    Setup,
    TurnSpec,
    WorkerSpec,
    build_plan,
    cell_id,
)
from .problem import OFF
from .solving import Solved, solve_plan
from .validator import check as engine_check


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
    workers = list(
        Worker.objects.filter(unit=unit).filter(_active_or_listed(pinned_workers)).distinct().order_by("name", "pk")
    )
    first, last = roster.first_date, roster.last_date
    requests = defaultdict(list)
    for request in WorkerRequest.objects.filter(worker__in=workers, date__gte=first, date__lte=last):
        requests[request.worker_id].append(request)

    turns = tuple(TurnSpec(str(s.pk), s.name, s.start, s.minutes) for s in shifts)
    post_specs = tuple(
        PostSpec(
            str(p.pk),
            p.name,
            p.skill_key,
            p.hazardous,
            {(str(d.shift_id), d.weekday): d.required for d in p.demands.all()},
        )
        for p in posts
    )
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
        worker_specs.append(
            worker_spec(w, first, days_off=frozenset(days_off), prefer=tuple(prefer), avoid=tuple(avoid))
        )
    setup = Setup(
        name=f"roster-{roster.pk}",
        first_date=first,
        horizon=roster.horizon,
        turns=turns,
        posts=post_specs,
        workers=tuple(worker_specs),
        rules=rules,
    )
    objects = {
        "turns": {str(s.pk): s for s in shifts},
        "posts": {str(p.pk): p for p in posts},
        "workers": {str(w.pk): w for w in workers},
    }
    return setup, objects


def worker_spec(w, first: dt.date, **requests) -> WorkerSpec:
    """A worker of the unit as plain data, as the Law sees them on the roster's first day."""
    return WorkerSpec(
        key=str(w.pk),
        name=w.name,
        skills=w.skill_set,
        hazardous=w.hazardous,
        under_18=w.is_under_18(first),
        shift_worker=w.shift_worker,
        overtime_consent=w.overtime_consent,
        contract_hours=w.contract_hours,
        **requests,
    )


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
    counted = {
        "nights": lambda day, cid: plan.cells[cid].night,
        "fridays": lambda day, cid: day in fridays,
        "weekend": lambda day, cid: day in weekend,
    }
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


def generate(
    roster, user=None, time_limit_s: float | None = None, seed: int = 0, new_pin: tuple | None = None, progress=None
) -> Solved:
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

        progress.update(
            stage="جست‌وجوی بهترین برنامه",
            time_limit=round(limit),
            ends_at=(timezone.now() + dt.timedelta(seconds=limit)).isoformat(),
        )
        hooks = {"stop": progress.stop, "on_best": on_best}
    solved = solve_plan(plan, pins, limit, seed=seed, initial=initial, **hooks)
    if progress is not None:
        progress.check()  # cancelled (or the worker stopping): nothing is stored
        progress.update(stage="بررسی با قانون کار و ذخیره")
    _store(roster, plan, objects, solved, pins, snapshot, new_pin)
    return solved


def check_solve(roster, new_pin: tuple | None = None) -> None:
    """Refuse at once, in the request, a solve that cannot be done: the roster is approved, or `new_pin` is not the
    unit's, falls outside the roster or breaks the Law (building the plan is quick; solving is not)."""
    _check_open(roster)
    if new_pin is not None:
        worker, date, shift, post = new_pin
        if (shift is None) != (post is None):
            raise PlanningError("برای تثبیت یک نوبت، هم نوبت و هم پست را انتخاب کنید؛ یا «استراحت» را.")
        for obj in (worker, shift, post):
            if obj is not None and obj.unit_id != roster.unit_id:
                raise PlanningError("این مورد از آنِ واحد این برنامه نیست.")
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
                roster=locked, worker=worker, date=date
            )
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
                rows.append(
                    Assignment(
                        roster=locked,
                        worker=objects["workers"][w.key],
                        date=roster.first_date + dt.timedelta(days=day),
                        shift=objects["turns"][c.turn.key],
                        post=objects["posts"][c.post.key],
                        start=c.definition.start,
                        minutes=c.definition.minutes,
                        pinned=False,
                    )
                )
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
            "shortfalls": [
                {
                    "date": plan.setup.date(s.day).isoformat(),
                    "post": cells[s.cell].post.name,
                    "shift": cells[s.cell].turn.name,
                    "required": s.required,
                    "staffed": s.staffed,
                }
                for s in solved.shortfalls[:200]
            ],
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
    return [dates[i : i + 7] for i in range(0, len(dates), 7)]


def assignments_by_cell(roster) -> dict[tuple[int, dt.date], object]:
    return {(a.worker_id, a.date): a for a in roster.assignments.select_related("shift", "post", "worker")}


def fair_shares(roster, workers) -> list[tuple[object, FairShare]]:
    """(worker, their fair-share figures) for the stored roster, in the order of `workers`."""
    plan, _ = plan_for(roster)
    shares = {f.worker: f for f in fair_shares_of(plan, stored_matrix(roster, plan))}
    return [(w, shares[str(w.pk)]) for w in workers if str(w.pk) in shares]


def roster_workers(roster):
    from .models import Worker

    ids = roster.assignments.values_list("worker_id", flat=True)
    return Worker.objects.filter(unit=roster.unit).filter(_active_or_listed(ids)).distinct().order_by("name", "pk")
