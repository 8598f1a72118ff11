from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from rownaq.core.backup import create_backup


class Command(BaseCommand):
    help = "Back up the whole system (database and uploaded files) into one .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write (default var/backups/rownaq-<time>.tar.gz)")

    def handle(self, *args, output=None, **options):
        path = Path(output or Path(settings.BACKUP_DIR) / f"rownaq-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        manifest = create_backup(path)
        self.stdout.write(f"{path}: {sum(manifest['counts'].values())} rows")
