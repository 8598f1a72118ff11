"""The system's health for administrators: database, the task queue and its workers, the daily jobs' last runs,
disk space."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Job, JobRun, WorkerProcess
from .tasks import DAILY_JOBS, available_daily_jobs

DISK_WARNING_FRACTION = 0.1


def database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "vendor": connection.vendor, "ms": round((time.perf_counter() - started) * 1000, 1)}
    except Exception as exc:  # the page must render even when the database is down
        return {"ok": False, "vendor": connection.vendor, "error": str(exc)[:300]}


def jobs() -> list[dict]:
    rows = []
    now = timezone.now()
    for name in available_daily_jobs():
        last = JobRun.objects.filter(name=name).exclude(started_at=None).order_by("-started_at").first()
        rows.append(
            {
                "name": name,
                "title": DAILY_JOBS[name],
                "last": last,
                "ok": bool(last and last.ok and (now - last.started_at).total_seconds() < 36 * 3600),
            }
        )
    return rows


# Waiting longer than this with no worker taking it means the workers are down or overwhelmed.
QUEUE_WAIT_WARNING_S = 300


def queue() -> dict:
    """The task queue (the database backend's table): waiting, running, failed in the last day, the oldest
    waiting task's age; and the workers seen lately."""
    from django.conf import settings
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    tasks = DBTaskResult.objects.all()
    waiting = tasks.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    workers = list(
        WorkerProcess.objects.filter(
            seen_at__gte=now - timezone.timedelta(seconds=settings.TASKS_WORKER_LOST_S)
        ).order_by("started_at")
    )
    oldest_s = (now - oldest).total_seconds() if oldest else None
    failed = list(
        Job.objects.filter(status=Job.Status.FAILED, finished_at__gte=now - timezone.timedelta(days=1)).order_by(
            "-finished_at"
        )[:10]
    )
    return {
        "waiting": waiting.count(),
        "running": tasks.filter(status=TaskResultStatus.RUNNING).count(),
        "failed": tasks.filter(
            status=TaskResultStatus.FAILED, finished_at__gte=now - timezone.timedelta(days=1)
        ).count(),
        "oldest_waiting": oldest,
        "oldest_waiting_s": oldest_s,
        "workers": workers,
        "failed_jobs": failed,
        "ok": bool(workers) and (oldest_s is None or oldest_s < QUEUE_WAIT_WARNING_S),
    }


def disks() -> list[dict]:
    places = {"رسانه‌ها (فایل‌های بارگذاری‌شده)": Path(settings.MEDIA_ROOT)}
    if connection.vendor == "sqlite":
        places["پایگاه داده"] = Path(settings.DATABASES["default"]["NAME"]).parent
    rows = []
    for label, path in places.items():
        existing = path if path.exists() else next((p for p in path.parents if p.exists()), Path("/"))
        usage = shutil.disk_usage(existing)
        rows.append(
            {
                "label": label,
                "path": str(path),
                "free": usage.free,
                "total": usage.total,
                "ok": usage.free / usage.total > DISK_WARNING_FRACTION,
            }
        )
    return rows


def report() -> dict:
    db = database()
    job_rows = jobs() if db["ok"] else []
    queue_state = queue() if db["ok"] else {"ok": False}
    disk_rows = disks()
    return {
        "database": db,
        "jobs": job_rows,
        "queue": queue_state,
        "disks": disk_rows,
        "ok": db["ok"] and queue_state["ok"] and all(j["ok"] for j in job_rows) and all(d["ok"] for d in disk_rows),
        "checked_at": timezone.now(),
    }
