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
