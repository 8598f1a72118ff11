"""Best schedule for one employee under per-cell costs, by dynamic programming over the days (compiled).

This is the pricing problem of column generation and the best-response move of the local search: every hard
rule of an employee is either a sequence rule (banned successions, run lengths, days off) or a small counter
(minutes worked, weekends worked, capped shift types). The DP state is

    (sequence state, minutes in units of the shifts' gcd, weekends worked, one counter per capped shift type)

with the sequence state = (last shift class or off, run length, whether the run started on day 0). Employees
whose rules are identical are priced together in one batch (one table with a batch axis). The forward pass, the
choice of the final state and the backtrack are compiled kernels (numba: `_forward`, `_best`, `_backtrack`) over
flat arrays prepared once per batch (`_make_batch`, `_Batch.steps`). An employee whose state space would be too
large (or whose rules this DP does not model, e.g. rolling-window minute limits) is reported as not covered;
callers fall back to CP-SAT for them.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from numba import njit

logger = logging.getLogger(__name__)

INF = np.inf
MAX_TABLE = 12_000_000  # float32 values kept per batch for the backward pass (about 50 MB)


@dataclass
class _Batch:
    employees: list[int]
    classes: list[list[int]]  # shift indices per class; class k is action k + 1 (action 0 = off)
    units: list[int]  # minutes units per action
    counted: list[int]  # per action: index of the counter it increments, or -1
    res_shape: tuple[int, ...]  # (minutes units + 1, weekends + 1, counter limits + 1 ...)
    n_seq: int
    start_target: np.ndarray  # per action, the state after doing it on day 0
    # predecessors of target state t: (pred_src[i], pred_action[i]) for i in pred_start[t]:pred_start[t + 1]
    pred_start: np.ndarray
    pred_src: np.ndarray
    pred_action: np.ndarray
    seq_is_off: np.ndarray
    final_ok: np.ndarray  # per state: allowed on the last day
    min_units: np.ndarray  # per employee in batch
    max_units: np.ndarray
    limits: np.ndarray  # per employee in batch: weekends limit, then each counter's limit
    position: dict = None  # employee -> index in the batch

    def __post_init__(self):
        self.position = {e: i for i, e in enumerate(self.employees)}

    @property
    def size(self) -> int:
        """Flat resource indices."""
        return int(np.prod(self.res_shape))

    @cached_property
    def steps(self) -> dict[str, np.ndarray]:
        """The resources flattened to one axis in Fortran order (minutes vary fastest: long contiguous runs).
        Per action and weekend increment (0 or 1): whether its step fits the table at all (`fits`), the step's
        flat `offset`, which flat destinations it reaches (`reach`: every coordinate at or above the step), and
        those destinations as runs of consecutive indices: for k = 2 * action + increment, (run_first[i],
        run_length[i]) for i in run_start[k]:run_start[k + 1]. Built on the first pricing: a batch that turns out
        too large to price never builds them."""
        return _steps(tuple(self.units), tuple(self.counted), self.res_shape)


class SchedulePricer:
    def __init__(
        self,
        c,
        max_table: int = MAX_TABLE,
        with_caps: bool = True,
        max_employee: int | None = None,
        with_weekends: bool = True,
    ):
        self.c = c
        self.with_caps = with_caps
        self.with_weekends = with_weekends
        max_employee = max_table if max_employee is None else max_employee
        self.batches: list[_Batch] = []
        self.uncovered: list[int] = []
        H = c.H
        self.weekend_first = np.zeros(H, dtype=bool)
        self.weekend_later = np.zeros(H, dtype=bool)
        self.supported = all(len(days) <= 2 for days in c.weekends)
        for days in c.weekends:
            self.weekend_first[days[0]] = True
            for d in days[1:]:
                self.weekend_later[d] = True
        g = math.gcd(*[int(m) for m in c.minutes]) or 1
        self.unit = g
        self.max_table = max_table
        self.max_employee = max_employee
        candidates = []
        for e in range(c.E):
            if not self.supported or c.emp[e].window_limits or c.emp[e].run_limits:
                self.uncovered.append(e)
            else:
                candidates.append(e)
        caps = {e: (self.binding_caps(e) if with_caps else ()) for e in candidates}
        weekends = dict.fromkeys(candidates, with_weekends)
        self.batches, too_big = self.make_batches(candidates, caps, weekends)
        self.uncovered.extend(too_big)
        self.covered = sorted(e for b in self.batches for e in b.employees)

    def binding_caps(self, e: int) -> tuple[int, ...]:
        """Shift types whose limit can bind: above zero and below the days the type could be worked."""
        c = self.c
        return tuple(s for s in range(c.S) if 0 < c.max_count[e, s] < c.allowed[e, :, s].sum())

    def make_batches(self, employees, caps: dict[int, tuple], weekends: dict[int, bool]):
        """Batches of employees with identical rules, given the caps and weekend counter each one keeps in the
        DP state; returns (batches, employees whose table would be too large)."""
        c = self.c
        groups: dict[tuple, list[int]] = {}
        for e in employees:
            # a weekend limit at or above the number of weekends is no limit: no counter for it
            key = (
                int(c.max_cons[e]),
                int(c.min_cons[e]),
                int(c.min_off[e]),
                bool(weekends[e] and c.max_wk[e] < len(c.weekends)),
                tuple(caps[e]),
            )
            groups.setdefault(key, []).append(e)
        batches, too_big = [], []
        for key, members in groups.items():
            batch = self._make_batch(key, members)
            size = int(np.prod(batch.res_shape)) * batch.n_seq * c.H
            if size > self.max_employee:
                too_big.extend(members)
            elif size * len(members) > self.max_table:
                per = max(1, self.max_table // max(size, 1))
                batches.extend(self._make_batch(key, members[i : i + per]) for i in range(0, len(members), per))
            else:
                batches.append(batch)
        return batches, too_big

    def price_with(self, cost, off_cost, caps: dict[int, tuple], weekends: dict[int, bool], row_below=None):
        """Price employees with the given caps (and weekend counter) in their DP state; None for an employee
        whose table would be too large."""
        batches, too_big = self.make_batches(list(caps), caps, weekends)
        result = self.price(cost, off_cost, [e for b in batches for e in b.employees], row_below, batches)
        result.update(dict.fromkeys(too_big))
        return result

    # -- structure ----------------------------------------------------------------------------------------------

    def _make_batch(self, key, members: list[int]) -> _Batch:
        c = self.c
        max_cons, min_cons, min_off, track_weekends, capped = key
        usable = c.allowed[members].any(axis=(0, 1))
        # counters are sized for the largest limit in the batch; each employee's own limits apply at the end
        capped_types = {s: int(c.max_count[members, s].max()) for s in capped}
        max_wk = int(c.max_wk[members].max()) if track_weekends else -1
        # classes: shifts that behave identically for the sequence rules and the counters
        classes: dict[tuple, list[int]] = {}
        for s in range(c.S):
            if not usable[s]:
                continue
            if s in capped_types:
                sig = ("capped", s)
            else:
                sig = (tuple(c.banned[s]), tuple(c.banned[:, s]), int(c.minutes[s]))
            classes.setdefault(sig, []).append(s)
        class_list = list(classes.values())
        C = len(class_list)
        units = [0] + [int(c.minutes[cl[0]]) // self.unit for cl in class_list]
        counter_of = {s: i for i, s in enumerate(capped_types)}
        counted = [-1] + [counter_of.get(cl[0], -1) if cl[0] in capped_types else -1 for cl in class_list]
        banned_class = np.array(
            [[bool(c.banned[a[0], b[0]]) for b in class_list] for a in class_list], dtype=bool
        ).reshape(C, C)

        exempt = c.exempt
        K = max(1, min_off)
        Mx = max(1, max_cons)
        Mn = max(1, min_cons)
        states: dict[tuple, int] = {}

        def sid(state):
            if state not in states:
                states[state] = len(states)
            return states[state]

        for k in range(1, K + 1):
            sid(("off", k))
        for cl in range(C):
            for r in range(1, Mx + 1):
                sid(("work", cl, r, False))
                if exempt and r < Mn:
                    sid(("work", cl, r, True))

        def step(state, action):
            if action == 0:
                if state[0] == "off":
                    return ("off", min(state[1] + 1, K))
                _, cl, r, ex = state
                if r >= Mn or ex:
                    return ("off", min(K, 1))
                return None
            cl2 = action - 1
            if state[0] == "off":
                if state[1] < K:
                    return None
                return ("work", cl2, 1, False)
            _, cl, r, ex = state
            if banned_class[cl, cl2] or r + 1 > Mx:
                return None
            ex2 = ex and r + 1 < Mn
            return ("work", cl2, r + 1, ex2)

        n_seq = len(states)
        seq_is_off = np.zeros(n_seq, dtype=bool)
        final_ok = np.ones(n_seq, dtype=bool)
        for state, i in states.items():
            seq_is_off[i] = state[0] == "off"
            if not exempt:
                final_ok[i] = (state[1] >= K) if state[0] == "off" else (state[2] >= Mn)
        start_target = []
        for action in range(C + 1):
            if action == 0:
                start_target.append(states[("off", K if exempt else 1)])
            else:
                start_target.append(states[("work", action - 1, 1, exempt and 1 < Mn)])
        transitions = []
        for state, i in states.items():
            for action in range(C + 1):
                target = step(state, action)
                if target is not None:
                    transitions.append((i, action, states[target]))
        preds: list[list[tuple[int, int]]] = [[] for _ in range(n_seq)]
        for src, action, tgt in transitions:
            preds[tgt].append((src, action))
        pred_start = np.cumsum([0] + [len(p) for p in preds], dtype=np.int64)
        pred_src = np.array([src for p in preds for src, _ in p], dtype=np.int64)
        pred_action = np.array([action for p in preds for _, action in p], dtype=np.int64)
        max_units = int(max(c.max_min[e] for e in members)) // self.unit
        res_shape = (max_units + 1, max_wk + 1 if max_wk >= 0 else 1) + tuple(
            limit + 1 for limit in capped_types.values()
        )
        return _Batch(
            employees=list(members),
            classes=class_list,
            units=units,
            counted=counted,
            res_shape=res_shape,
            n_seq=n_seq,
            start_target=np.array(start_target, dtype=np.int64),
            pred_start=pred_start,
            pred_src=pred_src,
            pred_action=pred_action,
            seq_is_off=seq_is_off,
            final_ok=final_ok,
            min_units=np.array([-(-int(c.min_min[e]) // self.unit) for e in members]),
            max_units=np.array([int(c.max_min[e]) // self.unit for e in members]),
            limits=np.array(
                [
                    [int(c.max_wk[e]) if track_weekends else 0] + [int(c.max_count[e, s]) for s in capped_types]
                    for e in members
                ]
            ),
        )

    # -- pricing ------------------------------------------------------------------------------------------------

    def price(
        self,
        cost: np.ndarray,
        off_cost: np.ndarray | None = None,
        employees=None,
        row_below: dict[int, float] | None = None,
        batches: list[_Batch] | None = None,
    ):
        """Minimum-cost schedule per covered employee (of `batches`, default: this pricer's own).

        cost: (E, H, S) cost of working each cell (inf: forbidden); off_cost: (E, H) cost of a day off (inf:
        forbidden). Returns {employee: (value, row)} with row = shift index per day, -1 off (row None when no
        schedule exists, or when `row_below` gives a threshold the value does not go below).
        """
        c = self.c
        cost = np.where(c.allowed, cost, INF)
        # a limit of 0 weekends gives the weekend counter no room to count in (its table has one value), so it is
        # applied here: such an employee works no weekend day
        no_weekend = np.nonzero(c.max_wk == 0)[0]
        if len(no_weekend) and c.weekends:
            days = [d for weekend in c.weekends for d in weekend]
            cost[np.ix_(no_weekend, days)] = INF
        if off_cost is None:
            off_cost = np.where(c.pin >= 0, INF, 0.0)
        wanted = None if employees is None else set(employees)
        result = {}
        for batch in self.batches if batches is None else batches:
            members = batch.employees if wanted is None else [e for e in batch.employees if e in wanted]
            if not members:
                continue
            positions = [batch.position[e] for e in members]
            result.update(
                self._price_batch(
                    batch,
                    cost[members],
                    off_cost[members],
                    batch.min_units[positions],
                    batch.max_units[positions],
                    members,
                    row_below,
                )
            )
        return result

    def _price_batch(self, batch: _Batch, cost, off_cost, min_units, max_units, members, row_below=None):
        """The table is laid out (day, sequence state, employee, flat resources) so the kernels' innermost loops
        run over contiguous resources. float32 halves the memory traffic; the backtrack repeats the same float32
        sums, so it matches exactly."""
        H = self.c.H
        B = len(members)
        A = len(batch.classes) + 1
        R = batch.res_shape
        dtype = np.float32
        # cost of each action per employee and day, and which shift realises a class
        day_cost = np.empty((A, H, B), dtype=dtype)
        day_cost[0] = off_cost.T
        choice = np.empty((A, H, B), dtype=np.int64)
        choice[0] = -1
        for k, cl in enumerate(batch.classes, start=1):
            sub = cost[:, :, cl]  # (B, H, n)
            arg = sub.argmin(axis=2)
            day_cost[k] = np.take_along_axis(sub, arg[:, :, None], axis=2)[:, :, 0].T
            choice[k] = np.array(cl)[arg].T
        track_weekends = R[1] > 1
        # the weekend counter steps on a weekend's first day, and on its later days after a day off
        weekend_split = self.weekend_later & track_weekends
        first_day_inc = bool(self.weekend_first[0] or self.weekend_later[0])
        tables = np.empty((H, batch.n_seq, B, batch.size), dtype=dtype)
        steps = (batch.steps["fits"], batch.steps["offset"])
        runs = (batch.steps["run_start"], batch.steps["run_first"], batch.steps["run_length"])
        graph = (batch.start_target, batch.pred_start, batch.pred_src, batch.pred_action, batch.seq_is_off)
        calendar = (self.weekend_first, weekend_split, first_day_inc)
        _forward(tables, day_cost, *graph, *steps, *runs, *calendar)
        # final states: allowed sequence state, minutes within bounds, each employee's own limits
        coords = batch.steps["coords"]
        res_ok = (coords[0][None, :] >= min_units[:, None]) & (coords[0][None, :] <= max_units[:, None])
        limits = batch.limits[[batch.position[e] for e in members]]
        for axis in range(1, len(R)):
            if axis == 1 and not track_weekends:
                continue
            res_ok &= coords[axis][None, :] <= limits[:, axis - 1][:, None]
        best, best_seq, best_res = _best(tables, batch.final_ok, res_ok, batch.steps["c_index"])
        best_value = best.astype(float)
        # float32 sums: lower the value by a bound on their rounding error, so it stays a valid lower bound
        magnitude = np.where(np.isfinite(day_cost), np.abs(day_cost), 0).max(axis=0).sum(axis=0).astype(float)
        margin = 1.2e-7 * H * magnitude + 1e-9
        values = best_value - margin
        wanted = np.isfinite(best_value)
        if row_below is not None:
            wanted &= values < np.array([row_below.get(e, INF) for e in members])
        rows = _backtrack(
            tables,
            day_cost,
            choice,
            *graph,
            *steps,
            batch.steps["reach"],
            *calendar,
            best_seq,
            best_res,
            wanted,
        )
        out = {}
        for b, e in enumerate(members):
            if not np.isfinite(best_value[b]):
                out[e] = (INF, None)
            else:
                out[e] = (float(values[b]), rows[b] if wanted[b] else None)
        return out


@lru_cache(maxsize=64)
def _steps(units: tuple[int, ...], counted: tuple[int, ...], res_shape: tuple[int, ...]) -> dict[str, np.ndarray]:
    """What each (action, weekend increment) does to the flat resources (see _Batch), and per flat index its
    coordinates (`coords`) and its index in C order (`c_index`). Shared by the batches of the same shape (the
    lazy caps of Pricer build the same batches round after round); nothing writes to them."""
    A = len(units)
    size = int(np.prod(res_shape))
    strides = np.cumprod((1,) + res_shape[:-1])  # Fortran order: minutes vary fastest
    coords = np.stack([axis.ravel(order="F") for axis in np.indices(res_shape)])
    fits = np.zeros((A, 2), dtype=bool)
    offset = np.zeros((A, 2), dtype=np.int64)
    reach = np.zeros((A, 2, size), dtype=bool)
    run_start, run_first, run_length = [0], [], []
    for action in range(A):
        for inc in (0, 1):
            delta = np.zeros(len(res_shape), dtype=np.int64)
            delta[0] = units[action]
            delta[1] = inc if res_shape[1] > 1 else 0
            if counted[action] >= 0:
                delta[2 + counted[action]] = 1
            fits[action, inc] = bool((delta < np.array(res_shape)).all())
            offset[action, inc] = int(delta @ strides)
            if fits[action, inc]:
                reach[action, inc] = (coords >= delta[:, None]).all(axis=0)
            index = np.flatnonzero(reach[action, inc])
            if len(index):
                breaks = np.flatnonzero(np.diff(index) != 1) + 1
                firsts = index[np.r_[0, breaks]]
                lasts = index[np.r_[breaks - 1, len(index) - 1]]
                run_first.extend(firsts.tolist())
                run_length.extend((lasts - firsts + 1).tolist())
            run_start.append(len(run_first))
    return dict(
        coords=coords,
        c_index=np.ravel_multi_index(tuple(coords), res_shape),
        fits=fits,
        offset=offset,
        reach=reach,
        run_start=np.array(run_start, dtype=np.int64),
        run_first=np.array(run_first, dtype=np.int64),
        run_length=np.array(run_length, dtype=np.int64),
    )


# -- kernels --------------------------------------------------------------------------------------------------------
# Compiled without fastmath: every sum is the float32 sum numpy would make, so the backtrack (which repeats the sums
# and compares them for equality) and the rounding margin of _price_batch stay exact.


def _kernel(function):
    """Compiled on first use (about two seconds for the three), the machine code cached on disk for the next
    processes: in __pycache__ next to this file, else in the user's cache directory (NUMBA_CACHE_DIR overrides
    both). Where neither can be written (a read-only install under a user without a writable home), numba
    refuses to cache at all; the kernel is then compiled in every process rather than failing the import."""
    try:
        return njit(cache=True, boundscheck=False)(function)
    except RuntimeError:  # "cannot cache function ...: no locator available for file ..."
        logger.warning("pricing kernel %s: no writable cache directory, compiled in each process", function.__name__)
        return njit(boundscheck=False)(function)


@_kernel
def _forward(
    table,
    day_cost,
    start_target,
    pred_start,
    pred_src,
    pred_action,
    seq_is_off,
    fits,
    offset,
    run_start,
    run_first,
    run_length,
    weekend_first,
    weekend_split,
    first_day_inc,
):
    """Fill table (H, n_seq, B, resources), float32: table[d, t, b, r] = least cost of employee b over days 0..d
    ending in sequence state t with resources r; inf where no schedule gets there. Each (state, employee) row
    carries the range of flat indices outside which it is all inf (lowest, highest; empty when lowest > highest),
    and only that range is read the next day."""
    H, n_seq, B, R = table.shape
    A = day_cost.shape[0]
    flat = table.reshape(-1)
    inf = np.float32(np.inf)
    day = n_seq * B * R
    lowest = np.full((n_seq, B), R, dtype=np.int64)
    highest = np.full((n_seq, B), -1, dtype=np.int64)
    flat[:day] = inf
    for a in range(A):
        inc = 1 if a > 0 and first_day_inc else 0
        if not fits[a, inc]:
            continue
        t = start_target[a]
        at = offset[a, inc]
        for b in range(B):
            c = day_cost[a, 0, b]
            if c < flat[(t * B + b) * R + at]:
                flat[(t * B + b) * R + at] = c
                lowest[t, b] = min(lowest[t, b], at)
                highest[t, b] = max(highest[t, b], at)
    for d in range(1, H):
        here = d * day
        before = here - day
        flat[here : here + day] = inf
        low_before = lowest
        high_before = highest
        lowest = np.full((n_seq, B), R, dtype=np.int64)
        highest = np.full((n_seq, B), -1, dtype=np.int64)
        first = weekend_first[d]
        split = weekend_split[d]
        for t in range(n_seq):
            for p in range(pred_start[t], pred_start[t + 1]):
                src = pred_src[p]
                a = pred_action[p]
                inc = 1 if a > 0 and (first or (split and seq_is_off[src])) else 0
                if not fits[a, inc]:
                    continue
                k = 2 * a + inc
                shift = offset[a, inc]
                for b in range(B):
                    c = day_cost[a, d, b]
                    if not c < inf or low_before[src, b] > high_before[src, b]:
                        continue
                    # destinations whose source may be finite
                    start = low_before[src, b] + shift
                    stop = high_before[src, b] + shift + 1
                    dst = here + (t * B + b) * R
                    org = before + (src * B + b) * R - shift
                    for q in range(run_start[k], run_start[k + 1]):
                        lo = max(run_first[q], start)
                        hi = min(run_first[q] + run_length[q], stop)
                        if lo >= hi:
                            continue
                        lowest[t, b] = min(lowest[t, b], lo)
                        highest[t, b] = max(highest[t, b], hi - 1)
                        # slices indexed from 0: no negative-index fix-up, so the loop vectorises
                        into = flat[dst + lo : dst + hi]
                        come = flat[org + lo : org + hi]
                        for r in range(hi - lo):
                            x = come[r] + c
                            y = into[r]
                            into[r] = x if x < y else y


@_kernel
def _best(table, final_ok, res_ok, c_index):
    """Per employee: the least value of the last day over the allowed final states (final_ok[state] and
    res_ok[employee, flat resources]), inf when there is none, and its (state, flat resources); ties go to the
    first in (state, resources in C order) order."""
    H, n_seq, B, R = table.shape
    best = np.full(B, np.inf, dtype=np.float32)
    best_seq = np.zeros(B, dtype=np.int64)
    best_res = np.zeros(B, dtype=np.int64)
    best_key = np.full(B, n_seq * R, dtype=np.int64)
    inf = np.float32(np.inf)
    for t in range(n_seq):
        if not final_ok[t]:
            continue
        for b in range(B):
            row = table[H - 1, t, b]
            ok = res_ok[b]
            for r in range(R):
                value = row[r]
                if not (ok[r] and value < inf and value <= best[b]):
                    continue
                key = t * R + c_index[r]
                if value < best[b] or key < best_key[b]:
                    best[b] = value
                    best_seq[b] = t
                    best_res[b] = r
                    best_key[b] = key
    return best, best_seq, best_res


@_kernel
def _backtrack(
    table,
    day_cost,
    choice,
    start_target,
    pred_start,
    pred_src,
    pred_action,
    seq_is_off,
    fits,
    offset,
    reach,
    weekend_first,
    weekend_split,
    first_day_inc,
    final_seq,
    final_res,
    wanted,
):
    """Rows (B, H), shift per day (-1 off), of the wanted employees from their final states: each day back, the
    first predecessor whose float32 sum gives the value in the table."""
    H, n_seq, B, R = table.shape
    A = day_cost.shape[0]
    rows = np.full((B, H), -1, dtype=np.int64)
    inf = np.float32(np.inf)
    for b in range(B):
        if not wanted[b]:
            continue
        seq = final_seq[b]
        r = final_res[b]
        for d in range(H - 1, 0, -1):
            value = table[d, seq, b, r]
            first = weekend_first[d]
            split = weekend_split[d]
            found = False
            for p in range(pred_start[seq], pred_start[seq + 1]):
                src = pred_src[p]
                a = pred_action[p]
                inc = 1 if a > 0 and (first or (split and seq_is_off[src])) else 0
                if not (fits[a, inc] and reach[a, inc, r]):
                    continue
                earlier = table[d - 1, src, b, r - offset[a, inc]]
                if earlier < inf and earlier + day_cost[a, d, b] == value:
                    rows[b, d] = choice[a, d, b]
                    seq = src
                    r -= offset[a, inc]
                    found = True
                    break
            if not found:
                raise RuntimeError("pricing backtrack lost its way")
        found = False
        for a in range(A):
            inc = 1 if a > 0 and first_day_inc else 0
            if start_target[a] == seq and fits[a, inc] and offset[a, inc] == r:
                rows[b, 0] = choice[a, 0, b]
                found = True
                break
        if not found:
            raise RuntimeError("pricing backtrack found no first day")
    return rows


class Pricer:
    """Exact pricing for every employee, fast in the common case: the DP first runs without the per-shift-type
    caps (and, on long horizons, without the weekend counter); a schedule that breaks one is priced again with
    just the caps it broke in the state, until none breaks. Only where that table would be too large are the
    broken types penalised instead (a good schedule, not always the best; `fallback`, when set, then settles
    the employees that might still price out)."""

    def __init__(self, c, max_table: int = MAX_TABLE):
        self.c = c
        self.capped = [
            [(s, int(c.max_count[e, s])) for s in range(c.S) if 0 < c.max_count[e, s] < c.allowed[e, :, s].sum()]
            for e in range(c.E)
        ]
        # a long horizon makes the weekend counter large: it is then relaxed too, like the caps
        self.weekends_relaxed = len(c.weekends) > 8
        self.relaxed = SchedulePricer(c, max_table, with_caps=False, with_weekends=not self.weekends_relaxed)
        self.weekend_days = [d for days in c.weekends for d in days]
        self.uncovered = list(self.relaxed.uncovered)
        self.fallbacks = 0
        self.calls = 0
        self.penalty = np.zeros((c.E, c.S))
        self.weekend_penalty = np.zeros(c.E)
        # exact pricing of one employee by another method (CP-SAT), for when the penalties find no schedule that
        # prices out although the relaxed bound says one may exist: fallback(e, cost (H, S), off (H,), seconds) ->
        # (lower bound, row or None), or None when it ran out of time
        self.fallback = None
        # no fallback is started after this time (time.monotonic(); None: no limit): the relaxed value stays the
        # employee's bound. A year-long row costs CP-SAT up to its 2 s, and a round of 100 such employees (21)
        # took 93 s
        self.deadline: float | None = None

    @property
    def covers_everyone(self) -> bool:
        return not self.uncovered

    def price(
        self,
        cost: np.ndarray,
        off_cost: np.ndarray | None = None,
        employees=None,
        row_below: dict[int, float] | None = None,
        effort: int = 8,
    ):
        """{employee: (lower bound of its best value, a feasible schedule or None)}; see SchedulePricer.price.
        `effort`: rounds of penalties where the exact table is too large."""
        wanted = list(range(self.c.E)) if employees is None else list(employees)
        self.calls += len(wanted)
        return self._price_relaxed(cost, off_cost, wanted, row_below, effort)

    def _price_relaxed(self, cost, off_cost, employees, row_below, effort: int = 8):
        result = self.relaxed.price(cost, off_cost, employees, row_below)
        broken = self._broken(result)
        if not broken:
            return result
        self.fallbacks += len(broken)
        broken = self._price_lazy_caps(cost, off_cost, broken, result, row_below)
        if not broken:
            return result
        # penalise the capped shift types; the penalties that worked are remembered for the next call
        penalised = np.array(cost, dtype=float, copy=True)
        weekend_days = self.weekend_days
        for e in broken:
            for s, _ in self.capped[e]:
                penalised[e, :, s] += self.penalty[e, s]
            penalised[e, weekend_days, :] += self.weekend_penalty[e]
        rows = {e: result[e][1] for e in broken}
        finite = np.where(np.isfinite(penalised[broken]), np.abs(penalised[broken]), 0.0)
        spread = dict(zip(broken, np.maximum(finite.max(axis=(1, 2)), 1.0)))
        pending = list(broken)
        for _ in range(effort):
            for e in pending:
                for s, limit in self.capped[e]:
                    if (rows[e] == s).sum() > limit:
                        bump = max(spread[e] / 16, self.penalty[e, s])
                        self.penalty[e, s] += bump
                        penalised[e, :, s] += bump
                if self._weekends_over(e, rows[e]) > 0:
                    bump = max(spread[e] / 16, self.weekend_penalty[e])
                    self.weekend_penalty[e] += bump
                    penalised[e, weekend_days, :] += bump
            latest = self.relaxed.price(penalised, off_cost, pending)
            still = []
            for e in pending:
                row = latest[e][1]
                if row is None:
                    continue
                rows[e] = row
                if self._breaks(e, row):
                    still.append(e)
                else:
                    result[e] = (result[e][0], row)
            pending = still
            if not pending:
                break
        self.penalty[employees] *= 0.7  # let unneeded penalties fade
        self.weekend_penalty[employees] *= 0.7
        for e in pending:
            result[e] = (result[e][0], None)
        if self.fallback is not None and row_below is not None:
            # the relaxed value says a schedule may price out but the penalised one does not: settle it exactly
            for e in broken:
                value, row = result[e]
                limit = row_below.get(e, INF)
                penalised_cost = None if row is None else float(self._row_cost(cost, off_cost, e, row))
                if value < limit and (row is None or not penalised_cost < limit):
                    left = INF if self.deadline is None else self.deadline - time.monotonic()
                    if left <= 0:
                        break
                    off = None if off_cost is None else off_cost[e]
                    settled = self.fallback(e, cost[e], off, left)
                    if settled is not None:
                        result[e] = settled
        return result

    def _row_cost(self, cost, off_cost, e: int, row: np.ndarray) -> float:
        days = np.nonzero(row >= 0)[0]
        total = float(np.asarray(cost[e])[days, row[days]].sum())
        if off_cost is not None:
            total += float(np.asarray(off_cost[e])[row < 0].sum())
        return total

    def _price_lazy_caps(self, cost, off_cost, broken, result, row_below):
        """Exact pricing with only the caps a schedule broke in the DP state, adding caps until none breaks
        (usually one or two: small tables). Returns the employees left unsettled (tables too large)."""
        caps = {e: set() for e in broken}
        weekends = dict.fromkeys(broken, not self.weekends_relaxed)
        rows = {e: result[e][1] for e in broken}
        pending, unsettled = list(broken), []
        while pending:  # each round adds a cap the DP then keeps, so this ends
            for e in pending:
                caps[e] |= {s for s, limit in self.capped[e] if (rows[e] == s).sum() > limit}
                if self._weekends_over(e, rows[e]) > 0:
                    weekends[e] = True
            found = self.relaxed.price_with(
                cost, off_cost, {e: tuple(sorted(caps[e])) for e in pending}, {e: weekends[e] for e in pending}
            )
            following = []
            for e in pending:
                outcome = found.get(e)
                if outcome is None:
                    unsettled.append(e)  # table too large: left to the penalties
                    continue
                value, row = outcome
                if row is None:  # no schedule keeps these caps
                    result[e] = (value, None)
                elif self._breaks(e, row):
                    rows[e] = row
                    following.append(e)
                else:  # exact: the caps left out do not bind
                    limit = INF if row_below is None else row_below.get(e, INF)
                    result[e] = (value, row if value < limit else None)
            pending = following
        return unsettled

    def _breaks(self, e: int, row: np.ndarray) -> bool:
        return any((row == s).sum() > limit for s, limit in self.capped[e]) or self._weekends_over(e, row) > 0

    def _weekends_over(self, e: int, row: np.ndarray) -> int:
        if not self.weekends_relaxed:
            return 0
        worked = sum(1 for days in self.c.weekends if (row[list(days)] >= 0).any())
        return worked - int(self.c.max_wk[e])

    def _broken(self, result) -> list[int]:
        return [e for e, (value, row) in result.items() if row is not None and self._breaks(e, row)]
