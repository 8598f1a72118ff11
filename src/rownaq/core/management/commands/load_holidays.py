"""`python manage.py load_holidays`: Iran's official holidays 1404-1410 from core/data/holidays (safe to re-run)."""

from django.core.management.base import BaseCommand

from rownaq.core.holidays import load_official_holidays


class Command(BaseCommand):
    help = "Load Iran's official holidays (solar, and projected lunar) for 1404-1410; re-running changes nothing."

    def handle(self, *args, **options):
        created, updated = load_official_holidays()
        self.stdout.write(f"Official holidays: {created} added, {updated} updated.")
