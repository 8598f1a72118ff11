"""Each Labour-Law rule of a roster, both ways: a small roster that breaks it is rejected by the checker
(labour_law.check, and the planner's contract-hours cap), and the planner (engine + repair) never returns a roster
that breaks it, even when the head-count asks for more than the rule allows. Pure: no database."""

import datetime as dt
from decimal import Decimal

import pytest

from rownaq.shifts.explanations import law_violations
from rownaq.shifts.labour_law import IRAN_LABOUR_LAW, ShiftDefinition, Worker, check
from rownaq.shifts.planning import PostSpec, Setup, TurnSpec, WorkerSpec, build_plan
from rownaq.shifts.solving import solve_plan

FIRST = dt.date(2025, 3, 22)  # a Saturday
MORNING = TurnSpec("m", "صبح", dt.time(6), 480)
EVENING = TurnSpec("e", "عصر", dt.time(14), 480)
NIGHT = TurnSpec("n", "شب", dt.time(22), 480)
DAY12 = TurnSpec("d", "روز ۱۲ ساعته", dt.time(6), 720)
NIGHT12 = TurnSpec("k", "شب ۱۲ ساعته", dt.time(18), 720)
THREE = (MORNING, EVENING, NIGHT)
TIME = 1.5


def post(name="خط", turns=THREE, people=1, hazardous=False, skill="", days=range(7)):
    return PostSpec(name, name, skill, hazardous, {(t.key, wd): people for t in turns for wd in days})


def people(n, prefix="w", **terms):
    return tuple(WorkerSpec(f"{prefix}{i}", f"{prefix}{i}", **terms) for i in range(n))


def setup(turns, posts, workers, horizon=14):
    return Setup("law", FIRST, horizon, tuple(turns), tuple(posts), tuple(workers))


# ---------------------------------------------------------------- the checker rejects a broken roster

M8 = ShiftDefinition("M", dt.time(6), 480)
E8 = ShiftDefinition("E", dt.time(14), 480)
N8 = ShiftDefinition("N", dt.time(22), 480)
D12 = ShiftDefinition("D", dt.time(6), 720)
H6 = ShiftDefinition("H", dt.time(6), 360)
SHIFTS = [M8, E8, N8, D12, H6]


def articles(worker: Worker, line) -> set[str]:
    return {v.article for v in check(SHIFTS, [worker], [line])}


