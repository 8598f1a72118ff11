"""Who may see and change which estate: every signed-in user may view estates (reference data); staff change and
create them only in the places they edit (generic cases in scope_cases)."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rownaq.places.forms import EstateForm
from rownaq.places.models import Estate
from rownaq.registry.models import Organisation

pytest.register_assert_rewrite("tests.scope_cases")  # before importing it, so that its asserts explain failures
from tests.scope_cases import (  # noqa: E402
    ROLES,
    ApiScopeCases,
    WebScopeCases,
    change_records_since,
    is_persian,
    last_change_record_id,
)

ALL_ESTATES = {"salimi", "marand_estate", "tehran_estate"}


class EstateMatrix:
    model = Estate
    object_names = ("salimi", "marand_estate", "tehran_estate")
    visible = dict.fromkeys(ROLES, ALL_ESTATES)
    changeable = {
        **{role: set() for role in ROLES},
        "admin": ALL_ESTATES,
        "staff_province": {"salimi", "marand_estate"},
        "staff_salimi": {"salimi"},
        "staff_other_province": {"tehran_estate"},
    }
    add_targets = {"admin": "tabriz", "staff_province": "marand", "staff_other_province": "tehran"}
    foreign_targets = {"staff_province": "tehran", "staff_other_province": "tabriz"}


def form_data(estate: Estate) -> dict:
    return {
        name: value
        for name, value in model_to_dict(estate, fields=EstateForm._meta.fields).items()
        if value is not None
    }


class TestEstatePages(EstateMatrix, WebScopeCases):
    url_names = {
        "list": "places:estate-list",
        "detail": "places:estate-detail",
        "history": "places:estate-history",
        "edit": "places:estate-edit",
        "create": "places:estate-create",
    }

    def create_payload(self, world, target, role):
        return form_data(
            Estate(
                county=getattr(world, target),
                name=self.created_name(role),
                kind=Estate.Kind.ZONE,
                operator="شرکت شهرک‌های صنعتی",
            )
        )

    def edit_payload(self, world, obj, role):
        return form_data(obj)


class TestEstateApi(EstateMatrix, ApiScopeCases):
    api_prefix = "estates"
    foreign_error_field = "county"

    def make_objects(self, world):
        # Organisations PROTECT their estate; detach them so that the delete cases can delete.
        Organisation.objects.update(estate=None)
        return super().make_objects(world)

    def create_payload(self, world, target, role):
        return {"county": getattr(world, target).pk, "name": self.created_name(role), "kind": "zone"}

    def move_payload(self, world, target):
        return {"county": getattr(world, target).pk}


def test_deleting_an_estate_that_holds_organisations_is_refused_in_persian(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.admin).key}")
    mark = last_change_record_id()
    response = client.delete(f"/api/estates/{world.salimi.pk}/")
    assert response.status_code in (400, 409)
    assert is_persian(str(response.json()))
    assert Estate.objects.filter(pk=world.salimi.pk).exists()
    assert not change_records_since(mark).exists()


UNIT_A_VIEWERS = {"admin", "staff_province", "staff_salimi", "member_a"}


@pytest.mark.parametrize("role", ROLES)
def test_public_estate_page_lists_only_the_organisations_the_role_may_see(role, client, world):
    client.force_login(getattr(world, role))
    response = client.get(reverse("places:estate-detail", args=[world.salimi.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert (reverse("registry:organisation-detail", args=[world.unit_a.pk]) in html) == (role in UNIT_A_VIEWERS)
    assert (world.unit_a.name in html) == (role in UNIT_A_VIEWERS)
