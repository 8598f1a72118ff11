"""The capacity simulator, computed by hand from the Law's text: what a third shift needs (the fewest workers
with a lawful four-week roster covering the posts' head-counts, in whole shifts) and costs (that roster's premiums,
priced by the payroll sheet's rules: the payroll sheet of the same roster gives the same figure) and gives
(output from the unit's product capacity and the utilisation of its accepted monthly reports).

The simulated rosters start on the first Saturday of the coming Jalali month: with `today` 2025-03-01 that is
Saturday 2025-03-22 (1404/01/02), and the four weeks stay in Farvardin; days 0-5 are Saturday-Thursday."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from rownaq.core.models import Holiday
from rownaq.registry.models import Product
from rownaq.reporting.models import MonthlyReport, ProductionLine
from rownaq.shifts import capacity, payroll, services
from rownaq.shifts.labour_law import check
from rownaq.shifts.models import Assignment, Post, PostDemand, Roster, Shift, Worker

SAT_TO_THU = range(6)
TODAY = dt.date(2025, 3, 1)
FIRST = dt.date(2025, 3, 22)


@pytest.fixture
def two_shift_unit(world):
    unit = world.unit_a
    morning = Shift.objects.create(unit=unit, code="ص", name="صبح", start=dt.time(6), end=dt.time(14), order=0)
    evening = Shift.objects.create(unit=unit, code="ع", name="عصر", start=dt.time(14), end=dt.time(22), order=1)
    line = Post.objects.create(unit=unit, name="مونتاژ", skill="مونتاژ")
    furnace = Post.objects.create(unit=unit, name="کوره", skill="ذوب", hazardous=True)
    for shift in (morning, evening):
        for wd in SAT_TO_THU:
            PostDemand.objects.create(post=line, shift=shift, weekday=wd, required=4)
            PostDemand.objects.create(post=furnace, shift=shift, weekday=wd, required=1)
    for n in range(10):
        Worker.objects.create(unit=unit, name=f"مونتاژکار {n}", skills="مونتاژ", hourly_wage=100_000)
    for n in range(2):
        Worker.objects.create(
            unit=unit, name=f"ذوب‌کار {n}", skills="ذوب", hazardous=True, hourly_wage=120_000, contract_hours=36
        )
    report = MonthlyReport.objects.create(
        organisation=unit, year=1403, month=12, shifts_worked=2, status=MonthlyReport.Status.ACCEPTED
    )
    product = Product.objects.get(organisation=unit)  # 100 sets a year
    ProductionLine.objects.create(
        report=report, product=product, quantity=4, monthly_capacity=Decimal("8.33"), utilisation=Decimal("50.0")
    )
    return unit


@pytest.fixture
def guarded_unit(world):
    """A unit on three shifts whose only post is a night guard: 0 / 0 / 1 every day of the week, one guard."""
    unit = world.unit_a
    shifts = [
        Shift.objects.create(unit=unit, code=code, name=name, start=dt.time(start), end=dt.time(end), order=i)
        for i, (code, name, start, end) in enumerate((("ص", "صبح", 6, 14), ("ع", "عصر", 14, 22), ("ش", "شب", 22, 6)))
    ]
    guard = Post.objects.create(unit=unit, name="نگهبانی شب", skill="نگهبانی")
    for wd in range(7):
        PostDemand.objects.create(post=guard, shift=shifts[2], weekday=wd, required=1)
    Worker.objects.create(unit=unit, name="نگهبان ۱", skills="نگهبانی", hourly_wage=100_000)
    MonthlyReport.objects.create(
        organisation=unit, year=1403, month=12, shifts_worked=3, status=MonthlyReport.Status.ACCEPTED
    )
    return unit


def store(unit, sim, scenario="three") -> Roster:
    """The roster the simulator produced, stored as any roster is, for the payroll sheet."""
    shifts = list(Shift.objects.filter(unit=unit))
    while len(shifts) < 3:  # the turn the unit does not work yet
        shifts.append(
            Shift.objects.create(unit=unit, code="ش", name="شب", start=dt.time(22), end=dt.time(6), order=len(shifts))
        )
    roster = Roster.objects.create(
        unit=unit, first_date=sim.first_date, weeks=sim.horizon // 7, status=Roster.Status.GENERATED
    )
    for need in sim.skills:
        post = Post.objects.filter(unit=unit, skill=need.skill, hazardous=need.hazardous).first()
        for line in getattr(need, scenario).lines:
            worker = Worker.objects.create(
                unit=unit,
                name=f"شبیه‌سازی {line.worker.id}",
                skills=need.skill,
                hazardous=need.hazardous,
                shift_worker=line.worker.shift_worker,
                contract_hours=line.contract_hours,
                hourly_wage=line.hourly_wage,
            )
            for worked in line.worked:
                Assignment.objects.create(
                    roster=roster,
                    worker=worker,
                    date=worked.date,
                    shift=shifts[int(worked.shift.id)],
                    post=post,
                    start=worked.shift.start,
                    minutes=worked.shift.minutes,
                )
    return roster


def lawful(scenario):
    workers = [line.worker for line in scenario.lines]
    definitions = list({w.shift.id: w.shift for line in scenario.lines for w in line.worked}.values())
    roster = [
        [next((w.shift.id for w in line.worked if w.date == FIRST + dt.timedelta(days=d)), None) for d in range(28)]
        for line in scenario.lines
    ]
    return check(definitions, workers, roster) == []


def test_what_three_shifts_need_and_give(two_shift_unit):
    """Assembly, 4 people on each turn Saturday-Thursday, wage 100,000; workers who rotate may work 176 h in four
    weeks (Art. 57), 22 eight-hour shifts.
    Now, 2 turns: 4 x 2 x 6 x 4 weeks = 192 shifts -> ceil(192 / 22) = 9 workers; all rotate morning + evening:
    Art. 56 10% x 1,536 h x 100,000 = 15,360,000.
    Three turns: 288 shifts -> ceil(288 / 22) = 14 workers, 4 to hire; all rotate through three turns:
    15% x 2,304 h x 100,000 = 34,560,000; the 4 Thursday nights run 00:00-06:00 into Friday: 4 people x 6 h x 4 =
    96 h x 40% x 100,000 = 3,840,000 (Art. 62). Total 38,400,000.
    Furnace (hazardous: 6-hour turns, 36 h a week, Art. 52), 1 person a turn, wage 120,000.
    Now: 2 workers (12 turns a week, 6 each), rotating week by week: 10% x 288 h x 120,000 = 3,456,000.
    Three turns: 108 h a week / 36 h = 3 by hours, but then all three work every Saturday-Thursday on different
    turns, and a night worker may take neither the morning nor the evening the next day (12 h rest): they would
    work 6 nights in a row, over the 4 allowed (workplace setting). So 4 workers, 2 to hire; all rotate through
    three turns: 15% x 432 h x 120,000 = 7,776,000; Thursday nights 22:00-04:00 put 4 h a week on Friday:
    16 h x 40% x 120,000 = 768,000. Total 8,544,000."""
    sim = capacity.simulate(two_shift_unit, today=TODAY)
    assert sim.first_date == FIRST and sim.horizon == 28
    assert (sim.current_shifts, sim.shifts_source) == (2, "گزارش ماهانهٔ اسفند ۱۴۰۳")
    by_skill = {s.skill: s for s in sim.skills}
    line, furnace = by_skill["مونتاژ"], by_skill["ذوب"]
    assert (line.registered, line.needed_now, line.needed_three, line.to_hire) == (10, 9, 14, 4)
    assert (furnace.registered, furnace.needed_now, furnace.needed_three, furnace.to_hire) == (2, 2, 4, 2)
    assert (sim.workers_now, sim.workers_three, sim.to_hire, sim.missing_three) == (11, 18, 6, 0)
    assert sim.employees_by_shift_now == [5, 5, 0] and sim.employees_by_shift_three == [5, 5, 5]
    for need in sim.skills:
        assert lawful(need.now) and lawful(need.three)
    assert (line.premium_now, line.premium_three) == (15_360_000, 38_400_000)
    assert (furnace.premium_now, furnace.premium_three) == (3_456_000, 8_544_000)
    assert (line.now.basis, line.three.basis) == ("نوبت‌کاری ۱۰٪", "نوبت‌کاری ۱۵٪، جمعه ۴۰٪")
    assert (sim.premium_now, sim.premium_three) == (18_816_000, 46_944_000)
    # output: 100 sets a year = 8.33 a month; 50% used on 2 shifts -> 75% on 3
    (product,) = sim.products
    assert (product.monthly_capacity, product.utilisation, product.utilisation_is_estimate) == (
        Decimal("8.33"),
        Decimal("50.0"),
        False,
    )
    assert (product.output_now, product.utilisation_three, product.output_three) == (
        Decimal("4.17"),
        Decimal("75.0"),
        Decimal("6.25"),
    )
    assert product.gain == Decimal("2.08")


def test_a_night_only_post_needs_two_guards_at_the_night_rate(guarded_unit):
    """A post needing 0 / 0 / 1 (one guard every night) keeps its own turns: 7 x 8 = 56 h a week. A guard who
    keeps to the night turn does not rotate, so is no shift worker (Art. 55): 44 h a week (Art. 51), five nights;
    ceil(7 / 5) = ceil(56 / 44) = 2 guards, 1 to hire (not 4 guards for three turns).
    Premiums (Art. 58, not Art. 56): 28 nights x 8 night hours x 100,000 x 35% = 7,840,000; every Thursday
    night puts 6 h and every Friday night 2 h on Friday: 32 h x 40% x 100,000 = 1,280,000 (Art. 62); the
    official holiday of 12 Farvardin (Tuesday 2025-04-01, day 10) gets 6 h of Monday's night and 2 h of its own:
    8 h x 40% x 100,000 = 320,000 (Art. 63). Total 9,440,000."""
    Holiday.objects.create(date=dt.date(2025, 4, 1), title="روز جمهوری اسلامی")
    sim = capacity.simulate(guarded_unit, today=TODAY)
    (guard,) = sim.skills
    assert (guard.registered, guard.needed_three, guard.to_hire, guard.three.missing) == (1, 2, 1, 0)
    assert guard.needed_now == 2 and sim.employees_by_shift_three == [0, 0, 1]
    assert lawful(guard.three)
    assert all(not line.worker.shift_worker for line in guard.three.lines)
    assert guard.three.basis == "شب‌کاری ۳۵٪، جمعه ۴۰٪، تعطیل رسمی ۴۰٪"
    assert guard.premium_three == 7_840_000 + 1_280_000 + 320_000 == 9_440_000


@pytest.mark.parametrize("fixture", ["two_shift_unit", "guarded_unit"])
def test_the_simulated_premiums_are_the_payroll_sheet_of_the_simulated_roster(fixture, request):
    """One rule in one place: the roster the simulator produces, stored as a roster, gives on the payroll sheet
    (premium_rows, as on the premiums page and in the Excel file) exactly the simulator's figures, worker by
    worker and in total, for today's turns and for three."""
    unit = request.getfixturevalue(fixture)
    Holiday.objects.create(date=dt.date(2025, 4, 1), title="روز جمهوری اسلامی")
    sim = capacity.simulate(unit, today=TODAY)
    for scenario, expected in (("now", sim.premium_now), ("three", sim.premium_three)):
        rows = payroll.premium_rows(store(unit, sim, scenario))
        assert sum((r.total for r in rows), Decimal(0)) == expected > 0
        simulated = {f"شبیه‌سازی {m.worker}": m.total for need in sim.skills for m in getattr(need, scenario).months}
        assert {r.worker.name: r.total for r in rows} == simulated


def test_the_simulator_page(two_shift_unit, client, world, monkeypatch):
    """The page shows the figures of test_what_three_shifts_need_and_give, every number in Persian digits."""
    monkeypatch.setattr(services.timezone, "localdate", lambda: TODAY)  # Labour Day would change the figures
    client.force_login(world.member_a)
    response = client.get(reverse("shifts:simulator", args=[two_shift_unit.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "۲ نوبت" in html and "۱۸" in html and "۶٫۲۵" in html
    assert "۴۶٬۹۴۴٬۰۰۰" in html and "۱۸٬۸۱۶٬۰۰۰" in html and "۱۴۰۴/۰۱/۰۲ تا ۱۴۰۴/۰۱/۲۹" in html
    assert "نوبت‌کاری ۱۵٪، جمعه ۴۰٪" in html
    shown = re.sub(r"<[^>]+>", " ", html[html.index('data-testid="simulator-summary"') : html.index("</main>")])
    assert not re.search(r"[0-9]", shown), "every number on the page in Persian digits"
    client.force_login(world.member_b)
    assert client.get(reverse("shifts:simulator", args=[two_shift_unit.pk])).status_code == 404
