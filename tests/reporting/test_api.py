"""Report submission over the API is idempotent; flow steps and indicators are scoped."""

import pytest
from rest_framework.test import APIClient

from rownaq.reporting.models import MonthlyReport, StatCell

from .conftest import accepted

pytest.register_assert_rewrite("tests.scope_cases")  # before importing it, so that its asserts explain failures
from tests.scope_cases import is_persian  # noqa: E402


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.member_a)
    return client


def payload(world, month, **overrides):
    product = world.unit_a.products.get()
    data = {
        "organisation": world.unit_a.pk,
        "period": month.code,
        "shifts_worked": 3,
        "working_days": 24,
        "employees_total": 90,
        "employees_shift1": 30,
        "employees_shift2": 30,
        "employees_shift3": 30,
        "production": [{"product": product.pk, "quantity": "8.00"}],
        "exports": [{"country": "SY", "hs": "848071", "value": "25000.00", "currency": "USD"}],
    }
    data.update(overrides)
    return data


def test_the_same_report_sent_twice_is_one_report(world, month, api):
    first = api.post("/api/reports/", payload(world, month), format="json")
    assert first.status_code == 201, first.content
    second = api.post("/api/reports/", payload(world, month), format="json")
    assert second.status_code == 200, second.content
    assert first.json()["id"] == second.json()["id"]
    assert MonthlyReport.objects.filter(organisation=world.unit_a).count() == 1
    report = MonthlyReport.objects.get()
    assert report.status == "submitted" and report.source == "api" and report.export_lines.count() == 1


def test_a_different_report_for_a_locked_month_is_a_conflict(world, month, api):
    api.post("/api/reports/", payload(world, month), format="json")
    response = api.post("/api/reports/", payload(world, month, employees_total=91), format="json")
    assert response.status_code == 409
    assert MonthlyReport.objects.get().employees_total == 90


