"""Benchmark of the live statistics: `make bench-stats ARGS="--scale full"` (python -m bench.stats).

1. Generates a synthetic data set (bench/synthetic.py) into a PostgreSQL database of its own
   (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/rownaq_bench; created if missing), or reuses
   the one already there when it was generated with the same parameters (synthetic_dataset table).
2. Serves the app with Django's HTTP server on 127.0.0.1 (a process of its own, DEBUG off, one persistent database
   connection) and measures p50/p95/max latency of /api/stats/indicators/ at national, province, county and
   estate level, and of the public endpoint, after a warm-up.
3. Measures freshness: accepts submitted reports through services.accept and polls the API until the numbers
   show them (and reopens them, and polls until they are gone, which also restores the data set).
4. Prints the tables and writes them into the "Live statistics at national scale" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from bench.common import cpu_model, free_port, ram_gib, write_marked_block

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rownaq_bench"
SECTION = "## Live statistics at national scale"
BEGIN, END = "<!-- bench-stats:begin -->", "<!-- bench-stats:end -->"
TARGET_P95_MS, TARGET_FRESHNESS_S = 200, 1.0
ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- the database


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def refuse_shared_database(url: str) -> None:
    name = database_name(url)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("the benchmark needs PostgreSQL (BENCH_DATABASE_URL=postgres://...)")
    if not name or name == "test" or name.startswith("test_") or name in ("postgres", "template0", "template1"):
        raise SystemExit(f"refusing to use the database {name!r}: give the benchmark a database of its own")
    if url == os.environ.get("DATABASE_URL"):
        raise SystemExit("BENCH_DATABASE_URL is the app's DATABASE_URL: give the benchmark a database of its own")


def _maintenance(url: str, statement: str, args=()) -> list:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        cursor = conn.execute(statement, args)
        return cursor.fetchall() if cursor.description else []


def create_database(url: str, drop: bool = False) -> None:
    from psycopg import sql

    name = database_name(url)
    if drop:
        _maintenance(url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    if not _maintenance(url, "SELECT 1 FROM pg_database WHERE datname = %s", [name]):
        _maintenance(url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"created database {name}")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # production settings refuse to start without
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rownaq.settings")
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def prepare_data(url: str, spec, regenerate: bool) -> dict:
    """The data set of `spec` in the database: reused if already there, else (re)generated."""
    from django.db import connection

    from . import synthetic

    migrate()
    existing = synthetic.existing_dataset()
    if existing and existing["spec"] == spec.identity() and not regenerate:
        print(f"reusing the data set generated {existing['generated_at']}: {synthetic.describe(existing['counts'])}")
        return existing
    from rownaq.registry.models import Organisation

    if existing or Organisation.objects.exists():
        print("the database holds other data: dropping and recreating it")
        connection.close()
        create_database(url, drop=True)
        migrate()
    started = time.monotonic()
    synthetic.generate(spec, progress=lambda message: print(f"  {message}", flush=True))
    print(f"generated in {time.monotonic() - started:,.0f} s")
    return synthetic.existing_dataset()


# ---------------------------------------------------------------- the HTTP server


class Server:
    """`python -m rownaq runserver` without threads or autoreload: one process, one database connection kept
    open (DB_CONN_MAX_AGE), like one worker of a WSGI server."""

    def __init__(self, url: str, port: int, log: Path):
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "DB_CONN_MAX_AGE": "600", "PYTHONUNBUFFERED": "1"}
        self.port = port
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rownaq",
                "runserver",
                "--noreload",
                "--nothreading",
                "--skip-checks",
                f"127.0.0.1:{port}",
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _ = self.get("/api/stats/public/?level=national")
                if status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"the HTTP server did not start; see {log}")
            time.sleep(0.3)

    def get(self, path: str, token: str | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("GET", path, headers={"Authorization": f"Token {token}"} if token else {})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


# ---------------------------------------------------------------- measurements


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))  # nearest rank
    return ordered[rank]


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "max": max(values),
        "mean": statistics.fmean(values),
    }


def bench_user():
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    user, created = get_user_model().objects.get_or_create(
        username="bench.admin", defaults={"is_superuser": True, "is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    token, _ = Token.objects.get_or_create(user=user)
    return user, token.key


def indicator_paths(seed: int) -> dict[str, list[str]]:
    """Requests per level; each level cycles through different places so the cache is not always warm."""
    from rownaq.places.models import County, Estate, Province
    from rownaq.registry.models import IsicCode
    from rownaq.reporting.models import StatCell

    rng = random.Random(seed)
    provinces = list(Province.objects.values_list("pk", flat=True))
    counties = list(County.objects.values_list("pk", flat=True))
    estates = list(Estate.objects.values_list("pk", flat=True))
    latest = StatCell.objects.order_by("-period_index").values_list("period_index", flat=True).first()
    used = set(StatCell.objects.filter(period_index=latest).values_list("division", flat=True).distinct()) - {""}
    divisions = sorted(used & set(IsicCode.objects.filter(level=2).values_list("code", flat=True))) or [""]
    api = "/api/stats/indicators/?"

    def sample(items: list, n: int = 200) -> list:
        return rng.sample(items, min(n, len(items)))

    return {
        "national": [api + "level=national"],
        "national, one ISIC division": [api + urlencode({"level": "national", "division": d}) for d in divisions],
        "province": [api + urlencode({"level": "province", "id": p}) for p in sample(provinces)],
        "county": [api + urlencode({"level": "county", "id": c}) for c in sample(counties)],
        "estate": [api + urlencode({"level": "estate", "id": e}) for e in sample(estates)],
        "public, national": ["/api/stats/public/?level=national"],
    }


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time a process has used so far (Linux /proc), or 0 when it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, TypeError):
        return 0.0


def server_backend_pid() -> int | None:
    """The PostgreSQL backend serving the HTTP server's (persistent) connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend' "
            "ORDER BY backend_start DESC LIMIT 1"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def measure_latency(server: Server, token: str, paths: list[str], requests: int, warmup: int) -> dict:
    """Wall-clock latency per request, and the CPU time the app process and its database backend spent per
    request (the machine is shared, so wall-clock time includes waiting for a CPU; CPU time does not)."""
    for i in range(warmup):
        server.get(paths[i % len(paths)], token)
    backend = server_backend_pid()
    cpu_before = cpu_seconds(server.process.pid), cpu_seconds(backend)
    timings, sizes = [], []
    for i in range(requests):
        path = paths[(warmup + i) % len(paths)]
        started = time.perf_counter()
        status, body = server.get(path, token)
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}: {body[:300]!r}")
        sizes.append(len(body))
    app_cpu = (cpu_seconds(server.process.pid) - cpu_before[0]) * 1000 / requests
    db_cpu = (cpu_seconds(backend) - cpu_before[1]) * 1000 / requests
    return summary(timings) | {"bytes": statistics.median(sizes), "app_cpu": app_cpu, "db_cpu": db_cpu}


