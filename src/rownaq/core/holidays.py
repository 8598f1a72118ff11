"""Iran's holidays and each body's working calendar: loading the official holidays from core/data/holidays, and the
one calendar (weekend, holidays, closures) that every deadline, reminder and escalation counts in."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import jdatetime
from django.db import transaction

from rownaq.core.models import Holiday
from rownaq.core.workdays import WorkingCalendar, weekend_of

HOLIDAYS_CSV = Path(__file__).resolve().parent / "data" / "holidays" / "holidays.csv"


def read_official_holidays(path: Path = HOLIDAYS_CSV) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [
            {
                "date": dt.date.fromisoformat(row["date"]),
                "title": row["title"],
                "kind": row["kind"],
                "projected": row["projected"] == "1",
            }
            for row in csv.DictReader(handle)
        ]


@transaction.atomic
def load_official_holidays(path: Path = HOLIDAYS_CSV) -> tuple[int, int]:
    """Create or update the official holidays of the data file (idempotent): (created, updated). A date that two
    occasions share is one day off, titled with both. A closure staff made for every office on that date becomes
    the official holiday; an official holiday the file no longer has on its date (a lunar date corrected) goes."""
    by_date: dict[dt.date, dict] = {}
    for row in read_official_holidays(path):
        if row["date"] in by_date:
            kept = by_date[row["date"]]
            kept["title"] = f"{kept['title']}؛ {row['title']}"
            kept["projected"] = kept["projected"] and row["projected"]
            if row["kind"] == Holiday.Kind.SOLAR:
                kept["kind"] = Holiday.Kind.SOLAR
        else:
            by_date[row["date"]] = dict(row)
    created = updated = 0
    for date, row in by_date.items():
        fields = {"title": row["title"][:200], "kind": row["kind"], "projected": row["projected"]}
        holiday = Holiday.objects.filter(date=date, organisation__isnull=True).first()
        if holiday is None:
            Holiday.objects.create(date=date, **fields)
            created += 1
        elif any(getattr(holiday, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(holiday, name, value)
            holiday.save()
            updated += 1
    if by_date:
        # The file speaks for the whole Jalali years it covers.
        first = jdatetime.date(jdatetime.date.fromgregorian(date=min(by_date)).year, 1, 1).togregorian()
        last = jdatetime.date(jdatetime.date.fromgregorian(date=max(by_date)).year + 1, 1, 1).togregorian()
        moved = Holiday.objects.filter(
            organisation__isnull=True, kind__in=[Holiday.Kind.SOLAR, Holiday.Kind.LUNAR], date__gte=first, date__lt=last
        ).exclude(date__in=list(by_date))
        updated += moved.delete()[0]
    return created, updated


def calendar_for(body=None) -> WorkingCalendar:
    """The working days of `body` (an Organisation; None: the province office's own, Friday only): its weekend, the
    days every office is off, and its own closures."""
    days_off = Holiday.objects.filter(organisation__isnull=True)
    if body is not None:
        days_off = days_off | Holiday.objects.filter(organisation=body)
    return WorkingCalendar(
        closed=frozenset(days_off.values_list("date", flat=True)),
        weekend=weekend_of(bool(body is not None and body.closes_thursday)),
    )
