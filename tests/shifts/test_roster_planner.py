"""The planner end to end on the database: a unit's shifts, posts and workers -> a generated roster that the Labour
Law checker accepts; a cell pinned by hand survives the re-solve; a pin the Law forbids is refused in Persian and
changes nothing; a request no lawful roster can meet is explained (rule, day, post); days off are kept; an approved
roster is locked; and the pages (forms, grid, per worker, per post, premiums, simulator) work."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from rownaq.core.models import ChangeRecord
from rownaq.core.worker import run_pending
from rownaq.shifts import services
from rownaq.shifts.models import Assignment, Post, PostDemand, Roster, Shift, Worker, WorkerRequest

FIRST = dt.date(2025, 3, 22)  # Saturday 1404/01/02
LIMIT = 2


def make_unit(unit, workers=10, per_shift=2, young=0, skill="پرس"):
    shifts = [
        Shift.objects.create(unit=unit, code=code, name=name, start=dt.time(h), end=dt.time((h + 8) % 24), order=i)
        for i, (code, name, h) in enumerate([("ص", "صبح", 6), ("ع", "عصر", 14), ("ش", "شب", 22)])
    ]
    post = Post.objects.create(unit=unit, name="خط پرس", skill=skill)
    for s in shifts:
        for wd in range(7):
            PostDemand.objects.create(post=post, shift=s, weekday=wd, required=per_shift)
    people = []
    for i in range(workers):
        birth = dt.date(2009, 1, 1) if i < young else dt.date(1990, 1, 1)
        people.append(
            Worker.objects.create(
                unit=unit,
                name=f"کارگر {i + 1:02d}",
                skills=skill,
                birth_date=birth,
                hourly_wage=Decimal(100_000),
                personnel_code=f"{100 + i}",
            )
        )
    return shifts, post, people


def new_roster(unit, weeks=4):
    return Roster.objects.create(unit=unit, first_date=FIRST, weeks=weeks)


@pytest.fixture
def planned(world):
    shifts, post, people = make_unit(world.unit_a, workers=12)
    roster = new_roster(world.unit_a)
    return world, shifts, post, people, roster


def cell_of(roster, worker, date):
    return roster.assignments.filter(worker=worker, date=date).first()


def test_generated_roster_covers_the_posts_and_breaks_no_rule(planned):
    w, shifts, post, people, roster = planned
    solved = services.generate(roster, time_limit_s=LIMIT)
    roster.refresh_from_db()
    assert roster.status == Roster.Status.GENERATED
    assert services.stored_violations(roster) == []
    assert roster.summary["law_checked"] is True
    assert roster.summary["missing"] == 0 and solved.shortfalls == []
    # 2 people on each of 3 shifts for 28 days
    assert roster.assignments.filter(shift__isnull=False).count() >= 2 * 3 * 28
    worked = Assignment.objects.filter(roster=roster, shift__isnull=False).first()
    assert (worked.start, worked.minutes) == (worked.shift.start, 480)


def test_a_pinned_cell_is_kept_when_the_rest_is_solved_again(planned):
    w, shifts, post, people, roster = planned
    services.generate(roster, time_limit_s=LIMIT)
    night = shifts[2]
    day = FIRST + dt.timedelta(days=9)
    worker = people[4]
    mark = ChangeRecord.objects.order_by("-id").values_list("id", flat=True).first()
    services.pin(roster, worker, day, night, post, time_limit_s=LIMIT)
    cell = cell_of(roster, worker, day)
    assert (cell.shift, cell.post, cell.pinned) == (night, post, True)
    assert ChangeRecord.objects.filter(id__gt=mark, object_id=str(cell.pk)).exists(), "the pin is change-logged"
    assert services.stored_violations(roster) == []
    # solving again keeps it
    services.generate(roster, time_limit_s=LIMIT, seed=3)
    cell = cell_of(roster, worker, day)
    assert (cell.shift, cell.post, cell.pinned) == (night, post, True)
    assert services.stored_violations(roster) == []
    # a pinned day off is kept too
    services.pin(roster, people[5], day, None, None, time_limit_s=LIMIT)
    off = cell_of(roster, people[5], day)
    assert off.pinned and off.shift is None
    assert services.pins_of(roster) == {(str(worker.pk), 9): f"{post.pk}/{night.pk}", (str(people[5].pk), 9): None}


def test_a_pin_the_law_forbids_is_refused_in_persian_and_changes_nothing(world):
    shifts, post, people = make_unit(world.unit_a, young=1)
    roster = new_roster(world.unit_a)
    services.generate(roster, time_limit_s=LIMIT)
    before = sorted(roster.assignments.values_list("worker_id", "date", "shift_id", "post_id", "pinned"))
    young = people[0]
    assert young.is_under_18(FIRST)
    with pytest.raises(services.RosterInfeasible) as error:
        services.pin(roster, young, FIRST + dt.timedelta(days=2), shifts[2], post, time_limit_s=LIMIT)
    assert "۸۳" in str(error.value) and young.name in str(error.value)
    # two pins that together leave less than 12 hours of rest: night then morning
    adult = people[3]
    services.pin(roster, adult, FIRST + dt.timedelta(days=4), shifts[2], post, time_limit_s=LIMIT)
    before = sorted(roster.assignments.values_list("worker_id", "date", "shift_id", "post_id", "pinned"))
    with pytest.raises(services.RosterInfeasible) as error:
        services.pin(roster, adult, FIRST + dt.timedelta(days=5), shifts[0], post, time_limit_s=LIMIT)
    assert "۱۲ ساعت" in str(error.value)
    assert sorted(roster.assignments.values_list("worker_id", "date", "shift_id", "post_id", "pinned")) == before


def test_only_young_workers_for_a_night_post_is_explained_with_the_rule_day_and_post(world):
    shifts, post, people = make_unit(world.unit_a, workers=6, per_shift=1, young=6)
    roster = new_roster(world.unit_a)
    solved = services.generate(roster, time_limit_s=LIMIT)
    assert services.stored_violations(roster) == []
    assert not roster.assignments.filter(shift=shifts[2]).exists(), "under-18s never work nights"
    assert solved.shortfalls and {s.cell.split("/")[1] for s in solved.shortfalls} == {str(shifts[2].pk)}
    first = solved.explanations[0]
    assert "مادهٔ ۸۳" in first
    assert "«خط پرس»" in first and "«شب»" in first
    assert "۱۴۰۴/۰۱/۰۲" in first, "the first day that cannot be covered"
    roster.refresh_from_db()
    assert roster.summary["explanations"] == solved.explanations
    assert roster.summary["missing"] == 28


def test_nobody_with_the_skill_is_explained(world):
    shifts, post, people = make_unit(world.unit_a, workers=3)
    Worker.objects.filter(unit=world.unit_a).update(skills="جوشکاری")
    roster = new_roster(world.unit_a)
    solved = services.generate(roster, time_limit_s=1)
    assert "مهارت «پرس»" in solved.explanations[0]
    assert roster.assignments.filter(shift__isnull=False).count() == 0


def test_an_empty_unit_gets_a_persian_reason_not_a_roster(world):
    roster = new_roster(world.unit_b)
    with pytest.raises(services.RosterInfeasible) as error:
        services.generate(roster, time_limit_s=1)
    assert "نوبتی" in str(error.value)
    roster.refresh_from_db()
    assert roster.status == Roster.Status.DRAFT


def test_days_off_are_kept_and_contract_hours_cap_workers_without_overtime(planned):
    w, shifts, post, people, roster = planned
    off_days = [FIRST + dt.timedelta(days=d) for d in (0, 1, 2, 10)]
    for day in off_days:
        WorkerRequest.objects.create(worker=people[0], date=day, kind=WorkerRequest.Kind.DAY_OFF)
    Worker.objects.filter(pk=people[1].pk).update(contract_hours=Decimal(24))
    services.generate(roster, time_limit_s=LIMIT)
    assert not roster.assignments.filter(worker=people[0], date__in=off_days, shift__isnull=False).exists()
    hours = sum(a.minutes for a in roster.assignments.filter(worker=people[1])) / 60
    assert hours <= 24 * 4, "no overtime without consent (Art. 59)"
    assert services.stored_violations(roster) == []


def test_approved_roster_is_locked_until_reopened(planned):
    w, shifts, post, people, roster = planned
    services.generate(roster, time_limit_s=1)
    services.approve(roster)
    with pytest.raises(services.PlanningError):
        services.generate(roster, time_limit_s=1)
    with pytest.raises(services.PlanningError):
        services.pin(roster, people[0], FIRST, shifts[0], post, time_limit_s=1)
    services.reopen(roster)
    assert roster.status == Roster.Status.GENERATED


def test_unpin_frees_the_cell_and_keeps_the_roster(planned):
    w, shifts, post, people, roster = planned
    services.generate(roster, time_limit_s=1)
    services.pin(roster, people[2], FIRST, shifts[0], post, time_limit_s=1)
    assert services.unpin(roster, people[2], FIRST)
    cell = cell_of(roster, people[2], FIRST)
    assert cell.pinned is False and cell.shift == shifts[0]
    assert services.unpin(roster, people[2], FIRST) is False


# ---------------------------------------------------------------- pages


@pytest.fixture
def member(client, world):
    client.force_login(world.member_a)
    return client


def test_shift_post_and_worker_forms(member, world):
    unit = world.unit_a
    response = member.post(
        reverse("shifts:shift-create", args=[unit.pk]),
        {"code": "ص", "name": "صبح", "start": "06:00", "end": "14:00", "order": 0},
    )
    assert response.status_code == 302
    member.post(
        reverse("shifts:shift-create", args=[unit.pk]),
        {"code": "ش", "name": "شب", "start": "22:00", "end": "06:00", "order": 2},
    )
    night = Shift.objects.get(unit=unit, code="ش")
    assert night.minutes == 480 and night.is_night
    again = member.post(
        reverse("shifts:shift-create", args=[unit.pk]),
        {"code": "ص", "name": "صبح دوم", "start": "07:00", "end": "15:00", "order": 0},
    )
    assert again.status_code == 400 and "نشانه" in again.content.decode()
    morning = Shift.objects.get(unit=unit, code="ص")
    response = member.post(
        reverse("shifts:post-create", args=[unit.pk]),
        {
            "name": "کوره",
            "skill": "ذوب",
            "hazardous": "on",
            f"need_{morning.pk}": "۲",
            f"need_{night.pk}": "1",
            f"need_{night.pk}_6": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get(unit=unit, name="کوره")
    assert post.need_table()[(morning.pk, 6)] == 2 and (night.pk, 6) not in post.need_table()
    assert post.need_table()[(night.pk, 0)] == 1
    response = member.post(
        reverse("shifts:worker-create", args=[unit.pk]),
        {
            "name": "رضا کارگر",
            "skills": "ذوب، جوشکاری",
            "hazardous": "on",
            "birth_date": "۱۳۸۷/۰۵/۰۱",
            "shift_worker": "on",
            "contract_hours": "36",
            "hourly_wage": "۱۲۰٬۰۰۰",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    worker = Worker.objects.get(unit=unit, name="رضا کارگر")
    assert worker.skill_set == {"ذوب", "جوشکاری"} and worker.hourly_wage == 120000 and worker.is_under_18(FIRST)
    response = member.post(
        reverse("shifts:worker-bulk", args=[unit.pk]),
        {
            "names": "علی\nحسن\n\nمریم",
            "skills": "ذوب",
            "hazardous": "on",
            "shift_worker": "on",
            "contract_hours": "36",
            "hourly_wage": "90000",
        },
    )
    assert response.status_code == 302
    assert Worker.objects.filter(unit=unit, hazardous=True).count() == 4
    response = member.post(
        reverse("shifts:request-create", args=[worker.pk]), {"date": "1404/01/05", "kind": "day_off", "note": "عروسی"}
    )
    assert response.status_code == 302
    assert worker.requests.get().date == dt.date(2025, 3, 25)
    page = member.get(reverse("shifts:unit", args=[unit.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "کوره" in html and "رضا کارگر" in html and "زیر ۱۸ سال" in html


def test_roster_pages_grid_pin_worker_post_premiums_and_simulator(member, world, settings):
    settings.SHIFTS_SOLVER_TIME_LIMIT_S = 1
    shifts, post, people = make_unit(world.unit_a, workers=8)
    response = member.post(
        reverse("shifts:roster-create"),
        {
            "unit": world.unit_a.pk,
            "title": "فروردین",
            "first_date": "1404/01/02",
            "weeks": 4,
            "generate_now": "on",
            "time_limit": 1,
        },
    )
    roster = Roster.objects.get(title="فروردین")
    assert response.status_code == 302 and roster.status == Roster.Status.DRAFT  # solved by the task worker
    run_pending()
    roster.refresh_from_db()
    assert roster.status == Roster.Status.GENERATED
    assert roster.created_by == world.member_a
    page = member.get(roster.get_absolute_url() + "?week=2")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="roster-grid"' in html and "۱۴۰۴/۰۱/۰۹" in html
    assert "<script>" not in html and "style=" not in html
    day = FIRST + dt.timedelta(days=8)
    response = member.post(
        reverse("shifts:roster-pin", args=[roster.pk]),
        {
            "worker": people[1].pk,
            "date": day.isoformat(),
            "cell": f"{post.pk}/{shifts[1].pk}",
            "time_limit": 1,
            "week": 2,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?week=2#grid")
    run_pending()
    assert cell_of(roster, people[1], day).pinned
    html = member.get(roster.get_absolute_url() + "?week=2").content.decode()
    assert "cell-pinned" in html and 'data-testid="pinned-list"' in html
    assert member.get(reverse("shifts:roster-worker", args=[roster.pk, people[1].pk])).status_code == 200
    post_page = member.get(reverse("shifts:roster-post", args=[roster.pk, post.pk]))
    assert post_page.status_code == 200 and people[1].name in post_page.content.decode()
    premiums = member.get(reverse("shifts:roster-premiums", args=[roster.pk]))
    assert premiums.status_code == 200 and people[1].name in premiums.content.decode()
    sheet = member.get(reverse("shifts:roster-premiums", args=[roster.pk]) + "?format=xlsx")
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith("application/vnd.openxmlformats")
    assert member.get(reverse("shifts:simulator", args=[world.unit_a.pk])).status_code == 200
    assert member.get(reverse("shifts:roster-list")).status_code == 200
    assert member.get(reverse("shifts:home")).status_code == 302  # a member of one unit goes to it
    refused = member.post(
        reverse("shifts:roster-pin", args=[roster.pk]),
        {
            "worker": people[1].pk,
            "date": (day + dt.timedelta(days=1)).isoformat(),
            "cell": f"{post.pk}/{shifts[0].pk}",
            "time_limit": 1,
        },
    )
    assert refused.status_code == 302
    messages = [str(m) for m in member.get(roster.get_absolute_url()).context["messages"]]
    assert any("۱۲ ساعت" in m for m in messages), messages


def test_nights_fridays_and_weekends_are_shared_fairly_and_shown(planned, member):
    """12 workers, 2 a shift: 56 nights over 28 days, a fair share of ceil(56 / 12) = 5 each; the stored roster
    keeps everyone within it (the solver pays for each night beyond), and the roster page shows the table."""
    w, shifts, post, people, roster = planned
    services.generate(roster, time_limit_s=10)
    roster.refresh_from_db()
    rows = services.fair_shares(roster, people)
    assert [worker for worker, _ in rows] == people
    nights = [share.counts["nights"] for _, share in rows]
    assert sum(count for count, _ in nights) == 56 and {share for _, share in nights} == {5}
    assert max(count for count, _ in nights) <= 5
    fridays = [share.counts["fridays"] for _, share in rows]
    assert sum(count for count, _ in fridays) == 4 * 6 and {share for _, share in fridays} == {2}
    assert all(share.backward == 0 for _, share in rows)  # the 12-hour rest already forbids them here
    html = member.get(roster.get_absolute_url()).content.decode()
    assert 'data-testid="fair-table"' in html and "چرخش معکوس" in html and people[0].name in html


def test_fair_share_figures_count_nights_fridays_weekends_and_backward_turns():
    """Pure: a hand-made line against the plan's cells and calendar (day 0 = Saturday 1404/01/02)."""
    turns = (
        services.TurnSpec("m", "صبح", dt.time(6), 480),
        services.TurnSpec("e", "عصر", dt.time(14), 480),
        services.TurnSpec("n", "شب", dt.time(22), 480),
    )
    post = services.PostSpec("p", "خط", need={(t.key, wd): 1 for t in turns for wd in range(7)})
    workers = (services.WorkerSpec("a", "الف"), services.WorkerSpec("b", "ب"), services.WorkerSpec("c", "ج"))
    plan = services.build_plan(services.Setup("t", FIRST, 7, turns, (post,), workers))
    line = ["p/n", "p/e", None, None, None, "p/m", "p/n"]  # Thursday morning, Friday night; night -> evening
    share = services.fair_shares_of(plan, [line, [None] * 7, [None] * 7])[0]
    assert share.counts == {"nights": (2, 3), "fridays": (1, 1), "weekend": (2, 2)}
    assert share.backward == 1 and not share.over


def test_the_unit_page_sets_the_planners_workers_against_the_reported_headcount(member, world):
    from rownaq.reporting import services as reporting
    from tests.reporting.conftest import accepted

    make_unit(world.unit_a, workers=8)
    page = member.get(reverse("shifts:unit", args=[world.unit_a.pk])).content.decode()
    assert 'data-testid="headcount-check"' not in page  # no accepted report yet: nothing to compare
    month = reporting.latest_reportable_month()
    accepted(world.unit_a, month, world.staff_province, employees=12)
    page = member.get(reverse("shifts:unit", args=[world.unit_a.pk])).content.decode()
    check = page.split('data-testid="headcount-check"')[1].split("</p>")[0]
    assert month.label in check and "۱۲" in check and "۸" in check and "۴</span> نفر کمتر" in check