def current_units(server: Server, token: str, path: str) -> int:
    status, body = server.get(path, token)
    if status != 200:
        raise SystemExit(f"{path}: HTTP {status}: {body[:300]!r}")
    return json.loads(body)["current"]["units"]


def wait_for(server: Server, token: str, path: str, expected: int, since: float, timeout: float = 30) -> tuple:
    polls = 0
    while True:
        polls += 1
        if current_units(server, token, path) == expected:
            return time.perf_counter() - since, polls
        if time.perf_counter() - since > timeout:
            raise SystemExit(f"{path}: the change was not visible after {timeout} s")


def measure_freshness(server: Server, token: str, user, samples: int, seed: int) -> dict:
    """Accept a submitted report and poll the API (another process, another database connection) until its
    area's numbers for the month include it; then reopen it and poll until they no longer do; then submit it
    again, so the data set is as before. Cycles through estate, province and national level."""
    from rownaq.reporting import services
    from rownaq.reporting.models import MonthlyReport

    pending = list(
        MonthlyReport.objects.filter(status=MonthlyReport.Status.SUBMITTED)
        .select_related("organisation__county")
        .order_by("-period_index", "pk")[:500]
    )
    if not pending:
        raise SystemExit("no submitted report to accept")
    random.Random(seed).shuffle(pending)
    accept_ms, reopen_ms, visible, gone, polls = [], [], [], [], []
    levels = ["estate", "province", "national"]
    for n, report in enumerate(pending[:samples]):
        level = levels[n % len(levels)]
        unit = report.organisation
        if level == "estate" and not unit.estate_id:
            level = "county"
        place = {"estate": unit.estate_id, "county": unit.county_id, "province": unit.county.province_id}
        params = {"level": level, "period": report.period.code} | ({"id": place[level]} if level in place else {})
        path = "/api/stats/indicators/?" + urlencode(params)
        before = current_units(server, token, path)
        started = time.perf_counter()
        services.accept(report, user)
        committed = time.perf_counter()  # accept() returns once its transaction has committed
        accept_ms.append((committed - started) * 1000)
        seconds, count = wait_for(server, token, path, before + 1, committed)
        visible.append(seconds)
        polls.append(count)
        started = time.perf_counter()
        services.reopen(report, user, "آزمون کارایی: بازگشایی")
        committed = time.perf_counter()
        reopen_ms.append((committed - started) * 1000)
        seconds, _ = wait_for(server, token, path, before, committed)
        gone.append(seconds)
        services.submit(MonthlyReport.objects.get(pk=report.pk), None)
    return {
        "accepted -> visible": summary([s * 1000 for s in visible]),
        "reopened -> gone": summary([s * 1000 for s in gone]),
        "accept transaction": summary(accept_ms),
        "reopen transaction": summary(reopen_ms),
        "polls": max(polls),
    }


