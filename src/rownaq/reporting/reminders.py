"""Reminder e-mails for monthly reports: a few days before the due day and once after it, to every unit that has
not sent its report; each reminder is sent at most once (ReminderLog)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction

from rownaq.core.jalali import JalaliMonth, format_jalali_date

from . import completeness, services
from .models import ReminderLog

BEFORE, AFTER = "before", "after"


@dataclass
class ReminderRun:
    period: JalaliMonth
    kind: str | None
    sent: int = 0
    skipped_no_address: int = 0


def reminder_kind(today: datetime.date, due: datetime.date, days_before: int) -> str | None:
    if today > due:
        return AFTER
    if (due - today).days <= days_before:
        return BEFORE
    return None


def recipients(organisation) -> list[str]:
    addresses = [
        m.user.email for m in organisation.memberships.select_related("user") if m.user.email and m.user.is_active
    ]
    if organisation.email:
        addresses.append(organisation.email)
    return sorted(set(addresses))


def message(organisation, period: JalaliMonth, due: datetime.date, kind: str) -> tuple[str, str]:
    due_text = format_jalali_date(due)
    if kind == BEFORE:
        subject = f"یادآوری: گزارش ماهانهٔ {period.label} تا {due_text}"
        body = (
            f"با سلام،\nمهلت ارسال گزارش ماهانهٔ {period.label} واحد «{organisation.name}» تا {due_text} است.\n"
            "لطفاً گزارش را در سامانهٔ رونق ثبت و ارسال کنید.\n\nسامانهٔ رونق"
        )
    else:
        subject = f"گزارش ماهانهٔ {period.label} دریافت نشده است"
        body = (
            f"با سلام،\nمهلت ارسال گزارش ماهانهٔ {period.label} واحد «{organisation.name}» در {due_text} "
            "گذشته و گزارش هنوز دریافت نشده است. لطفاً هرچه زودتر آن را ارسال کنید؛ نبودِ آمار شش ماه پیاپی "
            "می‌تواند به تعلیق پروانهٔ بهره‌برداری بینجامد.\n\nسامانهٔ رونق"
        )
    return subject, body


def send_reminders(today: datetime.date, dry_run: bool = False) -> ReminderRun:
    period = JalaliMonth.from_date(today).previous()
    due = period.due_date(services.due_day())
    kind = reminder_kind(today, due, settings.REPORT_REMINDER_DAYS_BEFORE)
    run = ReminderRun(period, kind)
    if kind is None:
        return run
    units = completeness.expected_units()
    missing = units.exclude(
        monthly_reports__period_index=period.index, monthly_reports__status__in=completeness.RECEIVED
    )
    already = set(
        ReminderLog.objects.filter(period_index=period.index, kind=kind).values_list("organisation_id", flat=True)
    )
    for organisation in missing.exclude(pk__in=already).prefetch_related("memberships__user"):
        addresses = recipients(organisation)
        if not addresses:
            run.skipped_no_address += 1
            continue
        if dry_run:
            run.sent += 1
            continue
        subject, body = message(organisation, period, due, kind)
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    organisation=organisation, period_index=period.index, kind=kind, recipients=", ".join(addresses)
                )
                send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)], fail_silently=False)
        except IntegrityError:
            continue  # another run sent it meanwhile
        run.sent += 1
    return run
