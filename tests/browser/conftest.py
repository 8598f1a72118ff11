"""Browser journeys: every test gets a Playwright page on the live server, a transactional database the server
thread can see, uploads kept out of ./var, and a guard that fails the test if a page reaches beyond this machine
or logs a console error (the favicon aside)."""
import re
from urllib.parse import urlsplit

import pytest

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
NON_NETWORK_SCHEMES = {"data", "blob", "about", "chrome-extension"}


class PageGuard:
    """Records requests that leave 127.0.0.1/localhost, console errors and uncaught page errors."""

    def __init__(self, page):
        self.external_requests: list[str] = []
        self.console_errors: list[str] = []
        self.allowed: list[re.Pattern] = [re.compile(r"favicon", re.IGNORECASE)]
        page.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))

    def allow_console_error(self, pattern: str) -> None:
        """Tolerate console errors whose text or source URL matches `pattern` (e.g. an expected 404)."""
        self.allowed.append(re.compile(pattern))

    def _on_request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in NON_NETWORK_SCHEMES:
            return
        if parts.hostname not in LOCAL_HOSTS:
            self.external_requests.append(request.url)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        source = (message.location or {}).get("url", "")
        if any(p.search(message.text) or p.search(source) for p in self.allowed):
            return
        self.console_errors.append(f"{message.text} ({source})")


@pytest.fixture
def page(page, transactional_db, settings, tmp_path):
    """The project's page fixture plus the guard; the server thread shares the test database."""
    settings.MEDIA_ROOT = tmp_path / "media"
    guard = PageGuard(page)
    page.guard = guard
    yield page
    assert guard.external_requests == [], "requests left 127.0.0.1/localhost"
    assert guard.console_errors == [], "console errors on the pages"


@pytest.fixture
def guard(page) -> PageGuard:
    return page.guard
