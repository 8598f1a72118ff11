"""The server-error handler: a database that cannot be reached is a 503 in Persian (JSON under /api/), anything
else is still the 500 page. tests/test_faults.py does the same against a real PostgreSQL that is stopped."""

import json

from django.db import OperationalError
from django.test import Client

from rownaq.core import errors


def failing(exception):
    def view(*args, **kwargs):
        raise exception

    return view


def test_an_unreachable_database_is_a_503_page_in_persian(world, monkeypatch):
    monkeypatch.setattr("rownaq.web.views.registry_summary", failing(OperationalError("connection refused")))
    client = Client(raise_request_exception=False)
    client.force_login(world.member_a)
    response = client.get("/")
    assert response.status_code == 503 and response["Retry-After"]
    page = response.content.decode()
    assert 'dir="rtl"' in page and "موقتاً در دسترس نیست" in page
    assert "connection refused" not in page and "Traceback" not in page


def test_under_api_it_is_json(world, monkeypatch):
    monkeypatch.setattr(
        "rownaq.reporting.api.MonthlyReportViewSet.get_queryset",
        failing(OperationalError("server closed the connection unexpectedly")),
    )
    client = Client(raise_request_exception=False)
    client.force_login(world.member_a)
    response = client.get("/api/reports/")
    assert response.status_code == 503 and response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["code"] == "database_unavailable" and "پایگاه داده" in body["detail"]
    assert "server closed" not in response.content.decode()


def test_other_errors_are_still_the_500_page(world, monkeypatch):
    monkeypatch.setattr("rownaq.web.views.registry_summary", failing(ValueError("a bug")))
    client = Client(raise_request_exception=False)
    client.force_login(world.member_a)
    response = client.get("/")
    assert response.status_code == 500 and "خطای سامانه" in response.content.decode()


def test_the_page_survives_a_broken_template(rf, monkeypatch):
    monkeypatch.setattr(errors.loader, "render_to_string", failing(RuntimeError("no template")))
    response = errors.database_unavailable(rf.get("/reports/"))
    assert response.status_code == 503 and "موقتاً در دسترس نیست" in response.content.decode()
