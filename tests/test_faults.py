"""Faults, for real: PostgreSQL stopped and restarted under the production set-up (gunicorn, DEBUG off), and an
import process killed half-way.

- While the database is down, requests fail cleanly and fast: a 503 with a Persian page (JSON under /api/), no
  traceback, no hang; the app process stays up (static files are still served).
- Once the database is back, requests succeed again with the same gunicorn workers (CONN_HEALTH_CHECKS: a worker
  replaces its broken connection by itself), and a signed-in user is still signed in.
- An Excel import whose process gets SIGKILL in the middle leaves nothing of that import in the database.

The database is a private PostgreSQL cluster (bench.pgcluster) in a temporary directory on a free port, so
this runs the same in both phases of CI (SQLite and PostgreSQL DATABASE_URL) and never touches the shared server.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bench.common import child_pids, free_port
from bench.pgcluster import ClusterUnavailable, PrivateCluster, find_binaries
from tests.processes import production_env

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a-Strong-pass-1403"
FAST = 5.0  # seconds: a failing request must come back within this, not hang
LEAKS = ("Traceback", "OperationalError", "psycopg", 'File "', "connection to server")

# Two child processes side by side: one collects the static files (hashed, as production serves them, but not
# compressed: compressing takes ~25 s and is test_production's subject), the other migrates and seeds a unit, its
# member, a token and an administrator.
STATIC = r"""
import django
django.setup()
from django.core.management import call_command
from django.test.utils import override_settings

HASHED = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
with override_settings(STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                                 "staticfiles": {"BACKEND": HASHED}}):
    call_command("collectstatic", interactive=False, verbosity=0)
"""

SETUP = r"""
import django
django.setup()
from django.core.management import call_command

call_command("migrate", interactive=False, verbosity=0)

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from rest_framework.authtoken.models import Token
from rownaq.core.actor import acting_as
from rownaq.core.national_id import make_national_id
from rownaq.places.models import County, Estate, Province
from rownaq.registry.models import IsicCode, Membership, Organisation, Product

with acting_as(None):
    province = Province.objects.create(code="EAZ", name="آذربایجان شرقی", name_en="East Azerbaijan")
    county = County.objects.create(province=province, name="تبریز", name_en="Tabriz")
    estate = Estate.objects.create(county=county, name="شهرک صنعتی سلیمی")
    section = IsicCode.objects.create(code="C", level=1, section="C", title_en="Manufacturing")
    division = IsicCode.objects.create(code="28", level=2, parent=section, section="C", title_en="Machinery")
    group = IsicCode.objects.create(code="282", level=3, parent=division, section="C", title_en="Special")
    isic = IsicCode.objects.create(code="2822", level=4, parent=group, section="C", title_en="Machine tools")
    unit = Organisation.objects.create(name="قالب‌سازی آزمون خطا (نمونه)", county=county, estate=estate,
                                       national_id=make_national_id("1010101010"), isic=isic, usual_shifts=2)
    Product.objects.create(organisation=unit, name="قالب", annual_capacity=120)
    User = get_user_model()
    password = make_password(PASSWORD)
    member = User.objects.create(username="unit.member", password=password)
    Membership.objects.create(user=member, organisation=unit)
    User.objects.create(username="admin", password=password, is_superuser=True, is_staff=True)
    print(json.dumps({"token": Token.objects.create(user=member).key, "unit": unit.pk}))
"""

# The import killed half-way: a registry import of many organisations; once it has saved PROGRESS of them (inside
# its one transaction) it says so in a file, and goes on importing until the test kills it.
IMPORT = r"""
import django
django.setup()
from io import BytesIO
from openpyxl import Workbook
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models.signals import post_save
from rownaq.core.actor import acting_as
from rownaq.core.national_id import make_national_id
from rownaq.registry import services
from rownaq.registry.models import Organisation

