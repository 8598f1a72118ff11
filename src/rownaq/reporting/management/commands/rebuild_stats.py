"""Recompute every statistics cell from the accepted reports (a repair tool; the live cells are kept current by
the review flow itself)."""

from django.core.management.base import BaseCommand

from rownaq.reporting import stats


class Command(BaseCommand):
    help = "Recompute the live statistics cells from the accepted monthly reports."

    def handle(self, *args, **options):
        self.stdout.write(f"{stats.rebuild()} accepted reports rolled up")
