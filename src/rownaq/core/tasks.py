"""The system's own tasks: the daily jobs (reminders, digests, backup), run once a day by the worker's schedule
(core/worker.py), and a backup asked for on the health page."""

from __future__ import annotations

import io
import traceback
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string

from . import jobs
from .backup import create_backup
from .importing import ImportFileError
from .jalali import format_jalali_date
from .models import JobRun
from .persian import to_persian_digits

# Daily jobs: management commands, scheduled in this order once the day's run hour has come.
DAILY_JOBS = {
    "send_report_reminders": "یادآوری گزارش‌های ماهانه",
    "case_reminders": "یادآوری و ارجاع پرونده‌ها",
    "tour_reminders": "یادآوری دعوت‌های تور",
    "sourcing_digest": "خبرنامهٔ نیازهای داخلی‌سازی",
    "backup": "پشتیبان‌گیری روزانه",
    "prune_jobs": "پاک‌کردن کارهای پس‌زمینهٔ کهنه",
}
# Those that act for a day (--date): a day caught up late is run as that day.
DATED_JOBS = {"send_report_reminders", "case_reminders", "tour_reminders"}


class DailyJobFailed(Exception):
    pass


def available_daily_jobs() -> list[str]:
    commands = get_commands()
    return [name for name in DAILY_JOBS if name in commands and (name != "backup" or settings.DAILY_BACKUP)]


def backup_path() -> Path:
    return Path(settings.BACKUP_DIR) / f"rownaq-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"


@jobs.job_task(user_errors=(DailyJobFailed,))
def run_daily_job(progress, run_id: int) -> dict:
    """One day's run of a daily job, recorded on its JobRun (output kept for the health page)."""
    run = JobRun.objects.get(pk=run_id)
    run.started_at, run.finished_at, run.ok = timezone.now(), None, False
    run.save(update_fields=["started_at", "finished_at", "ok"])
    args = ["--date", format_jalali_date(run.day, persian_digits=False)] if run.name in DATED_JOBS and run.day else []
    if run.name == "backup":
        args = ["--output", str(backup_path())]
    output = io.StringIO()
    try:
        call_command(run.name, *args, stdout=output, stderr=output)
        run.ok = True
    except Exception:  # recorded on the run and the job, shown on the health page
        output.write(traceback.format_exc())
    run.finished_at = timezone.now()
    run.summary = output.getvalue()[-4000:]
    run.save(update_fields=["ok", "finished_at", "summary"])
    if not run.ok:
        raise DailyJobFailed(
            f"کار روزانهٔ «{DAILY_JOBS.get(run.name, run.name)}» ناموفق بود؛ جزئیات در صفحهٔ سلامت سامانه."
        )
    return {"summary": run.summary[-1000:]}


@jobs.job_task()
def backup_now(progress) -> dict:
    """A backup of the whole system asked for by an administrator."""
    progress.update(stage="نوشتن پشتیبان")
    path = backup_path()
    manifest = create_backup(path)
    return {
        "message": f"پشتیبان نوشته شد: {path.name} ({to_persian_digits(sum(manifest['counts'].values()))} رکورد)",
        "file": path.name,
        "rows": sum(manifest["counts"].values()),
    }


# ---------------------------------------------------------------- Excel imports

# Errors kept on the job for the page (the count is always exact).
IMPORT_ERRORS_SHOWN = 1000


def import_upload_path(token: str) -> Path:
    """An uploaded import file, kept under a name of the system's own until it is applied."""
    if not token.isalnum():
        raise ValueError("bad import token")
    return Path(settings.MEDIA_ROOT) / "imports" / f"{token}.xlsx"


def _import_user(user_id):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=user_id)


def _errors_of(report) -> list[list]:
    return [[e.sheet, e.row, e.column, e.message] for e in report.errors[:IMPORT_ERRORS_SHOWN]]


@jobs.job_task(user_errors=(ImportFileError,))
def check_import(progress, importer_path: str, token: str, filename: str, user_id: int) -> dict:
    """Read and check every row of an uploaded workbook (nothing is written): the rows read and the errors found
    show as it goes; the outcome is the error list or a preview to confirm."""
    importer = import_string(importer_path)
    path = import_upload_path(token)
    progress.update(stage="خواندن و بررسی ردیف‌ها", rows=0, errors=0)
    try:
        plan = importer.plan(path.read_bytes(), _import_user(user_id))
    except (jobs.JobCancelled, ImportFileError):
        path.unlink(missing_ok=True)  # cancelled or unreadable: the file is not kept
        raise
    report = plan.report
    result = {
        "ok": report.ok,
        "token": token if report.ok else "",
        "filename": filename,
        "error_count": len(report.errors),
        "errors": _errors_of(report),
        "rows": progress.values.get("rows", 0),
    }
    if report.ok:
        result["preview_html"] = render_to_string(importer.preview_template, {"plan": plan})
        result["message"] = "همهٔ ردیف‌ها درست است؛ پیش‌نمایش را ببینید و تأیید کنید."
    else:
        path.unlink(missing_ok=True)
        result["message"] = f"{to_persian_digits(len(report.errors))} خطا یافت شد؛ هیچ ردیفی ثبت نشد."
    return result


@jobs.job_task(user_errors=(ImportFileError,), max_attempts=2)
def apply_import(progress, importer_path: str, token: str, filename: str, user_id: int) -> dict:
    """Check the confirmed file again (the data may have changed since the preview) and write it all, in one
    transaction: a failure, or a worker dying, leaves nothing behind, so running it again is safe."""
    importer = import_string(importer_path)
    path = import_upload_path(token)
    if not path.exists():
        raise ImportFileError("فایل پیش‌نمایش‌شده دیگر در دسترس نیست؛ دوباره بارگذاری کنید.")
    progress.update(stage="بررسی دوبارهٔ ردیف‌ها", rows=0, errors=0)
    user = _import_user(user_id)
    plan = importer.plan(path.read_bytes(), user)
    if not plan.report.ok:
        return {
            "ok": False,
            "error_count": len(plan.report.errors),
            "errors": _errors_of(plan.report),
            "message": "داده‌ها از زمان پیش‌نمایش تغییر کرده و این خطاها پیدا شد؛ چیزی ثبت نشد.",
        }
    progress.check()  # a cancel after this point comes too late: the rows are being written
    progress.update(stage="ثبت ردیف‌ها")
    report = importer.apply(plan, user)
    path.unlink(missing_ok=True)
    return {
        "ok": True,
        "created": len(report.created),
        "updated": len(report.updated),
        "applied": True,
        "message": (
            f"ورود اطلاعات انجام شد: {to_persian_digits(len(report.created))} مورد جدید، "
            f"{to_persian_digits(len(report.updated))} به‌روزرسانی."
        ),
    }
