"""Notifications: written with the event (`notify`), sent later (`deliver_due`), read in the app.

`notify()` is called inside the transaction of the event it tells of: the Notification and its outbox rows
(Delivery, one per chosen channel) commit or roll back with the event, so none is lost and none tells of
something that did not happen. `deliver_due()` sends what is due: each row (or a person's digest, one message per
channel) is claimed under a row lock (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL, so two workers never send
the same row) and marked sent in the same transaction; a failure is logged and tried again later with
exponential backoff, until NOTIFY_MAX_ATTEMPTS.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import connection, models, transaction
from django.utils import timezone

from rownaq.core.phone import InvalidMobile, normalize_mobile
from rownaq.registry.models import Organisation

from . import sms
from .models import Channel, Delivery, DeliveryAttempt, Kind, Notification, Preference

SIGNATURE = "سامانهٔ رونق"
logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- who is told


def members_of(*organisations: Organisation | None) -> list:
    """The active people of these organisations."""
    ids = [o.pk for o in organisations if o is not None]
    return list(get_user_model().objects.filter(is_active=True, memberships__organisation_id__in=ids).distinct())


# ---------------------------------------------------------------- writing


def preference_of(user) -> Preference:
    """The person's choices; someone who never chose gets email (when they have an address) and no SMS."""
    try:
        return user.notification_preference
    except Preference.DoesNotExist:
        return Preference(user=user)


def next_digest_time(now: dt.datetime | None = None) -> dt.datetime:
    """The next NOTIFY_DIGEST_HOUR o'clock, Tehran time: the day's notifications leave together then."""
    local = timezone.localtime(now or timezone.now())
    at = local.replace(hour=settings.NOTIFY_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return at if at > local else at + dt.timedelta(days=1)


def notify(
    recipients,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    organisation=None,
    emailed_already: set[str] = frozenset(),
) -> list[Notification]:
    """Tell these people of an event, in the app and by their channels. Call it inside the event's transaction.
    emailed_already: addresses the event has mailed itself (an invitation), so they are not mailed twice."""
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    now = timezone.now()
    notifications = []
    seen = set()
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        notification = Notification.objects.create(
            recipient=user, kind=kind, title=title[:200], body=body, url=url, organisation=organisation
        )
        preference = preference_of(user)
        for channel in preference.channels_for(kind):
            address = user.email if channel == Channel.EMAIL else preference.mobile
            if channel == Channel.EMAIL and address in emailed_already:
                continue
            Delivery.objects.create(
                notification=notification,
                channel=channel,
                address=address,
                digest=preference.daily_digest,
                due_at=next_digest_time(now) if preference.daily_digest else now,
            )
        notifications.append(notification)
    return notifications


# ---------------------------------------------------------------- sending


@dataclass
class DeliveryRun:
    sent: int = 0  # messages sent (a digest is one)
    retrying: int = 0  # rows that failed and wait for another try
    failed: int = 0  # rows given up


def retry_delay(attempts: int) -> dt.timedelta:
    """After the n-th failed attempt: base * 2^(n-1), capped."""
    seconds = settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.NOTIFY_RETRY_MAX_SECONDS))


def _locked(queryset):
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset.select_for_update()


def absolute(url: str) -> str:
    return settings.NOTIFY_SITE_URL.rstrip("/") + url if url.startswith("/") else url


def compose(channel: str, notifications: list[Notification]) -> tuple[str, str]:
    """Subject and text of one message telling of these notifications (several: the day's digest)."""
    if len(notifications) == 1:
        n = notifications[0]
        subject = n.title
        if channel == Channel.SMS:
            return subject, "\n".join(filter(None, [f"رونق: {n.title}", absolute(n.url)]))
        return subject, "\n\n".join(filter(None, [n.title, n.body, absolute(n.url), SIGNATURE]))
    from rownaq.core.persian import to_persian_digits

    subject = f"خلاصهٔ روزانهٔ رونق: {to_persian_digits(len(notifications))} اعلان"
    if channel == Channel.SMS:
        lines = [f"رونق: {to_persian_digits(len(notifications))} اعلان تازه"] + [f"- {n.title}" for n in notifications]
        return subject, "\n".join(lines + [absolute("/notifications/")])
    parts = [subject] + ["\n".join(filter(None, [f"• {n.title}", n.body, absolute(n.url)])) for n in notifications]
    return subject, "\n\n".join(parts + [SIGNATURE])


def _send(channel: str, address: str, subject: str, text: str, reference: str) -> str:
    if channel == Channel.EMAIL:
        EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [address]).send()
        return ""
    return sms.backend().send(address, text, reference)


