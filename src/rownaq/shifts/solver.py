"""Roster solver: the public entry point.

    result = solve(problem, time_limit_s=60, seed=0, pinned={("A", 3): "D", ("B", 0): None})

Stages (see BENCHMARKS.md for what each brings on the Curtois & Qu instances):
1. a short full CP-SAT model on small problems (proves the easy ones at once);
2. a constructive start: employee by employee, each taking its best schedule given those already placed
   (the pricing DP of pricing.py, or CP-SAT when the DP does not cover the rules); on long horizons the DP cannot
   price whole, a rolling horizon: 4-week blocks, each with its share of the totals (search.construct_rolling);
3. column generation over employee schedules (columns.py): a strong lower bound and cover duals, then a dive
   that fixes employees to their LP schedules;
4. a large-neighbourhood search in two threads (search.py), its CP-SAT sub-models strengthened by the duals;
5. on small problems, a last full model with the strong bound.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .compiled import FREE, Compiled, PinConflict
from .cpmodel import Lagrange, NeighbourhoodModel, cpsat_price, solve_model
from .problem import Roster, RosterProblem
from .search import Search

__all__ = [
    "DEFAULTS",
    "FREE",
    "Compiled",
    "Lagrange",
    "NeighbourhoodModel",
    "PinConflict",
    "Result",
    "cpsat_price",
    "solve",
    "solve_model",
]


@dataclass
class Result:
    roster: Roster | None  # roster[employee][day] = shift id or OFF (None), in the problem's employee order
    objective: int | None
    bound: int | None  # a proved lower bound of the objective (0 when nothing better is known)
    status: str  # OPTIMAL (objective == bound), FEASIBLE, INFEASIBLE (with the reason in log), UNKNOWN (no time)
    log: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)


DEFAULTS = {
    "full_first": 0.05,  # share of the time (at most 1 s) for a first full-model solve (small problems only)
    "full_last": 0.0,  # share of the time for a last full-model solve from the best roster
    "full_max_cells": 40_000,  # employees x days x shifts above which the full model is never built
    "sub_limit": 1.0,  # seconds per neighbourhood
    "sub_params": {"linearization_level": 2},
    "columns": True,  # column generation (bound, duals) and a dive, when the pricing DP covers every employee
    "root_share": 0.35,  # the root column generation ends by this share of the time
    # column generation is given up after its second round of everyone when this many rounds would not fit in the
    # root's share of the time: measured on 13, 15 and 19 (2-3 s a round with the numpy DP), an unconverged root
    # and its dive cost 35 s and left the search worse off than none (4622 / 5252 / 4807 against 3087 / 4643 / 3829)
    "min_rounds": 25,
    "dive_share": 0.6,  # the dive ends by this share of the time
    # pricing rounds between two fixing steps of the dive: fewer rounds, more and smaller steps (13 at 60 s: 5689
    # with 8, 2495 with 3, 2329 with 2, 2676 with 1; 15: 4496, 4315, 4215, 4315)
    "dive_rounds": 2,
    "proof_share": 0.15,  # with duals, the last share of the time goes to the full model with the strong bound
    # a search thread on the core that column generation leaves idle: measured worse (both fight for Python's
    # interpreter lock, and column generation then converges too late), so off
    "search_during_columns": False,
    # horizons from this many days that the pricing DP cannot price whole start with the rolling-horizon
    # construction (4-week blocks): year-long rows of CP-SAT found none in 60 s on Instance 23 and 24
    "rolling_min_days": 84,
}


def solve(
    problem: RosterProblem,
    time_limit_s: float = 60.0,
    seed: int = 0,
    pinned: Mapping[tuple[str, int], str | None] | None = None,
    workers: int = 2,
    initial: Roster | None = None,
    progress: Callable[[str], None] | None = None,
    options: Mapping | None = None,
    stop: threading.Event | None = None,
    on_best: Callable[[int, float], None] | None = None,
) -> Result:
    """Best roster found within `time_limit_s` seconds of wall time; pinned cells are kept as given.

    `workers` is the number of cores used (parallel neighbourhood searches, or CP-SAT workers for the full model).
    `stop`, once set, ends every stage at its next step (the best roster so far is returned, or none);
    `on_best(objective, seconds)` is called at each improvement, from whichever thread found it.
    """
    started = time.monotonic()
    opts = {**DEFAULTS, **(options or {})}
    lines: list[str] = []

    def log(message: str) -> None:
        lines.append(message)
        if progress:
            progress(message)

    try:
        c = Compiled(problem, pinned)
    except PinConflict as exc:
        return Result(None, None, None, "INFEASIBLE", [str(exc)])
    search = Search(c, started + time_limit_s, seed, workers, log)
    if stop is not None:
        search.stop = stop
    search.on_best = on_best
    if all((weights >= 0).all() for weights in (c.on_w, c.off_w, c.under_w, c.over_w)):
        search.bound = 0  # every penalty is non-negative: a roster of cost 0 is optimal
    search.sub_limit = opts["sub_limit"]
    search.sub_params = dict(opts["sub_params"])
    if opts.get("trace"):
        search.trace = []
    log(f"compiled {c.E} employees x {c.H} days x {c.S} shifts in {time.monotonic() - started:.2f}s")

    small = c.E * c.H * c.S <= opts["full_max_cells"]
    pricer = None
    if opts["columns"]:
        from .pricing import Pricer

        pricer = Pricer(c)
        pricer.fallback = lambda e, cost, off, left: cpsat_price(c, e, cost, off, min(2.0, left))
        if not pricer.covers_everyone:
            log(f"pricing DP does not cover {len(pricer.uncovered)} employees: no column generation")
            pricer = None
        search.pricer = pricer
    if initial is not None:
        try:
            start_roster = c.from_roster(initial)
        except (KeyError, ValueError):
            start_roster = None
        if start_roster is not None and start_roster.shape == (c.E, c.H):
            search.accept_initial(start_roster, time_limit_s * 0.3)
    if small and opts["full_first"] > 0:
        search.full(min(1.0, time_limit_s * opts["full_first"]), hint=search.best is not None)
    construction_started = time.monotonic()
    if search.best is None:
        built = pricer is not None and search.construct_by_pricing(pricer)
        if not built and c.H >= opts["rolling_min_days"]:
            # a long horizon the DP cannot price whole: build it a block at a time (lawful, or nothing)
            built = search.construct_rolling()
        if not built and not search.construct(time_limit_s * 0.3):
            who = getattr(search, "infeasible_employee", None)
            status = "INFEASIBLE" if who else "UNKNOWN"
            if who:
                log(f"no roster: the hard rules of {who} (with the pinned cells) allow no row")
            return Result(None, None, None, status, lines, {"infeasible_employee": who})
    cg = None
    construction_time = time.monotonic() - construction_started
    if pricer is not None and construction_time > 0.1 * time_limit_s:
        # a pricing round costs about what the greedy start cost: column generation would not fit
        log(f"no column generation: the greedy start took {construction_time:.1f}s")
        pricer = None
    # the last share of the time: a full model, which the duals of column generation make strong
    last = time_limit_s * max(opts["full_last"], opts["proof_share"] if pricer is not None else 0.0) if small else 0.0
    background = []
    if pricer is not None and not search.optimal:
        from .columns import ColumnGeneration

        if workers > 1 and opts["search_during_columns"]:
            background = search.start_lns(search.deadline - last, 1)
        cg = ColumnGeneration(c, pricer, log)
        cg.stop = search.stop
        cg.add_roster(search.best)
        if not cg.root(started + time_limit_s * opts["root_share"], min_rounds=opts["min_rounds"]):
            cg = None
    if pricer is not None and cg is not None and not search.optimal:
        if np.isfinite(cg.bound):
            with search.lock:
                search.bound = max(search.bound or 0, math.ceil(cg.bound - 1e-6))
                if search.bound >= search.best_obj:
                    search.optimal = True
        if not search.optimal:
            R = cg.dive(started + time_limit_s * opts["dive_share"], rounds_per_step=opts["dive_rounds"])
            if R is not None:
                search.offer(R, "dive")
        if cg.bound_duals is not None and not search.optimal:
            search.set_lagrange(Lagrange.from_duals(c, cg.bound_duals))
    if not search.optimal:
        search.lns(search.deadline - last, max(1, workers - len(background)))
    for worker in background:
        worker.join()
    if last > 0 and not search.optimal and search.remaining() > 0.5:
        search.full(search.remaining())
    proved = search.optimal or (search.bound is not None and search.bound >= search.best_obj)
    stats = {
        "iterations": search.iterations,
        "improvements": search.improvements,
        "time_to_best": round(search.time_to_best, 2),
        "time_to_first": None if search.time_to_first is None else round(search.time_to_first, 2),
        "cpu_to_first": None if search.cpu_to_first is None else round(search.cpu_to_first, 2),
        "wall_time": round(time.monotonic() - started, 2),
        "sizes": dict(getattr(search, "sizes", {})),
        "scores": {k: round(v, 2) for k, v in getattr(search, "scores", {}).items()},
    }
    if search.trace is not None:
        stats["trace"] = search.trace
    return Result(
        c.to_roster(search.best), search.best_obj, search.bound, "OPTIMAL" if proved else "FEASIBLE", lines, stats
    )
