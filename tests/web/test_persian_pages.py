"""Every page, as every kind of user, shows Persian digits in Persian text and no English label left by Django, DRF
or the browser (the rules and what is Latin by nature: tests/persian_text.py).

The pages are those of the permission matrix (tests/permissions/*_rules.py: every routed URL but the API and the
admin), with its objects, over the matrix's scene made richer: enough organisations for the lists to have several
pages, a report with warnings, history entries. Every page is requested with GET, and every form a role is shown is
posted back with values too long and too large for it, so that its error messages are read too. Each request runs in
a savepoint rolled back afterwards. The crawl is some 900 requests in about 16 s of CPU."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from tests.conftest import FAST_HASHERS, module_scene
from tests.permissions.matrix import url_of
from tests.permissions.scene import build_scene
from tests.persian_text import problems
from tests.test_permission_matrix import all_rules

ROLES = {
    "anonymous": None,
    "admin": "admin",
    "staff in scope": "staff_province",
    "view-only staff": "staff_marand_readonly",
    "unit member": "member_a",
    "partner member": "partner",
    "press": "press",
}


def enrich(s):
    """More of what pages show: lists longer than a page, history, a report with warnings (use of capacity far over
    the licence, with a fraction)."""
    from rownaq.core.actor import acting_as
    from rownaq.core.persian import to_persian_digits
    from rownaq.registry.models import Organisation
    from rownaq.reporting import services
    from tests.reporting.conftest import fill

    with acting_as(s.staff_province):
        for number in range(1, 56):
            Organisation.objects.create(
                kind=Organisation.Kind.UNIT,
                name=f"کارخانهٔ نمونهٔ {to_persian_digits(number)}",
                county=s.marand if number % 2 else s.tabriz,
                isic=s.isic,
                employees=number,
            )
        s.unit_a.employees = 130
        s.unit_a.save()
    s.report_warned = fill(services.start_report(s.unit_a, s.month - 4, None), quantity=Decimal("56.03"))
    services.submit(s.report_warned, None, {w.key: "سفارش ویژه" for w in services.validate(s.report_warned)[1]})
    s.report_warned.refresh_from_db()
    assert s.report_warned.warnings, "the crawl needs a report with warnings"


def pages(scene) -> list[tuple[str, str, str]]:
    """(method, path, rule name) of every page and form of the matrix, API aside."""
    found = []
    for name, checks in sorted(all_rules().items()):
        for check in checks:
            if check.method not in ("get", "post"):
                continue
            path = url_of(name, check, scene)
            if path.startswith("/api/") or (check.method, path, name) in found:
                continue
            found.append((check.method, path, name))
    return found


@pytest.fixture(scope="module")
def crawl(django_db_setup, django_db_blocker, tmp_path_factory):
    """role -> {problem: [page, ...]} for every page as every role."""
    from rownaq.events import services as events

    with module_scene(django_db_blocker, tmp_path_factory.mktemp("media")) as patches:
        patches.setattr(events, "press_kit_pdf", lambda stage: b"%PDF-1.4\n%%EOF\n")
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            scene = build_scene()
            enrich(scene)
            targets = pages(scene) + [
                ("get", reverse("reporting:report-detail", args=[scene.report_warned.pk]), "reporting:report-detail")
            ]
            found = {role: defaultdict(list) for role in ROLES}
            read = {role: [] for role in ROLES}
            for role, user in ROLES.items():
                client = Client()
                if user:
                    client.force_login(getattr(scene, user))
                forms = {}  # path -> what to post to the form this role was shown there
                for method, path, name in targets:
                    if method == "post" and path not in forms:
                        continue  # an action without a page, or a form this role was not shown
                    status, page, fields = read_page(client, method, path, forms.get(path))
                    if method == "get" and status == 200 and fields is not None:
                        forms[path] = fields
                    if 200 <= status < 300:
                        read[role].append(f"{method.upper()} {path}")
                    for problem in page:
                        found[role][problem].append(f"{method.upper()} {path} ({name})")
        yield SimpleNamespace(found=found, read=read, targets=targets)


# Typed into every field of a form: too long, too large and no valid choice, so that the answer shows Django's
# messages that quote a limit or the value.
UNFIT = "۹۹۹۹۹۹۹۹۹۹۹۹"  # Persian digits, as people type them: a name typed so is shown so


class FormFields(HTMLParser):
    """What to post to the forms of a page: hidden fields as they are (tokens, formset counts), UNFIT elsewhere."""

    def __init__(self):
        super().__init__()
        self.data, self.posts = {}, False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self.posts = True
        name = attributes.get("name")
        if not name or tag not in ("input", "select", "textarea") or name == "csrfmiddlewaretoken":
            return
        kind = (attributes.get("type") or "text").lower()
        if kind == "hidden":
            self.data.setdefault(name, attributes.get("value") or "")
        elif kind not in ("checkbox", "radio", "file", "submit", "button", "reset", "image"):
            self.data.setdefault(name, UNFIT)


def read_page(client, method: str, path: str, data: dict | None = None) -> tuple[int, list[str], dict | None]:
    """The status of the answer, the problems of the page (none when it is not an HTML page), and what to post to
    its forms (None when it has no form that posts)."""
    cookies = client.cookies
    client.cookies = SimpleCookie(cookies)  # signing out must not sign the next pages out
    try:
        with transaction.atomic():
            cache.clear()
            response = getattr(client, method)(path, (data or {}) if method == "post" else None)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    if getattr(response, "streaming", False) or "text/html" not in response.get("Content-Type", ""):
        return response.status_code, [], None
    html = response.content.decode("utf-8", "replace")
    fields = FormFields()
    fields.feed(html)
    return response.status_code, problems(html), fields.data if fields.posts else None


def test_the_crawl_reads_every_app_as_every_role(crawl, db):
    """Pages of every app were read (not only error pages), and forms were posted."""
    admin = crawl.read["admin"]
    for prefix in ("/registry/", "/places/", "/reports/", "/cases/", "/events/", "/shifts/", "/sourcing/"):
        assert any(page.startswith(f"GET {prefix}") for page in admin), prefix
    assert any(page.startswith("POST /registry/organisations/new/") for page in admin)
    gets = [target for target in crawl.targets if target[0] == "get"]
    assert sum(page.startswith("GET ") for page in admin) > 0.8 * len(gets)
    for role in ROLES:
        assert len(crawl.read[role]) >= 5, role


@pytest.mark.parametrize("role", ROLES)
def test_pages_speak_persian(crawl, role, db):
    found = crawl.found[role]
    report = [
        f"{problem}\n    on {len(where)} page(s): " + ", ".join(where[:4]) + (" …" if len(where) > 4 else "")
        for problem, where in sorted(found.items())
    ]
    assert not report, f"as {role}:\n" + "\n".join(report)
