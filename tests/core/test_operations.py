"""Operations: the worker's daily jobs, the health page, and backup and restore of the whole system."""
from decimal import Decimal

import pytest
from django.core.management import call_command

from rownaq.core import jobs
from rownaq.core.backup import RestoreError, create_backup, model_counts, restore_backup
from rownaq.core.models import ChangeRecord, JobRun
from rownaq.registry.models import Organisation, Product


def test_worker_runs_each_daily_job_once_a_day(world, settings, monkeypatch):
    settings.WORKER_RUN_HOUR = 0
    ran = []
    monkeypatch.setattr(jobs, "available_jobs", lambda: ["send_report_reminders"])
    monkeypatch.setattr(jobs, "call_command", lambda name, **kw: ran.append(name))
    call_command("run_worker", "--once")
    call_command("run_worker", "--once")
    assert ran == ["send_report_reminders"]
    assert JobRun.objects.get().ok


def test_a_failing_job_is_recorded_and_retried(world, settings, monkeypatch):
    settings.WORKER_RUN_HOUR = 0
    monkeypatch.setattr(jobs, "available_jobs", lambda: ["send_report_reminders"])

    def boom(name, **kwargs):
        raise RuntimeError("SMTP server refused")

    monkeypatch.setattr(jobs, "call_command", boom)
    call_command("run_worker", "--once")
    run = JobRun.objects.get()
    assert not run.ok and "SMTP server refused" in run.summary
    assert jobs.due_jobs() == ["send_report_reminders"]


def test_real_jobs_run(world, settings):
    settings.WORKER_RUN_HOUR = 0
    call_command("run_worker", "--once")
    names = set(JobRun.objects.values_list("name", flat=True))
    assert "send_report_reminders" in names and all(JobRun.objects.values_list("ok", flat=True))


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

    case = case_services.open_case(world.unit_a, world.member_a, category="export", title="صادرات به سوریه",
                                   description="نمونه", files=[("نقشه.pdf", b"%PDF-1.4 sample")])
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