def measure_queries(runs: int = 20) -> dict[str, dict]:
    """In-process time of each query areas.build makes for the national view (no HTTP, no rendering)."""
    from rownaq.reporting import indicators, services

    month = indicators.latest_month_with_data("national", None, services.latest_reportable_month())
    first = month - 23
    calls = {
        "latest month with data": lambda: indicators.latest_month_with_data("national", None, month),
        "trend, 24 months": lambda: indicators.trend("national", None, first, month),
        "by province": lambda: indicators.breakdown("national", None, month, "place"),
        "by ISIC division": lambda: indicators.breakdown("national", None, month, "division"),
        "exports by country": lambda: indicators.trade("national", None, month, month, "export", "country"),
        "exports by HS chapter": lambda: indicators.trade("national", None, month, month, "export", "chapter"),
        "imports by HS chapter": lambda: indicators.trade("national", None, month, month, "import", "chapter"),
    }
    result = {}
    for name, call in calls.items():
        call()
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
        result[name] = summary(timings)
    return result


# ---------------------------------------------------------------- the report


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu_model(),
        "ram_gib": ram_gib(),
        "postgres": version,
        "shared_buffers": shared_buffers,
        "database_gib": round(size / 1024**3, 1),
        "python": platform.python_version(),
    }


def cell_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.object_name: model.objects.count()
        for model in apps.get_app_config("reporting").get_models()
        if model._meta.object_name.endswith(("StatCell", "TradeCell"))
    }


def ms(value: float) -> str:
    return f"{value:,.1f}"


