"""Roster solver: CP-SAT over any set of free cells, a constructive start and a large-neighbourhood search.

Every hard rule of a RosterProblem binds one employee; cover and requests are soft. So the model of any
neighbourhood (a set of free (employee, day) cells, everything else fixed to the incumbent) is built directly,
with the fixed cells folded into constants: its size follows the neighbourhood, not the instance. The same
builder gives the full model (every cell free), the one-employee models of the constructive start and the
sub-models of the search.

    result = solve(problem, time_limit_s=60, seed=0, pinned={("A", 3): "D", ("B", 0): None})
"""
from __future__ import annotations

import math
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np
from ortools.sat.python import cp_model

from .problem import OFF, Roster, RosterProblem

FREE = -2  # in the pin matrix: the cell is not pinned
UNLIMITED = 10**9


@dataclass
class Result:
    roster: Roster | None
    objective: int | None
    bound: int | None
    status: str  # OPTIMAL (proved), FEASIBLE, INFEASIBLE, UNKNOWN
    log: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)


class PinConflict(ValueError):
    """A pinned cell that the rules can never allow (unknown employee or shift, a day off, a banned shift)."""


# ----------------------------------------------------------------------------------------------------------------
# The problem compiled to arrays


class Compiled:
    def __init__(self, problem: RosterProblem, pinned: Mapping[tuple[str, int], str | None] | None = None):
        self.problem = problem
        shifts, employees = problem.shifts, problem.employees
        self.E, self.H, self.S = len(employees), problem.horizon, len(shifts)
        E, H, S = self.E, self.H, self.S
        sidx = problem.shift_index()
        eidx = problem.employee_index()
        self.shift_ids = [s.id for s in shifts]
        self.minutes = np.array([s.minutes for s in shifts], dtype=np.int64)
        self.banned = np.zeros((S, S), dtype=bool)
        for i, s in enumerate(shifts):
            for other in s.banned_next:
                if other in sidx:
                    self.banned[i, sidx[other]] = True
        self.banned_next = [list(np.nonzero(self.banned[s])[0]) for s in range(S)]

        self.allowed = np.ones((E, H, S), dtype=bool)
        self.max_count = np.full((E, S), UNLIMITED, dtype=np.int64)
        for e, emp in enumerate(employees):
            for shift_id, limit in emp.max_shifts.items():
                self.max_count[e, sidx[shift_id]] = limit
                if limit <= 0:
                    self.allowed[e, :, sidx[shift_id]] = False
            for day in emp.days_off:
                if 0 <= day < H:
                    self.allowed[e, day, :] = False
        self.pin = np.full((E, H), FREE, dtype=np.int64)
        for (emp_id, day), shift_id in (pinned or {}).items():
            if emp_id not in eidx or not 0 <= day < H:
                raise PinConflict(f"pinned cell ({emp_id}, {day}) is outside the roster")
            e = eidx[emp_id]
            if shift_id is OFF:
                self.pin[e, day] = -1
                self.allowed[e, day, :] = False
            else:
                if shift_id not in sidx:
                    raise PinConflict(f"pinned shift {shift_id!r} for {emp_id} on day {day} is not a shift")
                s = sidx[shift_id]
                if not self.allowed[e, day, s]:
                    why = "a day off" if day in employees[e].days_off else f"a shift {emp_id} may never work"
                    raise PinConflict(f"{emp_id} is pinned to {shift_id} on day {day}, which is {why}")
                self.pin[e, day] = s
                self.allowed[e, day, :] = False
                self.allowed[e, day, s] = True

        self.on_w = np.zeros((E, H, S), dtype=np.int64)
        self.off_w = np.zeros((E, H, S), dtype=np.int64)
        for r in problem.requests:
            target = self.on_w if r.on else self.off_w
            target[eidx[r.employee], r.day, sidx[r.shift]] += r.weight
        self.req = np.zeros((H, S), dtype=np.int64)
        self.under_w = np.zeros((H, S), dtype=np.int64)
        self.over_w = np.zeros((H, S), dtype=np.int64)
        for c in problem.cover:
            self.req[c.day, sidx[c.shift]] = c.required
            self.under_w[c.day, sidx[c.shift]] = c.under_weight
            self.over_w[c.day, sidx[c.shift]] = c.over_weight
        # the linear part of every cell's cost: working cell (e, d, s) costs off_w - on_w, relative to the
        # constant sum of all on-request weights
        self.cell_cost = self.off_w - self.on_w
        self.on_total = int(self.on_w.sum())
        self.weekends = [list(days) for days in problem.weekends()]
        self.exempt = problem.boundary_runs_exempt
        self.emp = employees
        self.max_cons = np.array([e.max_consecutive for e in employees])
        self.min_cons = np.array([e.min_consecutive for e in employees])
        self.min_off = np.array([e.min_consecutive_off for e in employees])
        self.max_wk = np.array([e.max_weekends for e in employees])
        self.max_min = np.array([e.max_minutes for e in employees])
        self.min_min = np.array([e.min_minutes for e in employees])
        self.allowed_list = [[list(np.nonzero(self.allowed[e, d])[0]) for d in range(H)] for e in range(E)]
        self.max_cell_minutes = np.where(self.allowed, self.minutes[None, None, :], 0).max(axis=2)  # (E, H)

    # -- rosters -------------------------------------------------------------------------------------------------

    def empty(self) -> np.ndarray:
        roster = np.full((self.E, self.H), -1, dtype=np.int64)
        pinned = self.pin >= 0
        roster[pinned] = self.pin[pinned]
        return roster

    def to_roster(self, R: np.ndarray) -> Roster:
        ids = self.shift_ids
        return [[ids[s] if s >= 0 else OFF for s in row] for row in R.tolist()]

    def from_roster(self, roster: Roster) -> np.ndarray:
        sidx = self.problem.shift_index()
        return np.array([[sidx[c] if c is not OFF else -1 for c in row] for row in roster], dtype=np.int64)

    def onehot(self, R: np.ndarray) -> np.ndarray:
        return R[:, :, None] == np.arange(self.S)[None, None, :]

    def cover_cost(self, counts: np.ndarray) -> np.ndarray:
        return (np.maximum(self.req - counts, 0) * self.under_w + np.maximum(counts - self.req, 0) * self.over_w)

    def objective(self, R: np.ndarray) -> int:
        x = self.onehot(R)
        return int(self.on_total + (self.cell_cost * x).sum() + self.cover_cost(x.sum(axis=0)).sum())

    def employee_cost(self, R: np.ndarray) -> np.ndarray:
        """Request penalties per employee (cover cost is shared and not attributed)."""
        x = self.onehot(R)
        return (self.on_w * ~x).sum(axis=(1, 2)) + (self.off_w * x).sum(axis=(1, 2))


