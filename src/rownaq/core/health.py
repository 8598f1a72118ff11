"""The system's health for administrators: database, worker, last job runs, disk space."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .jobs import available_jobs
from .models import JobRun

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
    for name in available_jobs():
        last = JobRun.objects.filter(name=name).first()
        rows.append({
            "name": name,
            "last": last,
            "ok": bool(last and last.ok and (now - last.started_at).total_seconds() < 36 * 3600),
        })
    return rows


def disks() -> list[dict]:
    places = {"رسانه‌ها (فایل‌های بارگذاری‌شده)": Path(settings.MEDIA_ROOT)}
    if connection.vendor == "sqlite":
        places["پایگاه داده"] = Path(settings.DATABASES["default"]["NAME"]).parent
    rows = []
    for label, path in places.items():
        existing = path if path.exists() else next((p for p in path.parents if p.exists()), Path("/"))
        usage = shutil.disk_usage(existing)
        rows.append({"label": label, "path": str(path), "free": usage.free, "total": usage.total,
                     "ok": usage.free / usage.total > DISK_WARNING_FRACTION})
    return rows


def report() -> dict:
    db = database()
    job_rows = jobs() if db["ok"] else []
    disk_rows = disks()
    return {
        "database": db,
        "jobs": job_rows,
        "disks": disk_rows,
        "ok": db["ok"] and all(j["ok"] for j in job_rows) and all(d["ok"] for d in disk_rows),
        "checked_at": timezone.now(),
    }