wb = Workbook()
sheet = wb.active
sheet.title = "واحدها"
sheet.append(["نام", "نوع", "شناسه ملی", "شهرستان", "شهرک", "کد آیسیک", "تاریخ پروانه", "تعداد کارکنان", "وضعیت",
              "تعداد نوبت", "صادرکننده"])
for n in range(ROWS):
    sheet.append([f"واحد واردشده {n} (نمونه)", "واحد صنعتی", make_national_id(f"{7123400000 + n * 7}"), "تبریز",
                  "شهرک صنعتی سلیمی", "2822", "1402/05/17", 35, "فعال", 2, "خیر"])
buffer = BytesIO()
wb.save(buffer)
admin = get_user_model().objects.get(username="admin")
plan = services.plan_import(buffer.getvalue(), admin)
assert plan.report.ok, plan.report.errors[:3]
saved = 0

def progress(sender, instance, created, **kwargs):
    global saved
    saved += 1
    if saved == PROGRESS:
        with connection.cursor() as cursor:  # what the import's own transaction sees so far
            cursor.execute("SELECT count(*) FROM registry_organisation WHERE name LIKE 'واحد واردشده %%'")
            seen = cursor.fetchone()[0]
        MARKER.write_text(json.dumps({"saved": saved, "seen_inside": seen,
                                      "in_transaction": connection.in_atomic_block}))

post_save.connect(progress, sender=Organisation)
with acting_as(admin):
    services.apply_import(plan)
DONE.write_text("finished")
"""


def child(code: str, env: dict, **constants) -> list[str]:
    prelude = "import json\nfrom pathlib import Path\n" + "".join(
        f"{name} = {value!r}\n" if not isinstance(value, Path) else f"{name} = Path({str(value)!r})\n"
        for name, value in constants.items()
    )
    return [sys.executable, "-c", prelude + code]


# ---------------------------------------------------------------- a small HTTP client with its own cookie jar


class Browser:
    """Sends cookies whatever their Secure flag (production cookies are Secure; the test talks plain HTTP)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()

    def request(
        self,
        method: str,
        path: str,
        data: dict | None = None,
        headers: dict | None = None,
        json_body=None,
        timeout: float = 15,
    ):
        headers = dict(headers or {})
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        with self.lock:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        started = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        elapsed = time.monotonic() - started
        with self.lock:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, content, elapsed

    def sign_in(self, username: str, password: str) -> None:
        status, _, page, _ = self.request("GET", "/accounts/login/")
        assert status == 200, page[:500]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        status, headers, page, _ = self.request(
            "POST", "/accounts/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token}
        )
        assert status == 302, page[:500]


# ---------------------------------------------------------------- fixtures


def run_child(code: str, env: dict, **constants) -> subprocess.Popen:
    return subprocess.Popen(
        child(code, env, **constants), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err[-3000:]
    return out


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    """The production environment (DEBUG off, deploy/gunicorn.conf.py's variables), less the database; and the
    static files being collected meanwhile, while the cluster is created and migrated."""
    try:
        find_binaries()
    except ClusterUnavailable as exc:
        pytest.skip(f"PostgreSQL server binaries are not installed: {exc}")
    tmp = tmp_path_factory.mktemp("faults")
    port = free_port()
    # the database is the private cluster's, given to each process below; this SQLite file is never used
    env = production_env(
        tmp,
        port,
        DATABASE_URL=f"sqlite:///{tmp / 'unused.sqlite3'}",
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="rownaq.settings",
    )
    static = run_child(STATIC, env)
    yield {"env": env, "port": port, "tmp": tmp, "static": static}
    if static.poll() is None:
        static.kill()


@pytest.fixture(scope="module")
def cluster(environment):
    with PrivateCluster() as cluster:
        yield cluster


@pytest.fixture(scope="module")
def app(environment, cluster):
    """The production set-up on the private cluster: gunicorn with deploy/gunicorn.conf.py, DEBUG off."""
    tmp, port = environment["tmp"], environment["port"]
    env = {**environment["env"], "DATABASE_URL": cluster.create_database("rownaq_faults")}
    setup = run_child(SETUP, env, PASSWORD=PASSWORD)
    finish(environment["static"])
    # gunicorn boots while the migrations run: it needs the static files (WhiteNoise indexes them at start), not
    # the database.
    errors = (tmp / "gunicorn.err").open("w")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "deploy/gunicorn.conf.py", "rownaq.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=errors,
        stderr=subprocess.STDOUT,
    )
    seeded = json.loads(finish(setup).strip().splitlines()[-1])
    browser = Browser(port)
    deadline = time.monotonic() + 60
    while True:
        try:
            if browser.request("GET", "/healthz", timeout=5)[0] == 200:
                break
        except OSError:
            pass
        assert server.poll() is None and time.monotonic() < deadline, (tmp / "gunicorn.err").read_text()[-3000:]
        time.sleep(0.1)
    yield {"port": port, "env": env, "server": server, "token": seeded["token"], "log": tmp / "gunicorn.err"}
    server.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown: nothing is in flight any more
    server.wait(timeout=30)
    errors.close()


