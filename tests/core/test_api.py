"""The API's shared parts: the schema documents the error answers DRF gives on its own (what the fuzzer in
tests/test_api_fuzz.py holds every answer to), unknown API URLs answer in JSON, and dates the Jalali calendar cannot
show are refused with a Persian message instead of failing later."""

import datetime as dt

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.exceptions import ValidationError

import rownaq.urls  # noqa: F401  (registers the viewsets)
from rownaq.core.api import FIRST_DATE, LAST_DATE, CalendarDateField
from rownaq.core.openapi import PARTIAL_TIME

pytest.register_assert_rewrite("tests.scope_cases")  # before importing it, so that its asserts explain failures
from tests.scope_cases import is_persian  # noqa: E402


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def paths(schema):
    return schema["paths"]


def codes(paths, path, method) -> set[str]:
    return set(paths[path][method]["responses"])


def test_error_answers_are_documented_where_they_can_happen(paths):
    assert codes(paths, "/api/organisations/", "get") == {"200", "400", "403", "404"}  # filters; a page past the end
    assert codes(paths, "/api/organisations/", "post") == {"201", "400", "403", "415"}
    assert codes(paths, "/api/organisations/{id}/", "get") == {"200", "403", "404"}
    assert codes(paths, "/api/organisations/{id}/", "delete") == {"204", "403", "404", "409"}
    assert codes(paths, "/api/provinces/", "get") == {"200", "400", "403"}  # not paginated
    assert codes(paths, "/api/stats/public/", "get") == {"200", "400", "404"}  # no login, so never a 403


def test_error_answers_have_a_json_body(paths):
    responses = paths["/api/organisations/{id}/"]["delete"]["responses"]
    assert responses["409"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorDetail"}
    # Documented by the view without a body (cases.api), given the body every error has.
    refer = paths["/api/cases/{id}/refer/"]["post"]["responses"]
    assert refer["400"]["description"] == "invalid input"
    assert refer["400"]["content"]["application/json"]["schema"]["type"] == "object"


def test_times_of_day_are_documented_as_written(schema):
    start = schema["components"]["schemas"]["Stage"]["properties"]["start_time"]
    assert start["format"] == "partial-time" and start["pattern"] == PARTIAL_TIME["pattern"]


def test_an_unknown_api_url_answers_in_json(world, client):
    client.force_login(world.admin)
    response = client.get("/api/tours/1.5/")  # the router's ids have no dots: no route matches
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert is_persian(response.json()["detail"])
    page = client.get("/places/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("text", ["0001-01-01", "1821-03-20", "2222-03-21", "9999-12-31"])
def test_a_date_the_jalali_calendar_cannot_show_is_refused(text):
    with pytest.raises(ValidationError) as refused:
        CalendarDateField().run_validation(text)
    assert is_persian(str(refused.value.detail[0]))


def test_dates_of_the_years_people_mean_are_read():
    field = CalendarDateField()
    assert field.run_validation(FIRST_DATE.isoformat()) == FIRST_DATE == dt.date(1821, 3, 21)
    assert field.run_validation(LAST_DATE.isoformat()) == LAST_DATE == dt.date(2222, 3, 20)
    assert field.run_validation("2025-03-21") == dt.date(2025, 3, 21)


def test_every_api_text_field_is_cleaned_like_the_forms(world):
    """Issue 15 finding 7: the API stored text the forms would clean (U+202E, the right-to-left override, kept in a
    description); every serializer text field, model-mapped or declared, now goes through the same cleaning."""
    from rest_framework.test import APIClient

    from rownaq.reporting import services as reporting
    from rownaq.reporting.models import MonthlyReport

    api = APIClient()
    api.force_authenticate(world.staff_salimi)
    response = api.patch(
        f"/api/organisations/{world.unit_a.pk}/",
        {"description": "\u202eقالب\u200b  تزریق", "address": " \u202dتبریز "},
        format="json",
    )
    assert response.status_code == 200, response.content
    world.unit_a.refresh_from_db()
    assert (world.unit_a.description, world.unit_a.address) == ("قالب تزریق", "تبریز")
    report = reporting.start_report(world.unit_a, reporting.latest_reportable_month(), None)
    MonthlyReport.objects.filter(pk=report.pk).update(status=MonthlyReport.Status.SUBMITTED)
    response = api.post(f"/api/reports/{report.pk}/return/", {"comment": "\u202eارقام را اصلاح کنید"}, format="json")
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.review_comment == "ارقام را اصلاح کنید"
