"""Who may see and change which product: through the API (generic cases in scope_cases) and through the
product rows of the organisation's edit page."""

import pytest
from django.urls import reverse

from rownaq.registry.models import Product
from tests.registry.test_organisation_scope import form_data

pytest.register_assert_rewrite("tests.scope_cases")  # before importing it, so that its asserts explain failures
from tests.scope_cases import (  # noqa: E402
    ApiScopeCases,
    change_records_since,
    last_change_record_id,
    records_about,
)

OWNERS = {
    "product_a": "unit_a",
    "product_b": "unit_b",
    "product_c": "unit_c",
    "product_chamber": "chamber",
    "product_irna": "irna",
}


def products_of(world) -> dict:
    """One product for every organisation of the world (unit A's comes with the fixture)."""
    products = {"product_a": Product.objects.get(organisation=world.unit_a)}
    for name, owner in OWNERS.items():
        if name not in products:
            products[name] = Product.objects.create(
                organisation=getattr(world, owner),
                name=f"محصول {owner}",
                hs=world.hs,
                annual_capacity=10,
                unit=Product.Unit.PIECE,
            )
    return products


class TestProductApi(ApiScopeCases):
    """Members view, add, change and delete their own organisation's products; staff by geography, changing
    only with can_edit; the press and the partner are members of their own bodies."""

    model = Product
    api_prefix = "products"
    foreign_error_field = "organisation"
    object_names = tuple(OWNERS)
    visible = {
        "admin": set(OWNERS),
        "staff_province": {"product_a", "product_b", "product_chamber", "product_irna"},
        "staff_salimi": {"product_a"},
        "staff_marand_readonly": {"product_b"},
        "staff_other_province": {"product_c"},
        "member_a": {"product_a"},
        "member_b": {"product_b"},
        "partner": {"product_chamber"},
        "press": {"product_irna"},
        "nobody": set(),
    }
    changeable = {**visible, "staff_marand_readonly": set()}
    add_targets = {
        "admin": "unit_c",
        "staff_province": "unit_b",
        "staff_salimi": "unit_a",
        "staff_other_province": "unit_c",
        "member_a": "unit_a",
        "member_b": "unit_b",
        "partner": "chamber",
        "press": "irna",
    }
    foreign_targets = {
        "staff_province": "unit_c",
        "staff_salimi": "unit_b",
        "staff_other_province": "unit_a",
        "member_a": "unit_b",
        "member_b": "unit_a",
        "partner": "irna",
        "press": "chamber",
    }

    def make_objects(self, world):
        return products_of(world)

    def create_payload(self, world, target, role):
        return {
            "organisation": getattr(world, target).pk,
            "name": self.created_name(role),
            "hs": world.hs.pk,
            "annual_capacity": "250.00",
            "unit": "t",
        }

    def move_payload(self, world, target):
        return {"organisation": getattr(world, target).pk}


# ---------------------------------------------------------------- the product rows of the organisation's page

PRODUCT_FIELDS = ("id", "organisation", "name", "hs", "annual_capacity", "unit")


def with_product_rows(data: dict, rows: list[dict], initial: int) -> dict:
    """`data` with the product formset's rows: the first `initial` rows are existing products."""
    data = dict(data, **{"products-TOTAL_FORMS": str(len(rows)), "products-INITIAL_FORMS": str(initial)})
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"products-{index}-{field}"] = value
    return data


def product_row(product: Product, **changes) -> dict:
    row = {
        "id": product.pk,
        "organisation": product.organisation_id,
        "name": product.name,
        "hs": product.hs_id or "",
        "annual_capacity": product.annual_capacity or "",
        "unit": product.unit,
    }
    return row | changes


# Roles that may change unit A (see OrganisationMatrix).
UNIT_A_EDITORS = ["admin", "staff_province", "staff_salimi", "member_a"]


