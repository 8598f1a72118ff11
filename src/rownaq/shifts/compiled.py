"""A RosterProblem compiled to arrays, with the pinned cells applied: what every model and the DP read."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .problem import OFF, Roster, RosterProblem

FREE = -2  # in the pin matrix: the cell is not pinned
UNLIMITED = 10**9


class PinConflict(ValueError):
    """A pinned cell that the rules can never allow (unknown employee or shift, a day off, a banned shift)."""


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
        # at most k days in a row on a set of shifts: per employee, [(shift mask (S,), k)]
        self.run_limits = [
            [(np.isin(self.shift_ids, sorted(r.shifts)), int(r.max_days)) for r in emp.run_limits] for emp in employees
        ]
        # soft, per employee: successions (succ_w[a, b]: working b the day after a) and balances
        self.succ_w = np.zeros((S, S), dtype=np.int64)
        for rule in problem.successions:
            if rule.before in sidx and rule.after in sidx:
                self.succ_w[sidx[rule.before], sidx[rule.after]] += rule.weight
        self.balances: list[tuple[np.ndarray, np.ndarray, int]] = []  # (cell mask (H, S), target per e or -1, w)
        for balance in problem.balances:
            mask = np.zeros((H, S), dtype=bool)
            days = [d for d in balance.days if 0 <= d < H]
            shifts_in = [sidx[s] for s in balance.shifts if s in sidx]
            mask[np.ix_(days, shifts_in)] = True
            targets = np.array([balance.targets.get(emp.id, -1) for emp in employees], dtype=np.int64)
            if mask.any() and (targets >= 0).any() and balance.weight > 0:
                self.balances.append((mask, targets, int(balance.weight)))
        self.has_soft_rows = bool(self.succ_w.any() or self.balances)

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
        return np.maximum(self.req - counts, 0) * self.under_w + np.maximum(counts - self.req, 0) * self.over_w

    def objective(self, R: np.ndarray) -> int:
        x = self.onehot(R)
        total = self.on_total + (self.cell_cost * x).sum() + self.cover_cost(x.sum(axis=0)).sum()
        return int(total + self.soft_rows(R).sum()) if self.has_soft_rows else int(total)

    def employee_cost(self, R: np.ndarray) -> np.ndarray:
        """Request, succession and balance penalties per employee (cover cost is shared and not attributed)."""
        x = self.onehot(R)
        cost = (self.on_w * ~x).sum(axis=(1, 2)) + (self.off_w * x).sum(axis=(1, 2))
        return cost + self.soft_rows(R) if self.has_soft_rows else cost

    def soft_rows(self, R: np.ndarray, employees=None) -> np.ndarray:
        """Succession and balance penalties per row of R; row i is worked by employee `employees[i]` (default:
        R is the whole roster, row i by employee i)."""
        who = np.arange(len(R)) if employees is None else np.asarray(employees)
        cost = np.zeros(len(R), dtype=np.int64)
        if self.succ_w.any() and self.H > 1:
            a, b = R[:, :-1], R[:, 1:]
            both = (a >= 0) & (b >= 0)
            cost += np.where(both, self.succ_w[np.maximum(a, 0), np.maximum(b, 0)], 0).sum(axis=1)
        days = np.arange(self.H)[None, :]
        for mask, targets, weight in self.balances:
            counts = ((R >= 0) & mask[days, np.maximum(R, 0)]).sum(axis=1)
            target = targets[who]
            cost += np.where(target >= 0, weight * np.maximum(counts - target, 0), 0)
        return cost

    def soft_row(self, e: int, row: np.ndarray) -> int:
        """Succession and balance penalties of employee e working `row`."""
        return int(self.soft_rows(row[None, :], [e])[0]) if self.has_soft_rows else 0


# ----------------------------------------------------------------------------------------------------------------
