"""The API mirrors the services: a unit opens a case, staff triage and refer it, the body follows up and closes
its referral, the unit confirms; meetings and resolutions; the schema documents every endpoint."""

import pytest
from rest_framework.test import APIClient

from rownaq.cases.models import Case, Meeting, Resolution

from .conftest import open_case, referred, rule


@pytest.fixture
def api():
    def client_for(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def test_a_case_through_the_api(bodies, api):
    w = bodies
    rule("export", w.chamber, 5, province=w.eaz)
    response = api(w.member_a).post(
        "/api/cases/",
        {
            "organisation": w.unit_a.pk,
            "category": "export",
            "title": "مشکل صادرات",
            "description": "شرح",
            "amount": "1500",
            "currency": "EUR",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["tracking_code"] and body["status"] == "submitted" and body["suggested_body"] == w.chamber.pk
    case_id, version = body["id"], body["version"]

    staff = api(w.staff_province)
    body = staff.post(f"/api/cases/{case_id}/triage/", {"version": version, "note": "بررسی شد"}, format="json").json()
    assert body["status"] == "triaged"
    body = staff.post(
        f"/api/cases/{case_id}/refer/", {"version": body["version"], "bodies": [w.chamber.pk]}, format="json"
    ).json()
    assert body["status"] == "referred" and [r["body"] for r in body["referrals"]] == [w.chamber.pk]
    referral_id = body["referrals"][0]["id"]

    partner = api(w.partner)
    response = partner.post(f"/api/cases/{case_id}/follow-up/", {"text": "در حال پیگیری"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    response = partner.post(
        f"/api/cases/{case_id}/close-referral/",
        {"referral": referral_id, "resolved": True, "outcome": "حل شد"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "resolved"

    unit = api(w.member_a)
    assert unit.post(f"/api/cases/{case_id}/confirm/", {"solved": True}, format="json").status_code == 400
    response = unit.post(f"/api/cases/{case_id}/confirm/", {"solved": True, "satisfaction": 4}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["satisfaction"]) == ("closed", 4)
    assert [e["kind"] for e in body["follow_ups"]].count("comment") == 1
    assert body["follow_ups"][-1]["actor"] == w.member_a.username


def test_case_list_filters(bodies, cases, api):
    staff = api(bodies.staff_province)
    assert [r["id"] for r in staff.get(f"/api/cases/?body={bodies.customs.pk}").json()["results"]] == [cases.b.pk]
    assert [r["id"] for r in staff.get("/api/cases/?category=raw_material").json()["results"]] == [cases.b.pk]
    assert staff.get("/api/cases/?overdue=yes").json()["count"] == 0


def test_who_may_open_a_case_over_the_api(bodies, api):
    payload = {"organisation": bodies.unit_a.pk, "category": "tax", "title": "x", "description": "y"}
    assert api(bodies.partner).post("/api/cases/", payload, format="json").status_code == 403
    response = api(bodies.member_b).post("/api/cases/", payload, format="json")
    assert response.status_code == 400 and "organisation" in response.json()
    bad = api(bodies.member_a).post("/api/cases/", {**payload, "currency": "XXX"}, format="json")
    assert bad.status_code == 400 and "currency" in bad.json()
    assert not Case.objects.exists()


def test_close_referral_must_name_one_of_the_cases_referrals(bodies, cases, api):
    other = cases.b.referrals.get()
    response = api(bodies.staff_province).post(
        f"/api/cases/{cases.a.pk}/close-referral/",
        {"referral": other.pk, "resolved": True, "outcome": "x"},
        format="json",
    )
    assert response.status_code == 400 and "referral" in response.json()


def test_meetings_and_resolutions_over_the_api(bodies, api):
    w = bodies
    case = referred(w)
    staff = api(w.staff_province)
    response = staff.post(
        "/api/meetings/",
        {
            "title": "شورای تسهیل",
            "date": "2025-11-03",
            "province": w.eaz.pk,
            "agenda": [case.pk],
            "attendees": [w.chamber.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    meeting_id = response.json()["id"]
    assert (
        api(w.staff_other_province)
        .post("/api/meetings/", {"title": "x", "date": "2025-11-03", "province": w.eaz.pk}, format="json")
        .status_code
        == 400
    )
    assert (
        api(w.member_a)
        .post("/api/meetings/", {"title": "x", "date": "2025-11-03", "province": w.eaz.pk}, format="json")
        .status_code
        == 403
    )
    response = staff.post(
        "/api/resolutions/",
        {"meeting": meeting_id, "case": case.pk, "text": "اقدام فوری", "body": w.chamber.pk, "deadline": "2025-11-20"},
        format="json",
    )
    assert response.status_code == 201, response.content
    resolution_id = response.json()["id"]
    assert (
        api(w.partner)
        .post(
            "/api/resolutions/",
            {"meeting": meeting_id, "text": "x", "body": w.chamber.pk, "deadline": "2025-11-20"},
            format="json",
        )
        .status_code
        == 403
    )
    response = api(w.partner).post(
        f"/api/resolutions/{resolution_id}/set-status/", {"status": "implemented", "note": "انجام شد"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "implemented"
    assert (
        api(w.partner_customs)
        .post(f"/api/resolutions/{resolution_id}/set-status/", {"status": "not_implemented"}, format="json")
        .status_code
        == 404
    )
    assert (
        api(w.member_a)
        .post(f"/api/resolutions/{resolution_id}/set-status/", {"status": "not_implemented"}, format="json")
        .status_code
        == 403
    )
    assert Resolution.objects.get().status == "implemented"
    # The unit sees the meeting only through its case's resolution: no minutes, no attendees.
    body = api(w.member_a).get(f"/api/meetings/{meeting_id}/").json()
    assert (body["minutes"], body["attendees"], len(body["resolutions"])) == ("", [], 1)
    assert api(w.press).get(f"/api/meetings/{meeting_id}/").status_code == 404
    response = staff.patch(f"/api/meetings/{meeting_id}/", {"minutes": "صورت‌جلسه"}, format="json")
    assert response.status_code == 200 and Meeting.objects.get().minutes == "صورت‌جلسه"
    assert api(w.partner).patch(f"/api/meetings/{meeting_id}/", {"minutes": "x"}, format="json").status_code == 403


def test_the_schema_documents_the_cases_endpoints(bodies, client):
    client.force_login(bodies.nobody)
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in (
        "/api/cases/",
        "/api/cases/statistics/",
        "/api/cases/{id}/triage/",
        "/api/cases/{id}/refer/",
        "/api/cases/{id}/follow-up/",
        "/api/cases/{id}/close-referral/",
        "/api/cases/{id}/reject/",
        "/api/cases/{id}/confirm/",
        "/api/cases/{id}/attach/",
        "/api/case-attachments/{id}/download/",
        "/api/routing-rules/",
        "/api/meetings/",
        "/api/resolutions/{id}/set-status/",
    ):
        assert path in paths, path
    assert "409" in paths["/api/cases/{id}/refer/"]["post"]["responses"]


def test_open_case_helper_is_scoped(bodies):
    assert open_case(bodies).organisation == bodies.unit_a


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_a_meeting_date_the_jalali_calendar_cannot_show_is_refused(bodies, api, date):
    """Found by the API fuzzer: such a date was stored, then writing it in Jalali for the case timeline failed (500)."""
    w = bodies
    staff = api(w.staff_province)
    response = staff.post("/api/meetings/", {"title": "شورای تسهیل", "date": date, "province": w.eaz.pk}, format="json")
    assert response.status_code == 400 and "date" in response.json()
    meeting = staff.post(
        "/api/meetings/",
        {"title": "شورای تسهیل", "date": "2025-11-03", "province": w.eaz.pk, "agenda": [referred(w).pk]},
        format="json",
    ).json()
    response = staff.put(f"/api/meetings/{meeting['id']}/", {**meeting, "date": date}, format="json")
    assert response.status_code == 400 and "date" in response.json()
    assert str(Meeting.objects.get().date) == "2025-11-03"


def test_the_schema_names_the_media_types_an_attachment_is_served_as(bodies, client):
    client.force_login(bodies.nobody)
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    served = paths["/api/case-attachments/{id}/download/"]["get"]["responses"]["200"]["content"]
    assert {"application/pdf", "image/png", "image/jpeg", "text/plain"} <= set(served)
