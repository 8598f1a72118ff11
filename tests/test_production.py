"""The production set-up, run for real: collectstatic with hashed, compressed files, gunicorn serving the app with
DEBUG off, static files served efficiently by WhiteNoise, security headers and secure cookies."""

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bench.common import free_port
from tests.processes import production_env

ROOT = Path(__file__).resolve().parents[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str):
    try:
        with OPENER.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def production(tmp_path):
    port = free_port()
    env = production_env(tmp_path, port)
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "deploy/gunicorn.conf.py", "rownaq.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if fetch(base + "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    yield base, tmp_path
    server.terminate()
    server.wait(timeout=20)


def test_gunicorn_serves_the_app_with_static_files_and_headers(production):
    base, tmp_path = production
    status, headers, body = fetch(base + "/accounts/login/")
    assert status == 200 and "رونق".encode() in body
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert (
        "Secure" in headers.get("Set-Cookie", "")
        and "HttpOnly" not in headers.get("Set-Cookie", "").split("csrftoken")[0]
    )
    stylesheet = re.search(rb'href="(/static/vendor/bootstrap/css/bootstrap\.rtl\.min\.[0-9a-f]+\.css)"', body)
    assert stylesheet, "static URLs carry a content hash"
    status, headers, css = fetch(base + stylesheet.group(1).decode())
    assert status == 200 and len(css) > 100_000
    assert "max-age=315360000" in headers["Cache-Control"]
    assert (tmp_path / "static" / stylesheet.group(1).decode().removeprefix("/static/")).with_suffix(
        ".css.gz"
    ).exists() or any((tmp_path / "static").rglob("*.css.gz"))
    assert fetch(base + "/registry/organisations/")[0] == 302  # sign-in required
    assert fetch(base + "/no-such-page/")[0] == 404
