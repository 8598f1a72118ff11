"""No page or endpoint ships unguarded: every URL the project routes is requested anonymously and must either send
the visitor to sign in (pages), refuse (API: 401/403), or be on the short list of public addresses below. A new
URL that is none of these fails this test until it is guarded or deliberately added to PUBLIC."""
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# name -> why it is public
PUBLIC = {
    "login": "the sign-in page",
    "logout": "signing out",
    "password_reset": "forgotten password", "password_reset_done": "forgotten password",
    "password_reset_confirm": "forgotten password", "password_reset_complete": "forgotten password",
    "public-stats": "published statistics: aggregates only, cells under 3 units blanked",
    "api-public-indicators": "the same published statistics as JSON",
    "liveness": "load balancer probe: says only ok / unavailable",
    "rsvp": "an invitation's answer page, reached by its unguessable token",
    "api-root": "DRF's index of endpoint names (no data)",
}
ADMIN_PREFIX = "admin/"


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            for route, name in walk(entry.url_patterns, prefix + str(entry.pattern)):
                yield route, (namespace + name) if name and not name.startswith(namespace) else name
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def concrete(route: str) -> str | None:
    """A requestable path for a route, with made-up values for its parameters."""
    if "(?P<format>" in route or r"\." in route:
        return None  # DRF's format-suffix twins of the plain routes
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", route)
    route = re.sub(r"<uuid:[^>]+>", "00000000-0000-4000-8000-000000000000", route)
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<(str:|slug:|path:)?[^>]+>", "x", route)
    return "/" + route


def routes():
    seen = set()
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith(ADMIN_PREFIX):
            continue  # the admin guards itself (staff only) and is tested by Django
        path = concrete(route)
        if path and path not in seen:
            seen.add(path)
            yield path, name


ROUTES = list(routes())


def test_the_walk_finds_the_apps():
    paths = [p for p, _ in ROUTES]
    for prefix in ("/registry/", "/reports/", "/cases/", "/events/", "/api/organisations/", "/api/reports/"):
        assert any(p.startswith(prefix) for p in paths), prefix


@pytest.mark.parametrize("path, name", ROUTES, ids=[p for p, _ in ROUTES])
def test_anonymous_is_sent_to_sign_in_or_refused(client, db, path, name):
    short = (name or "").split(":")[-1]
    if short in PUBLIC or name in PUBLIC:
        return
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        status = response.status_code
        if path.startswith("/api/"):
            assert status in (401, 403, 404, 405), (method, path, status)
        else:
            redirected_to_login = status == 302 and "/accounts/login/" in response["Location"]
            assert redirected_to_login or status in (403, 404, 405), (method, path, status)
