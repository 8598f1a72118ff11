"""The task worker: django_tasks_db's database worker (claims one task at a time with SELECT ... FOR UPDATE SKIP
LOCKED on PostgreSQL, an exclusive transaction on SQLite), plus what a worker needs beside it here:

- a heartbeat (core.WorkerProcess), so that a task whose worker was killed is found and either queued again (up to
  its job's attempts) or marked failed with a Persian message: never left "running" for ever;
- on Ctrl-C or SIGTERM the running job stops at its next check and goes back to the queue; the worker exits;
- the job's progress written and the user's cancel read about once a second;
- the daily jobs scheduled once a day (core/tasks.py), a day missed while no worker was up run when one returns.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
import time

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from . import jobs
from .models import Job, JobRun, WorkerProcess

logger = logging.getLogger("rownaq.worker")

# A task that ended with one of these was interrupted by the worker's own shutdown: it is queued again.
INTERRUPTED = {f"{cls.__module__}.{cls.__qualname__}" for cls in (jobs.WorkerStopping, SystemExit, KeyboardInterrupt)}


def requeue(db_result: DBTaskResult, count_attempt: bool = True) -> None:
    """Put a task back in the queue as it was before it was claimed. Its worker ids count the attempts; a run cut
    short by its own worker's shutdown is not counted (`count_attempt=False`)."""
    worker_ids = db_result.worker_ids if count_attempt else db_result.worker_ids[:-1]
    DBTaskResult.objects.filter(pk=db_result.pk).update(
        status=TaskResultStatus.READY,
        started_at=None,
        finished_at=None,
        exception_class_path="",
        traceback="",
        return_value=None,
        worker_ids=worker_ids,
    )


def live_workers(now=None) -> set[str]:
    now = now or timezone.now()
    since = now - dt.timedelta(seconds=settings.TASKS_WORKER_LOST_S)
    return set(WorkerProcess.objects.filter(seen_at__gte=since).values_list("worker_id", flat=True))


def recover_lost_tasks(now=None) -> dict[str, int]:
    """Tasks marked running whose worker is no longer seen: queued again while their job has attempts left,
    else failed (the task and its job) with a Persian message. Safe to run in several workers at once."""
    now = now or timezone.now()
    live = live_workers(now)
    grace = now - dt.timedelta(seconds=settings.TASKS_WORKER_LOST_S)
    counts = {"requeued": 0, "failed": 0}
    with exclusive_transaction(DBTaskResult.objects.db):
        lost = [
            row
            for row in DBTaskResult.objects.running().select_for_update(skip_locked=True)
            if not (row.worker_ids and row.worker_ids[-1] in live)
            and (row.started_at is None or row.started_at < grace)
        ]
        for row in lost:
            job = Job.objects.filter(task_id=str(row.pk)).first()
            allowed = job.max_attempts if job is not None else 1
            if len(row.worker_ids) < allowed:
                requeue(row)
                if job is not None:
                    Job.objects.filter(pk=job.pk).update(
                        status=Job.Status.WAITING, progress={**job.progress, "note": jobs.REQUEUED_NOTE}
                    )
                counts["requeued"] += 1
            else:
                error = jobs.WorkerLost(f"worker {row.worker_ids[-1] if row.worker_ids else '?'} was lost")
                row.set_failed(error)
                if job is not None and not job.finished:
                    Job.objects.filter(pk=job.pk).update(
                        status=Job.Status.FAILED,
                        finished_at=now,
                        error=jobs.LOST_ERROR.format(attempts=_fa(len(row.worker_ids))),
                    )
                counts["failed"] += 1
    if lost:
        logger.warning("lost tasks: %s", counts)
    return counts


def _fa(n: int) -> str:
    from .persian import to_persian_digits

    return to_persian_digits(str(n))


def daily_due_day(now=None) -> dt.date:
    """The latest day whose run hour has come (Tehran time): today after the hour, else yesterday."""
    local = timezone.localtime(now or timezone.now())
    day = local.date()
    return day if local.hour >= settings.WORKER_RUN_HOUR else day - dt.timedelta(days=1)


