"""Who may see and change which organisation, on the pages and through the API (generic cases in scope_cases)."""

import zlib

import pytest
from django.forms.models import model_to_dict

from rownaq.core.national_id import make_national_id
from rownaq.registry.forms import OrganisationForm
from rownaq.registry.models import Organisation

pytest.register_assert_rewrite("tests.scope_cases")  # before importing it, so that its asserts explain failures
from tests.scope_cases import ROLES, ApiScopeCases, WebScopeCases  # noqa: E402

EAZ_ORGANISATIONS = {"unit_a", "unit_b", "chamber", "irna"}


def national_id_for(role: str) -> str:
    number = zlib.crc32(role.encode()) % 10**6
    return make_national_id(f"31{number:06d}57")


def place(world, target: str) -> tuple:
    """'tabriz' or 'tabriz/salimi' -> (county, estate)."""
    county, _, estate = target.partition("/")
    return getattr(world, county), getattr(world, estate) if estate else None


def form_data(organisation: Organisation) -> dict:
    """What the edit page's form posts for this organisation (no product rows)."""
    data = {}
    for name, value in model_to_dict(organisation, fields=OrganisationForm._meta.fields).items():
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    return data | {
        "products-TOTAL_FORMS": "0",
        "products-INITIAL_FORMS": "0",
        "products-MIN_NUM_FORMS": "0",
        "products-MAX_NUM_FORMS": "1000",
    }


class OrganisationMatrix:
    """Staff see by geography and change only with can_edit; members see and change their own organisation
    but neither create nor delete organisations; the partner and the press see only their own body."""

    model = Organisation
    object_names = ("unit_a", "unit_b", "unit_c", "chamber", "irna")
    visible = {
        "admin": {"unit_a", "unit_b", "unit_c", "chamber", "irna"},
        "staff_province": EAZ_ORGANISATIONS,
        "staff_salimi": {"unit_a"},
        "staff_marand_readonly": {"unit_b"},
        "staff_other_province": {"unit_c"},
        "member_a": {"unit_a"},
        "member_b": {"unit_b"},
        "partner": {"chamber"},
        "press": {"irna"},
        "nobody": set(),
    }
    changeable = {**visible, "staff_marand_readonly": set()}
    deletable = {
        **{role: set() for role in ROLES},
        "admin": visible["admin"],
        "staff_province": EAZ_ORGANISATIONS,
        "staff_salimi": {"unit_a"},
        "staff_other_province": {"unit_c"},
    }
    add_targets = {
        "admin": "tehran",
        "staff_province": "marand",
        "staff_salimi": "tabriz/salimi",
        "staff_other_province": "tehran/tehran_estate",
    }
    foreign_targets = {
        "staff_province": "tehran",
        # an estate's expert may not place an organisation in the estate's county outside the estate
        "staff_salimi": "tabriz",
        "staff_other_province": "tabriz/salimi",
    }

    def new_organisation(self, world, target, role) -> Organisation:
        county, estate = place(world, target)
        return Organisation(
            kind=Organisation.Kind.UNIT,
            name=self.created_name(role),
            county=county,
            estate=estate,
            national_id=national_id_for(role),
            isic=world.isic,
            employees=40,
        )


class TestOrganisationPages(OrganisationMatrix, WebScopeCases):
    url_names = {
        "list": "registry:organisation-list",
        "detail": "registry:organisation-detail",
        "history": "registry:organisation-history",
        "edit": "registry:organisation-edit",
        "create": "registry:organisation-create",
        "delete": "registry:organisation-delete",
    }

    def create_payload(self, world, target, role):
        return form_data(self.new_organisation(world, target, role))

    def edit_payload(self, world, obj, role):
        return form_data(obj)


class TestOrganisationApi(OrganisationMatrix, ApiScopeCases):
    api_prefix = "organisations"
    foreign_error_field = "county"

    def create_payload(self, world, target, role):
        county, estate = place(world, target)
        return {
            "kind": "unit",
            "name": self.created_name(role),
            "national_id": national_id_for(role),
            "county": county.pk,
            "estate": estate.pk if estate else None,
            "isic": world.isic.pk,
        }

    def move_payload(self, world, target):
        county, estate = place(world, target)
        return {"county": county.pk, "estate": estate.pk if estate else None}
