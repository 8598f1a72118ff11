"""Long work leaves the request: roster solves, imports, press kits and the health page's actions are queued as
tasks of django.tasks and run by the worker (run_pending here, as the worker would); their pages poll a job that
shows progress and a Persian outcome; cancel, recovery of tasks lost with their worker, and the request limits."""

import datetime as dt
import io
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook

from rownaq.core import jobs
from rownaq.core.models import Job, WorkerProcess
from rownaq.core.worker import recover_lost_tasks, run_pending
from rownaq.registry.models import Organisation
from rownaq.reporting.tasks import rebuild_statistics
from rownaq.shifts import services, tasks
from rownaq.shifts.models import Roster
from tests.shifts.test_roster_planner import make_unit, new_roster

REPO = Path(__file__).resolve().parents[2]


def task_of(job) -> DBTaskResult:
    return DBTaskResult.objects.get(pk=job.task_id)


def test_a_job_is_queued_then_run_by_the_worker_and_keeps_its_outcome(world):
    job = jobs.start(rebuild_statistics, title="بازسازی آمار", user=world.admin)
    assert job.status == Job.Status.WAITING and task_of(job).status == TaskResultStatus.READY
    assert run_pending() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 1 and "بازسازی شد" in job.result["message"]
    assert task_of(job).status == TaskResultStatus.SUCCESSFUL
    assert run_pending() == 0, "run once"


def test_a_job_cancelled_while_waiting_never_runs(world, monkeypatch):
    from rownaq.reporting import stats

    ran = []
    monkeypatch.setattr(stats, "rebuild", lambda: ran.append(1) or 0)
    job = jobs.request_cancel(jobs.start(rebuild_statistics, title="بازسازی آمار", user=world.admin))
    assert job.status == Job.Status.CANCELLED and job.finished_at is not None
    run_pending()
    job.refresh_from_db()
    assert ran == [] and job.status == Job.Status.CANCELLED


@pytest.fixture
def unit_roster(world):
    make_unit(world.unit_a, workers=12)
    return new_roster(world.unit_a)


def test_a_cancelled_solve_stops_within_seconds_and_stores_nothing(world):
    """The supervisor sets the running job's stop when the user cancels; the solver ends at its next step. A unit of
    60 workers, so that a 60-second solve cannot end (proved optimal) before the cancel at one second."""
    make_unit(world.unit_a, workers=60)
    unit_roster = new_roster(world.unit_a)
    job = Job.objects.create(kind="test", title="solve", subject=jobs.subject_of(unit_roster))
    progress = jobs.Progress(job)
    threading.Timer(1.0, progress.stop.set).start()
    started = time.monotonic()
    with pytest.raises(jobs.JobCancelled):
        services.generate(unit_roster, time_limit_s=60, progress=progress)
    assert time.monotonic() - started < 6
    unit_roster.refresh_from_db()
    assert unit_roster.status == Roster.Status.DRAFT and not unit_roster.assignments.exists()


def test_a_roster_is_solved_by_the_worker_not_in_the_request(world, unit_roster, client, monkeypatch):
    client.force_login(world.member_a)
    solve_plan = services.solve_plan
    monkeypatch.setattr(services, "solve_plan", lambda *a, **k: pytest.fail("solved in the request"))
    client.get(unit_roster.get_absolute_url())  # first request: imports and templates
    started = time.monotonic()
    response = client.post(reverse("shifts:roster-generate", args=[unit_roster.pk]), {"time_limit": 3})
    assert response.status_code == 302 and time.monotonic() - started < 2
    job = Job.objects.get(subject=jobs.subject_of(unit_roster))
    assert job.status == Job.Status.WAITING and job.created_by == world.member_a
    page = client.get(unit_roster.get_absolute_url()).content.decode()
    assert f'hx-get="/jobs/{job.pk}/?embed=reload"' in page and 'hx-trigger="every 1s"' in page
    assert 'data-testid="solve-running"' in page, "no second solve while one runs"
    client.post(reverse("shifts:roster-generate", args=[unit_roster.pk]))
    assert Job.objects.filter(subject=jobs.subject_of(unit_roster)).count() == 1

    monkeypatch.setattr(services, "solve_plan", solve_plan)
    run_pending()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.progress["objective"] == job.result["objective"] and job.progress["improvements"]
    unit_roster.refresh_from_db()
    assert unit_roster.status == Roster.Status.GENERATED and services.stored_violations(unit_roster) == []
    finished = client.get(f"/jobs/{job.pk}/?embed=reload", HTTP_HX_REQUEST="true")
    assert finished["HX-Refresh"] == "true" and "hx-trigger" not in finished.content.decode()
    page = client.get(unit_roster.get_absolute_url()).content.decode()
    assert 'data-status="done"' in page and "hx-trigger" not in page and job.result["message"] in page
    assert 'data-testid="roster-grid"' in page