# ----------------------------------------------------------------------------------------------------------------
# Model of a neighbourhood


class _Model:
    """A CP-SAT model over the free cells of `free` (E x H bool), other cells fixed to `R`."""

    def __init__(self, c: Compiled, R: np.ndarray, free: np.ndarray, hint: bool = True):
        self.c = c
        self.R = R
        free = free & (c.pin == FREE)
        self.free = free
        self.m = m = cp_model.CpModel()
        self.cells: list[tuple[int, int, list[int], list[int]]] = []  # (e, d, shifts, var indices)
        self.hint_vars: list[int] = []
        self.hint_vals: list[int] = []
        self.infeasible_reason: str | None = None
        self._obj_vars: list = []
        self._obj_coeffs: list[int] = []
        self.cover_lits: dict[tuple[int, int], list] = {}
        self.trivial = False
        rows = np.nonzero(free.any(axis=1))[0]
        if len(rows) == 0:
            self.trivial = True
            return
        for e in rows:
            self._employee(int(e), hint)
        self._cover(hint)
        m.minimize(cp_model.LinearExpr.weighted_sum(self._obj_vars, self._obj_coeffs))
        if hint:
            p = m.proto.solution_hint
            p.vars.extend(self.hint_vars)
            p.values.extend(self.hint_vals)

    def _hint(self, var, value: int) -> None:
        self.hint_vars.append(var.index)
        self.hint_vals.append(int(value))

    def _employee(self, e: int, hint: bool) -> None:
        c, m, R = self.c, self.m, self.R
        H = c.H
        row = R[e]
        free_days = np.nonzero(self.free[e])[0]
        lo, hi = int(free_days[0]), int(free_days[-1])
        # work[d] / x[d][s]: an int constant (0/1) or a literal
        work: list = (row >= 0).astype(np.int64).tolist()
        x: dict[tuple[int, int], object] = {}
        free_set = set(free_days.tolist())
        cost = c.cell_cost[e]
        for d in free_days.tolist():
            options = c.allowed_list[e][d]
            if not options:
                work[d] = 0
                continue
            lits = []
            idx = []
            for s in options:
                v = m.new_bool_var("")
                x[(d, s)] = v
                lits.append(v)
                idx.append(v.index)
                self.cover_lits.setdefault((d, s), []).append(v)
                if cost[d, s]:
                    self._obj_vars.append(v)
                    self._obj_coeffs.append(int(cost[d, s]))
                if hint:
                    self._hint(v, row[d] == s)
            if len(lits) == 1:
                work[d] = lits[0]
                m.add_at_most_one(lits)  # keeps the cell visible to presolve as a choice
            else:
                w = m.new_bool_var("")
                m.add_exactly_one(lits + [w.Not()])
                work[d] = w
                if hint:
                    self._hint(w, row[d] >= 0)
            self.cells.append((e, d, options, idx))

        def shift_term(d: int, s: int):
            if d in free_set:
                return x.get((d, s), 0)
            return 1 if row[d] == s else 0

        fixed_mask = ~self.free[e]
        # maximum shifts per type
        for s in range(c.S):
            limit = int(c.max_count[e, s])
            if limit >= UNLIMITED:
                continue
            lits = [x[(d, s)] for d in free_days.tolist() if (d, s) in x]
            const = int(((row == s) & fixed_mask).sum())
            if lits and const + len(lits) > limit:
                m.add(cp_model.LinearExpr.sum(lits) <= limit - const)
        # total minutes
        fixed_minutes = int(c.minutes[row[fixed_mask & (row >= 0)]].sum())
        terms, coeffs = [], []
        for (d, s), v in x.items():
            terms.append(v)
            coeffs.append(int(c.minutes[s]))
        most = sum(coeffs)  # loose upper estimate is enough to skip a redundant constraint
        lower = int(c.min_min[e]) - fixed_minutes
        upper = int(c.max_min[e]) - fixed_minutes
        if terms and (lower > 0 or upper < most):
            m.add_linear_constraint(cp_model.LinearExpr.weighted_sum(terms, coeffs), max(lower, 0), upper)
        elif not terms and not (lower <= 0 <= upper):
            self._contradiction(f"{c.emp[e].id}: total minutes")
        # maximum consecutive working days: at most M working days in any M + 1 days
        M = int(c.max_cons[e])
        if M < H:
            for t in range(max(0, lo - M), min(hi, H - M - 1) + 1):
                lits, const = self._split(work[t:t + M + 1])
                if lits and const + len(lits) > M:
                    m.add(cp_model.LinearExpr.sum(lits) <= M - const)
        # minimum run lengths (work and rest)
        self._min_runs(work, int(c.min_cons[e]), lo, hi, working=True)
        self._min_runs(work, int(c.min_off[e]), lo, hi, working=False)
        # weekends
        limit = int(c.max_wk[e])
        if limit < len(c.weekends):
            wk_lits, wk_const = [], 0
            for days in c.weekends:
                if days[-1] < lo or days[0] > hi:
                    wk_const += int(any(row[d] >= 0 for d in days))
                    continue
                lits, const = self._split([work[d] for d in days])
                if const:
                    wk_const += 1
                elif len(lits) == 1:
                    wk_lits.append(lits[0])
                elif lits:
                    wk = m.new_bool_var("")
                    for lit in lits:
                        m.add_implication(lit, wk)
                    wk_lits.append(wk)
                    if hint:
                        self._hint(wk, any(row[d] >= 0 for d in days))
            if wk_lits and wk_const + len(wk_lits) > limit:
                m.add(cp_model.LinearExpr.sum(wk_lits) <= limit - wk_const)
            elif wk_const > limit:
                self._contradiction(f"{c.emp[e].id}: weekends")
        # banned successions: shift s on day d excludes each banned shift on day d + 1
        for d in range(max(0, lo - 1), min(hi, H - 2) + 1):
            for s in range(c.S):
                banned = c.banned_next[s]
                if not banned:
                    continue
                a = shift_term(d, s)
                if isinstance(a, int) and a == 0:
                    continue
                bs = [shift_term(d + 1, t) for t in banned]
                lits = [b for b in bs if not isinstance(b, int)]
                ones = sum(1 for b in bs if isinstance(b, int) and b == 1)
                if isinstance(a, int):
                    if ones:
                        self._contradiction(f"{c.emp[e].id}: banned succession on day {d}")
                    for b in lits:
                        m.add_bool_or([b.Not()])
                elif ones:
                    m.add_bool_or([a.Not()])
                elif lits:
                    m.add_at_most_one([a] + lits)
        # rolling windows of minutes
        for limit in c.emp[e].window_limits:
            L = limit.days
            for t in range(max(0, lo - L + 1), min(hi, max(0, H - L)) + 1):
                terms, coeffs, const = [], [], 0
                for d in range(t, min(t + L, H)):
                    if d in free_set:
                        for s in c.allowed_list[e][d]:
                            terms.append(x[(d, s)])
                            coeffs.append(int(c.minutes[s]))
                    elif row[d] >= 0:
                        const += int(c.minutes[row[d]])
                if terms and const + sum(coeffs) > limit.max_minutes:
                    m.add(cp_model.LinearExpr.weighted_sum(terms, coeffs) <= limit.max_minutes - const)

    @staticmethod
    def _split(items) -> tuple[list, int]:
        lits, const = [], 0
        for item in items:
            if isinstance(item, int):
                const += item
            else:
                lits.append(item)
        return lits, const

    def _contradiction(self, reason: str) -> None:
        self.infeasible_reason = self.infeasible_reason or reason
        self.m.add_bool_or([])

    def _min_runs(self, work: list, k: int, lo: int, hi: int, working: bool) -> None:
        """Forbid runs of working (or resting) days shorter than k, per the horizon-boundary rule."""
        if k <= 1:
            return
        H = self.c.H
        exempt = self.c.exempt
        border = 0 if working else 1  # value of the days bracketing the run
        for j in range(1, k):  # run length
            first_start = 1 if exempt else 0
            last_start = H - j - 1 if exempt else H - j
            # the pattern covers days start-1 .. start+j; it must meet the free span
            for start in range(max(first_start, lo - j), min(last_start, hi + 1) + 1):
                clause = []
                satisfied = False
                for d in range(start - 1, start + j + 1):
                    inside = start <= d < start + j
                    if d < 0 or d >= H:
                        value = border  # outside the horizon (only when not exempt): the bracketing value
                    else:
                        value = work[d]
                    # the clause says: cell d differs from the forbidden pattern
                    want = (1 if working else 0) if inside else border  # the forbidden value at d
                    if isinstance(value, int):
                        if value != want:
                            satisfied = True
                            break
                        continue
                    clause.append(value.Not() if want == 1 else value)
                if satisfied:
                    continue
                if not clause:
                    self._contradiction("minimum run length")
                    continue
                self.m.add_bool_or(clause)

    def _cover(self, hint: bool) -> None:
        c, m = self.c, self.m
        fixed = self.R.copy()
        fixed[self.free] = -1
        fixed_counts = c.onehot(fixed).sum(axis=0)
        full_counts = c.onehot(self.R).sum(axis=0)
        for (d, s), lits in self.cover_lits.items():
            under_w, over_w = int(c.under_w[d, s]), int(c.over_w[d, s])
            if not under_w and not over_w:
                continue
            need = int(c.req[d, s] - fixed_counts[d, s])
            n = len(lits)
            terms, coeffs = list(lits), [1] * n
            # sum(lits) + under - over == need, with under <= need and over <= n - need
            if need > 0:
                u = m.new_int_var(0, need, "")
                terms.append(u)
                coeffs.append(1)
                if under_w:
                    self._obj_vars.append(u)
                    self._obj_coeffs.append(under_w)
                if hint:
                    self._hint(u, max(0, c.req[d, s] - full_counts[d, s]))
            if n - need > 0:
                o = m.new_int_var(0, n - need, "")
                terms.append(o)
                coeffs.append(-1)
                if over_w:
                    self._obj_vars.append(o)
                    self._obj_coeffs.append(over_w)
                if hint:
                    self._hint(o, max(0, full_counts[d, s] - c.req[d, s]))
            m.add_linear_constraint(cp_model.LinearExpr.weighted_sum(terms, coeffs), need, need)

    def read(self, solver: cp_model.CpSolver) -> np.ndarray:
        values = np.asarray(solver.response_proto.solution, dtype=np.int64)
        R = self.R.copy()
        for e, d, options, idx in self.cells:
            chosen = -1
            for s, i in zip(options, idx):
                if values[i]:
                    chosen = s
                    break
            R[e, d] = chosen
        # cells with no option are off
        R[self.free & ~self.c.allowed.any(axis=2)] = -1
        return R


