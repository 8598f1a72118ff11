"""Browser journeys: every test gets a Playwright page on the live server, a transactional database the server
thread can see, uploads kept out of ./var, and a guard that fails the test if a page reaches beyond this machine
or logs a console error (the favicon aside)."""

import re
import time
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


def _wait_for_table_locks(monkeypatch) -> None:
    """The test database is SQLite in memory with a shared cache (so that the server's and the worker's threads
    see it). There a statement that meets another connection's table lock fails at once ("database table is
    locked") instead of waiting as SQLite's busy timeout does for a file database (the demo, in WAL mode) and as
    PostgreSQL does: here it waits and tries again, as they would."""
    import sqlite3

    from django.db.backends.sqlite3.base import DatabaseWrapper, SQLiteCursorWrapper
    from django.db.utils import OperationalError as DjangoOperationalError

    def patient(method):
        def run(self, *args, **kwargs):
            for attempt in range(400):
                try:
                    return method(self, *args, **kwargs)
                except (sqlite3.OperationalError, DjangoOperationalError) as exc:
                    if "locked" not in str(exc) or attempt == 399:
                        raise
                    time.sleep(0.025)

        return run

    monkeypatch.setattr(SQLiteCursorWrapper, "execute", patient(SQLiteCursorWrapper.execute))
    monkeypatch.setattr(SQLiteCursorWrapper, "executemany", patient(SQLiteCursorWrapper.executemany))
    monkeypatch.setattr(DatabaseWrapper, "get_new_connection", patient(DatabaseWrapper.get_new_connection))


@pytest.fixture
def task_worker(transactional_db, monkeypatch):
    """The task worker beside the live server, as `make demo` runs it: the database worker's loop and its
    supervisor (progress, cancel, heartbeat) in threads of the test process, on the database the server uses.
    Stopped (its running task handed back to the queue) before the database is emptied."""
    import threading

    from django.db import connection, connections

    from rownaq.core import jobs
    from rownaq.core.worker import JobWorker, Supervisor

    if connection.vendor == "sqlite":
        _wait_for_table_locks(monkeypatch)
    supervisor = Supervisor("browser-worker", schedule=False)
    worker = JobWorker(
        queue_names=["*"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-worker",
        excluded_queue_names=[],
    )

    def run():
        try:
            worker.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="browser-worker", daemon=True)
    supervisor.start()
    thread.start()
    yield worker
    jobs.worker_stopping.set()
    for progress in jobs.running_jobs():
        progress.stop.set()
    worker.running = False
    thread.join(timeout=60)
    supervisor.stop()
    jobs.worker_stopping.clear()
    assert not thread.is_alive(), "the worker thread did not stop"