def render(
    args, dataset: dict, info: dict, cells: dict, latency: dict, freshness: dict, queries: dict, load: tuple
) -> str:
    counts = dataset["counts"]
    gen = dataset.get("seconds", {})
    lines = [
        f'Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC: `make bench-stats ARGS="{" ".join(args.argv)}"`'
        if args.argv
        else f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC: `make bench-stats`",
        "",
        f"- Machine: {info['cpus']} CPUs ({info['cpu']}), {info['ram_gib']} GiB RAM; PostgreSQL {info['postgres']} "
        f"(stock settings, shared_buffers {info['shared_buffers']}); Python {info['python']}. Load average "
        f"{load[0]:.1f} at the start and {load[1]:.1f} at the end (the machine is shared; other work was running).",
        f"- Data ({', '.join(f'{k}: {v:,}' for k, v in dataset['spec'].items())}), months {dataset['first']} .. "
        f"{dataset['last']}: {counts['places.Province']:,} provinces, {counts['places.County']:,} counties, "
        f"{counts['places.Estate']:,} estates, {counts['registry.Organisation']:,} units, "
        f"{counts['registry.Product']:,} products; {counts['reporting.MonthlyReport']:,} monthly reports "
        f"({counts['accepted reports']:,} accepted), {counts['reporting.ProductionLine']:,} production lines, "
        f"{counts['reporting.ExportLine']:,} export lines, {counts['reporting.ImportLine']:,} import lines; "
        f"database {info['database_gib']} GiB.",
        "- Rollup rows: " + ", ".join(f"{k} {v:,}" for k, v in cells.items()) + ".",
        f"- Generation (once; reused while the parameters are the same): {sum(gen.values()) / 60:,.1f} min ("
        + ", ".join(f"{k} {v:,.0f} s" for k, v in gen.items())
        + ").",
        "",
        f"Latency of the indicator API over HTTP (ms; {args.requests} requests per row after {args.warmup} warm-up "
        "requests; each row cycles through different places; one request = everything the dashboard shows: the "
        "24-month trend, the breakdowns by place and by ISIC division, exports by country and chapter, imports):",
        "",
        "| request | p50 | p95 | max | CPU per request: app + database | response | p95 target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, row in latency.items():
        ok = "met" if row["p95"] <= TARGET_P95_MS else "**missed**"
        lines.append(
            f"| {name} | {ms(row['p50'])} | {ms(row['p95'])} | {ms(row['max'])} | "
            f"{ms(row['app_cpu'])} + {ms(row['db_cpu'])} | {row['bytes'] / 1024:,.0f} KiB | "
            f"≤ {TARGET_P95_MS} ms: {ok} |"
        )
    lines += [
        "",
        f"Freshness ({freshness['accepted -> visible']['n']} reports; ms from services.accept / reopen returning "
        "(committed) to the API, served by the other process, showing the change; polled back to back, at most "
        f"{freshness['polls']} polls):",
        "",
        "| step | p50 | p95 | max | target |",
        "|---|---:|---:|---:|---|",
    ]
    for name, row in freshness.items():
        if name == "polls":
            continue
        target = ""
        if "->" in name:
            target = f"≤ {TARGET_FRESHNESS_S * 1000:,.0f} ms: " + (
                "met" if row["max"] <= TARGET_FRESHNESS_S * 1000 else "**missed**"
            )
        lines.append(f"| {name} | {ms(row['p50'])} | {ms(row['p95'])} | {ms(row['max'])} | {target} |")
    lines += [
        "",
        "The national view's queries in-process (ms, 20 runs each; no HTTP, no JSON):",
        "",
        "| query | p50 | p95 | max |",
        "|---|---:|---:|---:|",
    ]
    for name, row in queries.items():
        lines.append(f"| {name} | {ms(row['p50'])} | {ms(row['p95'])} | {ms(row['max'])} |")
    return "\n".join(lines)


DEFAULT_PROSE = f"""{SECTION}

The indicator API over a synthetic national data set (`bench/synthetic.py`), measured by
`bench/stats.py`. The block below is rewritten by every run.

{BEGIN}
{END}
"""


def write_section(path: Path, block: str) -> None:
    write_marked_block(path, SECTION, BEGIN, END, DEFAULT_PROSE, block)


# ---------------------------------------------------------------- main


def parse(argv: list[str]):
    parser = argparse.ArgumentParser(prog="make bench-stats ARGS=...", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        choices=["full", "medium", "small"],
        default="small",
        help="full: 31 provinces, 1,000 estates, 100,000 units, 120 months (about 12 million "
        "reports); small: a quick run (default)",
    )
    for name in ("provinces", "counties", "estates", "units", "months", "seed"):
        parser.add_argument(f"--{name}", type=int)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--regenerate", action="store_true", help="generate the data again even if it is there")
    parser.add_argument("--requests", type=int, default=100, help="measured requests per level (at least 50)")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--freshness", type=int, default=12, help="reports accepted for the freshness measure")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    if args.requests < 50:
        parser.error("--requests must be at least 50")
    args.argv = argv
    return args


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    url = args.database_url
    refuse_shared_database(url)
    create_database(url)
    setup_django(url)

    from . import synthetic

    base = synthetic.SCALES[args.scale]
    overrides = {
        name: getattr(args, name)
        for name in ("provinces", "counties", "estates", "units", "months", "seed")
        if getattr(args, name) is not None
    }
    spec = synthetic.Spec(
        **{
            **{k: getattr(base, k) for k in ("provinces", "counties", "estates", "units", "months", "seed")},
            **overrides,
        }
    )
    dataset = prepare_data(url, spec, args.regenerate)
    user, token = bench_user()
    info, cells = machine(), cell_counts()
    load_start = os.getloadavg()[0]
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"rownaq-bench-server-{os.getpid()}.log"
    server = Server(url, free_port(), log)
    try:
        latency = {}
        for name, paths in indicator_paths(spec.seed).items():
            latency[name] = measure_latency(server, token, paths, args.requests, args.warmup)
            row = latency[name]
            print(
                f"{name:>28}: p50 {ms(row['p50'])} ms, p95 {ms(row['p95'])} ms, max {ms(row['max'])} ms; "
                f"CPU {ms(row['app_cpu'])} + {ms(row['db_cpu'])} ms",
                flush=True,
            )
        freshness = measure_freshness(server, token, user, args.freshness, spec.seed)
        print(
            f"{'freshness':>28}: "
            + ", ".join(f"{k} max {ms(v['max'])} ms" for k, v in freshness.items() if k != "polls"),
            flush=True,
        )
    finally:
        server.stop()
    queries = measure_queries()
    block = render(args, dataset, info, cells, latency, freshness, queries, (load_start, os.getloadavg()[0]))
    print()
    print(block)
    if not args.no_write:
        write_section(args.output, block)
        print(f"\nwritten to {args.output}")


if __name__ == "__main__":
    main()
