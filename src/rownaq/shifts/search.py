"""The search: constructive starts, the full model, and the large-neighbourhood search shared by two threads."""

from __future__ import annotations

import dataclasses
import math
import random
import threading
import time
from collections.abc import Callable

import numpy as np
from ortools.sat.python import cp_model

from .compiled import FREE, UNLIMITED, Compiled
from .cpmodel import Lagrange, NeighbourhoodModel, cpsat_price, solve_model
from .problem import OFF, RosterProblem


class Search:
    """The incumbent roster and the ways of improving it; shared by the search threads under `lock`."""

    def __init__(self, c: Compiled, deadline: float, seed: int, workers: int, log: Callable[[str], None]):
        self.c = c
        self.deadline = deadline
        self.rng = random.Random(seed)
        self.seed = seed
        self.workers = workers
        self.log = log
        self.best: np.ndarray | None = None
        self.best_obj: int | None = None
        self.bound: int | None = None
        self.optimal = False
        self.iterations = 0
        self.improvements = 0
        self.time_to_best = 0.0
        self.time_to_first: float | None = None  # seconds to the first roster (every roster kept is lawful)
        self.cpu_to_first: float | None = None  # CPU seconds of this process by then (the machine may be shared)
        self.started = time.monotonic()
        self.started_cpu = time.process_time()
        self.lock = threading.Lock()
        self.infeasible_employee: str | None = None
        self.version = 0
        self.sub_limit = 1.0
        self.sub_params: dict = {"linearization_level": 2}
        self.trace: list | None = None
        self.lagrange: Lagrange | None = None
        self.full_row_bounds: dict[int, float] = {}
        self.sizes: dict[str, int] = {}
        self.scores: dict[str, float] = {}
        self.pricer = None
        # set from outside (the user cancels, the worker stops): every stage ends at its next step
        self.stop = threading.Event()
        self.on_best: Callable[[int, float], None] | None = None  # (objective, seconds) at each improvement

    def set_lagrange(self, lagrange: Lagrange) -> None:
        from .pricing import Pricer

        if self.pricer is None:
            self.pricer = Pricer(self.c)
        c = self.c
        result = self.pricer.price(lagrange.cell_coeff.astype(float))
        pinned = c.pin >= 0
        pinned_part = np.where(
            pinned, np.take_along_axis(lagrange.cell_coeff, np.maximum(c.pin, 0)[:, :, None], axis=2)[:, :, 0], 0
        ).sum(axis=1)
        # the model's Y_e leaves pinned cells out (they are constants)
        self.full_row_bounds = {e: value - pinned_part[e] for e, (value, _) in result.items() if np.isfinite(value)}
        self.lagrange = lagrange
        with self.lock:
            if self.scores:
                self.scores["reduced"] = 1.0

    def row_bounds(self, lagrange: Lagrange, R: np.ndarray, free: np.ndarray) -> dict[int, float]:
        """Lower bound of each free employee's reduced-cost part over its free cells (DP with the rest fixed)."""
        c = self.c
        rows = np.nonzero(free.any(axis=1))[0]
        bounds = {}
        partial = []
        free = free & (c.pin == FREE)
        whole = free | (c.pin != FREE)
        for e in rows:
            if whole[e].all():
                if e in self.full_row_bounds:
                    bounds[int(e)] = self.full_row_bounds[e]
            else:
                partial.append(int(e))
        if partial and self.pricer is not None and len(partial) <= 8:  # more would cost a pricing round
            cost = lagrange.cell_coeff[partial].astype(float)
            off = np.zeros((len(partial), c.H))
            fixed_part = np.zeros(len(partial))
            for n, e in enumerate(partial):
                fixed_days = np.nonzero(~free[e])[0]
                for d in fixed_days:
                    s = R[e, d]
                    keep = cost[n, d, s] if s >= 0 else None
                    cost[n, d, :] = np.inf
                    if s >= 0:
                        cost[n, d, s] = keep
                        off[n, d] = np.inf
                        fixed_part[n] += keep
            full_cost = np.full((c.E, c.H, c.S), np.inf)
            full_off = np.full((c.E, c.H), np.inf)
            full_cost[partial] = cost
            full_off[partial] = np.where(c.pin[partial] >= 0, np.inf, off)
            result = self.pricer.price(full_cost, full_off, partial)
            for n, e in enumerate(partial):
                value, _ = result.get(e, (np.inf, None))
                if np.isfinite(value):  # the value bounds the row even when no schedule came with it
                    bounds[e] = value - fixed_part[n]
        return bounds

    def remaining(self) -> float:
        return 0.0 if self.stop.is_set() else self.deadline - time.monotonic()

    def offer(self, R: np.ndarray, how: str) -> bool:
        with self.lock:
            return self._offer_locked(R, how)

    def _offer_locked(self, R: np.ndarray, how: str) -> bool:
        obj = self.c.objective(R)
        if self.best_obj is None or obj < self.best_obj:
            self.best, self.best_obj = R, obj
            if self.bound is not None and obj <= self.bound:
                self.optimal = True  # the bound proves it: stop searching
            self.version += 1
            self.time_to_best = time.monotonic() - self.started
            if self.time_to_first is None:
                self.time_to_first = self.time_to_best
                self.cpu_to_first = time.process_time() - self.started_cpu
            self.improvements += 1
            self.log(f"{self.time_to_best:7.2f}s  {obj:>8}  {how}")
            if self.on_best is not None:
                self.on_best(int(obj), self.time_to_best)
            return True
        if obj == self.best_obj and not np.array_equal(R, self.best):
            self.best = R  # move along plateaus
            self.version += 1
        return False

    # -- construction ------------------------------------------------------------------------------------------

    def construct_by_pricing(self, pricer, waves: int = 0) -> bool:
        """Greedy: employees take their exact best schedule given those already placed (DP), one at a time
        (or, with `waves`, everyone left is priced at once and a share placed per wave: faster, but worse)."""
        c = self.c
        R = c.empty()
        counts = np.zeros((c.H, c.S), dtype=np.int64)
        left = sorted(range(c.E), key=lambda e: (c.allowed[e].sum(), self.rng.random()))
        per_wave = max(1, -(-c.E // waves)) if waves else 1
        while left:
            # marginal cost of one more person on each cell, given the employees placed so far
            marginal = np.where(counts < c.req, -c.under_w, c.over_w).astype(float)
            batch = left[:per_wave] if per_wave == 1 else left
            priced = pricer.price(c.cell_cost + marginal[None], employees=batch, effort=30)
            ranked = sorted(batch, key=lambda e: priced.get(e, (np.inf, None))[0])
            for e in ranked[:per_wave]:
                row = priced.get(e, (np.inf, None))[1]
                if row is None:  # the DP found no schedule within its limits: ask CP-SAT for this employee
                    free = np.zeros((c.E, c.H), dtype=bool)
                    free[e] = True
                    model = NeighbourhoodModel(c, R, free, hint=False)
                    solver, status = solve_model(
                        model, max(1.0, self.remaining() / 10), 1, self.seed, {"linearization_level": 2}
                    )
                    if status == cp_model.UNKNOWN:  # any lawful row will do, as in construct (a loaded machine)
                        model.m.clear_objective()
                        solver, status = solve_model(
                            model,
                            max(self.FIRST_ROW_LIMIT, self.remaining()),
                            1,
                            self.seed,
                            {"linearization_level": 2, "stop_after_first_solution": True},
                        )
                    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                        self.log(f"construction: no row for {c.emp[e].id} from the DP nor CP-SAT")
                        return False
                    row = model.read(solver)[e]
                R[e] = row
                counts += c.onehot(row[None, :])[0]
                left.remove(e)
            if self.stop.is_set():
                return False
            # past the deadline the construction goes on (as construct does): a first roster is worth it, and a
            # loaded machine must not turn a lawful request into no roster (Instance 22 at load 10-16)
        self.offer(R, "construction")
        return True

    def construct_rolling(self, block: int = 28, lead: int = 7, waves: int = 2) -> bool:
        """Rolling horizon, for long horizons: the roster is built `block` days at a time, each block a problem of
        its own (the `lead` days before it pinned as built, so that runs, rest and successions carry over) whose
        totals (minutes, capped shift types, weekends) are held to their share of the horizon so far, and the last
        block to the exact totals. Each block is built by the pricing DP (or CP-SAT where the DP does not cover an
        employee). The whole roster is then checked by the validator: only a lawful roster is kept."""
        from .validator import check

        c = self.c
        problem = c.problem
        R = c.empty()
        t0 = 0
        back = 0  # blocks rebuilt with the last one when the last one alone cannot meet the exact totals
        while t0 < c.H:
            t1 = min(c.H, t0 + block)
            if c.H - t1 < block:
                t1 = c.H  # no short last block: its exact totals would have too little room
            start = max(0, t0 - lead)
            # a week beyond the block is built too and then dropped: it shows that the block's last runs (of work
            # and of rest) can be completed, as the next block will have to
            end = min(c.H, t1 + lead)
            part = None
            for relax in (False, True):
                part = self._window_roster(window_problem(problem, c, R, start, t0, end, relax), waves)
                if part is not None or end == c.H:
                    break
            if part is None and end == c.H and back < 2 and t0 > 0 and self.remaining() > 0:
                back += 1
                keep = max(0, t0 - block)
                R[:, keep:] = c.empty()[:, keep:]
                t0 = keep
                continue
            if part is None:
                self.log(f"rolling construction: no roster for days {t0}-{t1}")
                return False
            R[:, start:t1] = part[:, : t1 - start]
            t0 = t1
        evaluation = check(problem, c.to_roster(R))
        if not evaluation.feasible:
            self.log(
                f"rolling construction: {len(evaluation.violations)} broken rules, first {evaluation.violations[:3]}"
            )
            return False
        self.offer(R, "rolling construction")
        return True

    def _window_roster(self, window, waves: int) -> np.ndarray | None:
        """A roster of one block of the rolling horizon (see construct_rolling), or None."""
        from .compiled import PinConflict
        from .pricing import Pricer

        sub, pins = window
        try:
            sc = Compiled(sub, pins)
        except PinConflict as exc:
            self.log(f"rolling construction: {sub.name}: {exc}")
            return None
        # a first roster is worth going past the deadline for (as in construct); `stop` still ends it
        part = Search(sc, max(self.deadline, time.monotonic() + 600), self.seed, 1, lambda message: None)
        part.stop = self.stop
        pricer = Pricer(sc)
        if pricer.covers_everyone:
            pricer.fallback = lambda e, cost, off, left: cpsat_price(sc, e, cost, off, min(2.0, left))
            if part.construct_by_pricing(pricer, waves=waves):
                return part.best
        if part.construct(max(1.0, self.remaining() / 4)):
            return part.best
        return None

    GOOD_ROW_LIMIT = 0.25  # seconds for one employee's best row in construction, past the deadline if need be
    FIRST_ROW_LIMIT = 10.0  # seconds for any lawful row of one employee when the time is up

    def construct(self, time_share: float, base: np.ndarray | None = None, rows: list[int] | None = None) -> bool:
        """Employee by employee: each gets its best row given those already placed (any feasible row will do,
        so every hard rule is met). `rows` (default: everyone) are placed into `base` (default: empty)."""
        c = self.c
        R = c.empty() if base is None else base.copy()
        order = list(range(c.E)) if rows is None else list(rows)
        # least flexible first: fewest shift types and most days off
        order.sort(key=lambda e: (c.allowed[e].sum(), self.rng.random()))
        end = time.monotonic() + time_share
        for n, e in enumerate(order):
            if self.stop.is_set():
                return False
            free = np.zeros((c.E, c.H), dtype=bool)
            free[e] = True
            model = NeighbourhoodModel(c, R, free, hint=False)
            share = max(0.3, (end - time.monotonic()) / (len(order) - n))
            # at least a moment for a good row, even past the deadline: rows are cheap on an idle machine, and
            # an all-off row (what a first solution usually is) makes a poor start
            solver, status = solve_model(
                model, min(share, max(self.GOOD_ROW_LIMIT, self.remaining())), 1, self.seed, {"linearization_level": 2}
            )
            if status == cp_model.UNKNOWN:
                # no row yet: settle for any row that keeps the rules, then move on; a first roster is worth
                # going past the deadline for (a loaded machine must not turn a lawful request into no roster)
                model.m.clear_objective()
                solver, status = solve_model(
                    model,
                    max(self.FIRST_ROW_LIMIT, self.remaining()),
                    1,
                    self.seed,
                    {"linearization_level": 2, "stop_after_first_solution": True},
                )
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                why = "no row keeps its rules" if status == cp_model.INFEASIBLE else "out of time"
                self.log(f"construction: no row for {c.emp[e].id} ({why})")
                self.infeasible_employee = c.emp[e].id if status == cp_model.INFEASIBLE else None
                return False
            R = model.read(solver)
        self.offer(R, "construction")
        return True

    def accept_initial(self, R: np.ndarray, time_share: float) -> bool:
        """Start from a given roster: pinned cells are imposed, and the rows that then break a hard rule are
        rebuilt (the others are kept as they are)."""
        from .validator import check

        c = self.c
        R = R.copy()
        pinned = c.pin != FREE
        R[pinned] = np.where(c.pin[pinned] >= 0, c.pin[pinned], -1)
        evaluation = check(c.problem, c.to_roster(R))
        index = c.problem.employee_index()
        broken = sorted({index[v.employee] for v in evaluation.violations if v.employee in index})
        if any(v.employee is None for v in evaluation.violations):
            return False
        if not broken:
            self.offer(R, "initial roster")
            return True
        self.log(f"initial roster: rebuilding {len(broken)} rows that break a rule")
        return self.construct(time_share, base=R, rows=broken)

    # -- full model ---------------------------------------------------------------------------------------------

    def full(self, time_limit: float, hint: bool = True, extra: dict | None = None) -> int:
        c = self.c
        R = self.best if self.best is not None else c.empty()
        free = np.ones((c.E, c.H), dtype=bool)
        lagrange = self.lagrange
        bounds = self.row_bounds(lagrange, R, free) if lagrange is not None else None
        model = NeighbourhoodModel(
            c, R, free, hint=hint and self.best is not None, lagrange=lagrange, row_bounds=bounds
        )
        solver, status = solve_model(model, min(time_limit, self.remaining()), self.workers, self.seed, extra)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            R = model.read(solver)
            self.offer(R, "full model")
            # the model leaves out constants (on-request weights, pinned cells, scaled duals): add them back
            constant = self.c.objective(R) * model.scale - solver.objective_value
            bound = math.ceil((solver.best_objective_bound + constant) / model.scale - 1e-6)
            self.bound = max(self.bound or 0, bound)
            if status == cp_model.OPTIMAL:
                self.optimal = True
        return status

    # -- large neighbourhood search -----------------------------------------------------------------------------

    KINDS = ("employees", "window", "block", "cover", "reduced")

    def lns(self, until: float, threads: int) -> None:
        """`threads` searches share the incumbent; each re-solves one neighbourhood at a time on one core."""
        for worker in self.start_lns(until, threads):
            worker.join()

    def start_lns(self, until: float, threads: int) -> list[threading.Thread]:
        """Start `threads` searches in the background (e.g. on the core that column generation leaves idle)."""
        c = self.c
        with self.lock:
            if not self.sizes:
                self.sizes = {
                    "employees": min(c.E, 3),
                    "window": min(c.H, 4),
                    "block": min(c.E, 6),
                    "cover": min(c.E, 4),
                    "reduced": min(c.E, 4),
                }
                self.scores = {
                    kind: (1.0 if kind != "reduced" or self.lagrange is not None else 0.0) for kind in self.KINDS
                }
        workers = [
            threading.Thread(target=self._lns_loop, args=(until, random.Random(self.rng.random())), daemon=True)
            for _ in range(threads)
        ]
        for worker in workers:
            worker.start()
        return workers

    def _lns_loop(self, until: float, rng: random.Random) -> None:
        try:
            self._lns_iterations(until, rng)
        except (KeyError, IndexError, ValueError, RuntimeError) as exc:  # say why; the other threads go on
            self.log(f"search thread stopped: {exc!r}")

    def _lns_iterations(self, until: float, rng: random.Random) -> None:
        c = self.c
        while not self.optimal and not self.stop.is_set():
            left = until - time.monotonic()
            if left < 0.05:
                break
            with self.lock:
                self.iterations += 1
                base, base_version = self.best, self.version
                weights = [self.scores[k] for k in self.KINDS]
            kind = rng.choices(self.KINDS, weights)[0]
            size = self.sizes[kind]
            free = self._neighbourhood(kind, size, base, rng)
            t0 = time.monotonic()
            lagrange = self.lagrange
            bounds = self.row_bounds(lagrange, base, free) if lagrange is not None else None
            model = NeighbourhoodModel(c, base, free, lagrange=lagrange, row_bounds=bounds)
            if model.trivial:
                continue
            t1 = time.monotonic()
            solver, status = solve_model(model, min(self.sub_limit, left), 1, rng.randrange(1 << 30), self.sub_params)
            t2 = time.monotonic()
            gain = 0
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                R = model.read(solver)
                rows = np.nonzero(free.any(axis=1))[0]
                with self.lock:
                    if self.version != base_version:  # another thread moved on: graft our rows onto its roster
                        merged = self.best.copy()
                        merged[rows] = R[rows]
                        R = merged
                    before = self.best_obj
                    self._offer_locked(R, f"lns {kind} {size}")
                    gain = before - self.best_obj
            # adapt: grow a neighbourhood that is solved to optimality without gain, shrink one that times out
            with self.lock:
                cap = c.H if kind == "window" else c.E
                if status == cp_model.OPTIMAL and gain <= 0:
                    self.sizes[kind] = min(cap, self.sizes[kind] + 1)
                elif status != cp_model.OPTIMAL:
                    self.sizes[kind] = max(1, self.sizes[kind] - 1)
                self.scores[kind] = 0.9 * self.scores[kind] + 0.1 * (1.0 if gain > 0 else 0.05)
                if self.trace is not None:
                    self.trace.append(
                        (
                            round(t0 - self.started, 2),
                            kind,
                            size,
                            solver.status_name(status),
                            round(t1 - t0, 3),
                            round(t2 - t1, 3),
                            gain,
                        )
                    )

    def _neighbourhood(self, kind: str, size: int, base: np.ndarray, rng: random.Random) -> np.ndarray:
        c = self.c
        free = np.zeros((c.E, c.H), dtype=bool)
        if kind == "employees":
            free[rng.sample(range(c.E), min(size, c.E))] = True
        elif kind == "window":
            start = rng.randrange(0, max(1, c.H - size + 1))
            free[:, start : start + size] = True
        elif kind == "block":
            length = min(c.H, 14)
            start = rng.randrange(0, max(1, c.H - length + 1))
            rows = rng.sample(range(c.E), min(size, c.E))
            free[np.ix_(rows, range(start, start + length))] = True
        elif kind == "reduced":  # employees whose rows are furthest above their Lagrangian best
            coeff = self.lagrange.cell_coeff
            worked = np.where(
                base >= 0, np.take_along_axis(coeff, np.maximum(base, 0)[:, :, None], axis=2)[:, :, 0], 0
            ).sum(axis=1)
            gaps = np.array([max(0.0, worked[e] - self.full_row_bounds.get(e, worked[e])) for e in range(c.E)])
            weights = gaps + 0.05 * (gaps.mean() + 1.0)
            chosen = np.random.default_rng(rng.randrange(1 << 30)).choice(
                c.E, size=min(size, c.E), replace=False, p=weights / weights.sum()
            )
            free[chosen] = True
        else:  # cover: the employees able to work an expensive cover cell, over the whole horizon
            x = c.onehot(base)
            cost = c.cover_cost(x.sum(axis=0))
            cells = np.argwhere(cost > 0)
            if len(cells) == 0:
                free[rng.sample(range(c.E), min(size, c.E))] = True
                return free
            d, s = cells[rng.randrange(len(cells))]
            able = [e for e in range(c.E) if c.allowed[e, d, s]]
            working = [e for e in range(c.E) if base[e, d] == s]
            rng.shuffle(able)
            chosen = set(able[: max(1, size - 1)])
            if working:
                chosen.add(rng.choice(working))
            free[sorted(chosen)] = True
        return free


#


def window_problem(
    problem: RosterProblem, c: Compiled, R: np.ndarray, start: int, built: int, end: int, relax: bool = False
):
    """Days [start, end) of `problem` as a problem of their own, for the rolling-horizon construction.

    The days of R before `start` are done; days [start, built) of R (the lead-in) are pinned as built, as are
    the problem's own pins. Each employee's totals are cut to what is left of its share up to `end` (the
    whole of what is left when `end` is the horizon's end); a slack of one longest shift keeps the shares from
    being tighter than a shift. With `relax`, a block that is not the last has no minimum of minutes."""
    last = end == c.H
    available = c.allowed.any(axis=2)  # (E, H): days an employee may work at all (not off, not pinned off)
    slack = int(c.minutes.max())
    weekends = c.weekends
    shares_wk = sum(1 for days in weekends if days[-1] < end) / max(1, len(weekends))
    before_wk = [days for days in weekends if days[-1] < start]
    employees = []
    pins: dict[tuple[str, int], str | None] = {}
    for e, emp in enumerate(problem.employees):
        done = R[e, :start]
        worked = done >= 0
        minutes = int(c.minutes[done[worked]].sum())
        # the share of the horizon up to `end`, counted in the days this employee may work (leave is not work)
        share = available[e, :end].sum() / max(1, available[e].sum())
        middle = (emp.min_minutes + emp.max_minutes) / 2 * share  # aim at the middle of the band
        if last:
            lo, hi = emp.min_minutes, emp.max_minutes
        elif relax:
            lo, hi = 0, int(np.ceil(emp.max_minutes * share)) + slack
        else:
            lo = int(min(emp.min_minutes * share, middle - slack))
            hi = int(np.ceil(max(emp.max_minutes * share, middle + slack)))
        lead = R[e, start:end]
        lead_counts = np.bincount(lead[lead >= 0], minlength=c.S)
        counts = np.bincount(done[worked], minlength=c.S)
        max_shifts = {}
        for s, shift in enumerate(problem.shifts):
            cap = int(c.max_count[e, s])
            if cap >= UNLIMITED:
                continue
            if cap <= 0:
                max_shifts[shift.id] = 0
                continue
            target = cap if last else min(cap, int(np.ceil(cap * share)) + 1)
            max_shifts[shift.id] = max(int(lead_counts[s]), target - int(counts[s]))
        max_wk = emp.max_weekends
        if max_wk < len(weekends):
            used = sum(1 for days in before_wk if worked[list(days)].any())
            in_lead = sum(
                1 for days in weekends if days[0] >= start and (R[e, [d for d in days if d < end]] >= 0).any()
            )
            target = max_wk if last else min(max_wk, int(np.ceil(max_wk * shares_wk)) + 1)
            max_wk = max(in_lead, target - used)
        lead_minutes = int(c.minutes[lead[lead >= 0]].sum())
        employees.append(
            dataclasses.replace(
                emp,
                max_shifts=max_shifts,
                min_minutes=max(0, lo - minutes),
                max_minutes=max(lead_minutes, hi - minutes),
                max_weekends=max_wk,
                days_off=frozenset(d - start for d in emp.days_off if start <= d < end),
            )
        )
        for d in range(start, end):
            if d < built or R[e, d] >= 0:
                pins[(emp.id, d - start)] = OFF if R[e, d] < 0 else c.shift_ids[R[e, d]]
            elif c.pin[e, d] != FREE:
                pins[(emp.id, d - start)] = OFF if c.pin[e, d] < 0 else c.shift_ids[c.pin[e, d]]
    sub = dataclasses.replace(
        problem,
        name=f"{problem.name}[{start}:{end}]",
        horizon=end - start,
        employees=tuple(employees),
        requests=tuple(dataclasses.replace(r, day=r.day - start) for r in problem.requests if start <= r.day < end),
        cover=tuple(dataclasses.replace(r, day=r.day - start) for r in problem.cover if start <= r.day < end),
        balances=(),
        first_weekday=(problem.first_weekday + start) % 7,
        meta={},
    )
    return sub, pins


# ----------------------------------------------------------------------------------------------------------------