def test_a_solve_that_finds_no_roster_says_why_in_persian_on_the_page(world, client):
    from rownaq.shifts.models import Worker

    make_unit(world.unit_a, workers=2)
    roster = new_roster(world.unit_a)
    Worker.objects.filter(unit=world.unit_a).update(active=False)  # nobody left to plan
    job = tasks.start_generate(roster, world.member_a, time_limit_s=2)
    run_pending()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error and not job.error.isascii()
    client.force_login(world.member_a)
    page = client.get(roster.get_absolute_url()).content.decode()
    assert 'data-testid="job-error"' in page and job.error in page


def test_the_job_partial_shows_the_best_cost_so_far_and_the_time_left(world, client):
    job = Job.objects.create(
        kind="k",
        title="ساخت برنامه",
        created_by=world.member_a,
        status=Job.Status.RUNNING,
        progress={
            "objective": 1240,
            "improvement_count": 3,
            "time_limit": 120,
            "improvements": [[0.4, 3100], [2.5, 1800], [9.0, 1240]],
            "ends_at": (timezone.now() + dt.timedelta(seconds=40)).isoformat(),
        },
    )
    client.force_login(world.member_a)
    part = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "۱٬۲۴۰" in part and "۱۲۰" in part and 'hx-trigger="every 1s"' in part
    shown = part.split('data-testid="job-time-left">')[1].split("<")[0]
    left = int(shown.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))
    assert 35 <= left <= 40
    client.force_login(world.member_b)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404


def test_the_api_queues_a_solve_and_answers_with_the_job(world, unit_roster):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world.member_a)
    response = api.post(f"/api/rosters/{unit_roster.pk}/generate/", {"time_limit_s": 2}, format="json")
    assert response.status_code == 202, response.content
    job_url = response["Location"]
    assert api.get(job_url).json()["status"] == "waiting"
    run_pending()
    assert api.get(job_url).json()["status"] == "done"
    assert api.post(job_url + "cancel/").json()["status"] == "done", "a finished job stays as it ended"


