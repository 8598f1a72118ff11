"""The pricing DP (best schedule of one employee under per-cell costs) against CP-SAT on the same costs, and the
compiled DP against brute force on small random problems."""

import itertools
import time
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.curtois import load_instance
from rownaq.shifts import pricing
from rownaq.shifts.pricing import Pricer, SchedulePricer
from rownaq.shifts.problem import Employee, RosterProblem, Shift
from rownaq.shifts.solver import Compiled, cpsat_price
from rownaq.shifts.validator import check

COMPILED = {n: Compiled(load_instance(n)) for n in (2, 3, 5)}
PRICERS = {n: Pricer(c) for n, c in COMPILED.items()}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(number=st.sampled_from(sorted(COMPILED)), seed=st.integers(0, 10_000), employee=st.integers(0, 100))
def test_dp_matches_cpsat_and_its_rows_keep_the_rules(number, seed, employee):
    c, pricer = COMPILED[number], PRICERS[number]
    e = employee % c.E
    cost = c.cell_cost + np.random.default_rng(seed).normal(0, 60, size=(c.E, c.H, c.S))
    value, row = pricer.price(cost, employees=[e])[e]
    _, exact_row = cpsat_price(c, e, cost[e], None, time_limit=10)
    exact_value = float(sum(cost[e, d, exact_row[d]] for d in range(c.H) if exact_row[d] >= 0))
    row_value = float(sum(cost[e, d, row[d]] for d in range(c.H) if row[d] >= 0))
    assert value <= row_value + 1e-6  # the returned value is a lower bound of the row's cost
    assert abs(row_value - exact_value) < 0.01  # and the row is optimal
    R = c.empty()
    R[e] = row
    violations = check(c.problem, c.to_roster(R)).violations
    assert not [v for v in violations if v.employee == c.emp[e].id]


def test_rows_are_left_out_above_the_threshold():
    c, pricer = COMPILED[2], PRICERS[2]
    result = pricer.price(c.cell_cost, row_below=dict.fromkeys(range(c.E), -1000000000.0))
    assert all(row is None for _, row in result.values())


# -- the compiled DP against brute force on small random problems ----------------------------------------------------


