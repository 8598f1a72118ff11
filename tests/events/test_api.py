"""The events API beyond the role cases (tests/events/test_scope.py): what a write does besides the write."""

from rest_framework.test import APIClient

from rownaq.events import services


def test_removing_a_visit_over_the_api_forgets_the_stale_plan(world, stage, visits):
    """The shared destroy deleted the row itself, so the visits viewset's own step (forget the schedule) never ran:
    the stage kept a plan with a hole in it."""
    services.plan_itinerary(stage)
    stage.refresh_from_db()
    assert stage.planned_at is not None and stage.visits.filter(position__isnull=False).exists()
    client = APIClient()
    client.force_authenticate(world.staff_province)
    assert client.delete(f"/api/visits/{visits[0].pk}/").status_code == 204
    stage.refresh_from_db()
    assert stage.planned_at is None
    assert not stage.visits.filter(position__isnull=False).exists()


def planned(stage) -> bool:
    stage.refresh_from_db()
    return stage.planned_at is not None or stage.visits.filter(position__isnull=False).exists()


def test_every_change_to_a_stages_visits_forgets_its_schedule(world, stage, visits, client):
    """Pages and API change visits through the same service steps (save_visit, delete_visit, save_stage), so each
    of them leaves no stale times behind."""
    from django.urls import reverse

    api = APIClient()
    api.force_authenticate(world.staff_province)
    client.force_login(world.staff_province)
    visit = visits[0]
    changes = [
        lambda: api.patch(f"/api/visits/{visit.pk}/", {"duration_minutes": 50}, format="json"),
        lambda: api.patch(f"/api/stages/{stage.pk}/", {"speed_kmh": 40}, format="json"),
        lambda: client.post(
            reverse("events:visit-edit", args=[visit.pk]),
            {
                "visit-organisation": visit.organisation_id,
                "visit-duration_minutes": "۶۰",
                "visit-opens": "08:00",
                "visit-closes": "16:00",
                "visit-pinned_position": "",
            },
        ),
        lambda: client.post(reverse("events:visit-delete", args=[visits[1].pk])),
    ]
    for change in changes:
        services.plan_itinerary(stage)
        assert planned(stage)
        response = change()
        assert response.status_code in (200, 302), response.content[:500]
        assert not planned(stage)
