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


def test_editing_rights_elsewhere_do_not_make_a_member_staff_of_their_unit(world, client):
    """Issue 15 finding 3: staff of Tehran who belong to unit A (Tabriz) changed A's registry status, through the
    API and the form; kind, place and status need editing rights over the unit's own place, never one's own unit."""
    from rownaq.registry.models import Membership

    Membership.objects.create(user=world.staff_other_province, organisation=world.unit_a)
    api = APIClient()
    api.force_authenticate(world.staff_other_province)
    url = f"/api/organisations/{world.unit_a.pk}/"
    response = api.patch(url, {"status": "closed"}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"status"}
    client.force_login(world.staff_other_province)
    form = {
        "kind": "unit",
        "name": world.unit_a.name,
        "county": world.tabriz.pk,
        "estate": world.salimi.pk,
        "isic": world.isic.pk,
        "status": "closed",
        "usual_shifts": 3,
        "employees": 120,
    }
    client.post(f"/registry/organisations/{world.unit_a.pk}/edit/", form)
    world.unit_a.refresh_from_db()
    assert world.unit_a.status == "active"
    Membership.objects.create(user=world.staff_salimi, organisation=world.unit_a)  # in scope, but their own unit
    api.force_authenticate(world.staff_salimi)
    assert api.patch(url, {"status": "closed"}, format="json").status_code == 400
