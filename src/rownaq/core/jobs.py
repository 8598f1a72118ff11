"""Long work out of the request: jobs run as tasks of Django's tasks framework (django-tasks, the backport of
Django 6's django.tasks), with progress, cancel and retry kept in core.Job.

A service starts a job and returns at once:

    job = jobs.start(solve_roster, roster.pk, title="ساخت برنامهٔ ...", user=user, subject=jobs.subject_of(roster))

and the task, written once and used by views, the API and commands alike, reports how far it has got:

    @jobs.job_task(user_errors=(PlanningError,))
    def solve_roster(progress, roster_id): ...
        progress.update(objective=123)      # cheap: kept in memory, written about once a second
        progress.count("rows")              # counters: rows read, errors found
        progress.check()                    # raises JobCancelled once the user has asked to stop

Inside the worker (`manage.py run_worker`) a supervisor thread writes the progress, reads the user's cancel and
sets `progress.stop` (which solvers watch), writes the worker's heartbeat, gives lost tasks back to the queue and
schedules the daily jobs (core/worker.py). Outside it (a command calling `task.call`, a test), the task's own
thread writes its progress at the same pace.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import threading
import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from .models import Job

logger = logging.getLogger("rownaq.jobs")

# How often progress is written to the database (and the user's cancel read).
FLUSH_SECONDS = 1.0
# A failure that is not the user's (a bug, the database gone): the traceback stays in the task's record.
UNEXPECTED_ERROR = "خطای پیش‌بینی‌نشده‌ای در اجرای این کار رخ داد؛ به راهبر سامانه خبر دهید (جزئیات در صفحهٔ سلامت سامانه)."
LOST_ERROR = (
    "پردازشگر پس‌زمینه هنگام اجرای این کار از کار افتاد و کار {attempts} بار ناتمام ماند؛ "
    "دوباره درخواست کنید یا به راهبر سامانه خبر دهید."
)
REQUEUED_NOTE = "پردازشگر پس‌زمینه متوقف شد؛ کار دوباره در صف است و از سر گرفته می‌شود."


class JobCancelled(Exception):
    """The user asked to stop this job."""


class WorkerStopping(Exception):
    """The worker is shutting down (Ctrl-C, systemd stop): the job goes back to the queue, to run again."""


class WorkerLost(Exception):
    """Recorded on a task whose worker died while running it (core/worker.py)."""


# Set by the worker's signal handler: every running job stops at its next check and is queued again.
worker_stopping = threading.Event()

_current: contextvars.ContextVar[Progress | None] = contextvars.ContextVar("rownaq_job_progress", default=None)
_running: dict[str, Progress] = {}
_running_lock = threading.Lock()
_supervised = threading.Event()  # a supervisor thread writes progress (set by core/worker.py)


class Progress:
    """What a running job has done so far; safe to update from the solver's threads."""

    def __init__(self, job: Job):
        self.job_id = str(job.pk)
        self.values: dict = dict(job.progress or {})
        self.lock = threading.Lock()
        self.stop = threading.Event()  # set when the user cancels or the worker stops; solvers watch it
        self.dirty = True
        self._owner = threading.get_ident()
        self._written = 0.0

    def update(self, **values) -> None:
        with self.lock:
            self.values.update(values)
            self.dirty = True
        self._maybe_flush()

    def count(self, name: str, n: int = 1) -> None:
        with self.lock:
            self.values[name] = self.values.get(name, 0) + n
            self.dirty = True
        self._maybe_flush()

    def append(self, name: str, item, keep: int = 20) -> None:
        """Add to a short list (e.g. the last improvements of a solve), keeping the newest `keep`."""
        with self.lock:
            self.values[name] = (self.values.get(name, []) + [item])[-keep:]
            self.dirty = True
        self._maybe_flush()

    def check(self) -> None:
        """Raise JobCancelled (the user) or WorkerStopping (the worker) once asked to stop."""
        self._maybe_flush()
        if worker_stopping.is_set():
            raise WorkerStopping()
        if self.stop.is_set():
            raise JobCancelled()

    def _maybe_flush(self) -> None:
        # Under the worker the supervisor writes; otherwise only the thread that runs the task touches the database.
        if _supervised.is_set() or threading.get_ident() != self._owner:
            return
        if time.monotonic() - self._written >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Write the progress if it changed, and read the user's cancel."""
        with self.lock:
            values, dirty = dict(self.values), self.dirty
            self.dirty = False
        if dirty:
            Job.objects.filter(pk=self.job_id).update(progress=values)
        self._written = time.monotonic()
        if Job.objects.filter(pk=self.job_id, cancel_requested=True).exists():
            self.stop.set()
        if worker_stopping.is_set():
            self.stop.set()


def current() -> Progress | None:
    """The progress of the job running in this context (None outside a job): lets shared code such as the Excel
    reader report rows read without knowing about jobs."""
    return _current.get()


def running_jobs() -> list[Progress]:
    with _running_lock:
        return list(_running.values())


