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


@dataclass
class Lagrange:
    """Cover duals pi, scaled to integers, and the model coefficients they give (see _Model)."""
    scale: int
    pi: np.ndarray  # (H, S) scaled integers, within [-over_w, under_w] * scale
    cell_coeff: np.ndarray  # (E, H, S) = scale * cell_cost - pi
    under_coeff: np.ndarray  # (H, S) = scale * under_w - pi >= 0
    over_coeff: np.ndarray  # (H, S) = scale * over_w + pi >= 0

    @classmethod
    def from_duals(cls, c: "Compiled", pi: np.ndarray, scale: int = 100) -> "Lagrange":
        pi = np.clip(np.round(pi * scale), -c.over_w * scale, c.under_w * scale).astype(np.int64)
        return cls(scale, pi, scale * c.cell_cost - pi[None], scale * c.under_w - pi, scale * c.over_w + pi)

    def constant(self, c: "Compiled") -> int:
        """scale * objective = constant + model objective of the full model."""
        return int(self.scale * c.on_total + (self.pi * c.req).sum())


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

    def __init__(self, c: Compiled, R: np.ndarray, free: np.ndarray, hint: bool = True,
                 lagrange: "Lagrange | None" = None, row_bounds: dict[int, float] | None = None):
        """With `lagrange` (scaled integer cover duals), the objective is rewritten as
        sum_e Y_e + sum_cover ((uw - pi) under + (ow + pi) over) + constant, Y_e = sum (cost - pi) x_e, which is the
        same objective; `row_bounds[e]` (a lower bound of Y_e, from the pricing DP) then gives CP-SAT the strong
        Dantzig-Wolfe bound and prunes every employee schedule whose reduced cost exceeds the remaining gap."""
        self.c = c
        self.R = R
        free = free & (c.pin == FREE)
        self.free = free
        self.lagrange = lagrange
        self.row_bounds = row_bounds or {}
        self.scale = lagrange.scale if lagrange is not None else 1
        self.m = m = cp_model.CpModel()
        self.cells: list[tuple[int, int, list[int], list[int]]] = []  # (e, d, shifts, var indices)
        self.hint_vars: list[int] = []
        self.hint_vals: list[int] = []
        self.infeasible_reason: str | None = None
        self._obj_vars: list = []
        self._obj_coeffs: list[int] = []
        self.cover_lits: dict[tuple[int, int], list] = {}
        self._rows: dict[int, tuple[list, list[int]]] = {}
        self.trivial = False
        rows = np.nonzero(free.any(axis=1))[0]
        if len(rows) == 0:
            self.trivial = True
            return
        for e in rows:
            self._employee(int(e), hint)
        self._cover(hint)
        self._employee_bounds(hint)
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
        cost = c.cell_cost[e] if self.lagrange is None else self.lagrange.cell_coeff[e]
        row_terms: list = []
        row_coeffs: list[int] = []
        self._rows[e] = (row_terms, row_coeffs)
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
                    row_terms.append(v)
                    row_coeffs.append(int(cost[d, s]))
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
        lagrange = self.lagrange
        for (d, s), lits in self.cover_lits.items():
            under_w, over_w = int(c.under_w[d, s]), int(c.over_w[d, s])
            if lagrange is not None:
                under_w, over_w = int(lagrange.under_coeff[d, s]), int(lagrange.over_coeff[d, s])
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

    def _employee_bounds(self, hint: bool) -> None:
        """Y_e = the employee's (reduced-cost) part of the objective, bounded below by the pricing optimum."""
        m = self.m
        for e, (terms, coeffs) in self._rows.items():
            bound = self.row_bounds.get(e)
            if bound is None or not terms:
                self._obj_vars.extend(terms)
                self._obj_coeffs.extend(coeffs)
                continue
            lo = int(math.floor(bound + 1e-6))
            hi = sum(k for k in coeffs if k > 0)
            if hi < lo:  # only when the bound is wrong; keep the model honest rather than infeasible
                lo = hi
            y = m.new_int_var(lo, hi, "")
            m.add(cp_model.LinearExpr.weighted_sum(terms, coeffs) == y)
            self._obj_vars.append(y)
            self._obj_coeffs.append(1)

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


