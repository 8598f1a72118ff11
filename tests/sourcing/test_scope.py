"""Role boundaries of needs, pages and API alike (the generic cases of tests/scope_cases): a unit sees and changes
its own needs; staff those of their places (read-only staff only see); partners, press and people without a role
see none. Then the pages only some roles have: the marketplace (registered makers and staff), the linkage table
(staff), the savings dashboard (staff and units), capability profiles (the maker's members and staff)."""

import pytest
from django.urls import reverse

from rownaq.sourcing.models import Capability, Need

from .conftest import list_need

pytest.register_assert_rewrite("tests.scope_cases")
from tests.scope_cases import ROLES, ApiScopeCases, WebScopeCases  # noqa: E402

ALL = {"need_a", "need_b", "need_c"}


class NeedMatrix:
    model = Need
    object_names = ("need_a", "need_b", "need_c")
    visible = {
        "admin": ALL,
        "staff_province": {"need_a", "need_b"},
        "staff_salimi": {"need_a"},
        "staff_marand_readonly": {"need_b"},
        "staff_other_province": {"need_c"},
        "member_a": {"need_a"},
        "member_b": {"need_b"},
        "partner": set(),
        "press": set(),
        "nobody": set(),
    }
    changeable = {
        **{role: set() for role in ROLES},
        "admin": ALL,
        "staff_province": {"need_a", "need_b"},
        "staff_salimi": {"need_a"},
        "staff_other_province": {"need_c"},
        "member_a": {"need_a"},
        "member_b": {"need_b"},
    }
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
            "need_a": list_need(world, title="قالب تزریق واحد الف"),
            "need_b": list_need(world, unit=world.unit_b, user=world.member_b, title="مدل ریخته‌گری واحد ب"),
            "need_c": list_need(world, unit=world.unit_c, user=world.admin, title="گیربکس واحد ج"),
        }


class TestNeedPages(NeedMatrix, WebScopeCases):
    url_names = {
        "list": "sourcing:need-list",
        "detail": "sourcing:need-detail",
        "history": "sourcing:need-history",
        "edit": "sourcing:need-edit",
    }

    def edit_payload(self, world, obj, role):
        return {
            "title": obj.title,
            "kind": obj.kind,
            "unit": obj.unit,
            "currency": obj.currency,
            "visibility": obj.visibility,
            "version": obj.version,
            "hs_code": obj.hs_id or "",
            "hs_confirmed": "on",
        }


class TestNeedApi(NeedMatrix, ApiScopeCases):
    api_prefix = "needs"
    foreign_error_field = "organisation"
    pages = ("list", "detail", "create", "update")

    def create_payload(self, world, target, role):
        return {
            "organisation": getattr(world, target).pk,
            "title": self.created_name(role),
            "kind": "part",
            "currency": "USD",
        }

    def move_payload(self, world, target):
        return {"organisation": getattr(world, target).pk}


def test_creating_a_need_on_the_page(client, world):
    """Units list needs for themselves (the unit is chosen for them); staff for the units they edit; others no."""
    expected = {
        "admin": 302,
        "staff_province": 302,
        "staff_salimi": 302,
        "member_a": 302,
        "member_b": 400,
        "staff_marand_readonly": 403,
        "staff_other_province": 400,
        "partner": 403,
        "press": 403,
        "nobody": 403,
    }
    actual = {}
    for role in expected:
        client.force_login(getattr(world, role))
        response = client.post(
            reverse("sourcing:need-create"),
            {
                "organisation": world.unit_a.pk,
                "title": f"قالب {role}",
                "kind": "mould",
                "unit": "set",
                "currency": "EUR",
                "visibility": "public",
            },
        )
        actual[role] = response.status_code
    assert actual == expected
    assert set(Need.objects.values_list("title", flat=True)) == {f"قالب {r}" for r, s in expected.items() if s == 302}


@pytest.mark.parametrize(
    "page, allowed",
    [
        (
            "sourcing:market",
            {
                "admin",
                "staff_province",
                "staff_salimi",
                "staff_marand_readonly",
                "staff_other_province",
                "member_a",
                "member_b",
            },
        ),
        (
            "sourcing:linkage",
            {"admin", "staff_province", "staff_salimi", "staff_marand_readonly", "staff_other_province"},
        ),
        (
            "sourcing:savings",
            {
                "admin",
                "staff_province",
                "staff_salimi",
                "staff_marand_readonly",
                "staff_other_province",
                "member_a",
                "member_b",
            },
        ),
        (
            "sourcing:serve",
            {
                "admin",
                "staff_province",
                "staff_salimi",
                "staff_marand_readonly",
                "staff_other_province",
                "member_a",
                "member_b",
            },
        ),
    ],
)
def test_who_reaches_the_sourcing_pages(client, world, page, allowed):
    actual = {}
    for role in ROLES:
        client.force_login(getattr(world, role))
        actual[role] = client.get(reverse(page)).status_code
    assert actual == {role: 200 if role in allowed else 403 for role in ROLES}


def test_anonymous_visitors_are_sent_to_login(client, world):
    for name in (
        "sourcing:need-list",
        "sourcing:market",
        "sourcing:savings",
        "sourcing:linkage",
        "sourcing:serve",
        "sourcing:capability-list",
        "sourcing:need-create",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), name


def test_capability_profiles_are_edited_by_the_maker_s_members_and_staff(client, makers):
    w = makers
    url = reverse("sourcing:capability-edit", args=[w.unit_a.pk])
    expected = {
        "member_a": 302,
        "staff_salimi": 302,
        "staff_province": 302,
        "admin": 302,
        "member_b": 404,
        "maker": 404,
        "staff_marand_readonly": 404,
        "staff_other_province": 404,
        "partner": 404,
        "nobody": 404,
    }
    actual = {}
    for role in expected:
        client.force_login(getattr(w, role))
        actual[role] = client.post(
            url,
            {
                "summary": f"ساخت قالب {role}",
                "processes": ["mould_making"],
                "hs_codes": "848071",
                "notify": "on",
                "accepts_new_work": "on",
            },
        ).status_code
    assert actual == expected
    capability = Capability.objects.get(organisation=w.unit_a)
    assert capability.summary == "ساخت قالب admin" and list(capability.hs_codes.values_list("code", flat=True)) == [
        "848071"
    ]
    client.force_login(w.staff_marand_readonly)
    marand = reverse("sourcing:capability-edit", args=[w.unit_b.pk])
    assert client.get(marand).status_code == 403, "read-only staff see the maker but may not edit it"
    client.force_login(w.member_a)
    agency = reverse("sourcing:capability-edit", args=[w.chamber.pk])
    assert client.get(agency).status_code == 404


def test_the_matcher_s_makers_are_for_the_buyer_and_staff_only(client, makers):
    from .conftest import published

    w = makers
    need = published(w)
    client.force_login(w.member_a)
    assert w.mould_maker.name in client.get(need.get_absolute_url()).content.decode()
    client.force_login(w.maker)
    page = client.get(reverse("sourcing:market-detail", args=[need.pk])).content.decode()
    assert 'data-testid="matches"' not in page
    from rest_framework.test import APIClient

    api = APIClient()
    for role, expected in (
        ("member_a", 200),
        ("staff_salimi", 200),
        ("staff_marand_readonly", 404),
        ("maker", 404),
        ("member_b", 404),
    ):
        api.force_login(getattr(w, role))
        assert api.get(f"/api/needs/{need.pk}/makers/").status_code == expected, role
