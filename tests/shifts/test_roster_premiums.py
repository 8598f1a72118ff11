"""Premiums per worker and Jalali month against amounts computed by hand (wage 100,000 rials an hour):
Art. 56 shift premium (10% morning+evening, 15% three turns, 22.5% with night), Art. 58 night premium for a
worker who is not a shift worker, Art. 59 overtime beyond the contract's normal hours, Art. 62 Friday work; a roster
across two Jalali months; the Excel sheet for payroll; the API."""

import datetime as dt
import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from rownaq.shifts import payroll
from rownaq.shifts.models import Assignment, Post, Roster, Shift, Worker

FIRST = dt.date(2025, 3, 22)  # Saturday 1404/01/02; Fridays fall on days 6, 13, 20, 27
FRIDAYS = {6, 13, 20, 27}
WAGE = Decimal(100_000)


@pytest.fixture
def unit(world):
    u = world.unit_a
    u.morning = Shift.objects.create(unit=u, code="ص", name="صبح", start=dt.time(6), end=dt.time(14))
    u.evening = Shift.objects.create(unit=u, code="ع", name="عصر", start=dt.time(14), end=dt.time(22))
    u.night = Shift.objects.create(unit=u, code="ش", name="شب", start=dt.time(22), end=dt.time(6))
    u.line = Post.objects.create(unit=u, name="خط")
    return u


def roster_with(unit, plan: dict, first=FIRST, weeks=4) -> Roster:
    """plan: worker -> {day: shift}."""
    roster = Roster.objects.create(unit=unit, first_date=first, weeks=weeks, status=Roster.Status.GENERATED)
    for worker, days in plan.items():
        for day, shift in days.items():
            Assignment.objects.create(
                roster=roster,
                worker=worker,
                date=first + dt.timedelta(days=day),
                shift=shift,
                post=unit.line,
                start=shift.start,
                minutes=shift.minutes,
            )
    return roster


def worker(unit, name, **terms):
    return Worker.objects.create(unit=unit, name=name, hourly_wage=WAGE, personnel_code=name[-2:], **terms)


def working_days(count, skip=(), start=0):
    days = [d for d in range(start, 28) if d not in FRIDAYS and d not in skip]
    return days[:count]


def row_of(rows, person):
    found = [r for r in rows if r.worker == person]
    assert len(found) == 1
    return found[0]


def test_morning_and_evening_rotation_earns_ten_percent(unit):
    ali = worker(unit, "علی ۰۱")
    days = working_days(20)
    roster = roster_with(unit, {ali: {d: (unit.morning if i < 10 else unit.evening) for i, d in enumerate(days)}})
    row = row_of(payroll.premium_rows(roster), ali)
    assert row.month.label == "فروردین ۱۴۰۴" and row.days == 28
    assert row.hours == 160 and row.normal_hours == 160, "under the 176 h of four weeks: no overtime"
    assert row.rate("shift") == Decimal("0.10")
    assert row.amount("shift") == 160 * WAGE * Decimal("0.10") == 1_600_000
    assert (row.amount("overtime"), row.amount("friday"), row.amount("night")) == (0, 0, 0)
    assert row.total == 1_600_000


def test_three_turns_earn_fifteen_percent_and_friday_work_forty(unit):
    sara = worker(unit, "سارا ۰۲")
    plan = {}
    # two Friday mornings; nights never on a Thursday (a Thursday night runs into Friday)
    plan.update({6: unit.morning, 13: unit.morning})
    mornings = list(working_days(4))
    evenings = working_days(6, skip=mornings)
    nights = [d for d in working_days(14, skip=mornings + evenings) if (d + 1) % 7 != 6][:6]
    for d in mornings:
        plan[d] = unit.morning
    for d in evenings:
        plan[d] = unit.evening
    for d in nights:
        plan[d] = unit.night
    assert len(plan) == 18
    row = row_of(payroll.premium_rows(roster_with(unit, {sara: plan})), sara)
    assert row.hours == 144
    assert row.rate("shift") == Decimal("0.15")
    assert row.amount("shift") == 144 * WAGE * Decimal("0.15") == 2_160_000
    assert row.line_hours("friday") == 16
    assert row.amount("friday") == 16 * WAGE * Decimal("0.40") == 640_000
    assert row.total == 2_800_000