def _solve_model(model: _Model, time_limit: float, workers: int, seed: int, extra: dict | None = None):
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = max(0.01, time_limit)
    p.num_workers = workers
    p.random_seed = seed
    for key, value in (extra or {}).items():
        setattr(p, key, value)
    status = solver.solve(model.m)
    return solver, status


# ----------------------------------------------------------------------------------------------------------------
# Search


class _Search:
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
        self.started = time.monotonic()
        self.lock = threading.Lock()

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def offer(self, R: np.ndarray, how: str) -> bool:
        obj = self.c.objective(R)
        with self.lock:
            if self.best_obj is None or obj < self.best_obj:
                self.best, self.best_obj = R, obj
                self.time_to_best = time.monotonic() - self.started
                self.improvements += 1
                self.log(f"{self.time_to_best:7.2f}s  {obj:>8}  {how}")
                return True
            if obj == self.best_obj:
                self.best = R  # move along plateaus
        return False

    # -- construction ------------------------------------------------------------------------------------------

    def construct(self, time_share: float) -> bool:
        """Employee by employee: each gets its best rows given those already placed (always feasible)."""
        c = self.c
        R = c.empty()
        order = list(range(c.E))
        # least flexible first: fewest shift types and most days off
        order.sort(key=lambda e: (c.allowed[e].sum(), self.rng.random()))
        end = time.monotonic() + time_share
        for n, e in enumerate(order):
            free = np.zeros((c.E, c.H), dtype=bool)
            free[e] = True
            model = _Model(c, R, free, hint=False)
            left = max(0.05, (end - time.monotonic()) / (len(order) - n))
            solver, status = _solve_model(model, min(left, self.remaining()), 1, self.seed)
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                self.log(f"construction: no rows for {c.emp[e].id} ({solver.status_name(status)})")
                return False
            R = model.read(solver)
        self.offer(R, "construction")
        return True

    # -- full model ---------------------------------------------------------------------------------------------

    def full(self, time_limit: float, hint: bool = True, extra: dict | None = None) -> int:
        c = self.c
        R = self.best if self.best is not None else c.empty()
        model = _Model(c, R, np.ones((c.E, c.H), dtype=bool), hint=hint and self.best is not None)
        solver, status = _solve_model(model, min(time_limit, self.remaining()), self.workers, self.seed, extra)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            R = model.read(solver)
            self.offer(R, "full model")
            # the model leaves out constants (on-request weights, pinned cells): add them back to its bound
            constant = self.c.objective(R) - round(solver.objective_value)
            bound = math.ceil(solver.best_objective_bound - 1e-6) + constant
            self.bound = max(self.bound or 0, bound)
            if status == cp_model.OPTIMAL:
                self.optimal = True
        return status

    # -- large neighbourhood search -----------------------------------------------------------------------------

    def lns(self, until: float) -> None:
        c = self.c
        sizes = {"employees": min(c.E, 4), "window": min(c.H, 7), "block": min(c.E, 8), "cover": min(c.E, 6)}
        kinds = list(sizes)
        sub_limit = 2.0
        while time.monotonic() < until - 0.05 and not self.optimal:
            self.iterations += 1
            kind = self.rng.choice(kinds)
            free = self._neighbourhood(kind, sizes)
            model = _Model(c, self.best, free)
            if model.trivial:
                continue
            limit = min(sub_limit, until - time.monotonic())
            if limit <= 0.02:
                break
            solver, status = _solve_model(model, limit, 1, self.rng.randrange(1 << 30))
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                improved = self.offer(model.read(solver), f"lns {kind} size {sizes[kind]}")
                if status == cp_model.OPTIMAL and not improved:
                    sizes[kind] = self._grow(kind, sizes[kind])
                elif status == cp_model.FEASIBLE:
                    sizes[kind] = max(1, int(sizes[kind] * 0.85))
            else:
                sizes[kind] = max(1, int(sizes[kind] * 0.85))

    def _grow(self, kind: str, size: int) -> int:
        c = self.c
        cap = {"employees": c.E, "window": c.H, "block": c.E, "cover": c.E}[kind]
        return min(cap, size + 1)

    def _neighbourhood(self, kind: str, sizes: dict[str, int]) -> np.ndarray:
        c, rng = self.c, self.rng
        free = np.zeros((c.E, c.H), dtype=bool)
        size = sizes[kind]
        if kind == "employees":
            free[rng.sample(range(c.E), min(size, c.E))] = True
        elif kind == "window":
            start = rng.randrange(0, max(1, c.H - size + 1))
            free[:, start:start + size] = True
        elif kind == "block":
            length = min(c.H, 14)
            start = rng.randrange(0, max(1, c.H - length + 1))
            rows = rng.sample(range(c.E), min(size, c.E))
            free[np.ix_(rows, range(start, start + length))] = True
        else:  # cover: around an expensive cover cell, the employees able to work it
            x = c.onehot(self.best)
            cost = c.cover_cost(x.sum(axis=0))
            cells = np.argwhere(cost > 0)
            if len(cells) == 0:
                free[rng.sample(range(c.E), min(size, c.E))] = True
                return free
            d, s = cells[rng.randrange(len(cells))]
            able = [e for e in range(c.E) if c.allowed[e, d, s] or self.best[e, d] == s]
            rng.shuffle(able)
            free[able[:size]] = True
        return free


