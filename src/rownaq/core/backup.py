"""Back up and restore the whole system: every table (as Django's portable JSON, so a backup taken on SQLite
restores into PostgreSQL and back) and the uploaded files, in one .tar.gz with a manifest of row counts."""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

# The task queue and the jobs' records describe this machine's running work, not the organisation's data: a restored
# "running" job would never finish. Not backed up.
EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "core.failedlogin",
    "django_tasks_database",
    "core.job",
    "core.jobrun",
    "core.workerprocess",
]
FORMAT_VERSION = 1


class RestoreError(Exception):
    pass


def model_counts() -> dict[str, int]:
    skip = {
        "contenttypes.contenttype",
        "auth.permission",
        "sessions.session",
        "core.failedlogin",
        "core.job",
        "core.jobrun",
        "core.workerprocess",
    }
    return {
        m._meta.label_lower: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.label_lower not in skip and m._meta.app_label != "django_tasks_database" and not m._meta.proxy
    }


def create_backup(destination: Path) -> dict:
    data = io.StringIO()
    call_command("dumpdata", *[f"--exclude={e}" for e in EXCLUDE], "--natural-foreign", "--indent=0", stdout=data)
    payload = data.getvalue().encode()
    manifest = {"format": FORMAT_VERSION, "created_at": timezone.now().isoformat(), "counts": model_counts()}
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(destination, "w:gz") as archive:
        for name, content in (
            ("manifest.json", json.dumps(manifest, ensure_ascii=False).encode()),
            ("data.json", payload),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(content))
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            for path in sorted(media.rglob("*")):
                if path.is_file() and "imports" not in path.relative_to(media).parts:
                    archive.add(path, arcname=f"media/{path.relative_to(media)}")
    return manifest


def _database_is_empty() -> bool:
    counts = model_counts()
    return not any(counts.values())


def restore_backup(source: Path) -> dict:
    """Restore into an empty, migrated database; refuses to mix a backup into existing data."""
    if not _database_is_empty():
        raise RestoreError("پایگاه داده خالی نیست؛ بازگردانی فقط در پایگاه دادهٔ تازه و خالی انجام می‌شود.")
    with tarfile.open(source, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        if manifest.get("format") != FORMAT_VERSION:
            raise RestoreError("قالب این فایل پشتیبان شناخته نیست.")
        data = archive.extractfile("data.json").read()
        media_members = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            handle.write(data)
        fixture = Path(handle.name)
        try:
            with transaction.atomic():
                call_command("loaddata", str(fixture), verbosity=0)
        finally:
            fixture.unlink(missing_ok=True)
        media = Path(settings.MEDIA_ROOT)
        for member in media_members:
            target = (media / member.name.removeprefix("media/")).resolve()
            if media.resolve() not in target.parents:
                raise RestoreError("فایل پشتیبان مسیر نامعتبری دارد.")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(member).read())
    counts = model_counts()
    missing = {k: (v, counts.get(k, 0)) for k, v in manifest["counts"].items() if counts.get(k, 0) != v}
    if missing:
        raise RestoreError(f"شمار رکوردها پس از بازگردانی با پشتیبان نمی‌خواند: {missing}")
    return manifest
