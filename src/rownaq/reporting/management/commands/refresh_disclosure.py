"""Bring every month's disclosure pattern up to date (after loading reports in bulk, or a change of the rules):
the web workers then never withhold a month while the task worker computes it."""

import time

from django.core.management.base import BaseCommand

from rownaq.core.jalali import JalaliMonth
from rownaq.reporting import publication


class Command(BaseCommand):
    help = "Compute the disclosure patterns of every month whose accepted reports changed since they were computed."

    def handle(self, *args, **options):
        months = publication.stale_months()
        started = time.monotonic()
        for index in months:
            publication.refresh(index)
            self.stdout.write(f"{JalaliMonth.from_index(index).code}: patterns computed")
        self.stdout.write(f"{len(months)} months refreshed in {time.monotonic() - started:.1f} s")