def subject_of(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def message_of(exc: BaseException) -> str:
    """The Persian message of an expected failure (a service's error)."""
    reasons = getattr(exc, "reasons", None)
    if reasons:
        return " ".join(str(r) for r in reasons)
    messages = getattr(exc, "messages", None)
    if messages and not isinstance(messages, str):
        return " ".join(str(m) for m in messages)
    return str(exc) or UNEXPECTED_ERROR


def job_task(*, user_errors: tuple[type[BaseException], ...] = (), max_attempts: int = 2, **task_options):
    """Make `func(progress, *args, **kwargs)` a task of the tasks framework that runs as a core.Job.

    `user_errors` are the failures whose message is for the user (shown on the job's page as they are); any other
    exception shows a general message and keeps its traceback in the task's record. `max_attempts`: how many
    times the job is started in all when its worker dies under it (a job that is not safe to repeat says 1)."""
    from django_tasks import task

    def decorate(func: Callable):
        @functools.wraps(func)
        def run(job_id: str, *args, **kwargs):
            return execute(func, job_id, args, kwargs, user_errors)

        run.max_attempts = max_attempts
        return task(**task_options)(run)

    return decorate


def start(task, *args, title: str, user=None, subject: str = "", url: str = "", **kwargs) -> Job:
    """Queue `task` (made by job_task) as a new job and return it at once. In the caller's transaction: with the
    database backend the job and its task are written together or not at all."""
    with transaction.atomic():
        job = Job.objects.create(
            kind=task.module_path,
            title=title[:200],
            subject=subject,
            url=url,
            created_by=user if user is not None and user.is_authenticated else None,
            max_attempts=getattr(task.func, "max_attempts", 1),
        )
        result = task.enqueue(str(job.pk), *args, **kwargs)
        job.task_id = str(result.id)
        job.save(update_fields=["task_id"])
    return job


def request_cancel(job: Job) -> Job:
    """The user asks to stop: a waiting job is cancelled at once (its task will find it so and do nothing); a
    running one stops at its next check, within a second or two."""
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if not locked.finished:
            locked.cancel_requested = True
            if locked.status == Job.Status.WAITING:
                locked.status = Job.Status.CANCELLED
                locked.finished_at = timezone.now()
            locked.save(update_fields=["cancel_requested", "status", "finished_at"])
    job.refresh_from_db()
    return job


def subject_object(job: Job):
    """The object a job works on, or None (no subject, or deleted since)."""
    from django.apps import apps

    label, _, pk = job.subject.partition(":")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model._default_manager.filter(pk=pk).first()


def may_see(user, job: Job) -> bool:
    """Its author, an administrator, or anyone who may see its subject (the planners of a unit see each other's
    solves)."""
    from . import scoping

    if not user.is_authenticated:
        return False
    if user.is_superuser or (job.created_by_id is not None and job.created_by_id == user.pk):
        return True
    obj = subject_object(job)
    return (
        obj is not None
        and hasattr(obj, "scope_paths")
        and scoping.restrict(type(obj)._default_manager.filter(pk=obj.pk), user).exists()
    )


def may_cancel(user, job: Job) -> bool:
    from . import scoping

    if not user.is_authenticated:
        return False
    if user.is_superuser or (job.created_by_id is not None and job.created_by_id == user.pk):
        return True
    obj = subject_object(job)
    return obj is not None and hasattr(obj, "scope_paths") and scoping.can(user, scoping.CHANGE, obj)


def latest_for(subject: str) -> Job | None:
    return Job.objects.filter(subject=subject).order_by("-created_at").first()


def active_for(subject: str) -> Job | None:
    return (
        Job.objects.filter(subject=subject, status__in=[Job.Status.WAITING, Job.Status.RUNNING])
        .order_by("-created_at")
        .first()
    )


def _finish(job_id: str, status: str, progress: Progress | None = None, **fields) -> None:
    values = {"status": status, "finished_at": timezone.now(), **fields}
    if progress is not None:
        with progress.lock:
            values["progress"] = dict(progress.values)
    Job.objects.filter(pk=job_id).update(**values)


def execute(func: Callable, job_id: str, args, kwargs, user_errors) -> dict:
    """Run one attempt of a job; what the task framework calls."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:  # its record was deleted (its object with it): nothing left to do
            return {"status": "missing"}
        if job.finished:  # cancelled while it waited, or already run
            return {"status": job.status}
        if job.cancel_requested:
            job.status, job.finished_at = Job.Status.CANCELLED, timezone.now()
            job.save(update_fields=["status", "finished_at"])
            return {"status": job.status}
        job.status, job.started_at = Job.Status.RUNNING, timezone.now()
        job.attempts += 1
        job.error = ""
        job.progress = {key: value for key, value in (job.progress or {}).items() if key != "note"}
        job.save(update_fields=["status", "started_at", "attempts", "error", "progress"])
    progress = Progress(job)
    token = _current.set(progress)
    with _running_lock:
        _running[progress.job_id] = progress
    try:
        result = func(progress, *args, **kwargs) or {}
    except JobCancelled:
        _finish(job_id, Job.Status.CANCELLED, progress)
        return {"status": Job.Status.CANCELLED}
    except WorkerStopping:
        with progress.lock:
            progress.values["note"] = REQUEUED_NOTE
        Job.objects.filter(pk=job_id).update(status=Job.Status.WAITING, progress=progress.values)
        raise  # the worker puts the task back in the queue (core/worker.py)
    except user_errors as exc:
        _finish(job_id, Job.Status.FAILED, progress, error=message_of(exc))
        raise
    except Exception:
        logger.exception("job %s failed", job_id)
        _finish(job_id, Job.Status.FAILED, progress, error=UNEXPECTED_ERROR)
        raise
    else:  # a cancel that came after the last check is too late: the work is done, and said so
        _finish(job_id, Job.Status.DONE, progress, result=result)
        return result
    finally:
        with _running_lock:
            _running.pop(progress.job_id, None)
        _current.reset(token)