def _deliver(pks: list[int], now: dt.datetime, run: DeliveryRun) -> None:
    """Send these rows (one person, one channel) as one message, holding their locks until they are marked."""
    with transaction.atomic():
        rows = list(
            _locked(Delivery.objects.filter(pk__in=pks, status=Delivery.Status.PENDING, due_at__lte=now)).order_by("pk")
        )
        if not rows:
            return  # another worker has them, or sent them
        by_id = Notification.objects.in_bulk([row.notification_id for row in rows])
        notifications = [by_id[row.notification_id] for row in rows]
        subject, text = compose(rows[0].channel, notifications)
        try:
            reference = _send(rows[0].channel, rows[-1].address, subject, text, reference=f"rownaq-{rows[0].pk}")
        except Exception as exc:  # a mail or SMS server down, refused, or unreadable: log it and try again later
            permanent = isinstance(exc, sms.SmsError) and exc.permanent
            detail = f"{type(exc).__name__}: {exc}"[:500]
            for row in rows:
                row.attempts += 1
                row.last_error = detail
                if permanent or row.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
                    row.status = Delivery.Status.FAILED
                    run.failed += 1
                else:
                    row.due_at = now + retry_delay(row.attempts)
                    run.retrying += 1
                row.save(update_fields=["attempts", "last_error", "status", "due_at"])
                DeliveryAttempt.objects.create(delivery=row, ok=False, detail=detail)
            return
        for row in rows:
            row.attempts += 1
            row.status, row.sent_at, row.last_error = Delivery.Status.SENT, now, ""
            row.save(update_fields=["attempts", "status", "sent_at", "last_error"])
            DeliveryAttempt.objects.create(delivery=row, ok=True, detail=str(reference or "")[:500])
        run.sent += 1


def deliver_due(now: dt.datetime | None = None, limit: int = 500) -> DeliveryRun:
    """Send every due outbox row: single messages one by one, digests one message per person and channel.
    A periodic task or `manage.py send_notifications` calls it."""
    now = now or timezone.now()
    run = DeliveryRun()
    due = Delivery.objects.filter(status=Delivery.Status.PENDING, due_at__lte=now)
    for pk in due.filter(digest=False).order_by("due_at", "pk").values_list("pk", flat=True)[:limit]:
        _deliver([pk], now, run)
    groups: dict[tuple[int, str], list[int]] = {}
    for pk, recipient_id, channel in (
        due.filter(digest=True).order_by("pk").values_list("pk", "notification__recipient_id", "channel")[:limit]
    ):
        groups.setdefault((recipient_id, channel), []).append(pk)
    for pks in groups.values():
        _deliver(pks, now, run)
    return run


def send_in_background(interval: float = 15.0) -> threading.Thread:
    """For the demo only (one process, no separate sender): deliver_due() every `interval` seconds in a thread."""

    def loop():
        while True:
            try:
                deliver_due()
            except Exception:  # a busy SQLite file: try again next round
                logger.exception("sending notifications failed")
            finally:
                connection.close()
            time.sleep(interval)

    thread = threading.Thread(target=loop, name="notifications", daemon=True)
    thread.start()
    return thread


def outbox_status(now: dt.datetime | None = None) -> dict:
    """For the health page: what waits, what waits too long (the sender is not running), what was given up."""
    now = now or timezone.now()
    pending = Delivery.objects.filter(status=Delivery.Status.PENDING)
    late = pending.filter(due_at__lt=now - dt.timedelta(minutes=settings.NOTIFY_LATE_MINUTES)).count()
    return {
        "pending": pending.count(),
        "late": late,
        "retrying": pending.filter(attempts__gt=0).count(),
        "failed_week": Delivery.objects.filter(
            status=Delivery.Status.FAILED, notification__created_at__gte=now - dt.timedelta(days=7)
        ).count(),
        "ok": late == 0,
    }


# ---------------------------------------------------------------- reading


def notifications_of(user) -> models.QuerySet:
    """A person's own notifications: nobody reads another's."""
    return Notification.objects.filter(recipient=user) if user.is_authenticated else Notification.objects.none()


def unread_count(user) -> int:
    return notifications_of(user).filter(read_at__isnull=True).count()


def mark_read(user, notification_id: int | None = None) -> int:
    """Mark one of the person's notifications (or all of them) read; another's is never touched."""
    unread = notifications_of(user).filter(read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


def save_preference(
    user, *, mobile: str, by_email: bool, by_sms: bool, daily_digest: bool, muted_kinds: list[str]
) -> Preference:
    if mobile:
        try:
            mobile = normalize_mobile(mobile)
        except InvalidMobile as exc:
            raise ValidationError({"mobile": exc.message}) from exc
    preference = preference_of(user)
    preference.mobile, preference.by_email, preference.by_sms = mobile, by_email, by_sms
    preference.daily_digest = daily_digest
    preference.muted_kinds = sorted(set(muted_kinds) & set(Kind.values))
    preference.full_clean(exclude=["user"])
    preference.save()
    return preference
