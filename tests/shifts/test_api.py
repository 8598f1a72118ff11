"""The rosters API beyond the role cases (tests/shifts/test_roster_scope.py): input the planner cannot use is refused
with a Persian message before anything is stored."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from rownaq.core.models import ChangeRecord
from rownaq.shifts.models import Roster

pytest.register_assert_rewrite("tests.scope_cases")  # before importing it, so that its asserts explain failures
from tests.scope_cases import is_persian  # noqa: E402


@pytest.fixture
def member(world):
    client = APIClient()
    client.force_authenticate(world.member_a)
    return client


@pytest.mark.parametrize("first_date", ["0001-01-01", "9999-12-27"])
def test_a_roster_date_the_jalali_calendar_cannot_show_is_refused(world, member, first_date):
    """Found by the API fuzzer: the roster was saved, then naming it in its change record (in Jalali) failed with a
    500, leaving a roster with no record of who made it."""
    records = ChangeRecord.objects.count()
    response = member.post(
        "/api/rosters/", {"unit": world.unit_a.pk, "first_date": first_date, "weeks": 4}, format="json"
    )
    assert response.status_code == 400, response.content
    assert is_persian(response.json()["first_date"][0])
    assert not Roster.objects.exists() and ChangeRecord.objects.count() == records


def test_a_roster_of_a_date_people_mean_is_made(world, member):
    response = member.post(
        "/api/rosters/", {"unit": world.unit_a.pk, "first_date": "2025-03-22", "weeks": 4}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Roster.objects.get().first_date.isoformat() == "2025-03-22"


def test_a_solver_seed_beyond_its_range_is_refused(world, member):
    """Found by the API fuzzer: a seed past 32 bits reached OR-Tools, which failed with a 500."""
    roster = Roster.objects.create(unit=world.unit_a, first_date=dt.date(2025, 3, 22), weeks=4)
    response = member.post(f"/api/rosters/{roster.pk}/generate/", {"seed": 136075101499}, format="json")
    assert response.status_code == 400, response.content
    assert "seed" in response.json()
