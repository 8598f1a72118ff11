"""Role boundaries: staff of the tour's province organise; the press see their invitations and add coverage; units
see their visits and matchmaking; invited companies their invitations and matchmaking; others nothing.
Outside one's sight is 404, visible but not allowed is 403."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from rownaq.events import services
from rownaq.events.models import ExportMeeting, Invitation, Lead, Tour, TourStage, Visit
from tests.scope_cases import ROLES, ApiScopeCases, WebScopeCases

from .conftest import clock


def make_tours(world) -> dict:
    return {
        "tour_eaz": Tour.objects.create(title="تور آذربایجان شرقی", province=world.eaz),
        "tour_thr": Tour.objects.create(title="تور تهران", province=world.thr),
    }


TOUR_VISIBLE = {role: set() for role in ROLES} | {
    "admin": {"tour_eaz", "tour_thr"},
    "staff_province": {"tour_eaz"},
    "staff_other_province": {"tour_thr"},
}


class TestTourPages(WebScopeCases):
    model = Tour
    edit_field = identity_field = "title"
    visible = TOUR_VISIBLE
    changeable = TOUR_VISIBLE
    add_targets = {"admin": "eaz", "staff_province": "eaz", "staff_other_province": "thr"}
    foreign_targets = {"staff_province": "thr", "staff_other_province": "eaz"}
    url_names = {
        "list": "events:tour-list",
        "detail": "events:tour-detail",
        "edit": "events:tour-edit",
        "create": "events:tour-create",
        "history": "events:tour-history",
    }

    def make_objects(self, world):
        return make_tours(world)

    def create_payload(self, world, target, role):
        return {"title": self.created_name(role), "province": getattr(world, target).pk, "description": ""}

    def edit_payload(self, world, obj, role):
        return {"title": obj.title, "province": obj.province_id, "description": "ویرایش"}


class TestTourApi(ApiScopeCases):
    model = Tour
    api_prefix = "tours"
    edit_field = identity_field = "title"
    foreign_error_field = "province"
    visible = TOUR_VISIBLE
    changeable = TOUR_VISIBLE
    add_targets = {"admin": "eaz", "staff_province": "eaz", "staff_other_province": "thr"}
    foreign_targets = {"staff_province": "thr", "staff_other_province": "eaz"}

    def make_objects(self, world):
        return make_tours(world)

    def create_payload(self, world, target, role):
        return {"title": self.created_name(role), "province": getattr(world, target).pk}

    def move_payload(self, world, target):
        return {"province": getattr(world, target).pk}


# ---------------------------------------------------------------- a stage and its pages, role by role


@pytest.fixture
def stages(world):
    """Stage eaz visits unit A and invites IRNA (the press); stage thr is in Tehran."""
    tours = make_tours(world)
    day = timezone.localdate() + dt.timedelta(days=5)
    common = {
        "date": day,
        "meeting_point": "درِ شهرک",
        "meeting_latitude": Decimal("38.05"),
        "meeting_longitude": Decimal("46.2"),
        "start_time": clock("08:00"),
        "end_time": clock("16:00"),
    }
    eaz = TourStage.objects.create(tour=tours["tour_eaz"], number=1, estate=world.salimi, **common)
    thr = TourStage.objects.create(tour=tours["tour_thr"], number=1, estate=world.tehran_estate, **common)
    Visit.objects.create(stage=eaz, organisation=world.unit_a)
    Invitation.objects.create(stage=eaz, role=Invitation.Role.JOURNALIST, name="خبرنگار", organisation=world.irna)
    services.make_slots(eaz, clock("12:00"), clock("12:40"))
    return {"eaz": eaz, "thr": thr}


STAGE_VISIBLE = {role: set() for role in ROLES} | {
    "admin": {"eaz", "thr"},
    "staff_province": {"eaz"},
    "staff_other_province": {"thr"},
    "member_a": {"eaz"},  # unit A is visited
    "press": {"eaz"},  # IRNA is invited
}
ORGANISES = {role: set() for role in ROLES} | {
    "admin": {"eaz", "thr"},
    "staff_province": {"eaz"},
    "staff_other_province": {"thr"},
}
# Matchmaking is for the parties (visited units, invited companies) and the organisers, not the press.
MATCHMAKING = {role: set(ORGANISES[role]) for role in ROLES} | {"member_a": {"eaz"}}


def expected(role, name, allowed, ok=200):
    if name in allowed[role]:
        return ok
    return 403 if name in STAGE_VISIBLE[role] else 404


@pytest.mark.parametrize("role", ROLES)
def test_stage_pages(role, client, world, stages):
    client.force_login(getattr(world, role))
    actual, wanted = {}, {}
    for name, stage in stages.items():
        pages = {
            "detail": (client.get(f"/events/stages/{stage.pk}/"), expected(role, name, STAGE_VISIBLE)),
            "schedule": (client.get(f"/events/stages/{stage.pk}/schedule/"), expected(role, name, STAGE_VISIBLE)),
            "edit": (client.get(f"/events/stages/{stage.pk}/edit/"), expected(role, name, ORGANISES)),
            "attendance": (client.get(f"/events/stages/{stage.pk}/attendance/"), expected(role, name, ORGANISES)),
            "add visit": (client.get(f"/events/stages/{stage.pk}/visits/new/"), expected(role, name, ORGANISES)),
            "plan": (client.post(f"/events/stages/{stage.pk}/plan/"), expected(role, name, ORGANISES, 302)),
            "invite": (
                client.post(f"/events/stages/{stage.pk}/invitations/new/", {"invite-name": "x"}),
                expected(role, name, ORGANISES, 302),
            ),
            "matchmaking": (client.get(f"/events/stages/{stage.pk}/matchmaking/"), expected(role, name, MATCHMAKING)),
            "slots": (
                client.post(
                    f"/events/stages/{stage.pk}/matchmaking/slots/",
                    {"start": "13:00", "end": "13:20", "length_minutes": 20},
                ),
                expected(role, name, ORGANISES, 302),
            ),
        }
        for page, (response, status) in pages.items():
            actual[(name, page)], wanted[(name, page)] = response.status_code, status
    assert actual == wanted
    # Only organisers changed anything.
    assert set(Invitation.objects.filter(name="x").values_list("stage__tour__province__code", flat=True)) == {
        {"eaz": "EAZ", "thr": "THR"}[n] for n in ORGANISES[role]
    }


@pytest.mark.parametrize("role", ROLES)
def test_visit_edit_and_delete(role, client, world, stages):
    visit = stages["eaz"].visits.get()
    client.force_login(getattr(world, role))
    status = expected(role, "eaz", ORGANISES)
    assert client.get(f"/events/visits/{visit.pk}/edit/").status_code == status
    assert client.post(f"/events/visits/{visit.pk}/delete/").status_code == (302 if status == 200 else status)
    assert Visit.objects.filter(pk=visit.pk).exists() == (status != 200)


@pytest.mark.parametrize("role", ROLES)
def test_stage_create_under_a_tour(role, client, world, stages):
    tour = stages["eaz"].tour
    client.force_login(getattr(world, role))
    status = 200 if role in ("admin", "staff_province") else 404
    assert client.get(f"/events/tours/{tour.pk}/stages/new/").status_code == status


@pytest.mark.parametrize("role", ROLES)
def test_api_stages_visits_and_invitations_lists(role, world, stages):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(getattr(world, role))
    ids = {stage.pk: name for name, stage in stages.items()}
    listed = {ids[row["id"]] for row in client.get("/api/stages/").json()["results"]}
    assert listed == STAGE_VISIBLE[role]
    visits = {row["organisation"] for row in client.get("/api/visits/").json()["results"]}
    assert visits == ({world.unit_a.pk} if "eaz" in STAGE_VISIBLE[role] else set())
    invitations = client.get("/api/invitations/").json()["results"]
    assert bool(invitations) == (role in ("admin", "staff_province", "press"))


@pytest.mark.parametrize("role", ROLES)
def test_api_plan_and_rsvp_actions(role, world, stages):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(getattr(world, role))
    stage = stages["eaz"]
    plan = client.post(f"/api/stages/{stage.pk}/plan/")
    assert plan.status_code == expected(role, "eaz", ORGANISES)
    if plan.status_code == 200:
        body = plan.json()
        assert body["feasible"] is True and body["problems"] == []
        assert [v["organisation"] for v in body["visits"]] == [world.unit_a.pk]
    invitation = stage.invitations.get()
    answer = client.post(f"/api/invitations/{invitation.pk}/rsvp/", {"answer": "yes"}, format="json")
    may_answer = role in ("admin", "staff_province", "press")
    assert answer.status_code == (200 if may_answer else 404)
    # Members may answer but not rewrite the invitation.
    patch = client.patch(f"/api/invitations/{invitation.pk}/", {"name": "دیگری"}, format="json")
    assert patch.status_code == {"admin": 200, "staff_province": 200, "press": 403}.get(role, 404)


# ---------------------------------------------------------------- export meetings in the API


def test_api_leads_follow_up_and_who_may_do_what(world, export_meeting):
    from rest_framework.test import APIClient

    lead = export_meeting.lead
    seller = APIClient()
    seller.force_authenticate(world.member_a)
    refused = seller.patch(f"/api/leads/{lead.pk}/", {"status": "lost"}, format="json")
    assert refused.status_code == 400 and refused.json() == {"lost_reason": ["برای فرصت ازدست‌رفته، دلیل را بنویسید."]}
    done = seller.patch(f"/api/leads/{lead.pk}/", {"status": "lost", "lost_reason": "تحریم بانکی"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "lost"
    rewrite = seller.patch(f"/api/leads/{lead.pk}/", {"value": "1"}, format="json")
    assert rewrite.status_code == 400 and "meeting" in rewrite.json()
    other = APIClient()
    other.force_authenticate(world.member_b)
    assert other.patch(f"/api/leads/{lead.pk}/", {"status": "deal"}, format="json").status_code == 404
    assert other.get("/api/export-meetings/").json()["count"] == 0
    staff = APIClient()
    staff.force_authenticate(world.staff_province)
    created = staff.post(
        "/api/leads/",
        {
            "meeting": export_meeting.meeting.pk,
            "seller": world.unit_a.pk,
            "buyer": export_meeting.buyer.pk,
            "product": "قالب بادی",
            "currency": "USD",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert Lead.objects.get(pk=created.json()["id"]).status == Lead.Status.OPEN
    outsider = staff.post(
        "/api/leads/",
        {
            "meeting": export_meeting.meeting.pk,
            "seller": world.unit_b.pk,
            "buyer": export_meeting.buyer.pk,
            "product": "x",
        },
        format="json",
    )
    assert outsider.status_code == 400 and "seller" in outsider.json()


def test_api_export_meetings_are_organised_in_ones_own_province(world):
    from rest_framework.test import APIClient

    payload = {
        "title": "نشست صادرات به سوریه",
        "country": "SY",
        "date": "2025-12-01",
        "province": world.eaz.pk,
        "organizers": [world.chamber.pk],
    }
    for role, status in (
        ("staff_province", 201),
        ("staff_other_province", 400),
        ("staff_salimi", 403),
        ("member_a", 403),
        ("press", 403),
    ):
        client = APIClient()
        client.force_authenticate(getattr(world, role))
        assert client.post("/api/export-meetings/", payload, format="json").status_code == status, role
    assert ExportMeeting.objects.get().organizers.get() == world.chamber