def test_a_draft_can_be_resent_with_changes(world, month, api):
    assert api.post("/api/reports/", payload(world, month, submit=False), format="json").status_code == 201
    response = api.post("/api/reports/", payload(world, month, employees_total=95), format="json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert MonthlyReport.objects.get().employees_total == 95


def test_invalid_reports_are_refused_with_persian_messages_and_nothing_is_kept(world, month, api):
    response = api.post("/api/reports/", payload(world, month, shifts_worked=4), format="json")
    assert response.status_code == 400
    assert not MonthlyReport.objects.exists()
    response = api.post("/api/reports/", payload(world, month, period="1404-13"), format="json")
    assert response.status_code == 400 and "period" in response.json()
    bad_currency = payload(world, month, exports=[{"country": "SY", "value": "10", "currency": "XXX"}])
    assert api.post("/api/reports/", bad_currency, format="json").status_code == 400


def test_another_units_report_cannot_be_sent(world, month, api):
    response = api.post("/api/reports/", payload(world, month, organisation=world.unit_b.pk), format="json")
    assert response.status_code == 400
    assert "organisation" in response.json()


def test_review_over_the_api(world, month, api):
    report_id = api.post("/api/reports/", payload(world, month), format="json").json()["id"]
    assert api.post(f"/api/reports/{report_id}/accept/").status_code == 409  # a unit cannot accept its own
    staff = APIClient()
    staff.force_authenticate(world.staff_salimi)
    assert staff.post(f"/api/reports/{report_id}/return/", {"comment": ""}, format="json").status_code == 409
    assert staff.post(f"/api/reports/{report_id}/accept/").status_code == 200
    assert StatCell.objects.get().units == 1
    other = APIClient()
    other.force_authenticate(world.staff_other_province)
    assert other.post(f"/api/reports/{report_id}/reopen/", {"comment": "x"}, format="json").status_code == 404


def test_report_list_is_scoped(world, month, more_units):
    for unit in [world.unit_a, world.unit_b]:
        accepted(unit, month, world.admin)
    for user, expected in [
        (world.member_a, {world.unit_a.pk}),
        (world.member_b, {world.unit_b.pk}),
        (world.staff_salimi, {world.unit_a.pk}),
        (world.press, set()),
        (world.staff_other_province, set()),
        (world.admin, {world.unit_a.pk, world.unit_b.pk}),
    ]:
        client = APIClient()
        client.force_authenticate(user)
        rows = client.get("/api/reports/").json()["results"]
        assert {r["organisation"] for r in rows} == expected, user.username


def test_indicators_suppress_small_cells_outside_scope(world, month, more_units):
    accepted(world.unit_b, month, world.admin, employees=33)  # alone in Marand
    for unit in more_units[:3]:
        accepted(unit, month, world.admin, employees=20)
    outsider = APIClient()
    outsider.force_authenticate(world.staff_other_province)
    data = outsider.get(f"/api/stats/indicators/?level=province&id={world.eaz.pk}&period={month.code}").json()
    by_name = {row["name"]: row for row in data["children"]}
    assert by_name["مرند"]["suppressed"] and by_name["مرند"]["employees"] is None
    # Tabriz (three units) goes with it: the province's 93 less Tabriz's 60 would give Marand's 33.
    assert by_name["تبریز"]["suppressed"] and by_name["تبریز"]["employees"] is None
    assert data["current"]["employees"] == 93
    inside = APIClient()
    inside.force_authenticate(world.staff_province)
    data = inside.get(f"/api/stats/indicators/?level=province&id={world.eaz.pk}&period={month.code}").json()
    assert {row["name"]: row["employees"] for row in data["children"]}["مرند"] == 33


def test_public_indicators_need_no_login_and_always_suppress(world, month, more_units):
    accepted(world.unit_b, month, world.admin, employees=33)
    public = APIClient().get(f"/api/stats/public/?level=county&id={world.marand.pk}&period={month.code}")
    assert public.status_code == 200
    assert public.json()["current"]["suppressed"] is True and public.json()["current"]["employees"] is None


@pytest.mark.parametrize(
    "query, field",
    [("level=region", "level"), ("level=county", "id"), ("level=county&id=-5", "id"), ("level=county&id=2.5", "id")],
)
def test_indicators_refuse_an_area_that_cannot_name_a_place(world, api, query, field):
    """Found by the API fuzzer: these were a 404, which the schema did not document (and is not "bad input")."""
    for client in (api, APIClient()):
        url = "/api/stats/indicators/" if client is api else "/api/stats/public/"
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, response.content
        assert is_persian(response.json()[field][0])


def test_indicators_of_a_place_that_does_not_exist_are_not_found(world, api):
    assert api.get("/api/stats/indicators/?level=estate&id=987654").status_code == 404
    assert api.get("/api/stats/indicators/?level=county&id=99999999999999999999999").status_code == 404


def test_the_schema_documents_every_answer_of_reports_and_indicators(world):
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert {"200", "201", "409"} <= set(paths["/api/reports/"]["post"]["responses"])  # a resent report; a locked one
    for step in ("submit", "accept", "return", "reopen"):
        assert "409" in paths[f"/api/reports/{{id}}/{step}/"]["post"]["responses"]
    for path in ("/api/stats/indicators/", "/api/stats/public/"):
        assert {"200", "400", "404"} <= set(paths[path]["get"]["responses"])


def test_an_export_line_cannot_name_another_companys_product(world, month, api):
    """Issue 15 finding 7: an export line sent over the API could name any product, another company's included."""
    from rownaq.registry.models import Product

    theirs = Product.objects.create(
        organisation=world.unit_c, name="محصول دیگران", annual_capacity=10, unit=Product.Unit.SET
    )
    sent = payload(world, month, exports=[{"country": "SY", "product": theirs.pk, "value": "10", "currency": "USD"}])
    response = api.post("/api/reports/", sent, format="json")
    assert response.status_code == 400 and is_persian(response.json()["exports"][0])
    assert "محصول دیگران" not in response.content.decode()
    assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize("period", ["1200-01", "current"])
def test_a_report_is_for_an_ended_month_the_system_can_hold(world, month, api, period):
    """Issue 15 finding 7: a report for 1200-01 was accepted; the month not yet ended is not reportable either."""
    period = month.next().code if period == "current" else period
    response = api.post("/api/reports/", payload(world, month, period=period), format="json")
    assert response.status_code == 400 and is_persian(response.json()["period"][0])
    assert not MonthlyReport.objects.exists()
