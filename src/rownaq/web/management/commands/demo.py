"""`python manage.py demo`: migrate, load the demo data and users, print the URL and logins, and serve."""
import datetime

from django.core.management import call_command
from django.core.management.base import BaseCommand

from django.contrib.auth import get_user_model

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

    def handle(self, *args, addrport, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
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
        if not no_serve:
            send_in_background()  # the notification outbox, printed here (console email and SMS backends)
            call_command("runserver", addrport, use_reloader=False)
