"""Run daily (cron or the worker): remind invitees who have not answered, once, in the days before their stage."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rownaq.core.jalali import parse_jalali_date
from rownaq.events.services import remind_invitations


class Command(BaseCommand):
    help = "E-mail a reminder to tour invitees who have not answered (once, shortly before the stage)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="act as if today were this Jalali date (e.g. 1404/08/08)")
        parser.add_argument(
            "--days-before", type=int, default=2, help="remind for stages this many days ahead or sooner (default 2)"
        )
        parser.add_argument(
            "--base-url",
            default=os.environ.get("ROWNAQ_BASE_URL", ""),
            help="the site's address for the RSVP links (default: $ROWNAQ_BASE_URL)",
        )

    def handle(self, *args, date=None, days_before=2, base_url="", **options):
        try:
            today = parse_jalali_date(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if days_before < 0:
            raise CommandError("--days-before must not be negative")
        sent = remind_invitations(today, days_before=days_before, base_url=base_url)
        self.stdout.write(f"{sent} reminder(s) sent")
