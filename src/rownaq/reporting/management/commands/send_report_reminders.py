"""Run daily (cron or the worker): e-mail units whose monthly report is due soon or overdue."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rownaq.core.jalali import parse_jalali_date
from rownaq.reporting.reminders import send_reminders


class Command(BaseCommand):
    help = "Send monthly-report reminders (before the due day, and once after it)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="act as if today were this Jalali date (e.g. 1404/08/08)")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            today = parse_jalali_date(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        run = send_reminders(today, dry_run=dry_run)
        if run.kind is None:
            self.stdout.write(f"{run.period.code}: no reminder is due today")
        else:
            self.stdout.write(
                f"{run.period.code}: {run.kind}: {run.sent} sent, {run.skipped_no_address} units without an address"
            )
