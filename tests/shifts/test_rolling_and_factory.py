"""The rolling-horizon construction (long horizons) and the factory benchmark's sample plant."""

import dataclasses
import time

import pytest

from bench import factory as factory_bench
from bench.curtois import load_instance
from rownaq.shifts import explanations, planning, solving
from rownaq.shifts.compiled import Compiled
from rownaq.shifts.search import Search, window_problem
from rownaq.shifts.validator import check


def cut(number: int, employees: int):
    """Instance `number` with its first `employees` staff only: every hard rule is per employee, so it stays
    lawful to roster; cover (soft) then falls short, which only costs."""
    problem = load_instance(number)
    kept = problem.employees[:employees]
    ids = {e.id for e in kept}
    return dataclasses.replace(
        problem, employees=kept, requests=tuple(r for r in problem.requests if r.employee in ids)
    )


@pytest.mark.parametrize("number, employees", [(20, 3), (22, 2), (23, 2)])
def test_rolling_construction_gives_a_validated_roster(number, employees):
    problem = cut(number, employees)
    c = Compiled(problem)
    search = Search(c, time.monotonic() + 30, 0, 1, lambda message: None)
    assert search.construct_rolling()
    evaluation = check(problem, c.to_roster(search.best))
    assert evaluation.feasible, evaluation.violations[:3]
    assert evaluation.objective == search.best_obj


def test_a_window_keeps_the_lead_in_and_the_last_one_the_exact_totals():
    problem = cut(22, 2)
    c = Compiled(problem)
    R = c.empty()
    R[:, :28] = 0  # pretend the first four weeks are built (shift a1 every day: only the pins matter here)
    sub, pins = window_problem(problem, c, R, 21, 28, 63)
    assert sub.horizon == 42 and all(pins[(e.id, d)] == "a1" for e in sub.employees for d in range(7))
    assert sub.first_weekday == (problem.first_weekday + 21) % 7
    last, _ = window_problem(problem, c, R, c.H - 35, c.H - 28, c.H)
    done = 28 * 480  # the four weeks before the window
    for emp, full in zip(last.employees, problem.employees):
        assert (emp.min_minutes, emp.max_minutes) == (full.min_minutes - done, full.max_minutes - done)


def test_the_sample_plant_is_deterministic_and_has_what_the_benchmark_says():
    setup, pins = factory_bench.factory_setup(0)
    again, pins_again = factory_bench.factory_setup(0)
    assert setup == again and pins == pins_again
    assert factory_bench.factory_setup(1)[0] != setup
    workers = setup.workers
    assert len(workers) == 300 and setup.horizon == 28 and len(setup.turns) == 3 and len(setup.posts) == 6
    assert any(p.hazardous for p in setup.posts) and any(p.skill for p in setup.posts)
    assert sum(w.under_18 for w in workers) > 0 and sum(w.hazardous for w in workers) > 0
    assert any(w.prefer for w in workers) and any(w.avoid for w in workers) and any(w.days_off for w in workers)
    assert any(cid is None for cid in pins.values()) and any(cid for cid in pins.values())
    plan = planning.build_plan(setup)
    assert not explanations.pin_problems(plan, pins)
    # minors never get a night cell
    for w in workers:
        if w.under_18:
            night = [cid for cid in plan.takes[w.key] if plan.cells[cid].night]
            employee = next(e for e in plan.problem.employees if e.id == w.key)
            assert night and all(employee.max_shifts.get(cid) == 0 for cid in night)


def test_a_small_sample_plant_gets_a_lawful_roster():
    setup, _ = factory_bench.factory_setup(0, workers=30, horizon=7)
    plan = planning.build_plan(setup)
    solved = solving.solve_plan(plan, {}, time_limit_s=2, seed=0)
    assert solved.roster is not None
    assert explanations.law_violations(plan, solved.roster) == []
    assert check(plan.problem, solved.roster).feasible
