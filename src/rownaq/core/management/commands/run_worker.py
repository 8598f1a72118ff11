"""The background worker: runs the daily jobs (reminders, digests) once a day and records each run.

Run it as a service beside the web server (see deploy/); `--once` runs what is due now and exits (for cron)."""
import time

from django.core.management.base import BaseCommand

from rownaq.core.jobs import due_jobs, run_job


class Command(BaseCommand):
    help = "Run Rownaq's daily background jobs."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the jobs that are due and exit")
        parser.add_argument("--interval", type=int, default=60, help="seconds between checks")

    def handle(self, *args, once=False, interval=60, **options):
        while True:
            for name in due_jobs():
                run = run_job(name)
                self.stdout.write(f"{name}: {'ok' if run.ok else 'FAILED'}")
            if once:
                return
            time.sleep(interval)
