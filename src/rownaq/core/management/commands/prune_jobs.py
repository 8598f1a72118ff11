"""Run daily (a daily job): forget finished tasks and jobs older than --days, and drop the files they left behind
(press kits drawn, uploaded imports never confirmed) older than a day."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rownaq.core.models import Job


class Command(BaseCommand):
    help = "Delete finished tasks and jobs older than --days (default 30) and stale job files."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days=30, **options):
        before = timezone.now() - dt.timedelta(days=days)
        tasks, _ = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
        finished, _ = Job.objects.filter(status__in=Job.FINISHED, finished_at__lt=before).delete()
        files = 0
        stale = (timezone.now() - dt.timedelta(days=1)).timestamp()
        for folder in ("presskits", "imports"):
            for path in (Path(settings.MEDIA_ROOT) / folder).glob("*"):
                if path.is_file() and path.stat().st_mtime < stale:
                    path.unlink()
                    files += 1
        self.stdout.write(f"{tasks} task results, {finished} jobs, {files} files removed")