@pytest.fixture
def database_up(cluster):
    """Each test starts and ends with the database running."""
    if not cluster.is_running():
        cluster.start()
    yield
    if not cluster.is_running():
        cluster.start()


# ---------------------------------------------------------------- assertions on one response


def assert_clean_failure(response, api: bool) -> None:
    status, headers, body, elapsed = response
    text = body.decode("utf-8", errors="replace")
    assert status == 503, (status, text[:800])
    assert elapsed < FAST, f"the failing request took {elapsed:.1f} s"
    assert not any(leak in text for leak in LEAKS), text[:800]
    assert headers.get("Retry-After")
    if api:
        assert headers["Content-Type"].startswith("application/json")
        payload = json.loads(text)
        assert payload["code"] == "database_unavailable" and "پایگاه داده" in payload["detail"]
    else:
        assert headers["Content-Type"].startswith("text/html")
        assert 'dir="rtl"' in text and "موقتاً در دسترس نیست" in text and "دوباره تلاش کنید" in text


def signed_in_home(browser):
    return browser.request("GET", "/")


def api_list(browser, token):
    return browser.request("GET", "/api/reports/", headers={"Authorization": f"Token {token}"})


# ---------------------------------------------------------------- the tests


def test_database_down_gives_a_clean_503_and_the_app_recovers_by_itself(app, cluster, database_up):
    browser = Browser(app["port"])
    browser.sign_in("unit.member", PASSWORD)
    status, _, page, _ = signed_in_home(browser)
    assert status == 200 and "رونق".encode() in page
    status, _, body, _ = api_list(browser, app["token"])
    assert status == 200 and json.loads(body)["count"] == 0
    stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', page).group(1).decode()
    workers = child_pids(app["server"].pid)
    assert len(workers) == 2

    cluster.stop("fast")
    for _ in range(3):  # every worker, whatever connection it held
        assert_clean_failure(signed_in_home(browser), api=False)
        assert_clean_failure(api_list(browser, app["token"]), api=True)
    assert_clean_failure(
        browser.request(
            "POST", "/api/reports/", headers={"Authorization": f"Token {app['token']}"}, json_body={"period": "1404-01"}
        ),
        api=True,
    )
    assert_clean_failure(Browser(app["port"]).request("GET", "/stats/"), api=False)  # public statistics, signed out
    assert browser.request("GET", "/healthz")[0] == 503
    assert browser.request("GET", stylesheet)[0] == 200  # the app itself is up

    cluster.start()
    for _ in range(4):  # the first request of each worker already succeeds: no retry, no restart
        status, _, page, _ = signed_in_home(browser)
        assert status == 200, page[:300]  # and still signed in (else a redirect to the login page)
        status, _, body, _ = api_list(browser, app["token"])
        assert status == 200, body[:300]
    assert browser.request("GET", "/accounts/login/")[0] == 302  # signed in: the login page sends us home
    assert child_pids(app["server"].pid) == workers, "the workers were not restarted"
    assert app["server"].poll() is None


