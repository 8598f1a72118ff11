"""A maker never learns who an anonymous buyer is: not its name, national id or estate, nor a link to it, in the
marketplace list and its Excel export, the need's page (the maker is sent to the marketplace's version), the
«needs I could serve» page, the API, or the e-mail digest. A public buyer is named. The buyer and staff still see
everything."""

from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rownaq.sourcing import services
from rownaq.sourcing.models import Need

from .conftest import PDF, anonymous_need, identity_of, published

pytestmark = pytest.mark.django_db


def assert_hidden(text: str, world):
    leaks = [part for part in identity_of(world) if part in text]
    assert leaks == [], f"the anonymous buyer shows: {leaks}"


def workbook_text(content: bytes) -> str:
    sheet = load_workbook(BytesIO(content)).active
    return " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)


@pytest.fixture
def secret(makers):
    need = anonymous_need(makers, files=[("نقشه-قالب.pdf", PDF)])
    return need


def test_marketplace_page_and_its_excel_hide_the_anonymous_buyer(client, makers, secret):
    w = makers
    client.force_login(w.maker)
    page = client.get(reverse("sourcing:market")).content.decode()
    assert secret.title in page and services.ANONYMOUS_BUYER in page
    assert_hidden(page, w)
    export = client.get(reverse("sourcing:market"), {"export": "xlsx"})
    text = workbook_text(export.content)
    assert secret.title in text and services.ANONYMOUS_BUYER in text
    assert_hidden(text, w)


def test_the_marketplace_cannot_be_filtered_or_searched_by_the_buyer(client, makers, secret):
    w = makers
    client.force_login(w.maker)
    by_name = client.get(reverse("sourcing:market"), {"q": w.unit_a.name})
    assert secret.title not in by_name.content.decode()
    by_estate = client.get(reverse("sourcing:market"), {"estate": w.salimi.pk, "organisation": w.unit_a.pk})
    assert by_estate.context["total_count"] == 1  # unknown filters are ignored, not applied


def test_the_need_page_sends_a_maker_to_the_anonymous_version(client, makers, secret):
    w = makers
    client.force_login(w.maker)
    response = client.get(secret.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == reverse("sourcing:market-detail", args=[secret.pk])
    page = client.get(response["Location"]).content.decode()
    assert secret.title in page and services.ANONYMOUS_BUYER in page
    assert_hidden(page, w)
    assert "نقشه-قالب.pdf" not in page, "an anonymous need's drawings go through the organisation"
    attachment = secret.attachments.get()
    url = reverse("sourcing:attachment-download", args=[secret.pk, attachment.pk])
    assert client.get(url).status_code == 404
    for path in (reverse("sourcing:need-history", args=[secret.pk]), reverse("sourcing:need-edit", args=[secret.pk])):
        assert client.get(path).status_code == 404


def test_the_buyer_and_staff_see_who_it_is(client, makers, secret):
    w = makers
    for user in (w.member_a, w.staff_salimi, w.staff_province):
        client.force_login(user)
        page = client.get(secret.get_absolute_url()).content.decode()
        assert w.unit_a.name in page, user
        market = client.get(reverse("sourcing:market-detail", args=[secret.pk])).content.decode()
        assert w.unit_a.name in market, user


def test_a_public_buyer_is_named_and_its_drawing_downloadable(client, makers):
    w = makers
    need = published(w, files=[("نقشه.pdf", PDF)])
    client.force_login(w.maker)
    page = client.get(reverse("sourcing:market-detail", args=[need.pk])).content.decode()
    assert w.unit_a.name in page and "نقشه.pdf" in page
    assert w.unit_a.national_id not in page and w.salimi.name not in page
    attachment = need.attachments.get()
    response = client.get(reverse("sourcing:attachment-download", args=[need.pk, attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_needs_i_could_serve_hides_the_anonymous_buyer(client, makers, secret):
    w = makers
    client.force_login(w.maker)
    response = client.get(reverse("sourcing:serve"))
    page = response.content.decode()
    assert secret.title in page, "the mould need should be among the maker's needs"
    assert_hidden(page, w)
    assert "همان شهرک" not in page


def test_the_api_hides_the_anonymous_buyer(makers, secret):
    w = makers
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=w.maker)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    listing = client.get("/api/marketplace/")
    assert listing.status_code == 200
    rows = listing.json()["results"]
    assert [r["id"] for r in rows] == [secret.pk]
    one = client.get(f"/api/marketplace/{secret.pk}/").json()
    for body in (rows[0], one):
        assert body["buyer_organisation"] is None and body["buyer"].startswith(services.ANONYMOUS_BUYER)
        assert body["attachments"] == []
        assert "annual_fx_value" not in body and "organisation" not in body and "imports_history" not in body
    assert_hidden(
        listing.content.decode("unicode_escape")
        + client.get(f"/api/marketplace/{secret.pk}/").content.decode("unicode_escape"),
        w,
    )
    assert client.get(f"/api/needs/{secret.pk}/").status_code == 404
    assert client.get(f"/api/needs/{secret.pk}/makers/").status_code == 404
    response = client.post(
        f"/api/marketplace/{secret.pk}/interest/", {"maker": w.mould_maker.pk, "message": "می‌سازیم"}, format="json"
    )
    assert response.status_code == 201
    interests = client.get("/api/interests/").content.decode("unicode_escape")
    assert_hidden(interests, w)


def test_the_api_names_a_public_buyer(makers):
    w = makers
    need = published(w)
    client = APIClient()
    client.force_login(w.maker)
    body = client.get(f"/api/marketplace/{need.pk}/").json()
    assert body["buyer"] == w.unit_a.name and body["buyer_organisation"] == w.unit_a.pk


def test_the_digest_keeps_the_buyer_anonymous(makers, secret):
    w = makers
    mail.outbox.clear()
    run = services.run_digest()
    assert run.pairs >= 1
    to_maker = [m for m in mail.outbox if w.maker.email in m.to]
    assert len(to_maker) == 1
    body = to_maker[0].subject + to_maker[0].body
    assert secret.title in body and services.ANONYMOUS_BUYER in body
    assert_hidden(body, w)
    assert "همان شهرک" not in body


def test_an_anonymous_need_may_not_name_its_buyer_in_the_text(client, makers):
    w = makers
    client.force_login(w.member_a)
    response = client.post(
        reverse("sourcing:need-create"),
        {
            "organisation": w.unit_a.pk,
            "title": "قالب تزریق",
            "kind": "mould",
            "unit": "set",
            "currency": "EUR",
            "visibility": "anonymous",
            "description": f"برای {w.unit_a.name.replace(' (نمونه)', '')} در شهرک سلیمی",
        },
    )
    assert response.status_code == 400
    assert "ناشناس" in str(response.context["form"].errors["visibility"])
    assert not Need.objects.exists()