def cpsat_price(c: Compiled, e: int, cost: np.ndarray, off_cost: np.ndarray | None, time_limit: float = 2.0,
                scale: int = 1000):
    """Exact best schedule of one employee under per-cell costs, by CP-SAT (the DP's fallback).
    Returns (lower bound, row or None)."""
    free = np.zeros((c.E, c.H), dtype=bool)
    free[e] = True
    model = _Model(c, c.empty(), free, hint=False)
    if model.trivial:
        return np.inf, None
    terms, coeffs = [], []
    for _, d, options, idx in model.cells:
        for s, i in zip(options, idx):
            terms.append(model.m.get_bool_var_from_proto_index(i))
            coeffs.append(int(round(cost[d, s] * scale)) if np.isfinite(cost[d, s]) else 10**9)
    offset = 0.0
    if off_cost is not None:  # a day off costs off_cost[d]; it is 1 - (work on d)
        for d in range(c.H):
            if np.isfinite(off_cost[d]) and off_cost[d]:
                offset += off_cost[d]
                for _, dd, options, idx in model.cells:
                    if dd == d:
                        for i in idx:
                            terms.append(model.m.get_bool_var_from_proto_index(i))
                            coeffs.append(-int(round(off_cost[d] * scale)))
    model.m.minimize(cp_model.LinearExpr.weighted_sum(terms, coeffs))
    solver, status = _solve_model(model, time_limit, 1, 0, {"linearization_level": 2})
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return np.inf, None
    margin = c.H * 0.5 / scale
    bound = solver.best_objective_bound / scale + offset - margin
    return bound, model.read(solver)[e]


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
        self.infeasible_employee: str | None = None
        self.version = 0
        self.sub_limit = 1.0
        self.sub_params: dict = {"linearization_level": 2}
        self.model_options: dict = {}
        self.trace: list | None = None
        self.lagrange: Lagrange | None = None
        self.full_row_bounds: dict[int, float] = {}
        self.pricer = None

    def set_lagrange(self, lagrange: "Lagrange") -> None:
        from .pricing import Pricer
        if self.pricer is None:
            self.pricer = Pricer(self.c)
        c = self.c
        result = self.pricer.price(lagrange.cell_coeff.astype(float))
        pinned = c.pin >= 0
        pinned_part = np.where(pinned, np.take_along_axis(lagrange.cell_coeff, np.maximum(c.pin, 0)[:, :, None],
                                                          axis=2)[:, :, 0], 0).sum(axis=1)
        # the model's Y_e leaves pinned cells out (they are constants)
        self.full_row_bounds = {e: value - pinned_part[e] for e, (value, row) in result.items() if row is not None}
        self.lagrange = lagrange

    def row_bounds(self, lagrange: "Lagrange", R: np.ndarray, free: np.ndarray) -> dict[int, float]:
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
                value, row = result.get(e, (np.inf, None))
                if row is not None:
                    bounds[e] = value - fixed_part[n]
        return bounds

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

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
            self.improvements += 1
            self.log(f"{self.time_to_best:7.2f}s  {obj:>8}  {how}")
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
            priced = pricer.price(c.cell_cost + marginal[None], employees=batch)
            ranked = sorted(batch, key=lambda e: priced.get(e, (np.inf, None))[0])
            for e in ranked[:per_wave]:
                row = priced.get(e, (np.inf, None))[1]
                if row is None:  # the DP found no schedule within its limits: ask CP-SAT for this employee
                    free = np.zeros((c.E, c.H), dtype=bool)
                    free[e] = True
                    model = _Model(c, R, free, hint=False)
                    solver, status = _solve_model(model, max(1.0, self.remaining() / 10), 1, self.seed,
                                                  {"linearization_level": 2})
                    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                        self.log(f"construction: no row for {c.emp[e].id} from the DP nor CP-SAT")
                        return False
                    row = model.read(solver)[e]
                R[e] = row
                counts += c.onehot(row[None, :])[0]
                left.remove(e)
            if self.remaining() <= 0:
                return False
        self.offer(R, "construction")
        return True

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
            free = np.zeros((c.E, c.H), dtype=bool)
            free[e] = True
            model = _Model(c, R, free, hint=False)
            share = max(0.3, (end - time.monotonic()) / (len(order) - n))
            solver, status = _solve_model(model, min(share, max(0.05, self.remaining())), 1, self.seed,
                                          {"linearization_level": 2})
            if status == cp_model.UNKNOWN and self.remaining() > 0.05:
                # no row yet: settle for any row that keeps the rules, then move on
                model.m.clear_objective()
                solver, status = _solve_model(model, max(0.05, self.remaining()), 1, self.seed,
                                              {"linearization_level": 2, "stop_after_first_solution": True})
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
        model = _Model(c, R, free, hint=hint and self.best is not None, lagrange=lagrange, row_bounds=bounds)
        solver, status = _solve_model(model, min(time_limit, self.remaining()), self.workers, self.seed, extra)
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
        c = self.c
        self.sizes = {"employees": min(c.E, 3), "window": min(c.H, 4), "block": min(c.E, 6), "cover": min(c.E, 4),
                      "reduced": min(c.E, 4)}
        self.scores = {kind: (1.0 if kind != "reduced" or self.lagrange is not None else 0.0) for kind in self.KINDS}
        self.version = 0
        if threads <= 1:
            self._lns_loop(until, self.rng)
            return
        workers = [threading.Thread(target=self._lns_loop, args=(until, random.Random(self.rng.random())))
                   for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    def _lns_loop(self, until: float, rng: random.Random) -> None:
        c = self.c
        while not self.optimal:
            left = until - time.monotonic()
            if left < 0.05:
                break
            with self.lock:
                self.iterations += 1
                base, base_obj, base_version = self.best, self.best_obj, self.version
                weights = [self.scores[k] for k in self.KINDS]
            kind = rng.choices(self.KINDS, weights)[0]
            size = self.sizes[kind]
            free = self._neighbourhood(kind, size, base, rng)
            t0 = time.monotonic()
            lagrange = self.lagrange
            bounds = self.row_bounds(lagrange, base, free) if lagrange is not None else None
            model = _Model(c, base, free, lagrange=lagrange, row_bounds=bounds)
            if model.trivial:
                continue
            t1 = time.monotonic()
            solver, status = _solve_model(model, min(self.sub_limit, left), 1, rng.randrange(1 << 30),
                                          self.sub_params)
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
                    self.trace.append((round(t0 - self.started, 2), kind, size, solver.status_name(status),
                                       round(t1 - t0, 3), round(t2 - t1, 3), gain))

    def _neighbourhood(self, kind: str, size: int, base: np.ndarray, rng: random.Random) -> np.ndarray:
        c = self.c
        free = np.zeros((c.E, c.H), dtype=bool)
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
        elif kind == "reduced":  # employees whose rows are furthest above their Lagrangian best
            coeff = self.lagrange.cell_coeff
            worked = np.where(base >= 0, np.take_along_axis(coeff, np.maximum(base, 0)[:, :, None],
                                                            axis=2)[:, :, 0], 0).sum(axis=1)
            gaps = np.array([max(0.0, worked[e] - self.full_row_bounds.get(e, worked[e])) for e in range(c.E)])
            weights = gaps + 0.05 * (gaps.mean() + 1.0)
            chosen = np.random.default_rng(rng.randrange(1 << 30)).choice(
                c.E, size=min(size, c.E), replace=False, p=weights / weights.sum())
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
            chosen = set(able[:max(1, size - 1)])
            if working:
                chosen.add(rng.choice(working))
            free[sorted(chosen)] = True
        return free


# ----------------------------------------------------------------------------------------------------------------
# Public entry point


DEFAULTS = {
    "full_first": 0.05,  # share of the time (at most 3 s) for a first full-model solve (small problems only)
    "full_last": 0.0,  # share of the time for a last full-model solve from the best roster
    "full_max_cells": 40_000,  # employees x days x shifts above which the full model is never built
    "sub_limit": 1.0,  # seconds per neighbourhood
    "sub_params": {"linearization_level": 2},
    "columns": True,  # column generation (bound, duals) and a dive, when the pricing DP covers every employee
    "root_share": 0.35,  # the root column generation ends by this share of the time
    "dive_share": 0.6,  # the dive ends by this share of the time
    "proof_share": 0.15,  # with duals, the last share of the time goes to the full model with the strong bound
}


def solve(problem: RosterProblem, time_limit_s: float = 60.0, seed: int = 0,
          pinned: Mapping[tuple[str, int], str | None] | None = None, workers: int = 2,
          initial: Roster | None = None, progress: Callable[[str], None] | None = None,
          options: Mapping | None = None) -> Result:
    """Best roster found within `time_limit_s` seconds of wall time; pinned cells are kept as given.

    `workers` is the number of cores used (parallel neighbourhood searches, or CP-SAT workers for the full model).
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
    search = _Search(c, started + time_limit_s, seed, workers, log)
    if min(c.on_w.min(), c.off_w.min(), c.under_w.min(), c.over_w.min()) >= 0:
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
        pricer.fallback = lambda e, cost, off: cpsat_price(c, e, cost, off)
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
        search.full(min(3.0, max(1.0, time_limit_s * opts["full_first"])), hint=search.best is not None)
    construction_started = time.monotonic()
    if search.best is None:
        built = pricer is not None and search.construct_by_pricing(pricer)
        if not built and not search.construct(time_limit_s * 0.3):
            who = getattr(search, "infeasible_employee", None)
            status = "INFEASIBLE" if who else "UNKNOWN"
            if who:
                log(f"no roster: the hard rules of {who} (with the pinned cells) allow no row")
            return Result(None, None, None, status, lines)
    cg = None
    construction_time = time.monotonic() - construction_started
    if pricer is not None and construction_time > 0.1 * time_limit_s:
        # a pricing round costs about what the greedy start cost: column generation would not fit
        log(f"no column generation: the greedy start took {construction_time:.1f}s")
        pricer = None
    if pricer is not None and not search.optimal:
        from .columns import ColumnGeneration
        cg = ColumnGeneration(c, pricer, log)
        cg.add_roster(search.best)
        cg.root(started + time_limit_s * opts["root_share"])
        if cg.rounds <= 2 and cg.round_time > 0.1 * time_limit_s:
            log(f"column generation stopped: {cg.round_time:.1f}s a round is too slow for this time limit")
            cg.bound_duals = None
            cg = None
    if pricer is not None and cg is not None and not search.optimal:
        if np.isfinite(cg.bound):
            search.bound = max(search.bound or 0, math.ceil(cg.bound - 1e-6))
            if search.bound >= search.best_obj:
                search.optimal = True
        if not search.optimal:
            R = cg.dive(started + time_limit_s * opts["dive_share"])
            if R is not None:
                search.offer(R, "dive")
        if search.bound is not None and search.bound >= search.best_obj:
            search.optimal = True
        if cg.bound_duals is not None:
            search.set_lagrange(Lagrange.from_duals(c, cg.bound_duals))
    if not search.optimal:
        last = time_limit_s * opts["full_last"] if small else 0.0
        if small and search.lagrange is not None:
            last = max(last, time_limit_s * opts["proof_share"])  # the strong bound may close the gap
        search.lns(search.deadline - last, workers)
    if small and not search.optimal and search.remaining() > 0.5 and (opts["full_last"] > 0 or
                                                                       search.lagrange is not None):
        search.full(search.remaining())
    proved = search.optimal or (search.bound is not None and search.bound >= search.best_obj)
    stats = {"iterations": search.iterations, "improvements": search.improvements,
             "time_to_best": round(search.time_to_best, 2), "wall_time": round(time.monotonic() - started, 2),
             "sizes": dict(getattr(search, "sizes", {})),
             "scores": {k: round(v, 2) for k, v in getattr(search, "scores", {}).items()}}
    if search.trace is not None:
        stats["trace"] = search.trace
    return Result(c.to_roster(search.best), search.best_obj, search.bound, "OPTIMAL" if proved else "FEASIBLE",
                  lines, stats)