def test_restart_during_load_fails_cleanly_and_recovers(app, cluster, database_up):
    """Four clients keep requesting a signed-in page and the API while PostgreSQL is restarted (stopped ~1.5 s)."""
    browser = Browser(app["port"])
    browser.sign_in("unit.member", PASSWORD)
    results: list[tuple[float, str, int, float]] = []
    problems: list[str] = []
    stop = threading.Event()

    def client(kind: str) -> None:
        while not stop.is_set():
            started = time.monotonic()
            try:
                response = signed_in_home(browser) if kind == "page" else api_list(browser, app["token"])
            except OSError as exc:  # a reset connection or a timeout is not a clean failure
                problems.append(f"{kind}: {exc!r}")
                continue
            if response[0] != 200:
                try:
                    assert_clean_failure(response, api=kind == "api")
                except AssertionError as exc:
                    problems.append(f"{kind}: {exc}")
            results.append((started, kind, response[0], response[3]))

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(client, kind) for kind in ("page", "api", "page", "api")]
        time.sleep(1.0)
        stopping = time.monotonic()
        cluster.restart("fast", down_seconds=1.5)
        back = time.monotonic()
        time.sleep(2.0)
        stop.set()
        for future in futures:
            future.result()

    assert not problems, problems[:5]
    before = [r for r in results if r[0] + r[3] < stopping]  # answered before the database went down
    during = [r for r in results if stopping <= r[0] < back]
    after = [r for r in results if r[0] >= back]
    assert before and all(r[2] == 200 for r in before)
    assert any(r[2] == 503 for r in during), "no request saw the database down"
    assert len(after) >= 8 and all(r[2] == 200 for r in after), [r[1:3] for r in after if r[2] != 200]
    assert max(r[3] for r in results) < FAST
    log = app["log"].read_text(errors="replace")
    assert "WORKER TIMEOUT" not in log and "Worker exiting" not in log


def test_an_import_killed_half_way_leaves_nothing_behind(app, cluster, database_up, tmp_path):
    import psycopg

    marker, done = tmp_path / "progress.json", tmp_path / "done"
    url = app["env"]["DATABASE_URL"]
    with psycopg.connect(url) as conn:
        before = conn.execute("SELECT count(*) FROM registry_organisation").fetchone()[0]
        records_before = conn.execute("SELECT count(*) FROM core_changerecord").fetchone()[0]
    importer = subprocess.Popen(
        child(IMPORT, app["env"], ROWS=300, PROGRESS=60, MARKER=marker, DONE=done),
        cwd=ROOT,
        env=app["env"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert importer.poll() is None, importer.communicate()[1].decode()[-3000:]
        assert time.monotonic() < deadline, "the import never got going"
        time.sleep(0.01)
    os.kill(importer.pid, signal.SIGKILL)
    importer.wait(timeout=30)
    assert importer.returncode == -signal.SIGKILL
    assert not done.exists(), "the import finished before it was killed: make it larger"
    progress = json.loads(marker.read_text())
    assert progress["in_transaction"] and progress["seen_inside"] >= 60  # rows were written, uncommitted

    # The server notices the dead client and rolls its transaction back; nothing of the import is visible, and the
    # database is in use again at once.
    with psycopg.connect(url) as conn:
        deadline = time.monotonic() + 10
        while conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()"
        ).fetchone()[0]:
            assert time.monotonic() < deadline, "the killed import's transaction is still open"
            time.sleep(0.05)
            conn.commit()
        assert conn.execute("SELECT count(*) FROM registry_organisation").fetchone()[0] == before
        assert (
            conn.execute("SELECT count(*) FROM registry_organisation WHERE name LIKE 'واحد واردشده %%'").fetchone()[0]
            == 0
        )
        assert conn.execute("SELECT count(*) FROM core_changerecord").fetchone()[0] == records_before
    status, _, body, _ = Browser(app["port"]).request(
        "GET", "/api/reports/", headers={"Authorization": f"Token {app['token']}"}
    )
    assert status == 200, body[:300]
