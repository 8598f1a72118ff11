"""Change records as people read them: each field by its Persian label, values as the pages show them (choices by
their label, related records by their name, dates in the Jalali calendar, times on Tehran's 24-hour clock, numbers
with Persian digits, yes/no), and who did it by name. Records keep raw values (audit.snapshot); this is display."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .jalali import format_jalali_date, format_jalali_datetime
from .models import ChangeRecord
from .persian import EMPTY_VALUE, format_number, persian_digits_in_text, to_persian_digits

YES, NO = "بله", "خیر"


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    record: ChangeRecord
    actor: str
    subject: str  # «کالا: قالب تزریق» — what kind of record and which
    changes: list[FieldChange]

    @property
    def is_create(self) -> bool:
        return self.record.action == ChangeRecord.Action.CREATE


def person_name(user) -> str:
    """A person as pages name them: full name, else username; the system when nobody."""
    if user is None:
        return "سامانه"
    return (user.get_full_name() or "").strip() or user.get_username()


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _related_names(records: list[ChangeRecord]) -> dict[tuple[type, str], str]:
    """(related model, pk as text) -> display name, for every foreign key value in the records, a query a model."""
    wanted: dict[type, set] = defaultdict(set)
    for record in records:
        model = record.content_type.model_class()
        for state in (record.before or {}, record.after or {}):
            for name, value in state.items():
                field = _field(model, name)
                if value is not None and isinstance(field, models.ForeignKey):
                    wanted[field.related_model].add(value)
    names = {}
    for related, keys in wanted.items():
        for obj in related._default_manager.filter(pk__in=keys):
            names[(related, str(obj.pk))] = person_name(obj) if hasattr(obj, "get_username") else str(obj)
    return names


def _number(value) -> str:
    try:
        return format_number(Decimal(str(value)).normalize() if isinstance(value, (str, float)) else value)
    except (InvalidOperation, ValueError, TypeError):
        return to_persian_digits(value)


def display_value(field, value, related: dict, labels: dict | None = None) -> str:
    """One stored value of `field` as pages show it; `labels` names values the field has no choices for."""
    if value is None or value == "":
        return EMPTY_VALUE
    if field is None:
        return persian_digits_in_text(value)
    if isinstance(field, models.ForeignKey):
        return related.get((field.related_model, str(value))) or f"(حذف‌شده: {to_persian_digits(value)})"
    if isinstance(field, models.BooleanField):
        return YES if value else NO
    choices = dict(field.flatchoices) if field.choices else (dict(labels) if labels else None)
    if isinstance(value, list):
        base = getattr(field, "base_field", None)
        item_choices = dict(base.flatchoices) if base is not None and base.choices else (choices or {})
        return "، ".join(str(item_choices.get(item, persian_digits_in_text(item))) for item in value) or EMPTY_VALUE
    if choices is not None:
        return str(choices.get(value, persian_digits_in_text(value)))
    try:
        if isinstance(field, models.DateTimeField):
            return format_jalali_datetime(dt.datetime.fromisoformat(value))
        if isinstance(field, models.DateField):
            return format_jalali_date(dt.date.fromisoformat(value))
        if isinstance(field, models.TimeField):
            return to_persian_digits(dt.time.fromisoformat(value).strftime("%H:%M"))
    except (TypeError, ValueError):
        return to_persian_digits(value)
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return _number(value)
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(value, dict):
        return "، ".join(f"{key}: {persian_digits_in_text(item)}" for key, item in value.items())
    return persian_digits_in_text(value)


def present(records) -> list[HistoryEntry]:
    records = list(records)
    related = _related_names(records)
    entries = []
    for record in records:
        model = record.content_type.model_class()
        changes = []
        for name, before, after in record.changed_fields():
            field = _field(model, name)
            label = str(field.verbose_name) if field is not None else name
            labels = getattr(model, "audit_choices", {}).get(name)
            changes.append(
                FieldChange(
                    label, display_value(field, before, related, labels), display_value(field, after, related, labels)
                )
            )
        kind = str(model._meta.verbose_name) if model is not None else record.content_type.name
        entries.append(
            HistoryEntry(
                record, person_name(record.actor), f"{kind}: {persian_digits_in_text(record.object_repr)}", changes
            )
        )
    return entries
