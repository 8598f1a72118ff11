"""Factory benchmark of the roster planner: a labelled sample plant, built the way the product builds a unit's roster.

    python -m bench.roster --factory [--seed 0] [--no-write]

The sample «کارخانهٔ نمونه (نمونه)» has 300 workers, 4 weeks, three turns (morning 06-14, evening 14-22, night
22-06) and 6 posts with skills, one of them hazardous (its turns are cut to 6 hours, Art. 52); some workers are
under 18 (no night work, Art. 83), some are not shift workers, some consent to overtime; there are days off,
wishes for and against shifts, and hand-pinned cells. The data is the plain `planning.Setup` that
`services.setup_for` makes from the database, and it goes through the same `planning.build_plan` and
`solving.solve_plan` as a real unit's roster, so the figures are what a plant of this size would get.

Measured: the time to the first roster the engine finds, and the roster after 10 s and after 60 s; each returned
roster is checked by the Labour-Law checker (`explanations.law_violations`, i.e. `labour_law.check` plus the contract
hours) and by the engine's independent validator (`validator.check`).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from rownaq.shifts import explanations, planning, solving
from rownaq.shifts.validator import check as engine_check

FIRST_DATE = dt.date(2026, 3, 21)  # 1 Farvardin 1405, a Saturday
TURNS = (
    planning.TurnSpec("m", "صبح", dt.time(6), 480),
    planning.TurnSpec("e", "عصر", dt.time(14), 480),
    planning.TurnSpec("n", "شب", dt.time(22), 480),
)
# key, name, skill, hazardous, people per turn (morning, evening, night) on a working day
POSTS = (
    ("press", "پرس (نمونه)", "press", False, (14, 12, 6)),
    ("weld", "جوشکاری (نمونه)", "weld", False, (12, 10, 5)),
    ("paint", "رنگ‌کاری، سخت و زیان‌آور (نمونه)", "paint", True, (6, 5, 3)),
    ("assembly", "مونتاژ (نمونه)", "", False, (16, 14, 6)),
    ("qc", "کنترل کیفیت (نمونه)", "qc", False, (5, 4, 2)),
    ("store", "انبار (نمونه)", "store", False, (4, 3, 1)),
)
FRIDAY = 6  # Iranian weekday (Saturday = 0)


def factory_setup(seed: int = 0, workers: int = 300, horizon: int = 28) -> tuple[planning.Setup, dict]:
    """The sample plant (deterministic for a seed) and its pinned cells, as the database would give them."""
    rng = random.Random(seed)
    posts = []
    for key, name, skill, hazardous, people in POSTS:
        need = {}
        for weekday in range(7):
            for turn, count in zip(TURNS, people):
                # Fridays run a skeleton crew; Thursdays a lighter one
                factor = 0.4 if weekday == FRIDAY else 0.8 if weekday == FRIDAY - 1 else 1.0
                need[(turn.key, weekday)] = max(1 if turn.key != "n" or count > 1 else 0, round(count * factor))
        posts.append(planning.PostSpec(key, name, skill, hazardous, need))
    skills = [p[2] for p in POSTS if p[2] and not p[3]]
    specs = []
    for i in range(workers):
        hazardous = i % 10 == 0  # 30 painters, held to 6 h a day and 36 h a week
        under_18 = not hazardous and i % 25 == 7  # 12 young workers: no night work
        own = {"paint"} if hazardous else set(rng.sample(skills, rng.choice((1, 1, 2))))
        days_off = frozenset(rng.sample(range(horizon), rng.choice((0, 0, 1, 2, 3))))
        prefer = tuple((d, rng.choice(TURNS).key) for d in rng.sample(range(horizon), rng.choice((0, 1, 2))))
        avoid = tuple((d, rng.choice((None, "n"))) for d in rng.sample(range(horizon), rng.choice((0, 1, 2))))
        specs.append(
            planning.WorkerSpec(
                key=f"w{i:03d}",
                name=f"کارگر {i + 1} (نمونه)",
                skills=frozenset(own),
                hazardous=hazardous,
                under_18=under_18,
                shift_worker=i % 15 != 3,
                overtime_consent=not under_18 and i % 4 == 0,
                contract_hours=Decimal(36 if hazardous else 44),
                days_off=days_off,
                prefer=tuple(p for p in prefer if p[0] not in days_off),
                avoid=tuple(a for a in avoid if a[0] not in days_off),
            )
        )
    setup = planning.Setup("کارخانهٔ نمونه (نمونه)", FIRST_DATE, horizon, TURNS, tuple(posts), tuple(specs))
    plan = planning.build_plan(setup)
    # pins as a planner sets them by hand: a few days off, and a few workers fixed on a morning of their post
    pins: dict[tuple[str, int], str | None] = {}
    for spec in rng.sample(specs, 12):
        day = rng.randrange(horizon)
        if day not in spec.days_off:
            pins[(spec.key, day)] = None
    for spec in rng.sample(specs, 12):
        day = rng.randrange(horizon)
        cells = sorted(cid for cid in plan.takes[spec.key] if cid.endswith("/m"))
        if cells and day not in spec.days_off and (spec.key, day) not in pins:
            pins[(spec.key, day)] = cells[0]
    assert not explanations.pin_problems(plan, pins), "the sample's pins must be lawful"
    return setup, pins


def run(seed: int = 0, limits: tuple[float, ...] = (10.0, 60.0), log=print) -> list[dict]:
    setup, pins = factory_setup(seed)
    plan = planning.build_plan(setup)
    rows = []
    for limit in limits:
        improvements: list[tuple[int, float, float]] = []  # (objective, wall s, CPU s of this process)
        started, started_cpu = time.monotonic(), time.process_time()

        def on_best(objective, seconds, improvements=improvements, started_cpu=started_cpu):
            improvements.append((objective, seconds, time.process_time() - started_cpu))

        solved = solving.solve_plan(plan, pins, time_limit_s=limit, seed=seed, on_best=on_best)
        wall, cpu = time.monotonic() - started, time.process_time() - started_cpu
        law = explanations.law_violations(plan, solved.roster)
        evaluation = engine_check(plan.problem, solved.roster)
        kept = all(
            solved.roster[i][d] == cid
            for (key, d), cid in pins.items()
            for i, w in enumerate(setup.workers)
            if w.key == key
        )
        row = {
            "limit": limit,
            "objective": solved.objective,
            "status": solved.status,
            "first": improvements[0][1] if improvements else None,
            "first_cpu": improvements[0][2] if improvements else None,
            "repairs": solved.repairs,
            "wall": wall,
            "cpu": cpu,
            "law_violations": len(law),
            "valid": evaluation.feasible and not law and kept,
            "shortfalls": sum(s.missing for s in solved.shortfalls),
        }
        log(
            f"{limit:g} s: objective {row['objective']}, first roster {row['first']} s, wall {wall:.1f} s "
            f"({cpu:.1f} CPU s), "
            f"Labour-Law violations {len(law)}, validator {'ok' if row['valid'] else 'FAILED'}, "
            f"missing people {row['shortfalls']}"
        )
        rows.append(row)
    return rows


def describe(setup: planning.Setup, pins: dict) -> str:
    workers = setup.workers
    return (
        f"{len(workers)} workers ({sum(w.hazardous for w in workers)} hazardous, "
        f"{sum(w.under_18 for w in workers)} under 18, {sum(not w.shift_worker for w in workers)} not shift "
        f"workers, {sum(w.overtime_consent for w in workers)} consenting to overtime), {setup.horizon} days "
        f"from {setup.first_date.isoformat()}, {len(setup.turns)} turns, {len(setup.posts)} posts "
        f"({len(setup.posts) * len(setup.turns)} engine shifts); "
        f"{sum(len(w.days_off) for w in workers)} days off, {sum(len(w.prefer) for w in workers)} wishes for "
        f"and {sum(len(w.avoid) for w in workers)} against a shift, {len(pins)} pinned cells"
    )
