"""CP-SAT models of a neighbourhood (any set of free cells; everything else fixed to the incumbent).

Every hard rule of a RosterProblem binds one employee; cover and requests are soft. So the model of any
neighbourhood is built directly, with the fixed cells folded into constants: its size follows the neighbourhood,
not the instance. The same builder gives the full model (every cell free), the one-employee models of the
constructive start and the sub-models of the large-neighbourhood search.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from .compiled import FREE, UNLIMITED, Compiled


@dataclass
class Lagrange:
    """Cover duals pi, scaled to integers, and the model coefficients they give (see NeighbourhoodModel)."""

    scale: int
    pi: np.ndarray  # (H, S) scaled integers, within [-over_w, under_w] * scale
    cell_coeff: np.ndarray  # (E, H, S) = scale * cell_cost - pi
    under_coeff: np.ndarray  # (H, S) = scale * under_w - pi >= 0
    over_coeff: np.ndarray  # (H, S) = scale * over_w + pi >= 0

    @classmethod
    def from_duals(cls, c: Compiled, pi: np.ndarray, scale: int = 100) -> Lagrange:
        pi = np.clip(np.round(pi * scale), -c.over_w * scale, c.under_w * scale).astype(np.int64)
        return cls(scale, pi, scale * c.cell_cost - pi[None], scale * c.under_w - pi, scale * c.over_w + pi)

    def constant(self, c: Compiled) -> int:
        """scale * objective = constant + model objective of the full model."""
        return int(self.scale * c.on_total + (self.pi * c.req).sum())


# Model of a neighbourhood


class NeighbourhoodModel:
    """A CP-SAT model over the free cells of `free` (E x H bool), other cells fixed to `R`."""

    def __init__(
        self,
        c: Compiled,
        R: np.ndarray,
        free: np.ndarray,
        hint: bool = True,
        lagrange: Lagrange | None = None,
        row_bounds: dict[int, float] | None = None,
    ):
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
        for (_d, s), v in x.items():
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
                lits, const = self._split(work[t : t + M + 1])
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
        usable = np.nonzero(c.allowed[e].any(axis=0) | np.isin(np.arange(c.S), row[row >= 0]))[0].tolist()
        for d in range(max(0, lo - 1), min(hi, H - 2) + 1):
            for s in usable:
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
        # at most k days in a row on a set of shifts (e.g. nights): at most k of any k + 1 days
        for mask, k in c.run_limits[e]:
            on_set = [
                sum((shift_term(d, s) for s in np.nonzero(mask)[0]), 0)
                if d in free_set
                else int(row[d] >= 0 and mask[row[d]])
                for d in range(H)
            ]
            for t in range(max(0, lo - k), min(hi, H - k - 1) + 1):
                terms, const = [], 0
                for item in on_set[t : t + k + 1]:
                    if isinstance(item, int):
                        const += item
                    else:
                        terms.append(item)
                if terms and const + len(terms) > k:
                    m.add(cp_model.LinearExpr.sum(terms) <= k - const)
                elif const > k:
                    self._contradiction(f"{c.emp[e].id}: run of days on {k + 1} days from day {t}")
        self._soft_rows(e, x, row, free_days, shift_term, hint)
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

    def _soft_rows(self, e: int, x: dict, row: np.ndarray, free_days: np.ndarray, shift_term, hint: bool) -> None:
        """Successions and balances of employee e, added to its row of the objective (never negative)."""
        c, m = self.c, self.m
        terms, coeffs = self._rows[e]
        if c.succ_w.any():
            lo, hi = int(free_days[0]), int(free_days[-1])
            usable = c.allowed[e].any(axis=0) | np.isin(np.arange(c.S), row[row >= 0])
            pairs = [(a, b) for a, b in zip(*np.nonzero(c.succ_w)) if usable[a] and usable[b]]
            for d in range(max(0, lo - 1), min(hi, c.H - 2) + 1):
                for a, b in pairs:
                    first, second = shift_term(d, int(a)), shift_term(d + 1, int(b))
                    constants = [t for t in (first, second) if isinstance(t, int)]
                    if len(constants) == 2 or 0 in constants:
                        continue  # a constant, or never both
                    if constants:  # one side is fixed to work that shift: the other side alone decides
                        both = second if isinstance(first, int) else first
                    else:
                        both = m.new_bool_var("")
                        m.add_bool_or([first.Not(), second.Not(), both])
                        if hint:
                            self._hint(both, row[d] == a and row[d + 1] == b)
                    terms.append(both)
                    coeffs.append(int(c.succ_w[a, b]) * self.scale)
        worked = row >= 0
        fixed = ~self.free[e]
        for mask, targets, weight in c.balances:
            target = int(targets[e])
            if target < 0:
                continue
            lits = [v for (d, s), v in x.items() if mask[d, s]]
            in_set = worked & mask[np.arange(c.H), np.maximum(row, 0)]  # the cells of R (the hint) in the set
            const = int((fixed & in_set).sum())
            if not lits or const + len(lits) <= target:
                continue
            excess = m.new_int_var(max(0, const - target), const + len(lits) - target, "")
            m.add(excess >= cp_model.LinearExpr.sum(lits) + (const - target))
            if hint:
                self._hint(excess, max(0, int(in_set.sum()) - target))
            terms.append(excess)
            coeffs.append(weight * self.scale)

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
            hi = sum(k * self._upper(v) for v, k in zip(terms, coeffs) if k > 0)
            lo = min(math.floor(bound + 1e-6), hi)  # (lo > hi only if the bound were wrong: stay feasible)
            y = m.new_int_var(lo, hi, "")
            m.add(cp_model.LinearExpr.weighted_sum(terms, coeffs) == y)
            self._obj_vars.append(y)
            self._obj_coeffs.append(1)

    def _upper(self, var) -> int:
        return int(self.m.proto.variables[var.index].domain[-1])

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


def solve_model(model: NeighbourhoodModel, time_limit: float, workers: int, seed: int, extra: dict | None = None):
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = max(0.01, time_limit)
    p.num_workers = workers
    p.random_seed = seed
    for key, value in (extra or {}).items():
        setattr(p, key, value)
    status = solver.solve(model.m)
    return solver, status


def cpsat_price(
    c: Compiled, e: int, cost: np.ndarray, off_cost: np.ndarray | None, time_limit: float = 2.0, scale: int = 1000
):
    """Exact best schedule of one employee under per-cell costs, by CP-SAT (the DP's fallback).
    Returns (lower bound, row or None), (inf, None) when no row keeps the rules, None when out of time."""
    free = np.zeros((c.E, c.H), dtype=bool)
    free[e] = True
    model = NeighbourhoodModel(c, c.empty(), free, hint=False)
    if model.trivial:
        return np.inf, None
    terms, coeffs = [], []
    for _, d, options, idx in model.cells:
        for s, i in zip(options, idx):
            terms.append(model.m.get_bool_var_from_proto_index(i))
            coeffs.append(int(np.rint(cost[d, s] * scale)) if np.isfinite(cost[d, s]) else 10**9)
    offset = 0.0
    if off_cost is not None:  # a day off costs off_cost[d]; it is 1 - (work on d)
        for d in range(c.H):
            if np.isfinite(off_cost[d]) and off_cost[d]:
                offset += off_cost[d]
                for _, dd, _options, idx in model.cells:
                    if dd == d:
                        for i in idx:
                            terms.append(model.m.get_bool_var_from_proto_index(i))
                            coeffs.append(-int(np.rint(off_cost[d] * scale)))
    model.m.minimize(cp_model.LinearExpr.weighted_sum(terms, coeffs))
    solver, status = solve_model(model, time_limit, 1, 0, {"linearization_level": 2})
    if status == cp_model.INFEASIBLE:
        return np.inf, None
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None  # out of time: nothing proved either way
    margin = c.H * 0.5 / scale
    bound = solver.best_objective_bound / scale + offset - margin
    return bound, model.read(solver)[e]


# ----------------------------------------------------------------------------------------------------------------
