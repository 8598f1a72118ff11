"""Operations: the worker's daily jobs, the health page, and backup and restore of the whole system."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from rownaq.core import health, tasks
from rownaq.core.backup import RestoreError, create_backup, model_counts, restore_backup
from rownaq.core.models import ChangeRecord, Job, JobRun
from rownaq.core.worker import run_pending, schedule_daily
from rownaq.registry.models import Organisation, Product


def at(hour: int, day: int = 1):
    """A moment of December 2026 on Tehran's clock."""
    return timezone.make_aware(dt.datetime(2026, 12, day, hour, 30))


def test_each_daily_job_is_scheduled_once_a_day_and_its_run_recorded(world, settings, monkeypatch):
    settings.WORKER_RUN_HOUR = 7
    ran = []
    monkeypatch.setattr(tasks, "available_daily_jobs", lambda: ["send_report_reminders", "sourcing_digest"])
    monkeypatch.setattr(tasks, "call_command", lambda name, *args, **kw: ran.append((name, args)))
    assert schedule_daily(at(6)) and JobRun.objects.get(name="sourcing_digest").day == dt.date(2026, 11, 30)
    assert schedule_daily(at(6)) == []  # the same day is scheduled once, by one worker or several
    assert [r.day for r in schedule_daily(at(8))] == [dt.date(2026, 12, 1)] * 2
    assert run_pending() == 4
    assert ran[0] == ("send_report_reminders", ("--date", "1405/09/09"))  # a missed day runs as that day
    assert all(JobRun.objects.values_list("ok", flat=True)) and JobRun.objects.count() == 4
    assert set(Job.objects.values_list("status", flat=True)) == {Job.Status.DONE}


def test_a_failing_daily_job_is_recorded_with_its_reason(world, settings, monkeypatch):
    settings.WORKER_RUN_HOUR = 0
    monkeypatch.setattr(tasks, "available_daily_jobs", lambda: ["send_report_reminders"])

    def boom(name, *args, **kwargs):
        raise RuntimeError("SMTP server refused")

    monkeypatch.setattr(tasks, "call_command", boom)
    schedule_daily()
    run_pending()
    run = JobRun.objects.get()
    assert not run.ok and "SMTP server refused" in run.summary
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and "یادآوری گزارش‌های ماهانه" in job.error
    assert health.jobs()[0]["ok"] is False


def test_real_daily_jobs_run(world, settings, tmp_path):
    settings.WORKER_RUN_HOUR = 0
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    schedule_daily()
    assert run_pending() == len(tasks.available_daily_jobs())
    names = set(JobRun.objects.values_list("name", flat=True))
    assert {"send_report_reminders", "backup"} <= names and all(JobRun.objects.values_list("ok", flat=True))
    assert list((tmp_path / "backups").glob("rownaq-*.tar.gz"))


def test_old_finished_jobs_and_their_files_are_pruned(world, settings, tmp_path):
    import os

    from django_tasks_db.models import DBTaskResult

    from rownaq.core import jobs
    from rownaq.reporting.tasks import rebuild_statistics

    settings.MEDIA_ROOT = tmp_path
    old, recent = (jobs.start(rebuild_statistics, title=t) for t in ("old", "recent"))
    run_pending()
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=31))
    DBTaskResult.objects.filter(pk=old.task_id).update(finished_at=timezone.now() - dt.timedelta(days=31))
    (tmp_path / "presskits").mkdir()
    stale, fresh = tmp_path / "presskits" / "a.pdf", tmp_path / "presskits" / "b.pdf"
    stale.write_bytes(b"%PDF")
    fresh.write_bytes(b"%PDF")
    os.utime(stale, (0, 0))
    call_command("prune_jobs")
    assert list(Job.objects.values_list("title", flat=True)) == ["recent"]
    assert [str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)] == [recent.task_id]
    assert not stale.exists() and fresh.exists()


def test_health_page_is_for_administrators(world, client):
    client.force_login(world.staff_province)
    assert client.get("/health/").status_code == 403
    client.force_login(world.admin)
    page = client.get("/health/").content.decode()
    assert 'data-testid="health-db"' in page and "در دسترس" in page


def test_liveness(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db(transaction=True)
def test_backup_restores_every_record_into_an_empty_database(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from rownaq.cases import services as case_services

    case = case_services.open_case(
        world.unit_a,
        world.member_a,
        category="export",
        title="صادرات به سوریه",
        description="نمونه",
        files=[("نقشه.pdf", b"%PDF-1.4 sample")],
    )
    Product.objects.create(organisation=world.unit_b, name="شمش", annual_capacity=Decimal("12.5"))
    before = model_counts()
    archive = tmp_path / "backup.tar.gz"
    create_backup(archive)
    with pytest.raises(RestoreError):
        restore_backup(archive)  # never mixed into existing data

    call_command("flush", interactive=False, verbosity=0)
    for path in (tmp_path / "media").rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Organisation.objects.exists()

    restore_backup(archive)
    assert model_counts() == before
    assert Organisation.objects.get(pk=world.unit_a.pk).national_id == world.unit_a.national_id
    assert Product.objects.get(name="شمش").annual_capacity == Decimal("12.5")
    attachment = case.attachments.model.objects.get()
    assert attachment.file.read() == b"%PDF-1.4 sample"
    assert ChangeRecord.objects.filter(object_repr=world.unit_a.name, action="create").exists()
