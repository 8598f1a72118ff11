"""`python manage.py demo`: migrate, load the demo data and users, print the URL and logins, and serve, with a task
worker beside the server (roster solves, imports, press kits, daily jobs): one command starts both, one Ctrl-C
stops both, and the worker stops by itself if the server's process dies."""

import datetime
import os
import signal
import subprocess
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from rownaq.cases.demo import load_demo_cases
from rownaq.core.fx import load_sample_rates
from rownaq.notify.services import send_in_background
from rownaq.registry.demo import load_demo
from rownaq.reporting.demo import load_demo_reports
from rownaq.sourcing.demo import load_demo_sourcing


class Command(BaseCommand):
    help = "Prepare the embedded demo database and serve Rownaq on it."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="prepare the data and exit")
        parser.add_argument("--no-worker", action="store_true", help="serve without the task worker")
        parser.add_argument("--no-load", action="store_true", help="migrate and serve what is there (no demo data)")

    def handle(self, *args, addrport, no_serve, no_worker=False, no_load=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not no_load:
            self.load(addrport)
        if no_serve:
            return
        worker = None if no_worker else start_worker()
        try:
            send_in_background()  # the notification outbox, printed here (console email and SMS backends)
            call_command("runserver", addrport, use_reloader=False)
        finally:
            if worker is not None:
                stop_worker(worker)

    def load(self, addrport: str) -> None:
        call_command("load_holidays", stdout=self.stdout)
        self.stdout.write("Loading demo data (sample factories are labelled «نمونه»)...")
        logins = load_demo()
        reviewer = get_user_model().objects.filter(username="staff.province").first()
        reports = load_demo_reports(reviewer=reviewer)
        self.stdout.write(f"Sample monthly reports added: {reports}")
        self.stdout.write(f"Sample cases added: {load_demo_cases()}")
        self.stdout.write(f"Sample sourcing records added: {load_demo_sourcing()}")
        self.stdout.write(f"Sample exchange rates added: {load_sample_rates(datetime.date(2020, 3, 20))}")
        url = f"http://{addrport}/"
        lines = ["", "=" * 64, f"Rownaq demo: {url}", "Demo logins (username / password / role):"]
        lines += [f"  {username:<18} {password:<18} {role}" for username, role, password in logins]
        lines += [f"API docs: {url}api/docs/", "=" * 64, ""]
        self.stdout.write("\n".join(lines))


def start_worker() -> subprocess.Popen:
    """`manage.py run_worker` as a child that ends with this process (--stop-with-parent covers a kill -9)."""
    import rownaq

    src = str(Path(rownaq.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH", "")) if p)}
    return subprocess.Popen([sys.executable, "-m", "rownaq", "run_worker", "--stop-with-parent"], env=env)


def stop_worker(worker: subprocess.Popen, wait_s: float = 20) -> None:
    """A Ctrl-C reached the worker too (same terminal): give it a moment to hand its task back to the queue;
    otherwise ask it to stop, then insist."""
    for signum in (None, signal.SIGTERM):
        if signum is not None and worker.poll() is None:
            worker.send_signal(signum)
        try:
            worker.wait(timeout=5 if signum is None else wait_s)
            return
        except subprocess.TimeoutExpired:
            continue
    worker.kill()
    worker.wait()
