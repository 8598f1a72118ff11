"""Why a record cannot be deleted, said in Persian before anyone tries (forms) and when a delete is refused
(views and the API answer 409): what still refers to it, counted, by the Persian names of those records."""

from __future__ import annotations

from collections import Counter

from django.db import router
from django.db.models import ProtectedError
from django.db.models.deletion import Collector

from .persian import to_persian_digits


def _what(model) -> str:
    name = str(model._meta.verbose_name)
    return name if not name.isascii() else "سابقهٔ دیگر"


def protected_message(instance, error: ProtectedError) -> str:
    """«X» را نمی‌توان حذف کرد؛ ۱۴ ردیف تولید و ۲ ردیف صادرات هنوز به آن اشاره دارند."""
    counts = Counter(_what(type(obj)) for obj in error.protected_objects)
    parts = [f"{to_persian_digits(count)} {name}" for name, count in sorted(counts.items())]
    return f"«{instance}» را نمی‌توان حذف کرد؛ {' و '.join(parts)} هنوز به آن اشاره دارد. به‌جای حذف، آن را اصلاح کنید."


def deletion_blocker(instance) -> str | None:
    """The Persian reason `instance` cannot be deleted, or None when it can (nothing is deleted here)."""
    collector = Collector(using=router.db_for_write(type(instance), instance=instance))
    try:
        collector.collect([instance])
    except ProtectedError as error:
        return protected_message(instance, error)
    return None