@pytest.mark.parametrize("role", UNIT_A_EDITORS)
def test_edit_page_adds_changes_and_deletes_products_in_the_callers_name(role, client, world):
    user = getattr(world, role)
    client.force_login(user)
    products = products_of(world)
    kept, dropped = products["product_a"], Product.objects.create(organisation=world.unit_a, name="قالب دمشی")
    rows = [
        product_row(kept, name="قالب تزریق پلاستیک دوزمانه"),
        product_row(dropped, DELETE="on"),
        {"name": "قالب فشاری لاستیک", "hs": "۸۴۸۰.۷۱", "annual_capacity": "30", "unit": "set"},
    ]
    mark = last_change_record_id()
    response = client.post(
        reverse("registry:organisation-edit", args=[world.unit_a.pk]),
        with_product_rows(form_data(world.unit_a), rows, initial=2),
    )
    assert response.status_code == 302
    added = Product.objects.get(organisation=world.unit_a, name="قالب فشاری لاستیک")
    assert added.hs_id == "848071"
    kept.refresh_from_db()
    assert kept.name == "قالب تزریق پلاستیک دوزمانه"
    assert not Product.objects.filter(pk=dropped.pk).exists()
    records = change_records_since(mark)
    assert records_about(records, Product, added.pk, "create", user).exists()
    assert records_about(records, Product, kept.pk, "update", user).exists()
    assert records_about(records, Product, dropped.pk, "delete", user).exists()
    # the products' changes show in the organisation's history
    assert records.filter(parent_object_id=str(world.unit_a.pk)).count() == 3


@pytest.mark.parametrize("role", UNIT_A_EDITORS)
@pytest.mark.parametrize("victim", ["product_b", "product_c"])
def test_edit_page_cannot_reach_another_organisations_product(role, victim, client, world):
    """A forged row id naming another organisation's product neither changes nor deletes it (the page may
    show an error or ignore the row)."""
    client.force_login(getattr(world, role))
    product = products_of(world)[victim]
    forgeries = {
        "rename": product_row(product, name="دستکاری‌شده"),
        "rename as ours": product_row(product, name="دستکاری‌شده", organisation=world.unit_a.pk),
        "delete": product_row(product, DELETE="on"),
        "delete as ours": product_row(product, DELETE="on", organisation=world.unit_a.pk),
    }
    for forged in forgeries.values():
        mark = last_change_record_id()
        response = client.post(
            reverse("registry:organisation-edit", args=[world.unit_a.pk]),
            with_product_rows(form_data(world.unit_a), [forged], initial=1),
        )
        assert response.status_code in (200, 302)
        assert Product.objects.filter(pk=product.pk, name=product.name, organisation=product.organisation).exists()
        assert not change_records_since(mark).exists()


@pytest.mark.parametrize("role", ["staff_marand_readonly", "member_a", "nobody"])
def test_product_rows_of_an_organisation_the_role_may_not_change_are_refused(role, client, world):
    client.force_login(getattr(world, role))
    product = products_of(world)["product_b"]
    rows = [product_row(product, name="دستکاری‌شده"), {"name": "محصول تازه", "unit": "t"}]
    mark = last_change_record_id()
    response = client.post(
        reverse("registry:organisation-edit", args=[world.unit_b.pk]),
        with_product_rows(form_data(world.unit_b), rows, initial=1),
    )
    assert response.status_code == (403 if role == "staff_marand_readonly" else 404)
    assert Product.objects.get(pk=product.pk).name == product.name
    assert not Product.objects.filter(name="محصول تازه").exists()
    assert not change_records_since(mark).exists()


def test_deleting_a_product_that_reports_name_is_refused_beside_it_and_nothing_typed_is_lost(client, world):
    """It was a 500 (ProtectedError) and the whole form was lost; the API named the holders in English."""
    from rownaq.reporting.models import MonthlyReport, ProductionLine

    product = products_of(world)["product_a"]
    report = MonthlyReport.objects.create(organisation=world.unit_a, year=1403, month=4)
    ProductionLine.objects.create(report=report, product=product, quantity=5)
    client.force_login(world.member_a)
    data = with_product_rows(
        form_data(world.unit_a),
        [
            product_row(product, DELETE="on"),
            {"name": "قالب فشاری لاستیک", "hs": "", "annual_capacity": "30", "unit": "set"},
        ],
        initial=1,
    )
    response = client.post(reverse("registry:organisation-edit", args=[world.unit_a.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    row = page.split('data-testid="product-row"')[1]
    assert "نمی‌توان حذف کرد" in row and "۱ ردیف تولید" in row
    assert 'value="قالب فشاری لاستیک"' in page  # what was typed comes back
    assert Product.objects.filter(pk=product.pk).exists()
    assert not Product.objects.filter(name="قالب فشاری لاستیک").exists()

    client.force_login(world.admin)
    response = client.delete(f"/api/products/{product.pk}/")
    assert response.status_code == 409
    assert "ردیف تولید" in response.json()["detail"] and "ProductionLine" not in response.json()["detail"]