def test_evening_and_night_earn_twenty_two_and_a_half_percent(unit):
    reza = worker(unit, "رضا ۰۳")
    evenings = working_days(5)
    nights = [d for d in working_days(12, skip=evenings) if (d + 1) % 7 != 6][:5]
    plan = {**dict.fromkeys(evenings, unit.evening), **dict.fromkeys(nights, unit.night)}
    row = row_of(payroll.premium_rows(roster_with(unit, {reza: plan})), reza)
    assert row.rate("shift") == Decimal("0.225")
    assert row.amount("shift") == 80 * WAGE * Decimal("0.225") == 1_800_000


def test_a_worker_who_is_not_a_shift_worker_earns_the_night_premium(unit):
    maryam = worker(unit, "مریم ۰۴", shift_worker=False)
    nights = [d for d in working_days(10) if (d + 1) % 7 != 6][:5]
    row = row_of(payroll.premium_rows(roster_with(unit, {maryam: dict.fromkeys(nights, unit.night)})), maryam)
    assert row.night_hours == 40 and "shift" not in row.lines
    assert row.amount("night") == 40 * WAGE * Decimal("0.35") == 1_400_000
    assert row.total == 1_400_000


def test_hours_beyond_the_contract_are_overtime_at_forty_percent(unit):
    hasan = worker(unit, "حسن ۰۵", contract_hours=Decimal(20), overtime_consent=True)
    days = working_days(12)
    row = row_of(payroll.premium_rows(roster_with(unit, {hasan: dict.fromkeys(days, unit.morning)})), hasan)
    assert row.normal_hours == 80 and row.hours == 96
    assert row.line_hours("overtime") == 16
    assert row.amount("overtime") == 16 * WAGE * Decimal("0.40") == 640_000
    assert row.total == 640_000, "mornings only: no shift premium"


def test_a_roster_across_two_jalali_months_gives_a_row_for_each(unit):
    first = dt.date(2025, 4, 9)  # 1404/01/20: 12 days in Farvardin, 16 in Ordibehesht
    nima = worker(unit, "نیما ۰۶")
    plan = {0: unit.morning, 1: unit.evening, 12: unit.morning, 13: unit.evening, 15: unit.morning}
    rows = [r for r in payroll.premium_rows(roster_with(unit, {nima: plan}, first=first)) if r.worker == nima]
    assert [(r.month.label, r.days, r.hours) for r in rows] == [("فروردین ۱۴۰۴", 12, 16), ("اردیبهشت ۱۴۰۴", 16, 24)]
    assert [r.amount("shift") for r in rows] == [160_000, 240_000]
    assert [r.normal_hours for r in rows] == [16, 24], "40 h in four weeks: no overtime in either month"