def schedule_daily(now=None) -> list[JobRun]:
    """Queue each daily job once for its due day; a second worker (or a second call) finds it scheduled."""
    from .tasks import DAILY_JOBS, available_daily_jobs, run_daily_job

    day = daily_due_day(now)
    scheduled = []
    for name in available_daily_jobs():
        if JobRun.objects.filter(name=name, day=day).exists():
            continue
        try:
            with transaction.atomic():
                run = JobRun.objects.create(name=name, day=day, scheduled_at=timezone.now())
                run.job = jobs.start(
                    run_daily_job, run.pk, title=f"کار روزانه: {DAILY_JOBS[name]}", subject=jobs.subject_of(run)
                )
                run.save(update_fields=["job"])
        except IntegrityError:  # another worker scheduled it in the meantime
            continue
        scheduled.append(run)
    return scheduled


def heartbeat(worker_id: str, started_at) -> None:
    WorkerProcess.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:200],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


class Supervisor(threading.Thread):
    """Beside the worker's loop: progress and cancel every second; heartbeat, lost tasks and the daily schedule
    every TASKS_HEARTBEAT_S seconds. A database outage is logged and outlived, never fatal."""

    def __init__(self, worker_id: str, schedule: bool = True, parent_pid: int | None = None):
        super().__init__(name="rownaq-supervisor", daemon=True)
        self.worker_id = worker_id
        self.schedule = schedule
        self.parent_pid = parent_pid
        self.started_at = timezone.now()
        self.done = threading.Event()
        self._last_beat = 0.0

    def run(self) -> None:
        jobs._supervised.set()
        try:
            while not self.done.is_set():
                self.tick()
                self.done.wait(jobs.FLUSH_SECONDS)
        finally:
            jobs._supervised.clear()
            connection.close()

    def tick(self) -> None:
        if self.parent_pid is not None and os.getppid() != self.parent_pid:
            # the process that started us (the demo's server) is gone: stop as if Ctrl-C had been pressed
            os.kill(os.getpid(), signal.SIGTERM)
            self.parent_pid = None
        try:
            for progress in jobs.running_jobs():
                progress.flush()
            if time.monotonic() - self._last_beat >= settings.TASKS_HEARTBEAT_S:
                self._last_beat = time.monotonic()
                heartbeat(self.worker_id, self.started_at)
                recover_lost_tasks()
                if self.schedule:
                    schedule_daily()
        except Exception:  # the database may be down for a while; the next tick tries again
            logger.exception("supervisor tick failed")
            close_old_connections()

    def stop(self) -> None:
        self.done.set()
        self.join(timeout=5)


class JobWorker(Worker):
    """The database worker, with a graceful stop that hands the running job back to the queue."""

    def shutdown(self, signum, frame) -> None:
        jobs.worker_stopping.set()  # the running job stops at its next check (a solver within a second)
        for progress in jobs.running_jobs():
            progress.stop.set()
        super().shutdown(signum, frame)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if db_task_result.status == TaskResultStatus.FAILED and db_task_result.exception_class_path in INTERRUPTED:
            requeue(db_task_result, count_attempt=False)
            Job.objects.filter(task_id=str(db_task_result.pk), status=Job.Status.RUNNING).update(
                status=Job.Status.WAITING
            )


def run_pending(worker_id: str = "inline", limit: int | None = None) -> int:
    """Run the queued tasks in this thread, one by one, as a worker would (claim, run, record); the number run.
    For `run_worker --once`-like use in tests and scripts: no signals, no sleeping."""
    worker = JobWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    done = 0
    while limit is None or done < limit:
        with exclusive_transaction(DBTaskResult.objects.db):
            task = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if task is not None:
                task.claim(worker_id)
        if task is None:
            break
        worker.run_task(task)
        done += 1
    return done
