"""Solving a plan (pure): the engine around the pinned cells; every roster it returns is checked by
labour_law.check, and the one rule the engine does not model (the longest run of nights, a workplace setting) is
repaired by pinning the offending night off and solving again; what cannot be covered is explained in Persian."""

from __future__ import annotations

import time
from dataclasses import dataclass

from .explanations import (
    Shortfall,
    describe_violation,
    explain_shortfalls,
    law_violations,
    pin_problems,
    shortfalls,
    structural_problems,
)
from .labour_law import LawViolation
from .planning import DEFAULT_TIME_LIMIT_S, NO_ROSTER_IN_TIME, NO_ROSTER_WITH_PINS, Pins, Plan, RosterInfeasible
from .problem import OFF
from .solver import solve


@dataclass
class Solved:
    roster: list[list[str | None]] | None  # None when no roster was found
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
        if line is None or v.worker is None:
            continue
        if v.article in ("nights setting", "62") and v.day is not None:
            if (v.article, v.worker, v.day - 1) not in flagged:
                cells.add((v.worker, v.day))
        elif v.article == "rest setting" and v.day is not None:
            cells.add((v.worker, v.day + 1))
        elif v.day is not None and (v.article in ("83",) or (v.article in ("51", "52") and "in a day" in v.detail)):
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
        return (
            f"قواعد قانون کار با خانه‌های تثبیت‌شدهٔ «{name}» هیچ برنامهٔ مجازی برای او نمی‌گذارند؛ "
            "تثبیت‌های او را بردارید یا مرخصی‌ها و ساعت قراردادش را بازبینی کنید."
        )
    return NO_ROSTER_WITH_PINS


def solve_plan(
    plan: Plan,
    pins: Pins | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    seed: int = 0,
    initial=None,
    max_repairs: int = 8,
    stop=None,
    on_best=None,
) -> Solved:
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
    result = solve(plan.problem, time_limit_s=time_limit_s, seed=seed, pinned=working_pins, initial=initial, **hooks)
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
        result = solve(
            plan.problem,
            time_limit_s=max(0.5, time_limit_s / 4),
            seed=seed + repairs,
            pinned=working_pins,
            initial=repaired,
            **hooks,
        )
    found = shortfalls(plan, result.roster) if result.roster is not None else []
    return Solved(
        roster=result.roster,
        status=result.status,
        objective=result.objective,
        repairs=repairs,
        wall_time=round(time.monotonic() - started, 2),
        shortfalls=found,
        explanations=explain_shortfalls(plan, found),
    )
