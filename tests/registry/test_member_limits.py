"""A unit member edits their own organisation's details, but not what only the organization decides."""
from rest_framework.test import APIClient


def test_member_cannot_change_kind_place_or_status_over_the_api(world):
    client = APIClient()
    client.force_authenticate(world.member_a)
    url = f"/api/organisations/{world.unit_a.pk}/"
    response = client.patch(url, {"status": "closed", "kind": "agency"}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"status", "kind"}
    assert client.patch(url, {"employees": 130}, format="json").status_code == 200
    world.unit_a.refresh_from_db()
    assert (world.unit_a.status, world.unit_a.kind, world.unit_a.employees) == ("active", "unit", 130)


def test_staff_can_change_status(world):
    client = APIClient()
    client.force_authenticate(world.staff_salimi)
    response = client.patch(f"/api/organisations/{world.unit_a.pk}/", {"status": "semi_active"}, format="json")
    assert response.status_code == 200
