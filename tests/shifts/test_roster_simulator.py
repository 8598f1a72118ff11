"""The capacity simulator for a unit on two shifts: what a third shift needs (workers by skill from the posts'
head-counts under the Law's weekly hours, premium cost from the Art. 56 rates) and gives (output from the unit's
product capacity and the utilisation of its accepted monthly reports), computed by hand."""
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from rownaq.core.jalali import JalaliMonth
from rownaq.registry.models import Product
from rownaq.reporting.models import MonthlyReport, ProductionLine
from rownaq.shifts import services
from rownaq.shifts.models import Post, PostDemand, Shift, Worker

SAT_TO_THU = range(6)


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
        Worker.objects.create(unit=unit, name=f"ذوب‌کار {n}", skills="ذوب", hazardous=True, hourly_wage=120_000,
                              contract_hours=36)
    report = MonthlyReport.objects.create(organisation=unit, year=1403, month=12, shifts_worked=2,
                                          status=MonthlyReport.Status.ACCEPTED)
    product = Product.objects.get(organisation=unit)  # 100 sets a year
    ProductionLine.objects.create(report=report, product=product, quantity=4, monthly_capacity=Decimal("8.33"),
                                  utilisation=Decimal("50.0"))
    return unit


def test_what_three_shifts_need_and_give(two_shift_unit):
    sim = services.simulate(two_shift_unit)
    assert (sim.current_shifts, sim.shifts_source) == (2, "گزارش ماهانهٔ اسفند ۱۴۰۳")
    by_skill = {s.skill: s for s in sim.skills}
    line, furnace = by_skill["مونتاژ"], by_skill["ذوب"]
    # assembly: 4 people x 2 shifts x 6 days x 8 h = 384 h a week / 44 h -> 9; with 3 shifts 576 h -> 14
    assert (line.registered, line.needed_now, line.needed_three, line.to_hire) == (10, 9, 14, 4)
    # furnace (hazardous, 6-hour turns, 36 h a week): 2 x 6 x 6 h = 72 h -> 2; with 3 shifts 108 h -> 3
    assert (furnace.registered, furnace.needed_now, furnace.needed_three, furnace.to_hire) == (2, 2, 3, 1)
    assert (sim.workers_now, sim.workers_three, sim.to_hire) == (11, 17, 5)
    assert sim.employees_by_shift_now == [5, 5, 0] and sim.employees_by_shift_three == [5, 5, 5]
    # premiums: a rotation month of the coming month; morning+evening 10%, three turns 15% (Art. 56)
    month = JalaliMonth.today().next()
    for shifts, rate in ((2, Decimal("0.10")), (3, Decimal("0.15"))):
        worked = services.rotation_month(shifts, 480, month, works_friday=False)
        hours = Decimal(sum(w.shift.minutes for w in worked)) / 60
        assert all(w.date.weekday() != 4 for w in worked), "the unit does not work on Fridays"
        assert not any(w.date.weekday() == 3 and w.shift.turn() == "night" for w in worked), "nor Thursday nights"
        assert services.monthly_premium_per_worker(shifts, 480, Decimal(100_000), False, month) == \
            (hours * 100_000 * rate).quantize(Decimal(1))
    assert line.premium_three == 14 * services.monthly_premium_per_worker(3, 480, Decimal(100_000), False, month)
    assert line.premium_now == 9 * services.monthly_premium_per_worker(2, 480, Decimal(100_000), False, month)
    assert sim.premium_three > sim.premium_now
    # output: 100 sets a year = 8.33 a month; 50% used on 2 shifts -> 75% on 3
    (product,) = sim.products
    assert (product.monthly_capacity, product.utilisation, product.utilisation_is_estimate) == (
        Decimal("8.33"), Decimal("50.0"), False)
    assert (product.output_now, product.utilisation_three, product.output_three) == (
        Decimal("4.17"), Decimal("75.0"), Decimal("6.25"))
    assert product.gain == Decimal("2.08")


def test_the_simulator_page(two_shift_unit, client, world):
    client.force_login(world.member_a)
    response = client.get(reverse("shifts:simulator", args=[two_shift_unit.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "۲ نوبت" in html and "۱۷" in html and "۶٫۲۵" in html
    client.force_login(world.member_b)
    assert client.get(reverse("shifts:simulator", args=[two_shift_unit.pk])).status_code == 404