# ----------------------------------------------------------------------------------------------------------------
# Public entry point


def solve(problem: RosterProblem, time_limit_s: float = 60.0, seed: int = 0,
          pinned: Mapping[tuple[str, int], str | None] | None = None, workers: int = 2,
          initial: Roster | None = None, progress: Callable[[str], None] | None = None) -> Result:
    """Best roster found within `time_limit_s` seconds of wall time; pinned cells are kept as given."""
    started = time.monotonic()
    lines: list[str] = []

    def log(message: str) -> None:
        lines.append(message)
        if progress:
            progress(message)

    try:
        c = Compiled(problem, pinned)
    except PinConflict as exc:
        return Result(None, None, None, "INFEASIBLE", [str(exc)])
    search = _Search(c, started + time_limit_s, seed, workers, log)
    log(f"compiled {c.E} employees x {c.H} days x {c.S} shifts in {time.monotonic() - started:.2f}s")

    if initial is not None:
        search.offer(c.from_roster(initial), "initial roster")
    size = c.E * c.H * c.S
    if search.best is None:
        if size <= 40_000:
            search.full(min(time_limit_s * 0.2, 10.0))
        if search.best is None and not search.construct(time_limit_s * 0.3):
            return Result(None, None, None, "INFEASIBLE", lines)
    if not search.optimal:
        search.lns(search.deadline - min(time_limit_s * 0.25, 15.0) if size <= 40_000 else search.deadline)
    if not search.optimal and size <= 40_000 and search.remaining() > 0.5:
        search.full(search.remaining())
    status = "OPTIMAL" if search.optimal or (search.bound is not None and search.bound >= search.best_obj) \
        else "FEASIBLE"
    stats = {"iterations": search.iterations, "improvements": search.improvements,
             "time_to_best": round(search.time_to_best, 2), "wall_time": round(time.monotonic() - started, 2)}
    return Result(c.to_roster(search.best), search.best_obj, search.bound, status, lines, stats)
