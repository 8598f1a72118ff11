"""The API beyond the generic role cases: a need listed with its HS code and three years' imports, attachments
checked, capabilities kept by their makers, interests seen by both sides, and the ledger."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from rownaq.sourcing.models import Capability, Need

from .conftest import EXECUTABLE, PDF, list_need, published

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_listing_a_need_and_attaching_its_drawing(makers):
    w = makers
    client = api(w.member_a)
    response = client.post(
        "/api/needs/",
        {
            "organisation": w.unit_a.pk,
            "title": "قالب تزریق سبد",
            "kind": "mould",
            "hs": "848071",
            "currency": "EUR",
            "annual_fx_value": "45000",
            "imports_history": {"1402": "40000", "1401": 38000},
            "processes": ["mould_making"],
            "visibility": "anonymous",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["hs"], body["hs_confirmed"], body["version"]) == ("draft", "848071", True, 1)
    assert body["imports_history"] == {"1402": "40000.00", "1401": "38000.00"}
    need = Need.objects.get(pk=body["id"])
    bad = client.post(
        f"/api/needs/{need.pk}/attach/", {"file": SimpleUploadedFile("drawing.pdf", EXECUTABLE)}, format="multipart"
    )
    assert bad.status_code == 400 and "اجرایی" in bad.json()["file"][0]
    good = client.post(
        f"/api/needs/{need.pk}/attach/", {"file": SimpleUploadedFile("drawing.pdf", PDF)}, format="multipart"
    )
    assert good.status_code == 200 and [a["original_name"] for a in good.json()["attachments"]] == ["drawing.pdf"]
    assert (
        client.post(
            "/api/needs/", {"organisation": w.unit_a.pk, "title": "x", "kind": "part", "currency": "IRR"}, format="json"
        ).status_code
        == 400
    )
    stale = client.patch(f"/api/needs/{need.pk}/", {"title": "y", "version": 99}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"


def test_makers_endpoint_lists_reasons(makers):
    w = makers
    need = published(w)
    body = api(w.staff_province).get(f"/api/needs/{need.pk}/makers/").json()
    assert body[0]["organisation"] == w.mould_maker.pk and body[0]["good"] is True
    assert body[0]["estate"] == w.marand_estate.name and any("۸۴۸۰۷۱" in r for r in body[0]["reasons"])


def test_capabilities_are_kept_by_their_makers(makers):
    w = makers
    maker = api(w.maker)
    existing = Capability.objects.get(organisation=w.mould_maker)
    assert [c["id"] for c in maker.get("/api/capabilities/").json()["results"]] == [existing.pk]
    response = maker.patch(
        f"/api/capabilities/{existing.pk}/", {"hs_codes": ["848071", "848041"], "notify": False}, format="json"
    )
    assert response.status_code == 200, response.content
    existing.refresh_from_db()
    assert sorted(existing.hs_codes.values_list("code", flat=True)) == ["848041", "848071"] and not existing.notify
    refused = maker.post("/api/capabilities/", {"organisation": w.unit_b.pk, "summary": "x"}, format="json")
    assert refused.status_code == 400 and "حوزهٔ شما" in refused.json()["organisation"][0]
    mine = api(w.member_b).post(
        "/api/capabilities/",
        {"organisation": w.unit_b.pk, "summary": "ریخته‌گری چدن", "processes": ["casting"]},
        format="json",
    )
    assert mine.status_code == 201 and Capability.objects.get(organisation=w.unit_b).processes == ["casting"]
    assert api(w.member_b).get(f"/api/capabilities/{existing.pk}/").status_code == 404
    assert api(w.partner).post("/api/capabilities/", {"organisation": w.chamber.pk}, format="json").status_code == 400


def test_interests_are_seen_by_the_buyer_and_the_maker_only(makers):
    w = makers
    need = published(w)
    response = api(w.maker).post(f"/api/marketplace/{need.pk}/interest/", {"maker": w.mould_maker.pk}, format="json")
    assert response.status_code == 201
    again = api(w.maker).post(f"/api/marketplace/{need.pk}/interest/", {"maker": w.mould_maker.pk}, format="json")
    assert again.status_code == 409
    foreign = api(w.maker).post(f"/api/marketplace/{need.pk}/interest/", {"maker": w.unit_b.pk}, format="json")
    assert foreign.status_code == 403
    for user, count in ((w.maker, 1), (w.member_a, 1), (w.staff_salimi, 1), (w.member_b, 0), (w.partner, 0)):
        assert api(user).get("/api/interests/").json()["count"] == count
    assert api(w.partner).get("/api/marketplace/").json()["count"] == 0


def test_the_ledger_endpoint(makers):
    w = makers
    need = list_need(w, annual_fx_value=Decimal("1000"), currency="USD")
    Need.objects.filter(pk=need.pk).update(status="localized", maker=w.mould_maker, fx_saved_per_year=Decimal("800"))
    body = api(w.staff_salimi).get("/api/needs/ledger/").json()
    assert body["saved"] == [{"currency": "USD", "value": 800.0, "count": 1}] or body["saved"] == [
        {"currency": "USD", "value": "800.00", "count": 1}
    ]
    assert api(w.member_b).get("/api/needs/ledger/").json()["saved"] == []


def test_a_need_not_withdrawn_validates_against_the_schema(makers, client):
    """Found by the API fuzzer: a need's withdraw_reason is "" until it is withdrawn; the schema's enum had no ""."""
    from drf_spectacular.generators import SchemaGenerator

    need = api(makers.member_a).get(f"/api/needs/{list_need(makers).pk}/").json()
    assert need["withdraw_reason"] == ""
    schema = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    options = schema["Need"]["properties"]["withdraw_reason"]["oneOf"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in options and schema["BlankEnum"]["enum"] == [""]


def test_a_localization_date_the_jalali_calendar_cannot_show_is_refused(makers):
    need = list_need(makers)
    response = api(makers.member_a).post(
        f"/api/needs/{need.pk}/move/",
        {
            "to": "localized",
            "maker": makers.mould_maker.pk,
            "localized_on": "0001-01-01",
            "domestic_price_rial": "1000",
            "fx_saved_per_year": "10",
        },
        format="json",
    )
    assert response.status_code == 400 and "localized_on" in response.json()
    need.refresh_from_db()
    assert need.localized_on is None


def test_a_stale_change_is_a_conflict_the_schema_documents(makers):
    """Found by the API fuzzer: PUT and PATCH answer 409 for a stale version, which the schema did not list."""
    from drf_spectacular.generators import SchemaGenerator

    need = list_need(makers)
    response = api(makers.member_a).patch(
        f"/api/needs/{need.pk}/", {"title": "قالب دیگر", "version": need.version + 5}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "version_conflict"
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for method in ("put", "patch"):
        assert "409" in paths["/api/needs/{id}/"][method]["responses"]
