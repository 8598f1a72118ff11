"""Month-end load benchmark: `make bench-load ARGS="--duration 180"` (python -m bench.load).

1. A PostgreSQL database of its own, dropped and created again on every run (LOAD_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/rownaq_load); with --restart-db-at, a private cluster instead
   (bench/pgcluster.py), since only a cluster of our own may be restarted.
2. Migrates and seeds a month-end: the demo (places, reference codes, the sample factories and 14 months of their
   reports), plus --units load-test units labelled «واحد آزمون بار … (نمونه)», each with products, a member user
   (password sign-in, Argon2 as in production) and an API token, 12 months of accepted history and nothing yet for
   the month being reported; and staff users for the province and its counties. Then ANALYZE, as autovacuum would
   have done long before a month-end.
3. Collects the static files and starts gunicorn with deploy/gunicorn.conf.py and DEBUG=0: the production set-up.
4. Runs locust headless (bench/locustfile.py) with --users users for --duration seconds: unit members submitting
   their month on the web form and over the API (with double clicks, retries and simultaneous duplicates), staff
   reading dashboards and accepting reports, the public reading the published statistics.
5. Checks the database: every submission the server confirmed is there exactly once, no unit has two reports for
   the month, no report was submitted twice, the counts match, the live statistics hold every accepted report.
6. Prints the figures and writes them into the "Month-end load" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

from bench.common import child_pids, free_port, write_marked_block
from bench.stats import (
    create_database,
    database_name,
    machine,
    percentile,
    refuse_shared_database,
    setup_django,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rownaq_load"
ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "var" / "bench-load"
PASSWORD = "load-bench-1403"
SECTION = "## Month-end load"
BLOCKS = {
    "run": ("<!-- bench-load:begin -->", "<!-- bench-load:end -->"),
    "restart": ("<!-- bench-load-restart:begin -->", "<!-- bench-load-restart:end -->"),
}
# Shares of the users: unit members on the web form, unit systems on the API, staff, reviewers, public.
MIX = {"web": 0.45, "api": 0.30, "staff": 0.15, "reviewer": 0.05, "public": 0.05}
HISTORY_MONTHS = 12


def user_mix(users: int) -> dict[str, int]:
    counts = {kind: max(1, int(users * share)) for kind, share in MIX.items()}
    counts["web"] += users - sum(counts.values())
    if counts["web"] < 1:
        raise SystemExit(f"--users must be at least {len(MIX)}")
    return counts


# ---------------------------------------------------------------- the month-end data


def seed(units: int, mix: dict[str, int], seed_value: int, progress) -> dict:
    """Demo data plus `units` load-test units and the staff; returns the plan the locust users read."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from rownaq.core.actor import acting_as
    from rownaq.core.national_id import InvalidNationalId, make_national_id
    from rownaq.core.persian import search_key
    from rownaq.places.models import County, Estate, Province, StaffAssignment
    from rownaq.places.services import HOME_PROVINCE_CODE
    from rownaq.registry.demo import SAMPLE, SAMPLE_NOTE, load_demo
    from rownaq.registry.models import Membership, Organisation, Product
    from rownaq.reporting import checks, services, stats
    from rownaq.reporting.demo import load_demo_reports
    from rownaq.reporting.models import ExportLine, MonthlyReport, ProductionLine

    timings = {}
    started = time.monotonic()
    load_demo()
    reviewer = get_user_model().objects.get(username="staff.province")
    load_demo_reports(reviewer=reviewer)
    timings["demo"] = time.monotonic() - started
    progress(f"demo loaded in {timings['demo']:.0f} s")

    started = time.monotonic()
    rng = random.Random(seed_value)
    period = services.latest_reportable_month()
    province = Province.objects.get(code=HOME_PROVINCE_CODE)
    estates = list(Estate.objects.filter(county__province=province).select_related("county").order_by("pk"))
    counties = list(County.objects.filter(province=province).order_by("pk"))
    profiles = defaultdict(list)  # the demo units' activity and products, to copy
    for product in (
        Product.objects.filter(
            organisation__kind=Organisation.Kind.UNIT,
            organisation__name__endswith=SAMPLE.strip(),
            annual_capacity__gt=0,
        )
        .select_related("organisation")
        .order_by("pk")
    ):
        profiles[product.organisation_id].append(product)
    profiles = [products for products in profiles.values() if products[0].organisation.isic_id]
    password = make_password(PASSWORD)
    User = get_user_model()

    with acting_as(None), transaction.atomic():
        organisations, used_ids, candidate = (
            [],
            set(Organisation.objects.exclude(national_id=None).values_list("national_id", flat=True)),
            8_100_000_000,
        )
        for n in range(units):
            while True:
                candidate += 7
                try:
                    national_id = make_national_id(str(candidate))
                except InvalidNationalId:
                    continue
                if national_id not in used_ids:
                    used_ids.add(national_id)
                    break
            estate = rng.choice(estates) if rng.random() < 0.7 else None
            county = estate.county if estate else rng.choice(counties)
            name = f"واحد آزمون بار {n + 1:04d}{SAMPLE}"
            organisations.append(
                Organisation(
                    kind=Organisation.Kind.UNIT,
                    name=name,
                    national_id=national_id,
                    county=county,
                    estate=estate,
                    isic_id=None,
                    employees=rng.randint(12, 320),
                    usual_shifts=rng.choice([1, 1, 2, 2, 2, 3]),
                    is_exporter=rng.random() < 0.3,
                    status=Organisation.Status.ACTIVE,
                    description=SAMPLE_NOTE,
                    search_text=search_key(f"{name} {national_id}")[:600],
                )
            )
        chosen = [rng.choice(profiles) for _ in organisations]
        for organisation, profile in zip(organisations, chosen):
            organisation.isic_id = profile[0].organisation.isic_id
        Organisation.objects.bulk_create(organisations, batch_size=1000)
        products = []
        for organisation, profile in zip(organisations, chosen):
            for template in profile[: rng.randint(1, min(3, len(profile)))]:
                products.append(
                    Product(
                        organisation=organisation,
                        name=template.name,
                        hs_id=template.hs_id,
                        unit=template.unit,
                        annual_capacity=(
                            template.annual_capacity * Decimal(str(round(rng.uniform(0.4, 1.6), 2)))
                        ).quantize(Decimal("1")),
                        search_text=search_key(template.name)[:300],
                    )
                )
        Product.objects.bulk_create(products, batch_size=2000)
        by_unit = defaultdict(list)
        for product in products:
            by_unit[product.organisation_id].append(product)

        members = User.objects.bulk_create(
            [
                User(
                    username=f"load.unit.{n + 1:04d}",
                    password=password,
                    first_name="عضو",
                    last_name=f"واحد آزمون {n + 1}",
                )
                for n in range(units)
            ],
            batch_size=2000,
        )
        Membership.objects.bulk_create(
            [Membership(user=u, organisation=o, role=Membership.Role.MANAGER) for u, o in zip(members, organisations)],
            batch_size=2000,
        )
        tokens = Token.objects.bulk_create([Token(key=Token.generate_key(), user=u) for u in members], batch_size=2000)

        # Staff: reviewers for the whole province; the others by county, some province-wide.
        reviewers, staff = [], []
        for n in range(max(1, mix["reviewer"])):
            user = User.objects.create(
                username=f"load.reviewer.{n + 1:02d}", password=password, first_name="کارشناس", last_name="بررسی"
            )
            StaffAssignment.objects.create(user=user, province=province)
            reviewers.append({"username": user.username, "province": province.pk})
        busy_counties = [c for c in counties if any(o.county_id == c.pk for o in organisations)] or counties
        for n in range(max(1, mix["staff"])):
            user = User.objects.create(
                username=f"load.staff.{n + 1:02d}", password=password, first_name="کارشناس", last_name="ناظر"
            )
            if n % 3 == 0:
                StaffAssignment.objects.create(user=user, province=province, can_edit=False)
                staff.append({"username": user.username, "province": province.pk})
            else:
                county = busy_counties[n % len(busy_counties)]
                StaffAssignment.objects.create(user=user, county=county)
                staff.append({"username": user.username, "province": province.pk, "county": county.pk})

        # A year of accepted reports for every load-test unit, so that the form shows history and the checks
        # compare against it; nothing yet for the month being reported.
        reports, lines, exports = [], [], []
        # Each unit works at its own level of its capacity, month after month; the users report near it.
        levels = {o.pk: rng.uniform(0.55, 1.0) for o in organisations}
        for organisation in organisations:
            for back in range(HISTORY_MONTHS, 0, -1):
                month = period - back
                shifts = organisation.usual_shifts
                staff_count = max(shifts, int(organisation.employees * rng.uniform(0.95, 1.04)))
                per_shift = [
                    staff_count // shifts + (1 if i < staff_count % shifts else 0) if i < shifts else None
                    for i in range(3)
                ]
                submitted = dt.datetime.combine(
                    month.next().first_day() + dt.timedelta(days=rng.randrange(9)), dt.time(9), tzinfo=dt.UTC
                )
                reports.append(
                    MonthlyReport(
                        organisation=organisation,
                        year=month.year,
                        month=month.month,
                        period_index=month.index,
                        status=MonthlyReport.Status.ACCEPTED,
                        shifts_worked=shifts,
                        working_days=min(month.days, 22 + 2 * shifts - rng.randrange(2)),
                        employees_total=staff_count,
                        employees_shift1=per_shift[0],
                        employees_shift2=per_shift[1],
                        employees_shift3=per_shift[2],
                        domestic_sales_rial=Decimal(staff_count * rng.randrange(300, 900)) * 1_000_000,
                        submitted_at=submitted,
                        reviewed_at=submitted + dt.timedelta(days=2),
                        reviewed_by=reviewer,
                    )
                )
        MonthlyReport.objects.bulk_create(reports, batch_size=2000)
        for report in reports:
            level = levels[report.organisation_id]
            for product in by_unit[report.organisation_id]:
                capacity = product.monthly_capacity
                quantity = (capacity * Decimal(str(round(level * rng.uniform(0.9, 1.08), 3)))).quantize(Decimal("0.01"))
                lines.append(
                    ProductionLine(
                        report=report,
                        product=product,
                        quantity=quantity,
                        monthly_capacity=capacity,
                        utilisation=checks.utilisation_percent(quantity, capacity),
                    )
                )
            if report.organisation.is_exporter:
                exports.append(
                    ExportLine(
                        report=report,
                        country=rng.choice(["IQ", "AF", "AM", "AZ", "TR"]),
                        value=Decimal(rng.randrange(20, 400)) * 1000,
                        currency="USD",
                    )
                )
        ProductionLine.objects.bulk_create(lines, batch_size=5000)
        ExportLine.objects.bulk_create(exports, batch_size=5000)
    timings["load-test units"] = time.monotonic() - started
    progress(
        f"{units:,} load-test units with {len(reports):,} reports of history in {timings['load-test units']:.0f} s"
    )

    started = time.monotonic()
    stats.rebuild()
    timings["statistics"] = time.monotonic() - started
    progress(f"statistics rebuilt in {timings['statistics']:.0f} s")

    # The published months' disclosure patterns, as the task worker computes them after each accept: the month-end
    # finds last month's pattern ready (no task worker runs during the benchmark).
    from django.core.management import call_command

    started = time.monotonic()
    call_command("refresh_disclosure", stdout=open(os.devnull, "w"))
    timings["disclosure patterns"] = time.monotonic() - started
    progress(f"disclosure patterns computed in {timings['disclosure patterns']:.0f} s")

    plan_units = []
    for organisation, member, token in zip(organisations, members, tokens):
        plan_units.append(
            {
                "id": organisation.pk,
                "username": member.username,
                "token": token.key,
                "shifts": organisation.usual_shifts,
                "employees": organisation.employees,
                "exporter": organisation.is_exporter,
                "products": [
                    {
                        "id": p.pk,
                        "capacity": str(p.monthly_capacity),
                        "usual": str(
                            (p.monthly_capacity * Decimal(str(levels[organisation.pk]))).quantize(Decimal("0.01"))
                        ),
                    }
                    for p in by_unit[organisation.pk]
                ],
            }
        )
    rng.shuffle(plan_units)
    return {
        "period": period.code,
        "year": period.year,
        "month": period.month,
        "days": period.days,
        "password": PASSWORD,
        "units": plan_units,
        "staff": staff,
        "reviewers": reviewers,
        "timings": timings,
    }


