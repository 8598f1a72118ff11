"""The roster engine: published optima on small instances, pinned cells, rosters that pass the validator."""

import time

import numpy as np

from bench.curtois import load_instance
from rownaq.shifts.solver import Compiled, Lagrange, NeighbourhoodModel, solve
from rownaq.shifts.validator import check


def test_instance1_reaches_the_published_optimum():
    problem = load_instance(1)
    result = solve(problem, time_limit_s=5, seed=0)
    assert result.objective == 607
    assert result.status == "FEASIBLE" or result.bound == 607  # proved in about a second on a quiet machine
    evaluation = check(problem, result.roster)
    assert evaluation.feasible and evaluation.objective == 607


def test_instance2_is_proved_optimal_by_column_generation():
    problem = load_instance(2)
    result = solve(problem, time_limit_s=10, seed=0)
    assert (result.objective, result.status) == (828, "OPTIMAL")
    assert check(problem, result.roster).feasible
    assert any("column generation" in line for line in result.log)


def test_pinned_cells_are_kept():
    problem = load_instance(1)
    pins = {("A", 5): "D", ("A", 6): "D", ("C", 2): None, ("H", 2): "D"}  # H asked not to work on day 2
    result = solve(problem, time_limit_s=5, seed=1, pinned=pins)
    index = problem.employee_index()
    for (who, day), shift in pins.items():
        assert result.roster[index[who]][day] == shift
    evaluation = check(problem, result.roster)
    assert evaluation.feasible and evaluation.objective == result.objective
    assert result.objective >= 607 + 3  # the off-request of H (weight 3) is broken by the pin


def test_a_pin_on_a_day_off_is_refused_with_a_reason():
    result = solve(load_instance(1), time_limit_s=2, pinned={("A", 0): "D"})  # day 0 is A's day off
    assert result.status == "INFEASIBLE" and result.roster is None
    assert "day off" in result.log[0]


def test_an_initial_roster_that_breaks_rules_is_repaired():
    problem = load_instance(1)
    broken = [["D"] * 14 for _ in problem.employees]  # everyone works every day: many rules broken
    result = solve(problem, time_limit_s=3, seed=0, initial=broken)
    assert result.roster is not None and check(problem, result.roster).feasible


def test_the_lagrangian_objective_is_the_same_objective():
    problem = load_instance(3)
    c = Compiled(problem)
    rng = np.random.default_rng(0)
    pi = rng.uniform(-1, 100, size=(c.H, c.S))
    lagrange = Lagrange.from_duals(c, pi)
    result = solve(problem, time_limit_s=2, seed=0)
    R = c.from_roster(result.roster)
    # a model with every cell free, checked at the roster: scaled objective = constant + model objective
    model = NeighbourhoodModel(c, R, np.ones((c.E, c.H), dtype=bool), lagrange=lagrange)
    values = dict(zip(model.hint_vars, model.hint_vals))
    objective = model.m.proto.objective
    model_value = sum(coef * values[var] for var, coef in zip(objective.vars, objective.coeffs))
    assert lagrange.constant(c) + model_value == lagrange.scale * c.objective(R)


def test_column_generation_gives_up_when_its_rounds_would_not_fit():
    from rownaq.shifts.columns import ColumnGeneration
    from rownaq.shifts.pricing import Pricer
    from rownaq.shifts.search import Search

    c = Compiled(load_instance(2))
    pricer = Pricer(c)
    search = Search(c, time.monotonic() + 30, 0, 1, lambda message: None)
    assert search.construct_by_pricing(pricer)
    lines = []
    hopeless = ColumnGeneration(c, pricer, lines.append)
    hopeless.add_roster(search.best)
    # a million rounds never fit in 30 s: it stops after its second round of everyone and says why
    assert hopeless.root(time.monotonic() + 30, min_rounds=1_000_000) is False
    assert hopeless.rounds < 10 and "given up" in lines[-1]
    converging = ColumnGeneration(c, pricer, lines.append)
    converging.add_roster(search.best)
    assert converging.root(time.monotonic() + 30, min_rounds=5) is True
    assert converging.rounds > 1 and converging.bound > 0
