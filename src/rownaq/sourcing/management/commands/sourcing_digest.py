"""Run daily (the worker's DAILY_JOBS): e-mail makers the newly published needs that match them well, each
need-maker pair once; anonymous buyers stay anonymous."""

from django.core.management.base import BaseCommand

from rownaq.sourcing.services import run_digest


class Command(BaseCommand):
    help = "E-mail makers the new published needs that match their capability (once per need and maker)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="needs published in the last DAYS days")

    def handle(self, *args, days=30, **options):
        run = run_digest(days=days)
        self.stdout.write(f"sourcing digest: {run.emails} e-mails to {run.makers} makers, {run.pairs} needs")
