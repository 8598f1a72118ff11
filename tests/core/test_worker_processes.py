"""The task worker as real processes on a database of their own (a SQLite file, or on a PostgreSQL run a PostgreSQL
database beside the test one): a task whose worker is killed runs again or is marked failed, never left running;
two workers never run the same task; cancel and Ctrl-C stop a running task; the demo's worker stops with its
server. Tasks come from tests/core/worker_tasks.py; tests/core/worker_driver.py queues them."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from bench.common import child_pids, free_port

REPO = Path(__file__).resolve().parents[2]
LOST_S = 4  # a worker not seen for this long is taken for dead (TASKS_WORKER_LOST_S)


class WorkerDb:
    """The database the processes share, and a way to read it without Django."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.vendor = connection.vendor
        if self.vendor == "postgresql":
            import psycopg

            params = connection.settings_dict
            self.name = f"{params['NAME']}_workers"[:60]
            self.dsn = dict(
                host=params["HOST"] or "127.0.0.1",
                port=params["PORT"] or 5432,
                user=params["USER"],
                password=params["PASSWORD"] or None,
            )
            with psycopg.connect(dbname="postgres", autocommit=True, **self.dsn) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                admin.execute(f'CREATE DATABASE "{self.name}"')
            auth = self.dsn["user"] + (f":{self.dsn['password']}" if self.dsn["password"] else "")
            self.url = f"postgres://{auth}@{self.dsn['host']}:{self.dsn['port']}/{self.name}"
        else:
            self.path = tmp / "workers.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}",
            "DJANGO_SETTINGS_MODULE": "rownaq.settings",
            "MEDIA_ROOT": str(self.tmp / "media"),
            "BACKUP_DIR": str(self.tmp / "backups"),
            "DAILY_BACKUP": "0",
            "TASKS_WORKER_LOST_S": str(LOST_S),
            "TASKS_HEARTBEAT_S": "1",
            **extra,
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        return env

    def rows(self, sql: str) -> list[tuple]:
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(dbname=self.name, **self.dsn) as conn:
                return conn.execute(sql).fetchall()
        with sqlite3.connect(self.path, timeout=20) as conn:
            return conn.execute(sql).fetchall()

    def drop(self) -> None:
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True, **self.dsn) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def wdb(tmp_path_factory, django_db_blocker):
    with django_db_blocker.unblock():
        db = WorkerDb(tmp_path_factory.mktemp("workers"))
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=REPO,
        env=db.env(),
        check=True,
        timeout=600,
    )
    yield db
    with django_db_blocker.unblock():
        db.drop()


@pytest.fixture
def db_(wdb, tmp_path):
    """A clean queue for each test, and a log file the sleepers write to."""
    for table in ("core_jobrun", "core_job", "django_tasks_database_dbtaskresult", "core_workerprocess"):
        _execute(wdb, f"DELETE FROM {table}")
    wdb.log = tmp_path / "runs.log"
    wdb.log.touch()
    return wdb


def _execute(db: WorkerDb, sql: str) -> None:
    if db.vendor == "postgresql":
        import psycopg

        with psycopg.connect(dbname=db.name, autocommit=True, **db.dsn) as conn:
            conn.execute(sql)
    else:
        with sqlite3.connect(db.path, timeout=20) as conn:
            conn.execute(sql)