def organisations_workbook(rows: int, bad_every: int = 0) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "واحدها"
    sheet.append(["نام", "نوع", "شهرستان", "تعداد کارکنان"])
    for i in range(rows):
        employees = "بسیار" if bad_every and i % bad_every == 0 else 10 + i % 50
        sheet.append([f"کارگاه آزمایشی {i}", "شرکت دانش‌بنیان", "تبریز", employees])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def upload(client, data: bytes, name: str = "واحدها.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("registry:organisation-import"), {"file": SimpleUploadedFile(name, data)})


def test_an_import_is_checked_then_applied_by_the_worker_with_rows_and_errors_counted(
    world, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.staff_province)
    response = upload(client, organisations_workbook(300, bad_every=50))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"?job={job.pk}")
    assert job.status == Job.Status.WAITING
    run_pending()
    job.refresh_from_db()
    assert job.progress["rows"] == 300 and job.progress["errors"] == 6
    assert job.result["error_count"] == 6 and not job.result["ok"]
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-errors"' in page and "تعداد کارکنان" in page
    assert not Organisation.objects.filter(name__startswith="کارگاه آزمایشی").exists()

    upload(client, organisations_workbook(300))
    check = Job.objects.order_by("-created_at").first()
    run_pending()
    check.refresh_from_db()
    assert check.result["ok"] and check.result["error_count"] == 0
    page = client.get(f"{reverse('registry:organisation-import')}?job={check.pk}").content.decode()
    assert 'data-testid="import-preview"' in page and 'name="confirm"' in page
    confirm = client.post(
        reverse("registry:organisation-import"),
        {"confirm": "1", "token": check.result["token"], "filename": "واحدها.xlsx"},
    )
    apply = Job.objects.order_by("-created_at").first()
    assert confirm["Location"].endswith(f"?job={apply.pk}") and apply.kind.endswith("apply_import")
    run_pending()
    apply.refresh_from_db()
    assert apply.status == Job.Status.DONE and apply.result["created"] == 300
    assert Organisation.objects.filter(name__startswith="کارگاه آزمایشی").count() == 300
    assert not list((tmp_path / "imports").iterdir()), "the applied file is not kept"
    page = client.get(f"{reverse('registry:organisation-import')}?job={apply.pk}").content.decode()
    assert 'data-testid="import-applied"' in page


def test_a_task_lost_with_its_worker_is_queued_again_then_failed_never_left_running(world):
    job = jobs.start(rebuild_statistics, title="بازسازی آمار", user=world.admin)
    assert job.max_attempts == 2
    long_ago = timezone.now() - dt.timedelta(seconds=settings.TASKS_WORKER_LOST_S + 5)

    def claim(worker_id: str):
        task = task_of(job)
        task.claim(worker_id)
        DBTaskResult.objects.filter(pk=task.pk).update(started_at=long_ago)
        Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)

    claim("alive")
    WorkerProcess.objects.create(worker_id="alive", host="h", pid=1, started_at=long_ago, seen_at=timezone.now())
    assert recover_lost_tasks() == {"requeued": 0, "failed": 0}, "a worker seen lately keeps its task"
    WorkerProcess.objects.filter(worker_id="alive").update(seen_at=long_ago)
    assert recover_lost_tasks() == {"requeued": 1, "failed": 0}
    assert task_of(job).status == TaskResultStatus.READY
    job.refresh_from_db()
    assert job.status == Job.Status.WAITING and "دوباره در صف" in job.progress["note"]

    claim("doomed")
    assert recover_lost_tasks() == {"requeued": 0, "failed": 1}
    assert task_of(job).status == TaskResultStatus.FAILED
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "از کار افتاد" in job.error
    assert run_pending() == 0


def test_the_health_page_shows_the_queue(world, client):
    jobs.start(rebuild_statistics, title="بازسازی آمار", user=world.admin)
    client.force_login(world.admin)
    page = client.get("/health/").content.decode()
    assert 'data-testid="queue-waiting">۱<' in page and "هیچ پردازشگری فعال نیست" in page
    response = client.post("/health/backup/")
    assert response.status_code == 302 and Job.objects.filter(kind__endswith="backup_now").exists()


def test_no_request_works_longer_than_gunicorn_allows():
    """gunicorn's timeout, the request work limit and the solvers' limits agree: the only solver left in a
    request (a stage's itinerary, at most two searches) fits the limit, which is far below gunicorn's timeout;
    a roster's solve, in the worker, is capped by SHIFTS_SOLVER_MAX_TIME_LIMIT_S."""
    conf = {}
    exec((REPO / "deploy/gunicorn.conf.py").read_text(), {"__file__": str(REPO / "deploy/gunicorn.conf.py")}, conf)
    assert 2 * settings.ITINERARY_TIME_LIMIT_S <= settings.REQUEST_WORK_LIMIT_S < conf["timeout"] <= 60
    assert services.solver_time_limit(10_000) == settings.SHIFTS_SOLVER_MAX_TIME_LIMIT_S
    assert "--worker-id" in (REPO / "deploy/rownaq-worker@.service").read_text()
