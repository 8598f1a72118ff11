"""Two people editing the same case at once: the second, working from a stale version, gets the conflict message
(HTTP 409 on pages and the API) and nothing the first saved is overwritten."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rownaq.cases import services
from rownaq.cases.models import Case, FollowUp, Referral

from .conftest import open_case, referred

CONFLICT = "توسط کاربر دیگری تغییر کرده است"


def status_entries(case):
    return list(case.follow_ups.filter(kind=FollowUp.Kind.STATUS).values_list("text", flat=True))


def test_services_refuse_a_stale_version_and_change_nothing(bodies):
    case = open_case(bodies)
    stale = case.version
    services.triage(case, bodies.staff_province, expected_version=stale, note="دستهٔ درست")
    with pytest.raises(services.CaseConflict) as error:
        services.reject(case, bodies.staff_salimi, reason="تکراری است", expected_version=stale)
    assert CONFLICT in str(error.value)
    case.refresh_from_db()
    assert (case.status, case.outcome, case.version) == (Case.Status.TRIAGED, "", stale + 1)
    assert not any("رد شد" in text for text in status_entries(case))


def test_every_step_moves_the_version_on(bodies):
    case = open_case(bodies)
    versions = [case.version]
    case = services.triage(case, bodies.staff_province, expected_version=case.version)
    versions.append(case.version)
    case = services.refer(case, bodies.staff_province, [bodies.chamber], expected_version=case.version)
    versions.append(case.version)
    case = services.close_referral(
        case.referrals.get(), bodies.partner, outcome="حل شد", resolved=True, expected_version=case.version
    )
    versions.append(case.version)
    case = services.confirm(case, bodies.member_a, satisfaction=5, expected_version=case.version)
    versions.append(case.version)
    assert versions == sorted(set(versions)) and len(versions) == 5


def test_pages_two_stale_forms_the_second_gets_409_and_keeps_its_text(bodies, client):
    case = open_case(bodies)
    stale = case.version
    client.force_login(bodies.staff_province)
    first = client.post(
        reverse("cases:case-triage", args=[case.pk]),
        {"triage-version": stale, "triage-category": "market", "triage-note": "دسته اصلاح شد"},
    )
    assert first.status_code == 302
    client.force_login(bodies.staff_salimi)
    second = client.post(
        reverse("cases:case-reject", args=[case.pk]),
        {"reject-version": stale, "reject-reason": "این مشکل در حوزهٔ سازمان نیست"},
    )
    assert second.status_code == 409
    html = second.content.decode()
    assert CONFLICT in html
    assert "این مشکل در حوزهٔ سازمان نیست" in html, "the user's text is kept in the form"
    case.refresh_from_db()
    assert (case.status, case.category, case.outcome) == (Case.Status.TRIAGED, "market", "")
    # The form now carries the current version: sent again knowingly, it goes through.
    form = second.context["forms"]["reject"]
    assert int(form["version"].value()) == case.version
    again = client.post(
        reverse("cases:case-reject", args=[case.pk]),
        {"reject-version": case.version, "reject-reason": "این مشکل در حوزهٔ سازمان نیست"},
    )
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.REJECTED


def test_pages_a_stale_referral_close_is_a_conflict(bodies, client):
    case = referred(bodies)
    referral = case.referrals.get()
    stale = case.version
    services.add_follow_up(case, bodies.partner, "در حال بررسی")  # moves the case to in progress
    case.refresh_from_db()
    services.reject(case, bodies.staff_province, reason="واحد منصرف شد", expected_version=case.version)
    client.force_login(bodies.partner)
    response = client.post(
        reverse("cases:referral-close", args=[case.pk, referral.pk]),
        {
            f"close-{referral.pk}-version": stale,
            f"close-{referral.pk}-result": "resolved",
            f"close-{referral.pk}-outcome": "حل شد",
        },
    )
    assert response.status_code == 409
    referral.refresh_from_db()
    assert referral.status == Referral.Status.REJECTED
    assert Case.objects.get(pk=case.pk).status == Case.Status.REJECTED


@pytest.fixture
def api(bodies):
    def client_for(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def test_api_two_stale_versions_the_second_gets_409_and_nothing_is_overwritten(bodies, api):
    case = open_case(bodies)
    stale = case.version
    first = api(bodies.staff_province).post(
        f"/api/cases/{case.pk}/refer/", {"version": stale, "bodies": [bodies.chamber.pk]}, format="json"
    )
    assert first.status_code == 200, first.content
    assert first.json()["version"] == stale + 1
    second = api(bodies.staff_salimi).post(
        f"/api/cases/{case.pk}/reject/", {"version": stale, "reason": "تکراری"}, format="json"
    )
    assert second.status_code == 409
    assert second.json()["code"] == "version_conflict" and CONFLICT in second.json()["detail"]
    third = api(bodies.staff_salimi).post(f"/api/cases/{case.pk}/triage/", {"version": stale}, format="json")
    assert third.status_code == 409
    case.refresh_from_db()
    assert (case.status, case.outcome, case.version) == (Case.Status.REFERRED, "", stale + 1)
    assert case.referrals.get().status == Referral.Status.OPEN


def test_api_a_step_not_possible_now_is_a_state_conflict(bodies, api):
    case = referred(bodies)
    response = api(bodies.staff_province).post(
        f"/api/cases/{case.pk}/triage/", {"version": case.version}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "state"
    assert "تازه ثبت‌شده" in response.json()["detail"]
