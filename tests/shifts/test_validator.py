"""The independent validator catches each kind of hard violation and recomputes the objective."""

import pytest

from rownaq.shifts.problem import (
    CoverRequirement,
    Employee,
    RosterProblem,
    Shift,
    ShiftRequest,
    WindowLimit,
)
from rownaq.shifts.validator import check

H = 14  # two weeks from a Monday: weekends are days 5-6 and 12-13


def problem(**changes):
    employee = {
        "id": "A",
        "max_shifts": {"N": 3},
        "max_minutes": 10 * 480,
        "min_minutes": 4 * 480,
        "max_consecutive": 5,
        "min_consecutive": 2,
        "min_consecutive_off": 2,
        "max_weekends": 1,
        "days_off": frozenset({3}),
    }
    employee.update(changes)
    return RosterProblem(
        name="small",
        horizon=H,
        shifts=(Shift("D", 480), Shift("N", 480, frozenset({"D"}))),
        employees=(Employee(**employee),),
        requests=(ShiftRequest("A", 0, "D", 2, True), ShiftRequest("A", 1, "N", 3, False)),
        cover=tuple(CoverRequirement(d, "D", 1, 100, 1) for d in range(H)),
    )


def line(text):
    """'DD.NN' -> ['D', 'D', None, 'N', 'N'] (14 days)."""
    assert len(text) == H
    return [None if ch == "." else ch for ch in text]


GOOD = "DD...DD..DDD.."  # 7 shifts, runs of 2-3 inside, rests of 2-3, one weekend (5-6)


def rules(roster_text, **changes):
    return sorted({v.rule for v in check(problem(**changes), [line(roster_text)]).violations})


def test_a_good_roster_passes_and_its_objective_is_recomputed():
    evaluation = check(problem(), [line(GOOD)])
    assert evaluation.feasible
    # days without D are under-covered: 14 - 7 = 7 days x 100; the on-request (day 0, D) is met
    assert evaluation.parts == {
        "on_requests": 0,
        "off_requests": 0,
        "under_cover": 700,
        "over_cover": 0,
        "successions": 0,
        "balances": 0,
    }
    assert evaluation.objective == 700


@pytest.mark.parametrize(
    "roster, rule, changes",
    [
        ("DD.D.DD..DDD..", "day_off", {}),
        ("NN...NN..NNN..", "max_shifts", {}),
        ("DDD..DDD.DDD..", "max_minutes", {"max_minutes": 8 * 480}),
        ("DDD...........", "min_minutes", {}),
        ("DD....DDDDDD..", "max_consecutive", {}),
        ("DD..D..DD.DD..", "min_consecutive", {}),
        ("DD.DD....DD...", "min_consecutive_off", {"days_off": frozenset()}),
        ("DD...DD..DD.DD", "max_weekends", {}),
        ("DN...DD..DD...", "banned_succession", {}),  # banned is N then D, see the next case
    ],
)
def test_each_hard_rule_is_caught(roster, rule, changes):
    found = rules(roster, **changes)
    if rule == "banned_succession":
        assert "banned_succession" not in found  # D then N is allowed
        assert "banned_succession" in rules("ND...DD..DD...")
    else:
        assert rule in found, found


def test_runs_touching_the_horizon_ends_are_exempt_from_minimums():
    assert rules("D...DD...DD..D", max_weekends=2) == []  # 1-day runs touching day 0 and the last day
    assert rules(".D..DD...DD...") == ["min_consecutive"]  # a 1-day run strictly inside is not exempt
    assert rules("DD.DD....DD...", days_off=frozenset()) == ["min_consecutive_off"]  # a 1-day rest inside


def test_rolling_window_limit():
    limited = problem(window_limits=(WindowLimit(7, 3 * 480),))
    violations = check(limited, [line(GOOD)]).violations
    assert any(v.rule == "window_minutes" for v in violations)


def test_shape_and_unknown_shift():
    assert check(problem(), []).violations[0].rule == "shape"
    bad = line(GOOD)
    bad[0] = "X"
    assert check(problem(), [bad]).violations[0].rule == "unknown_shift"


def test_requests_and_over_cover_are_counted():
    p = problem()
    evaluation = check(p, [line("DN...DD..DDD..")])
    assert evaluation.parts["off_requests"] == 3  # N on day 1 was asked against, weight 3
    assert evaluation.parts["on_requests"] == 0  # D on day 0 was asked for and given
    evaluation = check(p, [line(".N...DD..DDD..")])
    assert evaluation.parts["on_requests"] == 2
    two = RosterProblem(
        name="two",
        horizon=H,
        shifts=p.shifts,
        employees=(p.employees[0], Employee(**{**p.employees[0].__dict__, "id": "B"})),
        cover=p.cover,
    )
    both = check(two, [line(GOOD), line(GOOD)])
    assert both.parts["over_cover"] == 7 and both.parts["under_cover"] == 700
