from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from rownaq.core.backup import RestoreError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty database (migrated first)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        call_command("migrate", interactive=False, verbosity=0)
        try:
            manifest = restore_backup(Path(file))
        except RestoreError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {sum(manifest['counts'].values())} rows from {file}")
