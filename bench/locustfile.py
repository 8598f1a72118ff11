"""Locust users for the month-end load benchmark (bench.load runs it; see that module's docstring).

Reads the plan loadbench writes (ROWNAQ_LOAD_PLAN: the month, the units with their member, token and products,
the staff, the user mix and think times) and writes into ROWNAQ_LOAD_OUT:
- submissions.jsonl: every submission the server confirmed (unit, channel, report id), checked afterwards against
  the database: each confirmed report must be there exactly once;
- requests.csv: every request (start time, name, status, ok, milliseconds, the server's CPU milliseconds from its
  Server-Timing header), for the figures and for the errors around a database restart.

Users (the counts come from the plan):
- unit members on the web: sign in, open the report list, start the month's report, open the form, fill and submit
  it, submit the same form again (a double click), read the report, sign out, and take the next unit;
- unit systems on the API (token): look the report up, submit it (sometimes twice at once, like a client retrying a
  request that seems stuck), send it again (a retry after a lost answer: must answer 200 with the same report), and
  read it back;
- staff: the home dashboard, the statistics dashboard, completeness, the review queue and the indicator API;
  reviewers also accept submitted reports;
- the public: the published statistics page and API.
Each unit is submitted once by one user; a journey that fails puts its unit back for a later attempt.
No Django import here: this runs in locust's own process.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
import re
import time
from collections import deque
from pathlib import Path
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, between, events, task

from bench.loadusers import (
    answer_api_questions,
    answer_form_questions,
    api_payload,
    figures,
    fill_report_form,
    report_form,
)

PLAN = json.loads(Path(os.environ["ROWNAQ_LOAD_PLAN"]).read_text(encoding="utf-8"))
OUT = Path(os.environ["ROWNAQ_LOAD_OUT"])
OUT.mkdir(parents=True, exist_ok=True)
PERIOD, YEAR, MONTH, DAYS = PLAN["period"], PLAN["year"], PLAN["month"], PLAN.get("days", 31)
THINK = tuple(PLAN["think"])
UNITS: deque = deque(PLAN["units"])  # units whose report is still to be sent; one user takes one at a time
SUBMISSIONS = (OUT / "submissions.jsonl").open("a", encoding="utf-8")
REQUESTS = (OUT / "requests.csv").open("a", newline="", encoding="utf-8")
REQUEST_LOG = csv.writer(REQUESTS)
REPORT_URL = re.compile(r"/reports/(\d+)/(edit/)?$")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


SERVER_CPU = re.compile(r"\bapp;dur=([0-9.]+)")


def server_cpu(response) -> str:
    """The CPU the server's thread spent on the request, from its Server-Timing header (ms; '' if none)."""
    headers = getattr(response, "headers", None) or {}
    found = SERVER_CPU.search(headers.get("Server-Timing") or headers.get("server-timing") or "")
    return found.group(1) if found else ""


