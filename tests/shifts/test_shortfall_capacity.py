"""What the Law lets a worker give, in whole shifts (labour_law.most_shifts), and the shortfall explanations
built on it, against the rosters the planner actually makes. Pure: no database."""

import datetime as dt

from rownaq.shifts.labour_law import Worker, check, most_shifts
from rownaq.shifts.planning import PostSpec, Setup, TurnSpec, WorkerSpec, build_plan
from rownaq.shifts.solving import solve_plan

FIRST = dt.date(2025, 3, 22)  # a Saturday
NIGHT = TurnSpec("n", "شب", dt.time(22), 480)
MORNING = TurnSpec("m", "صبح", dt.time(6), 480)
TIME = 2


def night_post(people=1):
    return PostSpec("g", "نگهبانی", "", False, {("n", wd): people for wd in range(7)})


def test_whole_shifts_a_worker_may_give_in_four_weeks():
    """Art. 51: 44 h a week for a worker who is not a shift worker -> floor(44 / 8) = 5 eight-hour shifts in any
    7 days -> 20 shifts = 160 h in 28 days, not 44 x 4 = 176 h.
    Art. 57: a shift worker, 176 h in any 4 weeks -> 22 eight-hour shifts (and at most 6 days in 7, Art. 62).
    Art. 52: hazardous work, 36 h a week -> six 6-hour shifts a week, but at most 6 days in 7 -> 24 in 28 days.
    Art. 83: no night work under 18 -> no night shift at all."""
    assert most_shifts(Worker("a", shift_worker=False), 480, 28, night=True) == 20
    assert most_shifts(Worker("a", shift_worker=False), 480, 28) == 20
    assert most_shifts(Worker("a"), 480, 28) == 22
    assert most_shifts(Worker("a"), 480, 28, night=True) == 22, "runs of 4 nights still leave room for 22"
    assert most_shifts(Worker("a", hazardous=True), 360, 28) == 24
    assert most_shifts(Worker("a", hazardous=True), 480, 28) == 0, "8 h is over the 6-hour day of Art. 52"
    assert most_shifts(Worker("kid", under_18=True), 480, 28, night=True) == 0
    assert most_shifts(Worker("kid", under_18=True), 480, 28) == 20, "44 h a week, like non-shift workers"
    assert most_shifts(Worker("a", days_off=frozenset(range(7))), 480, 28) == 18, "a week off: 3 weeks of 6"
    assert most_shifts(Worker("a"), 480, 28, max_minutes=20 * 60) == 2, "contract cap: 20 h over the horizon"


def test_five_nights_a_week_leave_eight_of_twenty_eight_nights_uncovered_and_the_explanation_says_so():
    """A guard post needs 1 person every night for 4 weeks: 28 nights = 224 h. Its one guard is not a shift
    worker (Art. 51: 44 h a week): 5 nights a week, 20 nights = 160 h, so 8 nights stay uncovered. The old
    explanation allowed 176 h (22 nights) and so predicted 6; the roster has 8, and so does the explanation."""
    setup = Setup("guard", FIRST, 28, (NIGHT,), (night_post(),), (WorkerSpec("w", "نگهبان", shift_worker=False),))
    plan = build_plan(setup)
    solved = solve_plan(plan, {}, time_limit_s=TIME, seed=1)
    assert check(plan.definitions, plan.law_workers, solved.roster) == []
    assert sum(s.missing for s in solved.shortfalls) == 8
    (text,) = solved.explanations
    assert "۲۲۴ ساعت کار لازم دارد" in text and "حداکثر ۲۰ نوبت (۱۶۰ ساعت)" in text
    assert "دست‌کم ۸ نوبت بی‌کارگر می‌ماند" in text and "مادهٔ ۵۱ قانون کار" in text


def test_a_shift_worker_on_nights_only_is_explained_with_the_four_week_limit():
    """The same post with one shift worker (Art. 57, 176 h in 4 weeks): at most 4 nights in a row (workplace
    setting) still allows 22 nights; 28 - 22 = 6 nights uncovered, and the roster has 6."""
    setup = Setup("guard", FIRST, 28, (NIGHT,), (night_post(),), (WorkerSpec("w", "نگهبان"),))
    plan = build_plan(setup)
    solved = solve_plan(plan, {}, time_limit_s=TIME, seed=1)
    assert check(plan.definitions, plan.law_workers, solved.roster) == []
    assert sum(s.missing for s in solved.shortfalls) == 6
    (text,) = solved.explanations
    assert "حداکثر ۲۲ نوبت (۱۷۶ ساعت)" in text and "دست‌کم ۶ نوبت" in text and "مادهٔ ۵۷" in text


def test_minors_never_work_at_night_and_the_shortfall_names_article_83():
    """Art. 83: workers of 15-18 do no night work. A post needs 1 person on the morning and 1 on the night, every
    day for 4 weeks (28 + 28 shifts); its workers are one adult shift worker (Art. 57: 22 eight-hour shifts in 4
    weeks) and one 17-year-old (44 h a week: 20 shifts, mornings only). Nights: only the adult, 28 - 22 = at
    least 6 uncovered. The whole post: 56 - (22 + 20) = at least 14 uncovered, which the roster meets."""
    post = PostSpec("p", "خط", "", False, {(t, wd): 1 for t in ("m", "n") for wd in range(7)})
    workers = (WorkerSpec("a", "بزرگسال"), WorkerSpec("y", "نوجوان", under_18=True))
    plan = build_plan(Setup("young", FIRST, 28, (MORNING, NIGHT), (post,), workers))
    solved = solve_plan(plan, {}, time_limit_s=3, seed=1)
    assert check(plan.definitions, plan.law_workers, solved.roster) == []
    assert all(cid is None or cid == "p/m" for cid in solved.roster[1]), "no night for the minor"
    assert sum(s.missing for s in solved.shortfalls if s.cell == "p/n") >= 6
    assert sum(s.missing for s in solved.shortfalls) == 14
    night, morning = solved.explanations
    assert "نوبت «شب»" in night
    assert "مادهٔ ۸۳ قانون کار" in night and "۲۲۴ ساعت" in night and "دست‌کم ۶ نوبت" in night
    assert "۴۴۸ ساعت" in morning and "حداکثر ۴۲ نوبت" in morning and "دست‌کم ۱۴ نوبت" in morning