def drive(db: WorkerDb, *args) -> object:
    out = subprocess.run(
        [sys.executable, str(REPO / "tests/core/worker_driver.py"), *map(str, args)],
        cwd=REPO,
        env=db.env(),
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_worker(db: WorkerDb, name: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-schedule", "--interval", "0.2", "--worker-id", name],
        cwd=REPO,
        env=db.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def job_state(db: WorkerDb) -> list[tuple]:
    return db.rows("SELECT status, attempts, error FROM core_job ORDER BY created_at")


def wait_for(condition, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def runs(db: WorkerDb) -> list[tuple[str, int]]:
    return [(line.split()[0], int(line.split()[1])) for line in db.log.read_text().splitlines()]


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def test_a_task_whose_worker_is_killed_runs_again_on_another(db_):
    [job_id] = drive(db_, "enqueue", 1, 3, db_.log)
    first = start_worker(db_, "first")
    try:
        wait_for(lambda: job_state(db_)[0][0] == "running", 60, "the first worker to start the task")
        first.kill()  # SIGKILL: no clean-up of any kind
        first.wait(timeout=10)
        assert job_state(db_)[0][0] == "running"
        second = start_worker(db_, "second")
        wait_for(lambda: job_state(db_)[0][0] == "done", 90, "the task to be run again and finish")
    finally:
        stop(first, *(p for p in [locals().get("second")] if p))
    assert job_state(db_)[0][1] == 2
    assert [job for job, _ in runs(db_)] == [job_id, job_id] and len({pid for _, pid in runs(db_)}) == 2
    [(status, worker_ids)] = db_.rows("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult")
    assert status == "SUCCESSFUL" and len(json.loads(worker_ids) if isinstance(worker_ids, str) else worker_ids) == 2


def test_a_task_lost_with_its_worker_twice_is_marked_failed_in_persian(db_):
    drive(db_, "enqueue", 1, 120, db_.log)
    processes = []
    try:
        for attempt in (1, 2):
            worker = start_worker(db_, f"doomed-{attempt}")
            processes.append(worker)
            wait_for(lambda: job_state(db_)[0][:2] == ("running", attempt), 60, f"attempt {attempt}")  # noqa: B023 (called in this iteration only)
            worker.kill()
            worker.wait(timeout=10)
        processes.append(start_worker(db_, "survivor"))
        wait_for(lambda: job_state(db_)[0][0] == "failed", 60, "the lost task to be marked failed")
    finally:
        stop(*processes)
    status, attempts, error = job_state(db_)[0]
    assert attempts == 2 and "از کار افتاد" in error
    assert db_.rows("SELECT status FROM django_tasks_database_dbtaskresult") == [("FAILED",)]
    assert len(runs(db_)) == 2, "not started a third time"


def test_two_workers_never_run_the_same_task(db_):
    ids = drive(db_, "enqueue", 40, 0.05, db_.log)
    workers = [start_worker(db_, "one"), start_worker(db_, "two")]
    try:
        wait_for(lambda: all(row[0] == "done" for row in job_state(db_)), 180, "every task to finish")
    finally:
        stop(*workers)
    ran = [job for job, _ in runs(db_)]
    assert sorted(ran) == sorted(ids), "each task ran exactly once"
    assert {row[1] for row in job_state(db_)} == {1}


def test_cancel_stops_a_running_task_and_the_worker_goes_on(db_):
    [long_job] = drive(db_, "enqueue", 1, 120, db_.log)
    worker = start_worker(db_, "canceller")
    try:
        wait_for(lambda: job_state(db_)[0][0] == "running", 60, "the task to start")
        asked = time.monotonic()
        assert drive(db_, "cancel", long_job) == "running"
        wait_for(lambda: job_state(db_)[0][0] == "cancelled", 10, "the running task to stop")
        assert time.monotonic() - asked < 10
        drive(db_, "enqueue", 1, 0.1, db_.log)
        wait_for(lambda: job_state(db_)[-1][0] == "done", 60, "the next task, on the same worker")
        assert worker.poll() is None
    finally:
        stop(worker)


def test_ctrl_c_hands_the_running_task_back_to_the_queue(db_):
    drive(db_, "enqueue", 1, 4, db_.log)
    worker = start_worker(db_, "interrupted")
    try:
        wait_for(lambda: job_state(db_)[0][0] == "running", 60, "the task to start")
        worker.send_signal(signal.SIGINT)
        assert worker.wait(timeout=10) == 0
        assert job_state(db_)[0][0] == "waiting"
        assert db_.rows("SELECT status FROM django_tasks_database_dbtaskresult") == [("READY",)]
        again = start_worker(db_, "again")
        wait_for(lambda: job_state(db_)[0][0] == "done", 60, "the task to run again and finish")
    finally:
        stop(worker, *(p for p in [locals().get("again")] if p))
    assert len(runs(db_)) == 2


def _demo(db: WorkerDb, port: int) -> tuple[subprocess.Popen, int]:
    demo = subprocess.Popen(
        [sys.executable, "manage.py", "demo", "--no-load", "--addrport", f"127.0.0.1:{port}"],
        cwd=REPO,
        env=db.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )

    def up():
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    wait_for(up, 120, "the demo's server")
    workers = wait_for(
        lambda: [pid for pid in child_pids(demo.pid) if db.rows(f"SELECT 1 FROM core_workerprocess WHERE pid = {pid}")],
        60,
        "the demo's worker to be seen",
    )
    return demo, workers[0]


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:  # a zombie of ours
        return os.waitpid(pid, os.WNOHANG)[0] == pid
    except ChildProcessError:
        return False


def test_the_demos_worker_stops_with_its_server(db_):
    demo, worker = _demo(db_, free_port())
    os.killpg(demo.pid, signal.SIGINT)  # Ctrl-C in the terminal: the whole foreground group
    assert demo.wait(timeout=30) is not None
    wait_for(lambda: _gone(worker), 30, "the worker to stop with one Ctrl-C")

    demo, worker = _demo(db_, free_port())
    demo.kill()  # the server dies without a word: the worker notices its parent is gone
    demo.wait(timeout=10)
    wait_for(lambda: _gone(worker), 30, "the orphaned worker to stop")