def test_the_payroll_sheet_and_the_api(unit, client, world):
    ali = worker(unit, "علی ۰۱")
    days = working_days(20)
    roster = roster_with(unit, {ali: {d: (unit.morning if i < 10 else unit.evening) for i, d in enumerate(days)}})
    client.force_login(world.member_a)
    response = client.get(reverse("shifts:roster-premiums", args=[roster.pk]) + "?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in r])) for r in sheet.iter_rows(min_row=2)]
    mine = [r for r in rows if r["نام کارگر"] == "علی ۰۱"]
    assert len(mine) == 1
    assert mine[0]["ماه"] == "فروردین ۱۴۰۴"
    assert mine[0]["ساعات کار"] == 160
    assert mine[0]["فوق‌العادهٔ نوبت‌کاری (ریال)"] == 1_600_000
    assert mine[0]["جمع فوق‌العاده‌ها (ریال)"] == 1_600_000
    assert mine[0]["مزد ساعتی (ریال)"] == 100_000
    api = APIClient()
    api.force_authenticate(world.member_a)
    body = api.get(f"/api/rosters/{roster.pk}/premiums/").json()
    assert [(r["worker_name"], r["month"], r["total"]) for r in body] == [("علی ۰۱", "1404-01", "1600000")]
    outsider = APIClient()
    outsider.force_authenticate(world.member_b)
    assert outsider.get(f"/api/rosters/{roster.pk}/premiums/").status_code == 404


def test_a_roster_across_azar_and_dey_on_the_payroll_sheet_and_page(unit, client, world):
    """The replayed month (shared/reference/labour-law-shifts.md, Art. 55-59, 63), through the database, the
    Excel sheet and the page. A 4-week roster from Friday 1404/09/21 (10 days in Azar, 18 in Dey): 8 evenings
    (64 h) in Azar, 6 nights and 7 mornings (104 h) in Dey, 168 h in all.
    Art. 57 / 59: 168 h <= 176 h in the 4 weeks: no overtime in either month (the month slice gave 1.15 h).
    Art. 55 / 56: the rotation runs through three turns: 15% in both months, also in Azar's evenings only:
    Azar 64 x 100,000 x 15% = 960,000; Dey 104 x 100,000 x 15% = 1,560,000.
    Art. 63: the morning of Saturday 1404/10/13 (2026-01-03, day 22), entered as an official holiday: 8 h x 40% =
    320,000, and those 8 h are not normal hours: Dey's normal hours are 104 - 8 = 96. Dey total 1,880,000."""
    from rownaq.core.models import Holiday

    first = dt.date(2025, 12, 12)
    turns = {"E": unit.evening, "N": unit.night, "M": unit.morning}
    pattern = [
        None,
        "E",
        "E",
        "E",
        "E",
        "E",
        "E",
        None,
        "E",
        "E",
        None,
        "N",
        "N",
        None,
        None,
        "N",
        "N",
        "N",
        "N",
        None,
        "M",
        None,
        "M",
        "M",
        "M",
        "M",
        "M",
        "M",
    ]
    zahra = worker(unit, "زهرا ۰۷")
    roster = roster_with(unit, {zahra: {d: turns[s] for d, s in enumerate(pattern) if s}}, first=first)
    Holiday.objects.create(date=first + dt.timedelta(days=22), title="تعطیل نمونه")
    rows = [r for r in payroll.premium_rows(roster) if r.worker == zahra]
    assert [(r.month.label, r.days, r.hours, r.normal_hours) for r in rows] == [
        ("آذر ۱۴۰۴", 10, 64, 64),
        ("دی ۱۴۰۴", 18, 104, 96),
    ]
    assert [{k: line.amount for k, line in r.lines.items()} for r in rows] == [
        {"shift": 960_000},
        {"shift": 1_560_000, "holiday": 320_000},
    ]
    client.force_login(world.member_a)
    url = reverse("shifts:roster-premiums", args=[roster.pk])
    sheet = load_workbook(BytesIO(client.get(url + "?format=xlsx").content)).active
    header = [c.value for c in sheet[1]]
    dey = dict(zip(header, [c.value for c in sheet[3]]))
    assert dey["ماه"] == "دی ۱۴۰۴" and dey["کار در تعطیل رسمی ۴۰٪ (ریال، ماده ۶۳)"] == 320_000
    assert dey["جمع فوق‌العاده‌ها (ریال)"] == 1_880_000
    html = client.get(url).content.decode()
    table = html[html.index('data-testid="premium-table"') : html.index("</table>")]
    for shown in ("۹۶۰٬۰۰۰", "۱٬۵۶۰٬۰۰۰", "۳۲۰٬۰۰۰", "۱٬۸۸۰٬۰۰۰", "۲٬۸۴۰٬۰۰۰", "(۱۵٪)"):
        assert shown in table
    assert not re.search(r"[0-9]", re.sub(r"<[^>]+>", " ", table)), "Persian digits only"