def _random_problem(rng) -> RosterProblem:
    shifts_n = int(rng.integers(1, 4))
    horizon = int(rng.integers(*{1: (8, 13), 2: (5, 9), 3: (5, 7)}[shifts_n]))  # at most 6,561 rows
    shifts = tuple(
        Shift(
            f"S{i}",
            minutes=int(rng.choice([240, 360, 480])),
            banned_next=frozenset(f"S{j}" for j in range(shifts_n) if rng.random() < 0.3),
        )
        for i in range(shifts_n)
    )
    # up to two weekends a week (of one or two days), so that short horizons have a weekend counter to keep
    first_weekday = int(rng.integers(0, 7))
    weekend_weekdays = [(5, 6), (1, 2, 4, 5), (0, 3, 6)][int(rng.integers(0, 3))]
    weekends = len(
        RosterProblem(
            "", horizon, shifts, (), first_weekday=first_weekday, weekend_weekdays=weekend_weekdays
        ).weekends()
    )
    employees = []
    for k in range(3):
        max_consecutive = int(rng.integers(1, horizon + 1))
        max_minutes = int(rng.integers(2, horizon + 1)) * 480
        employees.append(
            Employee(
                id=f"E{k}",
                max_shifts={f"S{i}": int(rng.integers(0, horizon)) for i in range(shifts_n) if rng.random() < 0.5},
                max_minutes=max_minutes,
                min_minutes=int(rng.integers(0, max_minutes // 2 + 1)),
                max_consecutive=max_consecutive,
                min_consecutive=int(rng.integers(1, max_consecutive + 1)),
                min_consecutive_off=int(rng.integers(1, 4)),
                max_weekends=int(rng.integers(0, weekends + 1)),
                days_off=frozenset(d for d in range(horizon) if rng.random() < 0.1),
            )
        )
    return RosterProblem(
        name="random",
        horizon=horizon,
        shifts=shifts,
        employees=tuple(employees),
        first_weekday=first_weekday,
        weekend_weekdays=weekend_weekdays,
        boundary_runs_exempt=bool(rng.random() < 0.7),
    )


def _brute_force(problem: RosterProblem, e: int, cost, off_cost):
    """Every row of employee e the validator accepts, with its cost as the DP adds it up (float32, day by day) and
    in float64."""
    c = Compiled(problem)
    alone = replace(problem, employees=(problem.employees[e],))
    rows = np.array(list(itertools.product(range(-1, c.S), repeat=c.H)), dtype=np.int64)
    rows = rows[[check(alone, c.to_roster(row[None, :])).feasible for row in rows]]
    days = np.arange(c.H)[None, :]
    cells = np.where(rows >= 0, cost[e][days, np.maximum(rows, 0)], off_cost[e][days])  # (rows, H)
    total32 = cells[:, 0].astype(np.float32)
    for d in range(1, c.H):
        total32 = total32 + cells[:, d].astype(np.float32)
    return rows, total32, cells.sum(axis=1)


@pytest.mark.parametrize("seed", range(24))
def test_compiled_dp_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    problem = _random_problem(rng)
    c = Compiled(problem)
    if seed % 2:  # integer costs: many ties
        cost = rng.integers(-5, 6, size=(c.E, c.H, c.S)).astype(float)
        off_cost = rng.integers(-2, 3, size=(c.E, c.H)).astype(float)
    else:
        cost = rng.normal(0, 40, size=(c.E, c.H, c.S))
        off_cost = rng.normal(0, 10, size=(c.E, c.H))
    cost[rng.random(cost.shape) < 0.1] = np.inf
    off_cost[rng.random(off_cost.shape) < 0.05] = np.inf
    allowed_cost = np.where(c.allowed, cost, np.inf)
    pricers = [SchedulePricer(c), Pricer(c)]
    assert pricers[0].covered == list(range(c.E))
    for pricer in pricers:
        result = pricer.price(cost, off_cost)
        for e in range(c.E):
            value, row = result[e]
            rows, total32, total = _brute_force(problem, e, allowed_cost, off_cost)
            finite = np.isfinite(total)
            if not finite.any():
                assert value == np.inf and row is None
                continue
            best32 = float(total32[finite].min())
            best = float(total[finite].min())
            # the DP's float32 optimum, lowered by the margin for its rounding (a strict lower bound)
            magnitude = np.where(np.isfinite(allowed_cost[e]), np.abs(allowed_cost[e]), 0).max(axis=1)
            magnitude = np.maximum(magnitude, np.where(np.isfinite(off_cost[e]), np.abs(off_cost[e]), 0)).sum()
            assert 0 < best32 - value <= 1.2e-7 * c.H * magnitude * 1.01 + 1e-9
            # the row keeps the rules and is optimal
            assert row is not None and row.shape == (c.H,)
            assert check(replace(problem, employees=(problem.employees[e],)), c.to_roster(row[None, :])).feasible
            cells = np.where(row >= 0, allowed_cost[e][np.arange(c.H), np.maximum(row, 0)], off_cost[e])
            assert abs(float(cells.sum()) - best) <= 1e-4 * (1 + abs(best))
            assert value <= float(cells.sum())


def test_compiled_dp_rows_below_the_threshold_only():
    rng = np.random.default_rng(7)
    problem = _random_problem(rng)
    c = Compiled(problem)
    cost = rng.normal(0, 40, size=(c.E, c.H, c.S))
    pricer = SchedulePricer(c)
    full = pricer.price(cost)
    feasible = [e for e in range(c.E) if full[e][1] is not None]
    assert feasible
    # just above the value: the row; at the value: none
    above = pricer.price(cost, row_below={e: full[e][0] + 0.5 for e in feasible})
    at = pricer.price(cost, row_below={e: full[e][0] for e in feasible})
    for e in feasible:
        assert above[e][0] == at[e][0] == full[e][0]
        assert (above[e][1] == full[e][1]).all()
        assert at[e][1] is None


def test_kernels_compile_without_a_cache_directory(monkeypatch):
    """numba refuses cache=True where no cache directory can be written (a read-only install under a user without
    a writable home); the kernel is then compiled without a cache instead of failing the import."""
    real = pricing.njit

    def njit(*args, **options):
        if options.get("cache"):
            raise RuntimeError("cannot cache function 'add': no locator available for file 'pricing.py'")
        return real(*args, **options)

    monkeypatch.setattr(pricing, "njit", njit)

    def add(a, b):
        return a + b

    assert pricing._kernel(add)(2, 3) == 5


def test_the_slow_exact_fallback_is_not_started_after_the_pricers_deadline():
    """Instance 3 with a small table limit: two employees' caps do not fit the DP, so their rows would be settled
    by the fallback (CP-SAT, up to 2 s a year-long row); past `deadline` it is not asked, and the relaxed
    values it leaves are still lower bounds of the exact ones."""
    c = Compiled(load_instance(3))
    pricer = Pricer(c, max_table=20_000)
    cost = c.cell_cost + np.random.default_rng(0).uniform(-30, 5, size=c.cell_cost.shape)
    first = pricer.price(cost)
    below = {e: value + 0.01 for e, (value, _) in first.items()}
    asked = []

    def fallback(e, cost_e, off, left):
        asked.append((e, left))
        return cpsat_price(c, e, cost_e, off, time_limit=min(10.0, left))

    pricer.fallback = fallback
    settled = pricer.price(cost, row_below=below)
    assert asked and all(left == np.inf for _, left in asked)  # no deadline: every doubtful employee settled
    asked.clear()
    pricer.deadline = time.monotonic() - 1
    late = pricer.price(cost, row_below=below)
    assert asked == []
    for e, (value, _) in late.items():
        assert value <= settled[e][0] + 1e-6
