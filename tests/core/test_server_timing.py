"""The trivial view and the CPU each response reports to the load benchmark (only when SERVER_TIMING is on)."""

import re

from django.test import Client


def test_ping_answers_without_the_database():
    response = Client().get("/ping")  # no database access is allowed in this test: a query would fail it
    assert response.status_code == 200 and response.content == b"pong"


def test_the_cpu_of_a_response_is_told_only_when_asked(settings):
    assert "Server-Timing" not in Client().get("/ping")
    settings.SERVER_TIMING = True
    header = Client().get("/ping")["Server-Timing"]
    assert re.fullmatch(r"app;dur=\d+\.\d\d", header)
