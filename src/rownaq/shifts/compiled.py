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
