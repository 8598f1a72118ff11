"""No page or endpoint ships unguarded: every URL the project routes is requested anonymously and must either send
the visitor to sign in (pages), refuse (API: 401/403), or be on the short list of public addresses below. A new
URL that is none of these fails this test until it is guarded or deliberately added to PUBLIC."""

import pytest

from tests.urlwalk import routes

# name -> why it is public
PUBLIC = {
    "login": "the sign-in page",
    "logout": "signing out",
    "password_reset": "forgotten password",
    "password_reset_done": "forgotten password",
    "password_reset_confirm": "forgotten password",
    "password_reset_complete": "forgotten password",
    "public-stats": "published statistics: aggregates only, under the disclosure rules",
    "api-public-indicators": "the same published statistics as JSON",
    "liveness": "load balancer probe: says only ok / unavailable",
    "ping": "the trivial view the month-end benchmark measures against: says only ok, touches no data",
    "rsvp": "an invitation's answer page, reached by its unguessable token",
    "invitation-accept": "setting a password from an invitation to join, reached by its single-use token",
    "api-root": "DRF's index of endpoint names (no data)",
}


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