def data_counts(period_index: int) -> dict:
    from rownaq.registry.models import Organisation, Product
    from rownaq.reporting.models import MonthlyReport, ProductionLine

    return {
        "units": Organisation.objects.filter(kind=Organisation.Kind.UNIT).count(),
        "load-test units": Organisation.objects.filter(name__startswith="واحد آزمون بار").count(),
        "products": Product.objects.count(),
        "reports": MonthlyReport.objects.count(),
        "production lines": ProductionLine.objects.count(),
        "reports this month before the run": MonthlyReport.objects.filter(period_index=period_index).count(),
    }


# ---------------------------------------------------------------- the production set-up


class Gunicorn:
    def __init__(self, url: str, port: int, workers: int | None, work: Path):
        self.env = {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": str(WORK / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_ACCESS_LOG": str(work / "access.log"),
            "PYTHONPATH": str(ROOT / "src"),
            # The bench talks plain HTTP to gunicorn, as nginx does; Secure cookies would not come back.
            "SECURE_COOKIES": "0",
            # Each response's CPU in a Server-Timing header: the cost of every request kind under load.
            "SERVER_TIMING": "1",
        }
        if workers:
            self.env["GUNICORN_WORKERS"] = str(workers)
        self.base = f"http://127.0.0.1:{port}"
        self.log = (work / "gunicorn.log").open("w")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", "deploy/gunicorn.conf.py", "rownaq.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while self.status("/healthz") != 200:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"gunicorn did not start; see {work / 'gunicorn.log'}")
            time.sleep(0.3)
        self.cpu_at_start = cpu_seconds(self.process.pid, children=True)

    def status(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    def workers(self) -> set[int]:
        return child_pids(self.process.pid)

    def stop(self) -> float:
        """Stops gunicorn; returns the CPU seconds its workers used since start (reaped workers included)."""
        used = cpu_seconds(self.process.pid, children=True) - getattr(self, "cpu_at_start", 0)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(40)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()
        return used


def gunicorn_layout(env: dict) -> dict:
    """Worker class, threads per worker and whether each worker pools its connections, as deploy/gunicorn.conf.py
    sets them for this environment."""
    import runpy
    from unittest import mock

    with mock.patch.dict(os.environ, env, clear=True):
        conf = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
        pool = int(os.environ.get("DB_POOL_SIZE", "0") or 0) > 0
    return {"worker_class": conf.get("worker_class", "sync"), "threads": conf.get("threads", 1), "pool": pool}


class TaskWorker:
    """The task worker production runs beside gunicorn (deploy/rownaq-worker@.service): during the run it computes
    the disclosure patterns of the month being accepted, as it would at a real month-end."""

    def __init__(self, env: dict, work: Path):
        self.log = (work / "worker.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--no-schedule", "--worker-id", "bench"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def stop(self) -> float:
        """Stops the worker; returns the CPU seconds it used."""
        used = 0.0
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                _, status, usage = os.wait4(self.process.pid, 0)
                used = usage.ru_utime + usage.ru_stime
            except ChildProcessError:
                pass
        self.log.close()
        return used


def cpu_seconds(pid: int, children: bool = False) -> float:
    """CPU time of a process (and, with children=True, of its live children and of the ones it has reaped)."""

    def of(p: int, reaped: bool) -> float:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if reaped else 0)
        return ticks / os.sysconf("SC_CLK_TCK")

    return of(pid, children) + (sum(of(child, False) for child in child_pids(pid)) if children else 0)


class MachineSampler(threading.Thread):
    """The 1-minute load average every 5 s, and the share of CPU time the whole machine was busy."""

    def __init__(self):
        super().__init__(daemon=True)
        self.loads, self.stop_event = [], threading.Event()
        self.cpu_start = self.cpu_times()

    @staticmethod
    def cpu_times() -> tuple[int, int]:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = values[3] + values[4]
        return sum(values[:8]) - idle, sum(values[:8])

    def run(self):
        while not self.stop_event.wait(5):
            self.loads.append(os.getloadavg()[0])

    def finish(self) -> dict:
        self.stop_event.set()
        busy_end, total_end = self.cpu_times()
        busy = (busy_end - self.cpu_start[0]) / max(1, total_end - self.cpu_start[1])
        loads = self.loads or [os.getloadavg()[0]]
        return {"load_mean": sum(loads) / len(loads), "load_max": max(loads), "busy": busy}


# ---------------------------------------------------------------- the run


def run_locust(base: str, plan_path: Path, out: Path, args) -> tuple[int, float, float, float]:
    """Runs locust headless; returns its exit code, start and end times (epoch) and its CPU seconds."""
    env = {**os.environ, "ROWNAQ_LOAD_PLAN": str(plan_path), "ROWNAQ_LOAD_OUT": str(out)}
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(Path(__file__).with_name("locustfile.py")),
        "--headless",
        "-u",
        str(args.users),
        "-r",
        str(args.spawn_rate),
        "-t",
        f"{args.duration}s",
        "--host",
        base,
        "--stop-timeout",
        "20",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    started = time.time()
    with (out / "locust.log").open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, started, time.time(), usage.ru_utime + usage.ru_stime


class Restarter(threading.Thread):
    """Restarts the private cluster `at` seconds into the run, down for `down` seconds."""

    def __init__(self, cluster, at: float, down: float, started: float):
        super().__init__(daemon=True)
        self.cluster, self.at, self.down, self.started = cluster, at, down, started
        self.stopped_at = self.back_at = None
        self.error = None

    def run(self):
        time.sleep(max(0, self.started + self.at - time.time()))
        try:
            self.stopped_at = time.time()
            self.cluster.stop("fast")
            time.sleep(self.down)
            self.cluster.start()
            self.back_at = time.time()
        except Exception as exc:  # reported, not raised: the run goes on
            self.error = exc


def read_requests(out: Path) -> list[tuple[float, str, int, bool, float, float | None]]:
    """(start, name, status, ok, ms, the server's CPU ms or None) of every request."""
    rows = []
    with (out / "requests.csv").open(encoding="utf-8") as f:
        for t, name, status, ok, ms, *cpu in csv.reader(f):
            rows.append((float(t), name, int(status), ok == "1", float(ms), float(cpu[0]) if cpu and cpu[0] else None))
    return rows


TRIVIAL = "trivial view (ping)"


def cpu_ratios(table: list[dict]) -> dict:
    """Each request kind's median server CPU against the trivial view's (same run), and the median kind's ratio."""
    trivial = next((row["cpu_p50"] for row in table if row["name"] == TRIVIAL), None)
    kinds = [row for row in table if row["name"] not in (TRIVIAL, "all requests") and row["cpu_p50"] is not None]
    if not trivial or not kinds:
        return {"trivial": trivial, "median ratio": None, "median kind": None}
    for row in table:
        row["ratio"] = row["cpu_p50"] / trivial if row["cpu_p50"] is not None else None
    middle = sorted(kinds, key=lambda row: row["cpu_p50"])[(len(kinds) - 1) // 2]
    return {"trivial": trivial, "median ratio": middle["ratio"], "median kind": middle["name"]}


def request_table(rows: list, seconds: float) -> list[dict]:
    by_name = defaultdict(list)
    for row in rows:
        by_name[row[1]].append(row)
    table = []
    for name, items in sorted(by_name.items()) + [("all requests", rows)]:
        times = [r[4] for r in items]
        cpu = [r[5] for r in items if len(r) > 5 and r[5] is not None]
        failures = [r for r in items if not r[3]]
        table.append(
            {
                "name": name,
                "n": len(items),
                "rps": len(items) / seconds,
                "failures": len(failures),
                "statuses": Counter(r[2] for r in failures),
                "p50": percentile(times, 50),
                "p95": percentile(times, 95),
                "p99": percentile(times, 99),
                "max": max(times),
                "cpu_p50": percentile(cpu, 50) if cpu else None,
                "cpu_mean": sum(cpu) / len(cpu) if cpu else None,
                "ratio": None,
            }
        )
    return table


def verify(plan: dict, out: Path) -> dict:
    """What the server confirmed against what the database holds."""
    from django.db.models import Count, Sum

    from rownaq.core.jalali import JalaliMonth
    from rownaq.reporting.models import MonthlyReport, ProvinceStatCell, ReportEvent, StatCell

    period = JalaliMonth.parse(plan["period"])
    load_units = {u["id"] for u in plan["units"]}
    confirmed: dict[int, set[int]] = defaultdict(set)
    channels: dict[int, set[str]] = defaultdict(set)
    path = out / "submissions.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        record = json.loads(line)
        confirmed[record["unit"]].add(record["report"])
        channels[record["unit"]].add(record["channel"])
    reports = {
        r.organisation_id: r
        for r in MonthlyReport.objects.filter(period_index=period.index, organisation_id__in=load_units)
    }
    locked = {MonthlyReport.Status.SUBMITTED, MonthlyReport.Status.ACCEPTED}
    lost = [
        unit
        for unit, ids in confirmed.items()
        if unit not in reports or reports[unit].pk not in ids or reports[unit].status not in locked
    ]
    two_ids = [unit for unit, ids in confirmed.items() if len(ids) > 1]
    duplicates = list(
        MonthlyReport.objects.values("organisation", "year", "month").annotate(n=Count("id")).filter(n__gt=1)[:20]
    )
    double_submits = list(
        ReportEvent.objects.filter(report__period_index=period.index, action=ReportEvent.Action.SUBMIT)
        .values("report")
        .annotate(n=Count("id"))
        .filter(n__gt=1)[:20]
    )
    sent = {unit for unit, r in reports.items() if r.status in locked}
    unconfirmed = sorted(sent - set(confirmed))
    accepted = MonthlyReport.objects.filter(period_index=period.index, status=MonthlyReport.Status.ACCEPTED).count()
    cells = StatCell.objects.filter(period_index=period.index).aggregate(units=Sum("units"))["units"] or 0
    province_cells = (
        ProvinceStatCell.objects.filter(period_index=period.index).aggregate(units=Sum("units"))["units"] or 0
    )
    return {
        "confirmed": len(confirmed),
        "web": sum("web" in c for c in channels.values()),
        "api": sum("api" in c for c in channels.values()),
        "in database": len(sent),
        "drafts": sum(1 for r in reports.values() if r.status not in locked),
        "accepted": accepted,
        "accepted load-test": sum(r.status == MonthlyReport.Status.ACCEPTED for r in reports.values()),
        "lost": lost,
        "two ids": two_ids,
        "duplicates": duplicates,
        "double submits": double_submits,
        "unconfirmed": unconfirmed,
        "stat cell units": cells,
        "province cell units": province_cells,
        "ok": not lost
        and not two_ids
        and not duplicates
        and not double_submits
        and cells == accepted
        and province_cells == accepted
        and len(sent) == len(confirmed) + len(unconfirmed),
    }


def measure_costs(plan: dict, repeat: int = 5) -> list[dict]:
    """CPU per request, in this process with Django's test client after the run (no queueing, no network): the
    app's own CPU and its database backend's, for the main request types; what the throughput is made of."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from rownaq.reporting.models import MonthlyReport

    submitted = set(
        MonthlyReport.objects.filter(year=plan["year"], month=plan["month"]).values_list("organisation_id", flat=True)
    )
    spare = [u for u in plan["units"] if u["id"] not in submitted][: repeat * 2]
    if len(spare) < repeat * 2:
        return []

    def backend_cpu() -> tuple[int, float]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        return pid, cpu_seconds(pid)

    def api_payload(unit):
        return {
            "organisation": unit["id"],
            "period": plan["period"],
            "shifts_worked": unit["shifts"],
            "working_days": 22,
            "employees_total": unit["employees"],
            "employees_shift1": unit["employees"],
            "employees_shift2": None,
            "employees_shift3": None,
            "production": [{"product": p["id"], "quantity": p["capacity"]} for p in unit["products"]],
        }

    def forms(unit):
        client = Client()
        client.post("/accounts/login/", {"username": unit["username"], "password": PASSWORD})
        response = client.post("/reports/start/", {"organisation": unit["id"], "period": plan["period"]})
        return client, response["Location"]

    member, staff, public = Client(), Client(), Client()
    rows = []
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        member.post("/accounts/login/", {"username": plan["units"][0]["username"], "password": PASSWORD})
        staff.post("/accounts/login/", {"username": plan["staff"][0]["username"], "password": PASSWORD})
        opened = [forms(unit) for unit in spare[:repeat]]
        area = f"level=province&id={plan['staff'][0]['province']}"
        cases = {
            TRIVIAL: [(public, "get", "/ping", None, {})] * repeat * 4,
            "sign in (Argon2 password check)": [
                (Client(), "post", "/accounts/login/", {"username": u["username"], "password": PASSWORD}, {})
                for u in spare[:repeat]
            ],
            "web: report form": [(c, "get", url, None, {}) for c, url in opened],
            "web: home": [(member, "get", "/", None, {})] * repeat,
            "api: submit report": [
                (
                    Client(),
                    "post",
                    "/api/reports/",
                    api_payload(u),
                    {"content_type": "application/json", "HTTP_AUTHORIZATION": f"Token {u['token']}"},
                )
                for u in spare[repeat:]
            ],
            "api: look up report": [
                (
                    Client(),
                    "get",
                    f"/api/reports/?organisation={u['id']}",
                    None,
                    {"HTTP_AUTHORIZATION": f"Token {u['token']}"},
                )
                for u in spare[repeat:]
            ],
            "staff: home dashboard": [(staff, "get", "/", None, {})] * repeat,
            "staff: statistics dashboard": [(staff, "get", f"/reports/dashboard/?{area}", None, {})] * repeat,
            "staff: completeness": [(staff, "get", f"/reports/completeness/?period={plan['period']}", None, {})]
            * repeat,
            "web: report list": [(member, "get", f"/reports/?organisation={plan['units'][0]['id']}", None, {})]
            * repeat,
            "web: login page": [(Client(), "get", "/accounts/login/", None, {})] * repeat,
            "staff: review queue": [(staff, "get", f"/reports/?status=submitted&period={plan['period']}", None, {})]
            * repeat,
            "staff: indicators API": [(staff, "get", f"/api/stats/indicators/?{area}", None, {})] * repeat,
            "public: statistics page": [(public, "get", "/stats/", None, {})] * repeat,
            "public: statistics API": [(public, "get", "/api/stats/public/?level=national", None, {})] * repeat,
        }
        for name, calls in cases.items():
            for client in {id(call[0]): call[0] for call in calls}.values():
                # A new test client loads the middleware on its first request (WhiteNoise then reads every static
                # file: ~50 ms), which a server does once per worker: not part of any request's cost.
                client.get("/ping")
            client, method, path, data, extra = calls[0]
            if name not in ("sign in (Argon2 password check)", "api: submit report"):
                getattr(client, method)(path, data, **extra)  # warm
            pid, db_before = backend_cpu()
            app_before, started = time.process_time(), time.perf_counter()
            statuses = []
            for client, method, path, data, extra in calls:
                statuses.append(getattr(client, method)(path, data, **extra).status_code)
            app = (time.process_time() - app_before) / len(calls) * 1000
            wall = (time.perf_counter() - started) / len(calls) * 1000
            pid_after, db_after = backend_cpu()
            db = (db_after - db_before) / len(calls) * 1000 if pid_after == pid else None
            rows.append(
                {"name": name, "app": app, "db": db, "wall": wall, "n": len(calls), "statuses": sorted(set(statuses))}
            )
    return rows


def restart_analysis(rows: list, restarter: Restarter) -> dict:
    if restarter.error or restarter.back_at is None:
        return {"error": str(restarter.error or "the cluster did not come back")}
    stop, back = restarter.stopped_at, restarter.back_at
    window = [r for r in rows if r[0] + r[4] / 1000 >= stop]
    failures = [r for r in window if not r[3]]
    outage = [r for r in rows if stop <= r[0] <= back]
    last_failure = max((r[0] + r[4] / 1000 for r in failures), default=None)
    first_success_after = min((r[0] + r[4] / 1000 for r in rows if r[3] and r[0] >= back), default=None)
    after = [r for r in rows if r[0] >= back + 5]
    return {
        "stopped for": back - stop,
        "requests while down": len(outage),
        "failed": len(failures),
        "failed by status": Counter(r[2] for r in failures),
        "failed by request": Counter(r[1] for r in failures).most_common(8),
        "slowest failure ms": max((r[4] for r in failures), default=0),
        "errors ended after the restart (s)": (last_failure - back) if last_failure else None,
        "first success after (s)": (first_success_after - back) if first_success_after else None,
        "failures 5 s after": sum(1 for r in after if not r[3]),
        "requests 5 s after": len(after),
    }


# ---------------------------------------------------------------- the report


def ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def render(
    args,
    info: dict,
    counts: dict,
    plan: dict,
    table: list,
    check: dict,
    figures: dict,
    restart: dict | None,
    costs: list[dict],
) -> str:
    argv = " ".join(args.argv)
    lines = [
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC: `make bench-load" + (f' ARGS="{argv}"`' if argv else "`"),
        "",
        f"- Machine: {info['cpus']} CPUs ({info['cpu']}), {info['ram_gib']} GiB RAM; PostgreSQL {info['postgres']} "
        f"({'a private cluster, fsync off' if args.restart_db_at is not None else 'the shared server, stock settings'}"
        f", shared_buffers {info['shared_buffers']}); Python {info['python']}. The machine is shared: while "
        f"measuring, its 1-minute load average was {figures['load_mean']:.1f} on average (max "
        f"{figures['load_max']:.1f}) and its CPUs were {figures['busy']:.0%} busy; gunicorn's workers used "
        f"{figures['app_cpu']:,.0f} CPU-s, the task worker {figures.get('task_worker_cpu', 0):,.0f} CPU-s (the "
        f"disclosure patterns of the month being accepted) and locust {figures['locust_cpu']:,.0f} CPU-s of the "
        f"{figures['seconds'] * info['cpus']:,.0f} available.",
        f"- Set-up: gunicorn with deploy/gunicorn.conf.py ({figures['workers']} {figures['worker_class']} workers"
        f" x {figures['threads']} threads, DEBUG=0, static files by WhiteNoise"
        f"{', a pool of ' + str(figures['threads']) + ' PostgreSQL connections per worker' if figures['pool'] else ''}"
        f"), database {database_name(args.database_url)}; load average {figures['load_before']:.1f} just before "
        "the run.",
        f"- Data: {counts['units']:,} industrial units ({counts['load-test units']:,} load-test units, each with "
        f"a member and a token), {counts['products']:,} products, {counts['reports']:,} monthly reports before "
        f"the run; month reported: {plan['period']}.",
        f"- Load: {args.users} users ("
        + ", ".join(f"{k} {v}" for k, v in plan["mix"].items())
        + f"), started at {args.spawn_rate}/s, for {args.duration} s; think time {args.think[0]:g}–"
        f"{args.think[1]:g} s between steps.",
        "",
        f"Throughput: **{table[-1]['rps']:,.1f} requests/s** over the run ({table[-1]['n']:,} requests, "
        f"{table[-1]['failures']:,} errors); {check['confirmed']:,} monthly reports submitted and confirmed "
        f"({check['web']:,} on the web form, {check['api']:,} over the API), "
        f"{check['confirmed'] / (figures['seconds'] / 60):,.0f} a minute.",
        "",
        "Latency as the clients saw it; app CPU as the server's thread spent it in Django on each request, under the "
        "load (its Server-Timing header: median, and mean over the kind's requests), and the median's ratio to the "
        "trivial view's (`/ping`: the middleware, no database, no template) in the same run.",
        "",
        "| request | count | per s | p50 ms | p95 ms | p99 ms | max ms | errors | app CPU ms, median / mean "
        "| x trivial |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    ratios = cpu_ratios(table)
    for row in table:
        errors = ", ".join(f"{status or 'no answer'}: {n}" for status, n in sorted(row["statuses"].items()))
        name = f"**{row['name']}**" if row["name"] == "all requests" else row["name"]
        cpu = f"{ms(row['cpu_p50'])} / {ms(row['cpu_mean'])}" if row.get("cpu_p50") is not None else "–"
        ratio = f"{row['ratio']:,.1f}" if row.get("ratio") is not None else "–"
        lines.append(
            f"| {name} | {row['n']:,} | {row['rps']:,.2f} | {ms(row['p50'])} | {ms(row['p95'])} | "
            f"{ms(row['p99'])} | {ms(row['max'])} | {errors or '0'} | {cpu} | {ratio} |"
        )
    if ratios["median ratio"] is not None:
        slow = [row["name"] for row in table if row["name"] != "all requests" and row["p95"] > 1000]
        lines += [
            "",
            f"The trivial view cost {ms(ratios['trivial'])} ms of CPU per request; the median request kind "
            f"({ratios['median kind']}) {ratios['median ratio']:,.1f} times that (goal: 3 times). "
            f"p95 <= 1 s for every request kind: " + ("**met**." if not slow else f"**not met** ({', '.join(slow)})."),
        ]
    lines += [
        "",
        f"Checked in the database after the run: **{'passed' if check['ok'] else 'FAILED'}**. "
        f"{check['confirmed']:,} submissions confirmed to the users, {check['in database']:,} load-test reports "
        f"submitted or accepted for the month in the database ({len(check['unconfirmed'])} without a confirmation "
        f"the user saw: the run ended mid-request); confirmed but missing: {len(check['lost'])}; retries that named "
        f"another report: {len(check['two ids'])}; units with two reports for a month: {len(check['duplicates'])}; "
        f"reports submitted twice: {len(check['double submits'])}; drafts left open: {check['drafts']}. "
        f"Accepted this month: {check['accepted']:,} ({check['accepted load-test']:,} load-test); units in the "
        f"statistics cells: {check['stat cell units']:,} (estate level), {check['province cell units']:,} "
        "(province level).",
    ]
    if costs:
        lines += [
            "",
            "CPU per request, measured after the run in one process with Django's test client (no queueing, no "
            f"network; {costs[-1]['n']} requests each, {costs[0]['n']} of the trivial view): the app's CPU and its "
            "PostgreSQL backend's, and the app's against the trivial view's. Over the run "
            f"the workers used {figures['app_cpu'] * 1000 / max(1, table[-1]['n']):,.0f} ms of CPU per request "
            "on average.",
            "",
            "| request | app CPU ms | database CPU ms | wall ms | app CPU x trivial |",
            "|---|---:|---:|---:|---:|",
        ]
        trivial = next((row["app"] for row in costs if row["name"] == TRIVIAL), None)
        for row in costs:
            db = ms(row["db"]) if row["db"] is not None else "–"
            ratio = f"{row['app'] / trivial:,.1f}" if trivial else "–"
            lines.append(f"| {row['name']} | {ms(row['app'])} | {db} | {ms(row['wall'])} | {ratio} |")
    if restart is not None:
        lines += ["", render_restart(args, restart)]
    return "\n".join(lines)


def render_restart(args, restart: dict) -> str:
    if "error" in restart:
        return f"PostgreSQL restart at {args.restart_db_at} s: **failed to run**: {restart['error']}"
    statuses = ", ".join(f"{s or 'no answer'}: {n}" for s, n in sorted(restart["failed by status"].items()))
    by_request = ", ".join(f"{name} {n}" for name, n in restart["failed by request"])
    ended = restart["errors ended after the restart (s)"]
    if ended is None:
        last = "no request failed"
    elif ended <= 0:
        last = f"the last failed request ended {-ended:.1f} s before the database was back"
    else:
        last = f"the last failed request ended {ended:.1f} s after the database was back"
    return (
        f"PostgreSQL restarted {args.restart_db_at:g} s into the run (`pg_ctl stop -m fast`, down "
        f"{restart['stopped for']:.1f} s, then started): {restart['requests while down']:,} requests started while "
        f"it was down, and {restart['failed']:,} requests failed in all ({statuses or 'none'}; most: "
        f"{by_request or '-'}); the slowest failure took {restart['slowest failure ms']:,.0f} ms, time spent "
        f"queueing for a busy worker (a worker answers a 503 at once). Recovery: {last}; the first success came "
        f"{restart['first success after (s)'] or 0:.1f} s after it, and from 5 s after it "
        f"{restart['failures 5 s after']} of {restart['requests 5 s after']:,} requests failed. gunicorn and its "
        "workers were not restarted."
    )


DEFAULT_PROSE = f"""{SECTION}

The month-end rush against the production set-up (gunicorn with `deploy/gunicorn.conf.py`, DEBUG off, PostgreSQL),
measured by `bench/load.py` with locust users from `bench/locustfile.py`:

```
make bench-load                                   # 200 users for 3 minutes; LOAD_DATABASE_URL, default rownaq_load
make bench-load ARGS="--restart-db-at 60"         # the same on a private cluster, restarted 60 s into the run
```

Every run drops and recreates its database, loads the demo and 1,000 labelled load-test units («واحد آزمون بار …
(نمونه)», each with products, a member and an API token, and a year of accepted history), collects the static
files and starts gunicorn. Locust then runs 200 users: unit members who sign in, open the month's report form, fill
it in and submit it (and submit the same form again, as a double click), unit systems that submit over the API
(a quarter of them send their first attempt twice at once, and every one sends the same report again afterwards,
as a retry after a lost answer), staff reading the dashboards, completeness and review queue, reviewers accepting
reports (each accept updates the live statistics in its transaction), and the public reading the published
statistics. Each unit's report is sent by one user once it succeeds; a journey that fails gives the unit back for
a later attempt. Afterwards the benchmark checks in the database that every submission the server confirmed is
there exactly once, that no unit has two reports for the month and no report was submitted twice, and that the
statistics cells count every accepted report. Latency is measured by the clients (locust), from request to the end
of the response; locust runs on the same 2-CPU machine as the server and PostgreSQL, and takes part of the CPU.

### Results

{BLOCKS["run"][0]}
{BLOCKS["run"][1]}

### PostgreSQL restarted during the run

{BLOCKS["restart"][0]}
{BLOCKS["restart"][1]}
"""


def write_block(path: Path, kind: str, block: str) -> None:
    """Rewrite one marked block of the section (created with its prose if missing); the rest stays as it is."""
    begin, end = BLOCKS[kind]
    write_marked_block(path, SECTION, begin, end, DEFAULT_PROSE, block)


# ---------------------------------------------------------------- main


def parse(argv: list[str]):
    parser = argparse.ArgumentParser(prog="make bench-load ARGS=...", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=int, default=180, help="seconds of load (default 180)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second (default 10)")
    parser.add_argument(
        "--units",
        type=int,
        default=1000,
        help="load-test units (default 1,000: more than the users can submit in a run)",
    )
    parser.add_argument("--think", default="2,8", help="think time between a user's steps, seconds: MIN,MAX")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: deploy/gunicorn.conf.py's)")
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument(
        "--restart-db-at",
        type=float,
        metavar="SECONDS",
        help="restart PostgreSQL this many seconds into the run (on a private cluster)",
    )
    parser.add_argument("--down-seconds", type=float, default=5, help="how long it stays down (default 5)")
    parser.add_argument("--seed", type=int, default=1405)
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    try:
        args.think = tuple(float(v) for v in args.think.split(","))
        assert len(args.think) == 2 and 0 <= args.think[0] <= args.think[1]
    except (ValueError, AssertionError):
        parser.error("--think must be MIN,MAX seconds")
    args.argv = argv
    return args


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    out = WORK / f"run-{dt.datetime.now():%Y%m%d-%H%M%S}"
    out.mkdir()
    cluster = None
    if args.restart_db_at is not None:
        from bench.pgcluster import PrivateCluster

        cluster = PrivateCluster()
        cluster.start()
        args.database_url = cluster.create_database("rownaq_load")
        print(f"private cluster on port {cluster.port} ({cluster.root})")
    else:
        refuse_shared_database(args.database_url)
        create_database(args.database_url, drop=True)
    server = task_worker = None
    try:
        os.environ["STATIC_ROOT"] = str(WORK / "static")
        setup_django(args.database_url)
        from django.core.management import call_command
        from django.db import connection

        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        print(f"migrated in {time.monotonic() - started:.0f} s", flush=True)
        mix = user_mix(args.users)
        plan = seed(args.units, mix, args.seed, lambda message: print(message, flush=True))
        plan.update(mix=mix, think=list(args.think))
        # The planner's statistics, as autovacuum would have gathered them long before a month-end: freshly bulk
        # loaded tables look empty to it (it then picks nested loops over 1,000 units and a page takes seconds).
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"analysed in {time.monotonic() - started:.0f} s", flush=True)
        plan_path = out / "plan.json"
        plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        from rownaq.core.jalali import JalaliMonth

        counts = data_counts(JalaliMonth.parse(plan["period"]).index)
        info = machine()
        started = time.monotonic()
        call_command("collectstatic", interactive=False, verbosity=0)
        print(f"static files collected in {time.monotonic() - started:.0f} s", flush=True)
        connection.close()

        server = Gunicorn(args.database_url, free_port(), args.workers, out)
        workers = server.workers()
        for path in ("/stats/", "/api/stats/public/?level=national", "/accounts/login/") * len(workers):
            server.status(path)  # warm-up: templates and code loaded in every worker
        server.cpu_at_start = cpu_seconds(server.process.pid, children=True)  # the run's CPU, not the warm-up's
        task_worker = TaskWorker(server.env, out)
        print(
            f"gunicorn up ({len(workers)} workers) at {server.base}; locust: {args.users} users for {args.duration} s",
            flush=True,
        )
        load_before = os.getloadavg()[0]
        sampler = MachineSampler()
        sampler.start()
        restarter = None
        if cluster is not None:
            restarter = Restarter(cluster, args.restart_db_at, args.down_seconds, time.time())
            restarter.start()
        code, began, ended, locust_cpu = run_locust(server.base, plan_path, out, args)
        figures = sampler.finish()
        if restarter is not None:
            restarter.join(timeout=120)
        alive = server.process.poll() is None
        same_workers = server.workers() == workers
        figures.update(
            seconds=ended - began,
            locust_cpu=locust_cpu,
            workers=len(workers),
            load_before=load_before,
            **gunicorn_layout(server.env),
        )
        figures["app_cpu"] = server.stop()
        figures["task_worker_cpu"] = task_worker.stop()
        task_worker = None
        server = None
        if code != 0:
            print(f"locust exited with {code}; see {out / 'locust.log'}")
        rows = read_requests(out)
        if not rows:
            raise SystemExit(f"no request was made; see {out / 'locust.log'}")
        table = request_table(rows, figures["seconds"])
        check = verify(plan, out)
        costs = measure_costs(plan)
        restart = restart_analysis(rows, restarter) if restarter is not None else None
        if restart is not None and "error" not in restart and not (alive and same_workers):
            restart["error"] = "gunicorn or its workers did not survive the restart"
        block = render(args, info, counts, plan, table, check, figures, restart, costs)
        print()
        print(block)
        print(f"\nrequest log and locust output: {out}")
        if not args.no_write:
            if restart is not None:
                write_block(args.output, "restart", block)
            else:
                write_block(args.output, "run", block)
            print(f"written to {args.output}")
        if not check["ok"]:
            print(
                "the database check FAILED: "
                + json.dumps(
                    {k: v for k, v in check.items() if k in ("lost", "two ids", "duplicates", "double submits")},
                    default=str,
                )
            )
            sys.exit(1)
    finally:
        if server is not None:
            server.stop()
        if task_worker is not None:
            task_worker.stop()
        if cluster is not None:
            cluster.remove()


if __name__ == "__main__":
    main()
