"""Role boundaries, pages and API alike: a unit member sees only its own cases; a partner member only the cases
referred to its body (never another agency's) and may follow up and close its referral but not triage; staff of
another province see none; press and people without a role see none. Routing rules: everyone signed in reads them,
staff keep those of their places (generic cases in tests/scope_cases)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rownaq.cases import services
from rownaq.cases.models import Case, Referral, RoutingRule

from .conftest import open_case, referred

pytest.register_assert_rewrite("tests.scope_cases")
from tests.scope_cases import ROLES, ApiScopeCases, WebScopeCases  # noqa: E402

ALL_CASES = {"case_a", "case_b", "case_c"}
NOTHING = {role: set() for role in ROLES}


class CaseMatrix:
    model = Case
    object_names = ("case_a", "case_b", "case_c")
    visible = {
        "admin": ALL_CASES,
        "staff_province": {"case_a", "case_b"},
        "staff_salimi": {"case_a"},
        "staff_marand_readonly": {"case_b"},
        "staff_other_province": {"case_c"},
        "member_a": {"case_a"},
        "member_b": {"case_b"},
        "partner": {"case_a"},  # referred to the Chamber; case B went to customs
        "press": set(),
        "nobody": set(),
    }
    # Cases are changed only through their steps (tested below), never by a generic edit or delete.
    changeable = NOTHING
    deletable = NOTHING
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
        from rownaq.registry.models import Organisation

        customs = Organisation.objects.create(kind=Organisation.Kind.AGENCY, name="گمرک تبریز", county=world.tabriz)
        return {
            "case_a": referred(world, body=world.chamber),
            "case_b": referred(world, body=customs, unit=world.unit_b, user=world.member_b),
            "case_c": open_case(world, unit=world.unit_c, user=world.admin),
        }


class TestCasePages(CaseMatrix, WebScopeCases):
    url_names = {"list": "cases:case-list", "detail": "cases:case-detail", "history": "cases:case-history"}


class TestCaseApi(CaseMatrix, ApiScopeCases):
    api_prefix = "cases"
    foreign_error_field = "organisation"
    pages = ("list", "detail", "create")
    # No generic PATCH or DELETE: a case moves only through its steps.
    test_patch = None
    test_delete = None
    test_patch_cannot_move_outside_own_places = None

    def create_payload(self, world, target, role):
        return {
            "organisation": getattr(world, target).pk,
            "category": "export",
            "title": self.created_name(role),
            "description": "شرح آزمایشی",
        }


ALL_RULES = {"rule_everywhere", "rule_eaz", "rule_salimi", "rule_marand", "rule_tehran"}


class RuleMatrix:
    model = RoutingRule
    object_names = tuple(sorted(ALL_RULES))
    visible = dict.fromkeys(ROLES, ALL_RULES)
    changeable = {
        **NOTHING,
        "admin": ALL_RULES,
        "staff_province": {"rule_eaz", "rule_salimi", "rule_marand"},
        "staff_salimi": {"rule_salimi"},
        "staff_other_province": {"rule_tehran"},
    }
    add_targets = {
        "admin": "tabriz",
        "staff_province": "marand",
        "staff_salimi": "salimi",
        "staff_other_province": "tehran",
    }
    foreign_targets = {"staff_province": "tehran", "staff_salimi": "marand_estate", "staff_other_province": "eaz"}
    identity_field = "note"
    edit_field = "note"

    def make_objects(self, world):
        def make(body=None, **place):
            return RoutingRule.objects.create(
                category="export", body=body or world.chamber, working_days=5, note="قاعده", **place
            )

        return {
            "rule_everywhere": make(),
            "rule_eaz": make(province=world.eaz),
            "rule_salimi": make(estate=world.salimi),
            "rule_marand": make(county=world.marand),
            "rule_tehran": make(province=world.thr),
        }

    @staticmethod
    def place(world, target) -> dict:
        from rownaq.places.models import County, Estate

        obj = getattr(world, target)
        field = "estate" if isinstance(obj, Estate) else "county" if isinstance(obj, County) else "province"
        return {field: obj.pk}


class TestRulePages(RuleMatrix, WebScopeCases):
    url_names = {
        "list": "cases:rule-list",
        "edit": "cases:rule-edit",
        "create": "cases:rule-create",
        "history": "cases:rule-history",
    }

    def url(self, page, obj=None):
        return reverse(self.url_names[page], args=[obj.pk] if obj is not None else [])

    def create_payload(self, world, target, role):
        return {
            "category": "customs",
            "body": world.chamber.pk,
            "working_days": 4,
            "active": "on",
            "note": self.created_name(role),
            **self.place(world, target),
        }

    def edit_payload(self, world, obj, role):
        data = {"category": obj.category, "body": obj.body_id, "working_days": obj.working_days, "active": "on"}
        for field in ("province", "county", "estate"):
            if getattr(obj, f"{field}_id"):
                data[field] = getattr(obj, f"{field}_id")
        return data

    def test_list_shows_exactly_what_the_role_may_see(self, role, client, world, scoped_objects):
        # Rules have no detail page; the list must show every rule (they are the published processes).
        self.login(client, world, role)
        response = client.get(self.url("list"))
        assert response.status_code == 200
        pks = {obj.pk for obj in response.context["object_list"]}
        assert pks == {obj.pk for obj in scoped_objects.values()}


class TestRuleApi(RuleMatrix, ApiScopeCases):
    api_prefix = "routing-rules"
    foreign_error_field = "province"

    def create_payload(self, world, target, role):
        return {
            "category": "customs",
            "body": world.chamber.pk,
            "working_days": 4,
            "note": self.created_name(role),
            **self.place(world, target),
        }

    def move_payload(self, world, target):
        return self.place(world, target)


# ---------------------------------------------------------------- steps, by role


STEPS = ("triage", "refer", "reject", "follow_up", "close_referral", "confirm")
# Who may take each step on case A (unit A, referred to the Chamber): page and API answers for the others are
# 403 when they see the case and 404 when they do not.
MAY = {
    "triage": {"admin", "staff_province", "staff_salimi"},
    "refer": {"admin", "staff_province", "staff_salimi"},
    "reject": {"admin", "staff_province", "staff_salimi"},
    "follow_up": {"admin", "staff_province", "staff_salimi", "member_a", "partner"},
    "close_referral": {"admin", "staff_province", "staff_salimi", "partner"},
    "confirm": {"member_a"},
}
SEES_CASE_A = CaseMatrix.visible


def page_post(client, case, step, referral):
    url = {
        "close_referral": reverse("cases:referral-close", args=[case.pk, referral.pk]),
        "follow_up": reverse("cases:case-follow-up", args=[case.pk]),
    }.get(step) or reverse(f"cases:case-{step}", args=[case.pk])
    prefix = f"close-{referral.pk}" if step == "close_referral" else step
    data = {
        "version": case.version,
        "category": "export",
        "bodies": [],
        "reason": "دلیل",
        "text": "پیگیری",
        "result": "resolved",
        "outcome": "انجام شد",
        "solved": "yes",
        "satisfaction": "4",
        "note": "",
    }
    return client.post(url, {f"{prefix}-{k}": v for k, v in data.items()})


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_take_each_step_on_a_page(role, step, bodies, client):
    case = referred(bodies)
    referral = case.referrals.get()
    user = getattr(bodies, role)
    client.force_login(user)
    response = page_post(client, case, step, referral)
    if role in MAY[step]:
        assert response.status_code not in (403, 404), response.status_code
    else:
        expected = 403 if "case_a" in SEES_CASE_A[role] else 404
        assert response.status_code == expected
        after = Case.objects.get(pk=case.pk)
        assert (after.status, after.version) == (case.status, case.version)


API_BODIES = {
    "triage": lambda case, referral: {"version": case.version},
    "refer": lambda case, referral: {"version": case.version, "bodies": [referral.body_id]},
    "reject": lambda case, referral: {"version": case.version, "reason": "دلیل"},
    "follow_up": lambda case, referral: {"text": "پیگیری"},
    "close_referral": lambda case, referral: {"referral": referral.pk, "resolved": True, "outcome": "انجام شد"},
    "confirm": lambda case, referral: {"satisfaction": 4},
}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_take_each_step_over_the_api(role, step, bodies):
    case = referred(bodies)
    referral = case.referrals.get()
    client = APIClient()
    client.force_authenticate(getattr(bodies, role))
    path = f"/api/cases/{case.pk}/{step.replace('_', '-')}/"
    response = client.post(path, API_BODIES[step](case, referral), format="json")
    if role in MAY[step]:
        assert response.status_code in (200, 409), response.content  # 409: e.g. triage of a referred case
    else:
        assert response.status_code == (403 if "case_a" in SEES_CASE_A[role] else 404), response.content
        assert Case.objects.get(pk=case.pk).version == case.version


def test_a_partner_member_follows_up_and_resolves_its_referral_but_cannot_triage(bodies, client):
    case = referred(bodies)
    referral = case.referrals.get()
    client.force_login(bodies.partner)
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200
    steps = page.context["steps"]
    assert {"follow_up", "close_referral"} <= steps and not steps & {"triage", "refer", "reject", "confirm"}
    html = page.content.decode()
    assert 'data-testid="triage"' not in html and 'data-testid="reject"' not in html
    assert (
        client.post(
            reverse("cases:case-follow-up", args=[case.pk]), {"follow_up-text": "با گمرک مکاتبه شد"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("cases:case-triage", args=[case.pk]), {"triage-version": case.version + 1, "triage-category": "tax"}
        ).status_code
        == 403
    )
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS and case.category == "export"
    response = client.post(
        reverse("cases:referral-close", args=[case.pk, referral.pk]),
        {
            f"close-{referral.pk}-version": case.version,
            f"close-{referral.pk}-result": "resolved",
            f"close-{referral.pk}-outcome": "ارز تخصیص یافت",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.RESOLVED and case.was_resolved is True


def test_a_partner_member_never_sees_another_agencys_case(bodies, client):
    to_customs = referred(bodies, body=bodies.customs)
    to_chamber = referred(bodies, title="مشکل بازار")
    client.force_login(bodies.partner)
    listed = {c.pk for c in client.get(reverse("cases:case-list")).context["object_list"]}
    assert listed == {to_chamber.pk}
    assert client.get(to_customs.get_absolute_url()).status_code == 404
    assert client.get(reverse("cases:case-list") + f"?body={bodies.customs.pk}").context["object_list"].count() == 0
    customs_referral = to_customs.referrals.get()
    response = client.post(
        reverse("cases:referral-close", args=[to_customs.pk, customs_referral.pk]),
        {
            f"close-{customs_referral.pk}-outcome": "x",
            f"close-{customs_referral.pk}-result": "resolved",
            f"close-{customs_referral.pk}-version": to_customs.version,
        },
    )
    assert response.status_code == 404
    assert Referral.objects.get(pk=customs_referral.pk).status == Referral.Status.OPEN
    api = APIClient()
    api.force_authenticate(bodies.partner)
    assert [row["id"] for row in api.get("/api/cases/").json()["results"]] == [to_chamber.pk]
    assert api.get(f"/api/cases/{to_customs.pk}/").status_code == 404


def test_a_body_referred_to_two_bodies_acts_only_on_its_own_referral(bodies, client):
    case = referred(bodies)
    case = services.refer(case, bodies.staff_province, [bodies.customs], expected_version=case.version)
    chamber = case.referrals.get(body=bodies.chamber)
    customs = case.referrals.get(body=bodies.customs)
    client.force_login(bodies.partner)
    page = client.get(case.get_absolute_url())
    assert [r.pk for r in page.context["referrals"] if r.close_form] == [chamber.pk]
    response = client.post(
        reverse("cases:referral-close", args=[case.pk, customs.pk]),
        {
            f"close-{customs.pk}-version": case.version,
            f"close-{customs.pk}-result": "resolved",
            f"close-{customs.pk}-outcome": "x",
        },
    )
    assert response.status_code == 403
    assert Referral.objects.get(pk=customs.pk).status == Referral.Status.OPEN


def test_readonly_staff_see_but_cannot_act(bodies, client):
    case = referred(bodies, unit=bodies.unit_b, user=bodies.member_b)
    client.force_login(bodies.staff_marand_readonly)
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200 and page.context["steps"] == set()
    assert (
        client.post(
            reverse("cases:case-reject", args=[case.pk]), {"reject-version": case.version, "reject-reason": "x"}
        ).status_code
        == 403
    )
    assert client.get(reverse("cases:case-create")).status_code == 403


@pytest.mark.parametrize("role", ["press", "nobody", "partner", "staff_marand_readonly"])
def test_roles_without_a_unit_in_reach_cannot_open_cases(role, bodies, client):
    client.force_login(getattr(bodies, role))
    assert client.get(reverse("cases:case-create")).status_code == 403
    assert (
        client.post(
            reverse("cases:case-create"),
            {"organisation": bodies.unit_a.pk, "category": "export", "title": "x", "description": "y"},
        ).status_code
        == 403
    )
    assert not Case.objects.exists()


def test_a_unit_member_cannot_open_a_case_for_another_unit(bodies, client):
    client.force_login(bodies.member_a)
    page = client.get(reverse("cases:case-create"))
    assert page.context["form"].fields["organisation"].widget.is_hidden  # their own unit, chosen for them
    response = client.post(
        reverse("cases:case-create"),
        {"organisation": bodies.unit_b.pk, "category": "export", "title": "x", "description": "y", "currency": "IRR"},
    )
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert not Case.objects.exists()


@pytest.mark.parametrize("role", ["staff_other_province", "press", "nobody", "member_b"])
def test_statistics_and_lists_of_others_are_empty(role, bodies, cases, client):
    client.force_login(getattr(bodies, role))
    listed = {c.pk for c in client.get(reverse("cases:case-list")).context["object_list"]}
    assert cases.a.pk not in listed
    api = APIClient()
    api.force_authenticate(getattr(bodies, role))
    assert cases.a.pk not in [row["id"] for row in api.get("/api/cases/").json()["results"]]


def test_staff_of_another_province_see_none_of_this_provinces_figures(bodies, cases, client):
    client.force_login(bodies.staff_other_province)
    figures = client.get(reverse("cases:statistics")).context["figures"]
    assert (figures["total"], figures["open"]) == (1, 1)  # only case C, in Tehran
    assert [row["name"] for row in figures["by_body"]] == []


@pytest.mark.parametrize("role", ["member_a", "partner", "press", "nobody"])
def test_statistics_are_for_staff(role, bodies, client):
    client.force_login(getattr(bodies, role))
    assert client.get(reverse("cases:statistics")).status_code == 403
    api = APIClient()
    api.force_authenticate(getattr(bodies, role))
    assert api.get("/api/cases/statistics/").status_code == 403


def test_a_partner_at_a_meeting_sees_no_resolution_of_a_case_not_referred_to_it(bodies, client):
    """Issue 15 finding 7: the Chamber, attending a meeting, saw the resolution about a case referred only to customs
    (page and API). It sees the meeting's general resolutions and those of cases referred to it, not the others."""
    import datetime as dt

    from rest_framework.test import APIClient

    from rownaq.cases import services
    from rownaq.cases.models import Meeting

    from .conftest import referred

    w = bodies
    theirs = referred(w, body=w.customs, title="پروندهٔ گمرکی محرمانه")
    ours = referred(w, body=w.chamber, title="پروندهٔ اتاق")
    meeting = services.save_meeting(
        Meeting(title="شورای تسهیل", date=dt.date(2025, 11, 3), province=w.eaz),
        w.staff_province,
        agenda=[theirs, ours],
        attendees=[w.chamber, w.customs],
    )
    deadline = dt.date(2025, 12, 1)
    services.add_resolution(
        meeting, w.staff_province, text="مصوبهٔ پروندهٔ گمرکی", body=w.customs, deadline=deadline, case=theirs
    )
    services.add_resolution(
        meeting, w.staff_province, text="مصوبهٔ پروندهٔ اتاق", body=w.customs, deadline=deadline, case=ours
    )
    services.add_resolution(meeting, w.staff_province, text="مصوبهٔ عمومی", body=w.customs, deadline=deadline)
    client.force_login(w.partner)
    page = client.get(f"/cases/meetings/{meeting.pk}/").content.decode()
    assert "مصوبهٔ عمومی" in page and "مصوبهٔ پروندهٔ اتاق" in page
    assert "مصوبهٔ پروندهٔ گمرکی" not in page
    api = APIClient()
    api.force_authenticate(w.partner)
    texts = {r["text"] for r in api.get(f"/api/meetings/{meeting.pk}/").json()["resolutions"]}
    assert texts == {"مصوبهٔ عمومی", "مصوبهٔ پروندهٔ اتاق"}
    listed = {r["text"] for r in api.get("/api/resolutions/").json()["results"]}
    assert listed == texts
    api.force_authenticate(w.partner_customs)  # customs sees all three: two are assigned to it
    assert len(api.get(f"/api/meetings/{meeting.pk}/").json()["resolutions"]) == 3
