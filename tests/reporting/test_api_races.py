"""A client's retry racing its first attempt (found by `make bench-load`): the same report sent twice at once is
one report, and both requests succeed — the second waits for the first and answers 200 with the same report,
where it used to fail with a 500 (it found no report, then met the first one's insert on the unique key)."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from rownaq.reporting import services
from rownaq.reporting.models import MonthlyReport, ReportEvent

from .test_api import payload

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_report_sent_twice_at_once_is_one_report_and_no_error(world, month, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions (PostgreSQL); SQLite serialises writers")
    validate = services.validate
    first_inside = threading.Event()

    def slow_validate(report):
        # Hold the first submission's transaction open long enough for the second request to arrive.
        if not first_inside.is_set():
            first_inside.set()
            threading.Event().wait(0.5)
        return validate(report)

    monkeypatch.setattr(services, "validate", slow_validate)
    responses = {}

    def send(name):
        client = APIClient()
        client.force_authenticate(world.member_a)
        try:
            if name == "retry":
                first_inside.wait(5)
            responses[name] = client.post("/api/reports/", payload(world, month), format="json")
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(name,)) for name in ("first", "retry")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    statuses = sorted(r.status_code for r in responses.values())
    assert statuses == [200, 201], {k: (r.status_code, r.content[:300]) for k, r in responses.items()}
    assert responses["first"].json()["id"] == responses["retry"].json()["id"]
    report = MonthlyReport.objects.get(organisation=world.unit_a)
    assert report.status == "submitted"
    assert ReportEvent.objects.filter(report=report, action="submit").count() == 1
