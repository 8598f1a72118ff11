"""Statistics checked against figures computed by hand from a small, fixed set of cases and resolutions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from rownaq.cases import services
from rownaq.cases.models import Case, Meeting, Referral, Resolution

from .conftest import open_case, referred

TODAY = dt.date(2025, 6, 18)


def at(days_before: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(TODAY - dt.timedelta(days=days_before), dt.time(10, 0)))


def stamp(case, created: int, resolved: int | None = None, due: int | None = None):
    """Move a case's timestamps to `created`/`resolved` days before TODAY (and its due date to TODAY - due)."""
    values = {"created_at": at(created)}
    if resolved is not None:
        values["resolved_at"] = at(resolved)
    if due is not None:
        values["due_date"] = TODAY - dt.timedelta(days=due)
        Referral.objects.filter(case=case).update(due_date=values["due_date"])
    Case.objects.filter(pk=case.pk).update(**values)


@pytest.fixture
def figures_world(bodies, clock):
    w = bodies
    clock.set(TODAY)
    # 1. export, solved by the Chamber in 4 days, closed with satisfaction 5
    one = referred(w, title="یک")
    one = services.close_referral(one.referrals.get(), w.partner, outcome="حل شد", resolved=True)
    services.confirm(one, w.member_a, satisfaction=5)
    stamp(one, created=10, resolved=6)
    # 2. export, Chamber solved and customs could not: solved (10 days), not yet confirmed
    two = referred(w, title="دو")
    two = services.refer(two, w.staff_province, [w.customs], expected_version=two.version)
    services.close_referral(two.referrals.get(body=w.chamber), w.partner, outcome="حل شد", resolved=True)
    services.close_referral(two.referrals.get(body=w.customs), w.partner_customs, outcome="ممکن نیست", resolved=False)
    stamp(two, created=20, resolved=10)
    # 3. raw material, rejected by customs in 1 day, closed by the unit with satisfaction 2
    three = referred(w, body=w.customs, unit=w.unit_b, user=w.member_b, category="raw_material", title="سه")
    three = services.close_referral(three.referrals.get(), w.partner_customs, outcome="خارج از حوزه", resolved=False)
    services.confirm(three, w.member_b, satisfaction=2)
    stamp(three, created=30, resolved=29)
    # 4. tax, referred to customs, open and two days past its due date
    four = referred(w, body=w.customs, unit=w.unit_b, user=w.member_b, category="tax", title="چهار")
    stamp(four, created=12, due=2)
    # 5. market, just submitted, due in five days
    five = open_case(w, category="market", title="پنج")
    stamp(five, created=1, due=-5)
    # 7. other, rejected by staff after two days
    seven = open_case(w, category="other", title="هفت")
    services.reject(seven, w.staff_province, reason="تکراری", expected_version=seven.version)
    stamp(seven, created=3, resolved=1)
    # 6. Tehran: open and overdue, outside East Azerbaijan
    six = open_case(w, unit=w.unit_c, user=w.admin, category="energy", title="شش")
    stamp(six, created=15, due=3)
    # Resolutions: two implemented, one not, one pending
    meeting = services.save_meeting(
        Meeting(title="شورا", date=TODAY, province=w.eaz),
        w.staff_province,
        agenda=[four],
        attendees=[w.chamber, w.customs],
    )
    statuses = ["implemented", "implemented", "not_implemented", "pending"]
    for n, status in enumerate(statuses):
        resolution = services.add_resolution(
            meeting, w.staff_province, text=f"مصوبه {n}", body=w.customs, deadline=TODAY
        )
        if status != "pending":
            services.set_resolution_status(resolution, w.partner_customs, status, "")
    return w


EXPECTED_EAST_AZERBAIJAN = {
    "total": 6,
    "open": 2,  # four, five
    "overdue": 1,  # four
    "overdue_share": 50.0,  # 1 of 2 open
    "median_days_to_resolve": 7.0,  # solved cases: 4 and 10 days
    "resolved": 2,
    "decided": 4,  # one, two (solved); three, seven (rejected)
    "resolution_rate": 50.0,
    "satisfaction": 3.5,  # 5 and 2
    "by_category": [
        {"key": "market", "name": "بازار و فروش", "open": 1, "total": 1},
        {"key": "tax", "name": "مالیات", "open": 1, "total": 1},
        {"key": "export", "name": "صادرات", "open": 0, "total": 2},
        {"key": "other", "name": "سایر", "open": 0, "total": 1},
        {"key": "raw_material", "name": "تأمین مواد اولیه", "open": 0, "total": 1},
    ],
    "resolutions": 4,
    "resolutions_implemented": 2,
    "resolutions_decided": 3,
    "resolutions_implemented_share": 66.7,  # 2 of 3 decided
}


def test_figures_match_the_hand_computed_values(figures_world):
    w = figures_world
    figures = services.statistics_for(
        Case.objects.filter(organisation__county__province=w.eaz), Resolution.objects.all(), today=TODAY
    )
    for key, value in EXPECTED_EAST_AZERBAIJAN.items():
        assert figures[key] == value, key
    assert [(r["name"], r["open"], r["overdue"], r["total"]) for r in figures["by_body"]] == [
        (w.customs.name, 1, 1, 3),
        (w.chamber.name, 0, 0, 2),
    ]
    assert [(r["name"], r["open"], r["total"]) for r in figures["by_estate"]] == [
        (w.salimi.name, 1, 4),
        (w.marand_estate.name, 1, 2),
    ]


def test_the_page_and_the_api_show_the_same_figures_within_the_viewers_scope(figures_world, client):
    w = figures_world
    client.force_login(w.staff_province)
    page = client.get(reverse("cases:statistics"))
    for key, value in EXPECTED_EAST_AZERBAIJAN.items():
        assert page.context["figures"][key] == value, key
    html = page.content.decode()
    assert 'data-testid="kpi-overdue-share">۵۰٫۰٪' in html
    assert 'data-testid="kpi-resolutions-implemented">۶۶٫۷٪' in html
    api = APIClient()
    api.force_authenticate(w.staff_province)
    body = api.get("/api/cases/statistics/").json()
    for key, value in EXPECTED_EAST_AZERBAIJAN.items():
        assert body[key] == value, key

    api.force_authenticate(w.admin)  # Tehran's case six too: open and overdue
    body = api.get("/api/cases/statistics/").json()
    assert (body["total"], body["open"], body["overdue"], body["overdue_share"]) == (7, 3, 2, 66.7)
    api.force_authenticate(w.staff_other_province)
    body = api.get("/api/cases/statistics/").json()
    assert (body["total"], body["open"], body["overdue"], body["resolutions"]) == (1, 1, 1, 0)


def test_counts_are_not_doubled_by_the_scope_join(figures_world):
    # A member sees cases through its body's referrals: a case with two referrals must still count once.
    from rownaq.core import scoping

    w = figures_world
    figures = services.statistics_for(
        scoping.restrict(Case.objects.all(), w.partner_customs),
        scoping.restrict(Resolution.objects.all(), w.partner_customs),
        today=TODAY,
    )
    assert figures["total"] == 3  # two, three, four
    assert sum(row["total"] for row in figures["by_category"]) == 3


def test_empty_figures_say_so_rather_than_divide_by_zero(db):
    figures = services.statistics_for(Case.objects.none(), Resolution.objects.none(), today=TODAY)
    assert figures["total"] == 0
    assert figures["overdue_share"] is figures["median_days_to_resolve"] is figures["resolution_rate"] is None
    assert figures["resolutions_implemented_share"] is None and figures["by_body"] == []
