"""Column generation over employee schedules (Dantzig-Wolfe) and a diving heuristic built on it.

Master LP: choose a convex combination of schedules per employee; cover rows with under/over slacks. Pricing:
the exact one-employee DP of pricing.py under the cover duals. Its Lagrangian bound is valid at every round and
is very tight on the Curtois & Qu instances (within 0.3% of the optimum on 1-12), far stronger than the compact
model's LP. The dive fixes the employees whose LP choice is (nearly) integral, re-optimises the rest and repeats:
every column is a feasible schedule, so the result is a feasible roster.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np
from ortools.linear_solver import pywraplp

from .pricing import Pricer


class ColumnGeneration:
    def __init__(self, c, pricer: Pricer, log: Callable[[str], None] = lambda message: None):
        self.c = c
        self.pricer = pricer
        self.log = log
        self.stop = threading.Event()  # set from outside: the root and the dive end at their next round
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        lp = self.lp
        lp.SetSolverSpecificParametersAsString("use_dual_simplex: false")  # new columns keep the basis primal feasible
        inf = lp.infinity()
        self.objective = lp.Objective()
        self.objective.SetMinimization()
        self.convexity = [lp.Constraint(1, 1) for _ in range(c.E)]
        self.cover_rows: dict[tuple[int, int], object] = {}
        for d in range(c.H):
            for s in range(c.S):
                if not (c.under_w[d, s] or c.over_w[d, s]):
                    continue
                row = lp.Constraint(float(c.req[d, s]), float(c.req[d, s]))
                under, over = lp.NumVar(0, inf, ""), lp.NumVar(0, inf, "")
                row.SetCoefficient(under, 1)
                row.SetCoefficient(over, -1)
                self.objective.SetCoefficient(under, float(c.under_w[d, s]))
                self.objective.SetCoefficient(over, float(c.over_w[d, s]))
                self.cover_rows[(d, s)] = row
        self.on_weight = c.on_w.sum(axis=(1, 2)).astype(float)
        self.pool: list[list[tuple[object, np.ndarray, float]]] = [[] for _ in range(c.E)]
        self._seen: list[set[bytes]] = [set() for _ in range(c.E)]
        self.fixed: dict[int, int] = {}  # employee -> column index
        self.bound = -np.inf
        self.bound_duals: np.ndarray | None = None
        self.lp_value = np.inf
        self.rounds = 0
        self.round_time = 0.0  # seconds of the last pricing round

    # -- master -------------------------------------------------------------------------------------------------

    def column_cost(self, e: int, row: np.ndarray) -> float:
        days = np.nonzero(row >= 0)[0]
        return float(self.on_weight[e] + self.c.cell_cost[e, days, row[days]].sum() + self.c.soft_row(e, row))

    def add_column(self, e: int, row: np.ndarray) -> bool:
        key = row.astype(np.int16).tobytes()
        if key in self._seen[e]:
            return False
        self._seen[e].add(key)
        var = self.lp.NumVar(0, self.lp.infinity(), "")
        cost = self.column_cost(e, row)
        self.objective.SetCoefficient(var, cost)
        self.convexity[e].SetCoefficient(var, 1)
        for d in np.nonzero(row >= 0)[0]:
            cover = self.cover_rows.get((int(d), int(row[d])))
            if cover is not None:
                cover.SetCoefficient(var, 1)
        if e in self.fixed:
            var.SetBounds(0, 0)
        self.pool[e].append((var, row.copy(), cost))
        return True

    def add_roster(self, R: np.ndarray) -> None:
        for e in range(self.c.E):
            self.add_column(e, R[e])

    def solve_lp(self) -> tuple[np.ndarray, np.ndarray]:
        status = self.lp.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            raise RuntimeError(f"master LP status {status}")
        self.lp_value = self.objective.Value()
        pi = np.zeros((self.c.H, self.c.S))
        for (d, s), row in self.cover_rows.items():
            pi[d, s] = row.dual_value()
        mu = np.array([row.dual_value() for row in self.convexity])
        return pi, mu

    def lambdas(self, e: int) -> np.ndarray:
        return np.array([var.solution_value() for var, _, _ in self.pool[e]])

    # -- pricing ------------------------------------------------------------------------------------------------

    def price_round(
        self, pi: np.ndarray, mu: np.ndarray, employees: list[int], until: float | None = None
    ) -> tuple[int, float | None]:
        """Price `employees` under the LP duals; add the columns with a negative reduced cost. Returns (columns
        added, Lagrangian bound when every employee was priced, else None). After `until` the pricer settles no
        more employees by its slow exact fallback (their relaxed values still make a valid bound)."""
        c = self.c
        self.pricer.deadline = until
        threshold = {e: mu[e] - self.on_weight[e] - 1e-6 for e in employees}
        result = self.pricer.price(c.cell_cost - pi[None], employees=employees, row_below=threshold)
        self.rounds += 1
        added = 0
        self.last_reduced = {}
        for e, (value, row) in result.items():
            self.last_reduced[e] = value + self.on_weight[e] - mu[e]
            if row is None:
                continue
            days = np.nonzero(row >= 0)[0]
            reduced = self.column_cost(e, row) - pi[days, row[days]].sum() - mu[e]
            if reduced < -1e-6 and self.add_column(e, row):
                added += 1
        bound = None
        if len(result) == c.E:
            bound = float((pi * c.req).sum() + sum(value + self.on_weight[e] for e, (value, _) in result.items()))
            if bound > self.bound:
                self.bound, self.bound_duals = bound, pi.copy()
        return added, bound

    def root(self, deadline: float, gap_stop: float = 1e-4, min_rounds: int = 0) -> bool:
        """Column generation to convergence, a relative LP/bound gap below `gap_stop`, or the deadline.
        Partial pricing: between full rounds, only the employees that priced out last time are priced.
        With `min_rounds`, it gives up after its second round of everyone when that many rounds would not fit
        before the deadline (an LP far from converged gives no bound and misleading duals; the first round also
        builds the pricing's tables, so it says little); returns False when it gave up."""
        c = self.c
        everyone = list(range(c.E))
        hot = everyone
        last = 0.0
        full_rounds = 0
        # a round that would end past the deadline is not started
        while time.monotonic() + last < deadline and not self.stop.is_set():
            round_started = time.monotonic()
            pi, mu = self.solve_lp()
            partial = len(hot) < c.E
            # a round may take its share of the time left: the rounds still wanted must fit
            added, _ = self.price_round(pi, mu, hot, round_started + (deadline - round_started) / max(1, min_rounds))
            if partial and added == 0:
                hot = everyone
                continue
            if not partial and added == 0:
                break
            negative = [e for e, r in self.last_reduced.items() if r < -1e-6]
            hot = everyone if partial or len(negative) > c.E // 2 else negative
            last = self.round_time = time.monotonic() - round_started
            full_rounds += not partial
            if full_rounds == 2 and not partial and time.monotonic() + min_rounds * last > deadline:
                self.log(f"column generation given up: {last:.2f}s a round, {min_rounds} rounds would not fit")
                return False
            if abs(self.lp_value - self.bound) <= gap_stop * max(1.0, abs(self.lp_value)):
                break
        self.log(
            f"column generation: LP {self.lp_value:.2f}, bound {self.bound:.2f}, {self.rounds} rounds, "
            f"{sum(map(len, self.pool))} columns"
        )
        return True

    # -- diving -------------------------------------------------------------------------------------------------

    def fix(self, e: int, j: int) -> None:
        self.fixed[e] = j
        for k, (var, _, _) in enumerate(self.pool[e]):
            if k != j:
                var.SetBounds(0, 0)

    def dive(
        self,
        deadline: float,
        rounds_per_step: int = 8,
        sure: float = 0.9,
        price_every: int = 1,
    ) -> np.ndarray | None:
        """Fix nearly integral employees (or the most decided ones), re-optimise the others, repeat. The number
        fixed per step grows when the time left would not allow one step per employee."""
        c = self.c
        steps = 0
        step_times: list[float] = []
        while len(self.fixed) < c.E:
            started = time.monotonic()
            active = [e for e in range(c.E) if e not in self.fixed]
            out_of_time = started + self.round_time >= deadline or self.stop.is_set()
            if not out_of_time and steps % price_every == 0:
                for _ in range(rounds_per_step):
                    round_started = time.monotonic()
                    pi, mu = self.solve_lp()
                    added, _ = self.price_round(pi, mu, active, deadline)
                    self.round_time = time.monotonic() - round_started
                    if added == 0 or time.monotonic() + self.round_time >= deadline:
                        break
            self.solve_lp()
            best = {}
            for e in active:
                lam = self.lambdas(e)
                best[e] = (int(lam.argmax()), float(lam.max()))
            chosen = [e for e in active if best[e][1] >= sure]
            if out_of_time:
                chosen = active  # finish at once: every employee takes its heaviest column
            else:
                step_times.append(time.monotonic() - started)
                typical = float(np.mean(step_times[-5:]))
                steps_left = max(1.0, (deadline - time.monotonic()) / max(typical, 1e-3))
                quota = max(1, int(np.ceil((len(active) - len(chosen)) / steps_left)))
                ranked = [e for e in sorted(active, key=lambda e: -best[e][1]) if e not in chosen]
                chosen += ranked[:quota] if len(chosen) == 0 or steps_left < len(active) else []
            for e in chosen:
                self.fix(e, best[e][0])
            steps += 1
        self.log(f"dive: {steps} steps")
        return np.array([self.pool[e][self.fixed[e]][1] for e in range(c.E)])

    def master_mip(
        self,
        time_limit: float,
        incumbent: np.ndarray | None = None,
        solver: str = "SCIP",
        employees: list[int] | None = None,
    ):
        """The master restricted to the pool, as a MIP: the best roster that combines generated schedules.
        With `employees`, only they choose among their columns; the others keep their incumbent rows."""
        c = self.c
        free = list(range(c.E)) if employees is None else list(employees)
        fixed_counts = np.zeros((c.H, c.S))
        if employees is not None:
            keep = np.ones(c.E, dtype=bool)
            keep[free] = False
            fixed_counts = c.onehot(incumbent[keep]).sum(axis=0)
        mip = pywraplp.Solver.CreateSolver(solver)
        if mip is None:
            return None
        mip.SetTimeLimit(int(max(0.1, time_limit) * 1000))
        objective = mip.Objective()
        rows = {}
        for d, s in self.cover_rows:
            need = float(c.req[d, s] - fixed_counts[d, s])
            row = mip.Constraint(need, need)
            under, over = mip.NumVar(0, mip.infinity(), ""), mip.NumVar(0, mip.infinity(), "")
            row.SetCoefficient(under, 1)
            row.SetCoefficient(over, -1)
            objective.SetCoefficient(under, float(c.under_w[d, s]))
            objective.SetCoefficient(over, float(c.over_w[d, s]))
            rows[(d, s)] = row
        choice = []
        hint_vars, hint_values = [], []
        for e in free:
            convexity = mip.Constraint(1, 1)
            options = []
            columns = [(col, cost) for _, col, cost in self.pool[e]]
            if incumbent is not None and incumbent[e].astype(np.int16).tobytes() not in self._seen[e]:
                columns.append((incumbent[e], self.column_cost(e, incumbent[e])))
            for col, cost in columns:
                var = mip.BoolVar("")
                convexity.SetCoefficient(var, 1)
                objective.SetCoefficient(var, cost)
                for d in np.nonzero(col >= 0)[0]:
                    row = rows.get((int(d), int(col[d])))
                    if row is not None:
                        row.SetCoefficient(var, 1)
                options.append((var, col))
                if incumbent is not None:
                    hint_vars.append(var)
                    hint_values.append(float(np.array_equal(col, incumbent[e])))
            choice.append(options)
        objective.SetMinimization()
        if hint_vars:
            mip.SetHint(hint_vars, hint_values)
        status = mip.Solve()
        if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            return None
        R = incumbent.copy() if incumbent is not None else np.full((c.E, c.H), -1, dtype=np.int64)
        for e, options in zip(free, choice):
            R[e] = next(col for var, col in options if var.solution_value() > 0.5)
        return R

    def unfix(self) -> None:
        for e in list(self.fixed):
            for var, _, _ in self.pool[e]:
                var.SetBounds(0, self.lp.infinity())
        self.fixed.clear()
