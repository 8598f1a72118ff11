"""Background jobs (reminders, digests) run once a day by the worker, each run recorded for the health page."""
from __future__ import annotations

import io
import traceback

from django.conf import settings
from django.core.management import call_command, get_commands
from django.utils import timezone

from .models import JobRun

# Daily jobs: management commands, run in this order once the day's run hour has come.
DAILY_JOBS = ["send_report_reminders", "case_reminders", "tour_reminders", "sourcing_digest", "purge_import_previews"]


def available_jobs() -> list[str]:
    commands = get_commands()
    return [name for name in DAILY_JOBS if name in commands]


def run_job(name: str) -> JobRun:
    run = JobRun.objects.create(name=name, started_at=timezone.now())
    output = io.StringIO()
    try:
        call_command(name, stdout=output, stderr=output)
        run.ok = True
    except Exception:  # a failed job is recorded and shown on the health page; the worker goes on
        output.write(traceback.format_exc())
    run.finished_at = timezone.now()
    run.summary = output.getvalue()[-4000:]
    run.save()
    return run


def due_jobs(now=None) -> list[str]:
    """Jobs that have not run successfully today (Tehran time) once the run hour has passed."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < settings.WORKER_RUN_HOUR:
        return []
    today_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    done = set(JobRun.objects.filter(started_at__gte=today_start, ok=True).values_list("name", flat=True))
    return [name for name in available_jobs() if name not in done]
