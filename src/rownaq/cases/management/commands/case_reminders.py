"""Run daily (cron or the worker): remind partner bodies of referrals and meeting resolutions due soon, and
escalate overdue referrals to the supervising staff. Each reminder and escalation is sent once."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rownaq.cases.services import run_reminders
from rownaq.core.jalali import format_jalali_date, parse_jalali_date


class Command(BaseCommand):
    help = "Send case reminders (before a referral's due date) and escalations (after it)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="act as if today were this Jalali date (e.g. 1404/08/08)")

    def handle(self, *args, date=None, **options):
        try:
            today = parse_jalali_date(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        run = run_reminders(today)
        self.stdout.write(
            f"{format_jalali_date(today, persian_digits=False)}: {run.reminded} reminded, "
            f"{run.escalated} escalated, {run.resolutions_reminded} resolutions reminded"
        )
