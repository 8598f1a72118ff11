"""The pricing DP (best schedule of one employee under per-cell costs) against CP-SAT on the same costs."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.curtois import load_instance
from rownaq.shifts.pricing import Pricer
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
