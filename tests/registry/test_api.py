"""The registry API beyond scope (that is in test_*_scope): authentication, pagination, filters, Persian search,
the HS -> ISIC concordance endpoint, validation messages and ordering."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rownaq.core.national_id import make_national_id
from rownaq.core.persian import to_persian_digits
from rownaq.registry.models import HsIsicLink, Organisation

pytest.register_assert_rewrite("tests.scope_cases")  # before importing it, so that its asserts explain failures
from tests.scope_cases import is_persian  # noqa: E402


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content.decode()
    return [row["id"] for row in response.json()["results"]]


# ---------------------------------------------------------------- authentication


def test_token_authentication_identifies_the_caller(world):
    response = token_client(world.member_a).get("/api/organisations/")
    assert ids(response) == [world.unit_a.pk]


@pytest.mark.parametrize("header", [None, "Token 0123456789abcdef0123456789abcdef01234567", "Bearer x"])
def test_without_a_valid_token_nothing_is_served(world, header):
    Token.objects.create(user=world.admin)
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/organisations/")
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_a_deactivated_users_token_stops_working(world):
    client = token_client(world.member_a)
    world.member_a.is_active = False
    world.member_a.save()
    assert client.get("/api/organisations/").status_code in (401, 403)


# ---------------------------------------------------------------- pagination


def test_pagination_shape_and_counts_follow_scope(world):
    Organisation.objects.bulk_create(
        Organisation(kind=Organisation.Kind.ENGINEERING_GROUP, name=f"گروه مهندسی {i:02d}", county=world.tehran)
        for i in range(55)
    )
    client = token_client(world.admin)
    first = client.get("/api/organisations/").json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert (first["count"], len(first["results"]), first["previous"]) == (60, 50, None)
    assert "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert (len(second["results"]), second["next"]) == (10, None)
    assert second["previous"] is not None
    assert not {row["id"] for row in first["results"]} & {row["id"] for row in second["results"]}
    # the count is of what the caller may see, not of the table
    assert token_client(world.staff_province).get("/api/organisations/").json()["count"] == 4


# ---------------------------------------------------------------- filters and search


@pytest.mark.parametrize(
    "role, query, expected",
    [
        ("admin", "kind=unit", {"unit_a", "unit_b", "unit_c"}),
        ("staff_province", "kind=unit", {"unit_a", "unit_b"}),
        ("admin", "kind=agency", {"chamber"}),
        ("admin", "estate={salimi}", {"unit_a"}),
        ("staff_other_province", "estate={salimi}", set()),  # a filter never widens scope
        ("admin", "county={marand}", {"unit_b"}),
        ("admin", "province={thr}", {"unit_c"}),
        ("admin", "isic_division=28", {"unit_a", "unit_b", "unit_c", "chamber", "irna"}),
        ("admin", "isic_division=10", set()),
    ],
)
def test_organisation_filters(world, role, query, expected):
    query = query.format(salimi=world.salimi.pk, marand=world.marand.pk, thr=world.thr.pk)
    names = {getattr(world, name).pk: name for name in ("unit_a", "unit_b", "unit_c", "chamber", "irna")}
    response = token_client(getattr(world, role)).get(f"/api/organisations/?{query}")
    assert {names[pk] for pk in ids(response)} == expected


@pytest.fixture
def tile_maker(world):
    return Organisation.objects.create(
        kind=Organisation.Kind.ENGINEERING_GROUP, name="کاشی‌سازی کوثر", county=world.tabriz
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("كاشيسازي", "tile_maker"),  # Arabic kaf and yeh, no ZWNJ
        ("كاشي سازي كوثر", "tile_maker"),
        ("صنايع قالبسازي", "unit_a"),  # Arabic yeh, no ZWNJ
        ("قالب سازی", "unit_a"),  # a space where the name has a ZWNJ
        ("ریخته گری", "unit_b"),
    ],
)
def test_search_finds_persian_records_whatever_the_keyboard(world, tile_maker, query, expected):
    world.tile_maker = tile_maker
    response = token_client(world.admin).get("/api/organisations/", {"q": query})
    assert ids(response) == [getattr(world, expected).pk]


def test_search_by_national_id_in_persian_digits(world):
    response = token_client(world.admin).get("/api/organisations/", {"q": to_persian_digits(world.unit_b.national_id)})
    assert ids(response) == [world.unit_b.pk]


def test_search_stays_inside_scope(world):
    response = token_client(world.member_b).get("/api/organisations/", {"q": "صنايع قالبسازي"})
    assert ids(response) == []


def test_product_filter_by_organisation(world):
    client = token_client(world.admin)
    assert len(ids(client.get(f"/api/products/?organisation={world.unit_a.pk}"))) == 1
    assert ids(client.get(f"/api/products/?organisation={world.unit_b.pk}")) == []


# ---------------------------------------------------------------- reference codes


def test_isic_classes_of_an_hs_code(world):
    client = token_client(world.nobody)
    url = "/api/hs/848071/isic-classes/"
    assert client.get(url).json() == []
    HsIsicLink.objects.create(hs=world.hs, isic=world.isic, via="848071>2922")
    response = client.get(url)
    assert response.status_code == 200
    assert [row["code"] for row in response.json()] == ["2822"]
    assert response.json()[0]["title_en"] == world.isic.title_en


def test_hs_codes_of_an_isic_class(world):
    HsIsicLink.objects.create(hs=world.hs, isic=world.isic, via="848071>2922")
    response = token_client(world.member_a).get("/api/isic/2822/hs-codes/")
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == ["848071"]


def test_unknown_hs_code_is_404(world):
    assert token_client(world.admin).get("/api/hs/999999/isic-classes/").status_code == 404


def test_the_schema_describes_the_concordance_lists_as_served():
    """Found by the API fuzzer: the schema said isic-classes was a page of results (it is a plain list), and both
    lists took the code lists' filters, which they ignore."""
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    isic_classes = paths["/api/hs/{code}/isic-classes/"]["get"]
    schema = isic_classes["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"type": "array", "items": {"$ref": "#/components/schemas/IsicCode"}}
    assert [p["name"] for p in isic_classes["parameters"]] == ["code"]
    hs_codes = paths["/api/isic/{code}/hs-codes/"]["get"]
    assert sorted(p["name"] for p in hs_codes["parameters"]) == ["code", "page"]


# ---------------------------------------------------------------- validation


def unit_payload(world, **changes) -> dict:
    return {
        "kind": "unit",
        "name": "واحد آزمایشی",
        "county": world.tabriz.pk,
        "estate": world.salimi.pk,
        "isic": "2822",
    } | changes


@pytest.mark.parametrize(
    "national_id",
    [
        "10101010100",  # wrong check digit
        "1010101010",  # ten digits
        "1010101010a",
        "11111111111",
        "",  # a unit must have one
    ],
)
def test_bad_national_id_is_refused_in_persian_naming_the_field(world, national_id):
    response = token_client(world.staff_province).post(
        "/api/organisations/", unit_payload(world, national_id=national_id), format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == ["national_id"]
    message = " ".join(errors["national_id"])
    assert is_persian(message)
    assert "شناسهٔ ملی" in message
    assert not Organisation.objects.filter(name="واحد آزمایشی").exists()


def test_national_id_in_persian_digits_is_stored_as_latin_digits(world):
    national_id = make_national_id("4050607080")
    response = token_client(world.staff_province).post(
        "/api/organisations/", unit_payload(world, national_id=to_persian_digits(national_id)), format="json"
    )
    assert response.status_code == 201, response.content.decode()
    assert Organisation.objects.get(pk=response.json()["id"]).national_id == national_id


def test_duplicate_national_id_is_refused_in_persian(world):
    response = token_client(world.staff_province).post(
        "/api/organisations/", unit_payload(world, national_id=world.unit_a.national_id), format="json"
    )
    assert response.status_code == 400
    assert is_persian(" ".join(response.json()["national_id"]))


def test_estate_outside_the_county_is_refused_in_persian(world):
    response = token_client(world.admin).post(
        "/api/organisations/",
        unit_payload(world, county=world.marand.pk, national_id=make_national_id("4050607080")),
        format="json",
    )
    assert response.status_code == 400
    assert is_persian(" ".join(response.json()["estate"]))


# ---------------------------------------------------------------- ordering


def test_ordering_by_whitelisted_fields(world):
    for employees, name in enumerate(("irna", "unit_c", "chamber", "unit_a", "unit_b")):
        Organisation.objects.filter(pk=getattr(world, name).pk).update(employees=employees * 10)
    client = token_client(world.admin)
    by_employees = ids(client.get("/api/organisations/?ordering=employees"))
    assert by_employees == [getattr(world, n).pk for n in ("irna", "unit_c", "chamber", "unit_a", "unit_b")]
    assert ids(client.get("/api/organisations/?ordering=-employees")) == by_employees[::-1]
    by_name = ids(client.get("/api/organisations/?ordering=name"))
    assert by_name == ids(client.get("/api/organisations/"))  # name is the default
    assert ids(client.get("/api/organisations/?ordering=-name")) == by_name[::-1]
    # a field that is not offered for ordering is ignored
    assert ids(client.get("/api/organisations/?ordering=national_id")) == by_name