@events.request.add_listener
def log_request(name, response_time, response, exception, start_time=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    REQUEST_LOG.writerow(
        [
            f"{start_time or time.time():.3f}",
            name,
            status,
            int(exception is None),
            f"{response_time or 0:.1f}",
            server_cpu(response),
        ]
    )


@events.quitting.add_listener
def flush(**kwargs):
    SUBMISSIONS.flush()
    REQUESTS.flush()


def confirm(unit: dict, channel: str, report_id: int, how: str) -> None:
    SUBMISSIONS.write(
        json.dumps(
            {
                "unit": unit["id"],
                "period": PERIOD,
                "channel": channel,
                "report": report_id,
                "how": how,
                "t": round(time.time(), 3),
            }
        )
        + "\n"
    )
    SUBMISSIONS.flush()


class Member(FastHttpUser):
    """Something that signs in with the session form, like a person with a browser."""

    abstract = True
    network_timeout = connection_timeout = 90.0
    wait_time = between(*THINK)

    def think(self) -> None:
        gevent.sleep(random.uniform(*THINK))

    def csrf_cookie(self) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")

    def post_form(self, path: str, fields: dict, name: str, **kwargs):
        return self.client.post(
            path,
            data=urlencode(fields),
            name=name,
            allow_redirects=False,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            **kwargs,
        )

    def sign_in(self, prefix: str, username: str) -> bool:
        self.client.cookiejar.clear()
        page = self.client.get("/accounts/login/", name=f"{prefix}: login page")
        token = CSRF_INPUT.search(page.text or "")
        if page.status_code != 200 or not token:
            return False
        with self.post_form(
            "/accounts/login/",
            {"username": username, "password": PLAN["password"], "csrfmiddlewaretoken": token.group(1)},
            f"{prefix}: sign in",
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
                return True
            response.failure(f"sign-in answered {response.status_code}")
            return False

    def sign_out(self, prefix: str) -> None:
        self.post_form("/accounts/logout/", {"csrfmiddlewaretoken": self.csrf_cookie()}, f"{prefix}: sign out")


class UnitOnTheWeb(Member):
    fixed_count = PLAN["mix"]["web"]

    @task
    def report_the_month(self):
        if not UNITS:
            self.read_own_report()
            return
        unit = UNITS.popleft()
        self.unit = unit
        if not self.submit_on_the_web(unit):
            UNITS.append(unit)  # someone tries again later

    def read_own_report(self):
        if getattr(self, "report_path", None):
            self.client.get(self.report_path, name="web: report page")
        else:
            self.client.get("/", name="web: home")

    def submit_on_the_web(self, unit: dict) -> bool:
        rng = random.Random(f"{unit['id']}:{PERIOD}")
        if not self.sign_in("web", unit["username"]):
            return False
        self.think()
        if self.client.get("/", name="web: home").status_code != 200:
            return False
        list_page = self.client.get(f"/reports/?organisation={unit['id']}", name="web: report list")
        if list_page.status_code != 200:
            return False
        self.think()
        started = self.post_form(
            "/reports/start/",
            {"organisation": unit["id"], "period": PERIOD, "csrfmiddlewaretoken": self.csrf_cookie()},
            "web: start report",
        )
        location = started.headers.get("Location", "") if started.headers else ""
        if started.status_code != 302 or not REPORT_URL.search(location):
            return False
        with self.client.get(
            location, name="web: report form", allow_redirects=False, catch_response=True
        ) as form_page:
            found = REPORT_URL.search(form_page.headers.get("Location", "") if form_page.headers else "")
            if form_page.status_code == 302 and found and not found.group(2):
                # Already submitted: an earlier attempt went through but its answer was lost.
                form_page.success()
                self.report_path = f"/reports/{found.group(1)}/"
                confirm(unit, "web", int(found.group(1)), "found submitted")
                self.sign_out("web")
                return True
            if form_page.status_code != 200:
                form_page.failure(f"report form answered {form_page.status_code}")
                return False
        fields = report_form(form_page.text or "")
        fill_report_form(fields, figures(unit, rng, DAYS))
        fields["action"] = "submit"
        self.think()  # filling the form in
        done = self.submit_form(location, fields)
        if done is None:
            return False
        report_id = int(done.group(1))
        confirm(unit, "web", report_id, "submitted")
        self.report_path = f"/reports/{report_id}/"
        # The same form sent again (a double click, or the browser resending): refused cleanly, nothing doubled.
        with self.post_form(location, fields, "web: submit again (double click)", catch_response=True) as again:
            if again.status_code in (302, 409):
                again.success()
            else:
                again.failure(f"a repeated submission answered {again.status_code}")
        self.client.get(self.report_path, name="web: report page")
        self.think()
        self.sign_out("web")
        return True

    def submit_form(self, location: str, fields: dict):
        """Sends the form; when the server asks plausibility questions (400 with the form back and a question
        beside each unusual figure), types an answer to each and sends the form the server gave back again.
        Returns the match of the report's URL, or None."""
        name = "web: submit report"
        for attempt in range(2):
            with self.post_form(location, fields, name, catch_response=True) as submitted:
                done = REPORT_URL.search(submitted.headers.get("Location", "") if submitted.headers else "")
                if submitted.status_code == 302 and done and not done.group(2):
                    submitted.success()
                    return done
                if submitted.status_code == 400 and attempt == 0:
                    fields = report_form(submitted.text or "")
                    if answer_form_questions(fields):
                        submitted.success()  # a question, not an error: the user answers it
                        fields["action"] = "submit"
                        name = "web: submit with explanations"
                        self.think()  # typing the explanations
                        continue
                submitted.failure(
                    f"submission answered {submitted.status_code}: "
                    + " ".join(re.findall(r"invalid-feedback[^>]*>([^<]+)<", submitted.text or ""))[:300]
                )
                return None
        return None


class UnitOverTheApi(FastHttpUser):
    fixed_count = PLAN["mix"]["api"]
    network_timeout = connection_timeout = 90.0
    wait_time = between(*THINK)

    @task
    def report_the_month(self):
        if not UNITS:
            if hasattr(self, "auth"):
                self.client.get("/api/reports/?ordering=-period_index", name="api: list reports", headers=self.auth)
            return
        unit = UNITS.popleft()
        if not self.submit_over_the_api(unit):
            UNITS.append(unit)

    def submit_over_the_api(self, unit: dict) -> bool:
        rng = random.Random(f"{unit['id']}:{PERIOD}")
        self.auth = {"Authorization": f"Token {unit['token']}"}
        payload = api_payload(unit, PERIOD, figures(unit, rng, DAYS))
        found = self.client.get(
            f"/api/reports/?organisation={unit['id']}&year={YEAR}&month={MONTH}",
            name="api: look up report",
            headers=self.auth,
        )
        if found.status_code != 200:
            return False
        gevent.sleep(random.uniform(0.2, 1.0))
        ids = set()
        # A quarter of the clients send their first attempt twice at once, as a client that retries a request
        # that seems stuck; both answers must be a success naming the same report.
        copies = 2 if rng.random() < 0.25 else 1
        name = "api: submit report (two at once)" if copies == 2 else "api: submit report"
        jobs = [gevent.spawn(self.send, payload, name) for _ in range(copies)]
        gevent.joinall(jobs)
        if not all(job.value for job in jobs):
            return False
        ids.update(job.value for job in jobs)
        gevent.sleep(random.uniform(0.5, 2.0))
        again = self.send(payload, "api: submit again (retry)", expect=(200,))
        if again:
            ids.add(again)
        if len(ids) > 1:
            events.request.fire(
                request_type="CHECK",
                name="api: retries name one report",
                response_time=0,
                response_length=0,
                response=None,
                context={},
                start_time=time.time(),
                exception=AssertionError(f"unit {unit['id']}: reports {sorted(ids)}"),
            )
        report_id = min(ids)
        self.client.get(f"/api/reports/{report_id}/", name="api: read report", headers=self.auth)
        return True

    def send(self, payload: dict, name: str, expect=(200, 201)) -> int | None:
        """Posts the report; a 400 that asks plausibility questions is answered (the explanations go into the
        payload, so later retries carry them too) and the report sent again."""
        for attempt in range(2):
            with self.client.post(
                "/api/reports/", json=payload, name=name, headers=self.auth, catch_response=True
            ) as response:
                try:
                    body = response.json()
                except ValueError:
                    body = None
                report_id = body.get("id") if response.status_code in expect and isinstance(body, dict) else None
                if report_id is None and response.status_code == 400 and attempt == 0:
                    answers = answer_api_questions(body)
                    if answers:
                        response.success()  # a question, not an error
                        payload["explanations"] = {**payload.get("explanations", {}), **answers}
                        name = "api: submit with explanations"
                        continue
                if report_id is None:
                    response.failure(f"{response.status_code}: {(response.text or '')[:300]}")
                    return None
                response.success()
            confirm({"id": payload["organisation"]}, "api", int(report_id), name)
            return int(report_id)
        return None


class Staff(Member):
    """An expert of the organisation at month-end: watching the numbers come in."""

    fixed_count = PLAN["mix"]["staff"]
    people = itertools.cycle(PLAN["staff"])

    def on_start(self):
        self.me = next(self.people)
        self.signed_in = False

    def ensure_signed_in(self) -> bool:
        if not self.signed_in:
            self.signed_in = self.sign_in("staff", self.me["username"])
        return self.signed_in

    def area_query(self) -> str:
        if self.me.get("county"):
            return f"level=county&id={self.me['county']}"
        return f"level=province&id={self.me['province']}"

    @task(3)
    def home(self):
        if self.ensure_signed_in():
            self.client.get("/", name="staff: home dashboard")

    @task(3)
    def statistics(self):
        if self.ensure_signed_in():
            self.client.get(f"/reports/dashboard/?{self.area_query()}", name="staff: statistics dashboard")

    @task(2)
    def indicators(self):
        if self.ensure_signed_in():
            self.client.get(f"/api/stats/indicators/?{self.area_query()}&period={PERIOD}", name="staff: indicators API")

    @task(2)
    def completeness(self):
        if self.ensure_signed_in():
            self.client.get(f"/reports/completeness/?period={PERIOD}", name="staff: completeness")

    @task(2)
    def review_queue(self):
        if self.ensure_signed_in():
            self.client.get(f"/reports/?status=submitted&period={PERIOD}", name="staff: review queue")


class Reviewer(Staff):
    """A province expert who also accepts submitted reports (each accept updates the live statistics)."""

    fixed_count = PLAN["mix"]["reviewer"]
    people = itertools.cycle(PLAN["reviewers"])

    @task(4)
    def accept_one(self):
        if not self.ensure_signed_in():
            return
        queue = self.client.get(
            f"/api/reports/?status=submitted&year={YEAR}&month={MONTH}", name="staff: review queue API"
        )
        if queue.status_code != 200 or not queue.json()["results"]:
            return
        report = random.choice(queue.json()["results"])
        gevent.sleep(random.uniform(*THINK))  # reading it
        # A report with unusual figures carries the unit's explanations: the reviewer reads them and says so.
        body = {"acknowledge_warnings": True} if report.get("warnings") else {}
        with self.client.post(
            f"/api/reports/{report['id']}/accept/",
            json=body,
            name="staff: accept report",
            headers={"X-CSRFToken": self.csrf_cookie()},
            catch_response=True,
        ) as response:
            if response.status_code == 409 and "فقط گزارش ارسال‌شده" in (response.text or ""):
                response.success()  # another reviewer accepted it first


class Public(FastHttpUser):
    fixed_count = PLAN["mix"]["public"]
    network_timeout = connection_timeout = 90.0
    wait_time = between(*THINK)

    @task
    def statistics_page(self):
        self.client.get("/stats/", name="public: statistics page")

    @task
    def statistics_api(self):
        self.client.get("/api/stats/public/?level=national", name="public: statistics API")

    @task
    def ping(self):
        # The trivial view (no database, no template): the baseline each request kind is compared with.
        self.client.get("/ping", name="trivial view (ping)")
