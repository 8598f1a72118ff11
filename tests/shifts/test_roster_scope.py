"""Role boundaries of the shift planner, pages and API alike: a unit's members and the staff of its places see its
rosters (staff who may not edit only read them); unit A's members never see unit B's units, workers or rosters;
partners, press and people without a role see nothing (generic cases in tests/scope_cases)."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rownaq.shifts.models import Assignment, Post, Roster, Shift, Worker

pytest.register_assert_rewrite("tests.scope_cases")
from tests.scope_cases import ROLES, ApiScopeCases, WebScopeCases  # noqa: E402

ALL = {"roster_a", "roster_b", "roster_c"}
SEES = {
    "admin": ALL,
    "staff_province": {"roster_a", "roster_b"},
    "staff_salimi": {"roster_a"},
    "staff_marand_readonly": {"roster_b"},
    "staff_other_province": {"roster_c"},
    "member_a": {"roster_a"},
    "member_b": {"roster_b"},
    "partner": set(),
    "press": set(),
    "nobody": set(),
}
PLANS = {**SEES, "staff_marand_readonly": set()}
UNIT_OF = {"roster_a": "unit_a", "roster_b": "unit_b", "roster_c": "unit_c"}


class RosterMatrix:
    model = Roster
    object_names = ("roster_a", "roster_b", "roster_c")
    visible = SEES
    changeable = PLANS
    add_targets = {
        "admin": "unit_a",
        "staff_province": "unit_b",
        "staff_salimi": "unit_a",
        "staff_other_province": "unit_c",
        "member_a": "unit_a",
        "member_b": "unit_b",
    }
    foreign_targets = {
        "staff_province": "unit_c",
        "staff_salimi": "unit_b",
        "member_a": "unit_b",
        "staff_other_province": "unit_a",
    }
    identity_field = "title"
    edit_field = "title"

    def make_objects(self, world):
        return {
            name: Roster.objects.create(
                unit=getattr(world, unit), first_date=dt.date(2025, 3, 22), weeks=4, title=f"برنامهٔ {unit}"
            )
            for name, unit in UNIT_OF.items()
        }


class TestRosterPages(RosterMatrix, WebScopeCases):
    url_names = {
        "list": "shifts:roster-list",
        "detail": "shifts:roster-detail",
        "history": "shifts:roster-history",
        "edit": "shifts:roster-edit",
        "create": "shifts:roster-create",
        "delete": "shifts:roster-delete",
    }

    def login(self, client, world, role):
        user = getattr(world, role)
        client.force_login(user)
        return user

    def create_payload(self, world, target, role):
        return {
            "unit": getattr(world, target).pk,
            "title": self.created_name(role),
            "first_date": "1404/01/02",
            "weeks": 4,
        }

    def edit_payload(self, world, obj, role):
        return {}


class TestRosterApi(RosterMatrix, ApiScopeCases):
    api_prefix = "rosters"
    foreign_error_field = "unit"

    def create_payload(self, world, target, role):
        return {
            "unit": getattr(world, target).pk,
            "title": self.created_name(role),
            "first_date": "2025-03-22",
            "weeks": 4,
        }

    def move_payload(self, world, target):
        return {"unit": getattr(world, target).pk}


# ---------------------------------------------------------------- the unit's own records and the planner's steps


@pytest.fixture
def unit_records(world):
    records = {}
    for name in ("unit_a", "unit_b"):
        unit = getattr(world, name)
        shift = Shift.objects.create(unit=unit, code="ص", name="صبح", start=dt.time(6), end=dt.time(14))
        post = Post.objects.create(unit=unit, name="خط")
        worker = Worker.objects.create(unit=unit, name=f"کارگر {name}")
        roster = Roster.objects.create(
            unit=unit, first_date=dt.date(2025, 3, 22), weeks=4, status=Roster.Status.GENERATED
        )
        cell = Assignment.objects.create(
            roster=roster, worker=worker, date=roster.first_date, shift=shift, post=post, start=shift.start, minutes=480
        )
        records[name] = {"unit": unit, "shift": shift, "post": post, "worker": worker, "roster": roster, "cell": cell}
    return records


SEES_UNIT = {
    "admin": {"unit_a", "unit_b"},
    "staff_province": {"unit_a", "unit_b"},
    "staff_salimi": {"unit_a"},
    "staff_marand_readonly": {"unit_b"},
    "staff_other_province": set(),
    "member_a": {"unit_a"},
    "member_b": {"unit_b"},
    "partner": set(),
    "press": set(),
    "nobody": set(),
}
PLANS_UNIT = {**SEES_UNIT, "staff_marand_readonly": set()}


def expected(role, unit, plan=False) -> int:
    if unit not in SEES_UNIT[role]:
        return 404
    if plan and unit not in PLANS_UNIT[role]:
        return 403
    return 200


@pytest.mark.parametrize("role", ROLES)
def test_unit_pages_and_planning_forms_by_role(role, world, unit_records, client):
    client.force_login(getattr(world, role))
    actual, wanted = {}, {}
    for name, r in unit_records.items():
        pages = {
            "unit": (reverse("shifts:unit", args=[r["unit"].pk]), False),
            "simulator": (reverse("shifts:simulator", args=[r["unit"].pk]), False),
            "worker-of-roster": (reverse("shifts:roster-worker", args=[r["roster"].pk, r["worker"].pk]), False),
            "post-of-roster": (reverse("shifts:roster-post", args=[r["roster"].pk, r["post"].pk]), False),
            "premiums": (reverse("shifts:roster-premiums", args=[r["roster"].pk]), False),
            "shift-create": (reverse("shifts:shift-create", args=[r["unit"].pk]), True),
            "post-create": (reverse("shifts:post-create", args=[r["unit"].pk]), True),
            "worker-create": (reverse("shifts:worker-create", args=[r["unit"].pk]), True),
            "worker-bulk": (reverse("shifts:worker-bulk", args=[r["unit"].pk]), True),
            "shift-edit": (reverse("shifts:shift-edit", args=[r["shift"].pk]), True),
            "post-edit": (reverse("shifts:post-edit", args=[r["post"].pk]), True),
            "worker-edit": (reverse("shifts:worker-edit", args=[r["worker"].pk]), True),
        }
        for page, (url, plan) in pages.items():
            actual[(name, page)] = client.get(url).status_code
            wanted[(name, page)] = expected(role, name, plan)
    assert actual == wanted


@pytest.mark.parametrize("role", ROLES)
def test_planning_steps_are_refused_outside_the_role(role, world, unit_records, client):
    """Posts that change a unit's plan: 404 out of sight, 403 for read-only staff; nothing changes."""
    client.force_login(getattr(world, role))
    for name, r in unit_records.items():
        if name in PLANS_UNIT[role]:
            continue
        status = expected(role, name, plan=True)
        roster = r["roster"]
        calls = [
            client.post(reverse("shifts:roster-generate", args=[roster.pk]), {"time_limit": 1}),
            client.post(
                reverse("shifts:roster-pin", args=[roster.pk]),
                {"worker": r["worker"].pk, "date": "2025-03-22", "cell": "off"},
            ),
            client.post(reverse("shifts:roster-approve", args=[roster.pk])),
            client.post(
                reverse("shifts:shift-edit", args=[r["shift"].pk]),
                {"code": "x", "name": "x", "start": "06:00", "end": "14:00"},
            ),
            client.post(reverse("shifts:worker-delete", args=[r["worker"].pk])),
        ]
        assert [c.status_code for c in calls] == [status] * len(calls), name
        roster.refresh_from_db()
        assert roster.status == Roster.Status.GENERATED
        assert Shift.objects.get(pk=r["shift"].pk).code == "ص"
        assert Worker.objects.filter(pk=r["worker"].pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_api_cells_and_steps_by_role(role, world, unit_records):
    api = APIClient()
    api.force_authenticate(getattr(world, role))
    listed = {row["id"] for row in api.get("/api/roster-assignments/").json()["results"]}
    assert listed == {unit_records[name]["cell"].pk for name in SEES_UNIT[role]}
    for name, r in unit_records.items():
        roster = r["roster"]
        response = api.post(f"/api/rosters/{roster.pk}/approve/")
        if name in PLANS_UNIT[role]:
            assert response.status_code == 200, response.content
        else:
            assert response.status_code == (403 if name in SEES_UNIT[role] else 404)
            roster.refresh_from_db()
            assert roster.status == Roster.Status.GENERATED


def test_the_navigation_shows_the_planner_to_staff_and_unit_members_only(world, client):
    for role, shown in (
        ("member_a", True),
        ("staff_salimi", True),
        ("partner", False),
        ("press", False),
        ("nobody", False),
    ):
        client.force_login(getattr(world, role))
        items = {item["title"] for item in client.get("/").context["nav_items"]}
        assert ("برنامهٔ نوبت‌کاری" in items) is shown, role
