"""Run daily (the worker's DAILY_JOBS): delete Excel import previews nobody confirmed, once their session is over."""
from django.core.management.base import BaseCommand

from rownaq.core.importing import purge_stale_previews


class Command(BaseCommand):
    help = "Delete unconfirmed Excel import previews older than a session."

    def handle(self, *args, **options):
        self.stdout.write(f"{purge_stale_previews()} stale import preview(s) deleted")