BROKEN = {
    "51 a day (non-shift worker, 12 h)": (
        Worker("a", shift_worker=False),
        ["D", None, None, None, None, None, None],
        "51",
    ),
    "51 a week (non-shift worker, 48 h)": (Worker("a", shift_worker=False), ["M"] * 6 + [None], "51"),
    "52 a day (hazardous, 8 h)": (Worker("a", hazardous=True), ["M", None, None, None, None, None, None], "52"),
    "52 a week (hazardous, 42 h)": (Worker("a", hazardous=True), ["H"] * 7, "52"),
    "57 in 4 weeks (shift worker, 180 h)": (Worker("a"), (["D"] * 5 + [None, None]) * 3 + [None] * 7, "57"),
    "62 weekly rest (7 days in a row)": (Worker("a"), ["M"] * 7 + [None] * 7, "62"),
    "83 night work under 18": (Worker("a", under_18=True), ["N", None, None], "83"),
    "rest between shifts (evening then morning)": (Worker("a"), ["E", "M", None], "rest setting"),
    "nights in a row (5)": (Worker("a"), ["N"] * 5 + [None, None], "nights setting"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_roster_breaking_the_rule_is_rejected(name):
    worker, line, article = BROKEN[name]
    assert article in articles(worker, line)


@pytest.mark.parametrize("name", list(BROKEN))
def test_the_same_roster_within_the_rule_is_accepted(name):
    """The lawful neighbour of each broken roster passes, so the checker is not simply strict."""
    worker, line, article = BROKEN[name]
    lawful = {
        "51": ["M"] * 5 + [None, None],
        "52": ["H"] * 6 + [None],
        "57": (["D"] * 4 + [None] * 3) * 3 + [None] * 7,
        "62": ["M"] * 6 + [None] * 8,
        "83": ["M", None, None],
        "rest setting": ["M", "E", None],
        "nights setting": ["N"] * 4 + [None, None, None],
    }[article]
    assert articles(worker, lawful) == set()


def test_overtime_beyond_the_contract_is_rejected_for_workers_without_the_right():
    young = WorkerSpec("y", "y", under_18=True, contract_hours=Decimal(24))
    adult = WorkerSpec("a", "a", overtime_consent=True, contract_hours=Decimal(24))
    plan = build_plan(setup([MORNING], [post(turns=[MORNING])], [young, adult], horizon=7))
    line = ["خط/m"] * 5 + [None, None]
    found = law_violations(plan, [line, line])
    assert [(v.article, v.worker) for v in found] == [("59", "y")], "the consenting adult may work overtime"


# ---------------------------------------------------------------- the planner never returns a broken roster


def scenario_young_at_night():
    return setup(THREE, [post(people=2)], people(3, "y", under_18=True) + people(3, "a"))


def scenario_hazardous_overload():
    return setup(THREE, [post("کوره", people=2, hazardous=True)], people(4, hazardous=True))


def scenario_twelve_hour_overload():
    return setup([DAY12, NIGHT12], [post(turns=[DAY12, NIGHT12], people=2)], people(5), horizon=28)


def scenario_non_shift_workers():
    return setup(
        [DAY12, MORNING],
        [post(turns=[DAY12, MORNING], people=3)],
        people(4, shift_worker=False) + people(1, "y", under_18=True),
    )


def scenario_nights_only():
    return setup([NIGHT], [post(turns=[NIGHT], people=2)], people(3))


def scenario_rotation_with_rest():
    return setup(THREE, [post(people=2)], people(7))


def scenario_contract_hours():
    return setup(
        [MORNING],
        [post(turns=[MORNING], people=3)],
        people(3, contract_hours=Decimal(24)) + people(1, "o", overtime_consent=True, contract_hours=Decimal(24)),
    )


def scenario_skills_and_posts():
    return setup(
        THREE,
        [post("پرس", people=2, skill="پرس"), post("رنگ", people=1, skill="رنگ")],
        people(5, "p", skills=frozenset({"پرس"})) + people(2, "r", skills=frozenset({"رنگ"})),
    )


SCENARIOS = {
    "83 no night work under 18": scenario_young_at_night,
    "52 hazardous 6 h / 36 h": scenario_hazardous_overload,
    "57 176 h in 4 weeks (12-hour pattern)": scenario_twelve_hour_overload,
    "51 8 h / 44 h for non-shift workers": scenario_non_shift_workers,
    "nights in a row": scenario_nights_only,
    "62 and rest between shifts": scenario_rotation_with_rest,
    "59 contract hours without overtime right": scenario_contract_hours,
    "posts by skill": scenario_skills_and_posts,
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_planner_never_returns_a_roster_that_breaks_a_rule(name):
    plan = build_plan(SCENARIOS[name]())
    solved = solve_plan(plan, {}, time_limit_s=TIME, seed=1)
    assert law_violations(plan, solved.roster) == []
    assert check(plan.definitions, plan.law_workers, solved.roster, IRAN_LABOUR_LAW) == []
    # Every scenario asks for more than the Law allows (or just enough), so the rule had to bind.
    assert sum(cid is not None for line in solved.roster for cid in line) > 0


def test_the_binding_rules_leave_head_count_uncovered_rather_than_break():
    plan = build_plan(scenario_hazardous_overload())
    solved = solve_plan(plan, {}, time_limit_s=TIME)
    assert solved.shortfalls, "4 hazardous workers x 36 h cannot cover 2 x 3 x 6 h a day"
    assert all(c.minutes == 360 for c in plan.cells.values()), "hazardous posts' turns are cut to 6 h (Art. 52)"
    assert "مادهٔ ۵۲" in solved.explanations[0]
    plan = build_plan(scenario_young_at_night())
    solved = solve_plan(plan, {}, time_limit_s=TIME)
    young = [i for i, w in enumerate(plan.setup.workers) if w.under_18]
    assert all(plan.cells[cid].turn.key != "n" for i in young for cid in solved.roster[i] if cid)


def test_skills_decide_who_takes_a_post():
    plan = build_plan(scenario_skills_and_posts())
    solved = solve_plan(plan, {}, time_limit_s=TIME)
    for worker, line in zip(plan.setup.workers, solved.roster):
        for cid in line:
            if cid is not None:
                assert plan.cells[cid].post.skill in worker.skills


def test_pins_are_kept_and_checked():
    plan = build_plan(scenario_rotation_with_rest())
    pins = {("w0", 3): "خط/n", ("w1", 3): None, ("w2", 0): "خط/e"}
    solved = solve_plan(plan, pins, time_limit_s=TIME)
    index = {w.key: i for i, w in enumerate(plan.setup.workers)}
    for (worker, day), cid in pins.items():
        assert solved.roster[index[worker]][day] == cid
    assert law_violations(plan, solved.roster) == []
