"""The task worker: runs the queued tasks (roster solves, imports, press kits, daily jobs, backups) one at a time,
and schedules the daily jobs. Run one or more beside the web server (deploy/rownaq-worker@.service); `make demo`
starts one with the server. `--once` runs what is due and queued now and exits (for cron)."""

import logging
import os

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME

from rownaq.core.models import WorkerProcess
from rownaq.core.worker import JobWorker, Supervisor, recover_lost_tasks, run_pending, schedule_daily

logger = logging.getLogger("rownaq.worker")


class Command(BaseCommand):
    help = "Run Rownaq's background tasks (and schedule the daily jobs)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="schedule what is due, run every queued task, exit")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")
        parser.add_argument("--queue-name", default=DEFAULT_TASK_QUEUE_NAME, help="queues, comma-separated; * for all")
        parser.add_argument("--worker-id", default="", help="a name for this worker (a random suffix is added)")
        parser.add_argument("--max-tasks", type=int, default=None, help="exit after this many tasks")
        parser.add_argument("--no-schedule", action="store_true", help="do not schedule the daily jobs")
        parser.add_argument(
            "--stop-with-parent",
            action="store_true",
            help="stop when the process that started this one ends (the demo's server)",
        )

    def handle(
        self,
        *args,
        once=False,
        interval=1.0,
        queue_name=DEFAULT_TASK_QUEUE_NAME,
        worker_id="",
        max_tasks=None,
        no_schedule=False,
        stop_with_parent=False,
        verbosity=1,
        **options,
    ):
        if verbosity and not logger.handlers:
            logger.addHandler(logging.StreamHandler(self.stdout))
            logger.setLevel(logging.INFO)
        # Unique per process, also across restarts under the same name: a task claimed by an earlier process of
        # this name must not look alive because its successor is.
        worker_id = f"{worker_id[:40]}-{get_random_string(12)}" if worker_id else get_random_string(32)
        supervisor = Supervisor(
            worker_id, schedule=not no_schedule and not once, parent_pid=os.getppid() if stop_with_parent else None
        )
        supervisor.start()  # heartbeat first: another worker must not take our tasks for lost ones
        self.stdout.write(f"worker {worker_id} (pid {os.getpid()}) started")
        try:
            if once:
                recover_lost_tasks()
                if not no_schedule:
                    for run in schedule_daily():
                        self.stdout.write(f"scheduled {run.name} for {run.day}")
                self.stdout.write(f"{run_pending(worker_id, limit=max_tasks)} task(s) run")
                return
            worker = JobWorker(
                queue_names=queue_name.split(","),
                interval=interval,
                batch=False,
                backend_name=DEFAULT_TASK_BACKEND_ALIAS,
                startup_delay=True,
                max_tasks=max_tasks,
                worker_id=worker_id,
                excluded_queue_names=[],
            )
            worker.configure_signals()
            try:
                worker.run()
            finally:
                worker.reset_signals()
        finally:
            supervisor.stop()
            WorkerProcess.objects.filter(worker_id=worker_id).delete()
            self.stdout.write(f"worker {worker_id} stopped")
