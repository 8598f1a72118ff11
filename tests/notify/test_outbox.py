"""The outbox: written with the event, sent later by deliver_due(), retried with backoff, sent once."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from rownaq.notify import services
from rownaq.notify.models import Delivery, Kind, Notification
from rownaq.reporting import services as reporting
from tests.notify.conftest import submitted_report, wants

pytestmark = pytest.mark.django_db


def test_a_returned_report_reaches_the_unit_in_the_app_by_email_and_by_sms(world, flaky_sms):
    wants(world.member_a, email="a@unit.example", mobile="۰۹۱۲۱۲۳۴۵۶۷")
    report = submitted_report(world)
    reporting.return_for_correction(report, world.staff_province, "ارقام صادرات را با پروانه تطبیق دهید.")

    notification = Notification.objects.get(recipient=world.member_a)
    assert notification.kind == Kind.REPORT_RETURNED
    assert notification.url == f"/reports/{report.pk}/edit/"
    assert {d.channel for d in notification.deliveries.all()} == {"email", "sms"}
    assert mail.outbox == [] and flaky_sms.sent == []  # nothing leaves inside the event

    run = services.deliver_due()
    assert run.sent == 2
    assert [m.to for m in mail.outbox] == [["a@unit.example"]]
    assert "ارقام صادرات" in mail.outbox[0].body and f"/reports/{report.pk}/edit/" in mail.outbox[0].body
    assert [s[0] for s in flaky_sms.sent] == ["09121234567"]
    assert services.deliver_due().sent == 0  # nothing twice


def test_a_failed_event_leaves_no_notification(world, flaky_sms):
    wants(world.member_a, email="a@unit.example", mobile="09121234567")
    report = submitted_report(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        reporting.return_for_correction(report, world.staff_province, "اصلاح کنید")
        raise RuntimeError("the request failed after the step")
    assert not Notification.objects.exists() and not Delivery.objects.exists()


def test_the_sms_gateway_down_loses_nothing_retries_later_with_backoff_and_sends_once(world, flaky_sms, settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 60
    wants(world.member_a, email="a@unit.example", mobile="09121234567")
    reporting.return_for_correction(submitted_report(world), world.staff_province, "اصلاح کنید")
    now = timezone.now()
    flaky_sms.down = True

    first = services.deliver_due(now)
    assert (first.sent, first.retrying) == (1, 1)  # the email left; the SMS waits
    sms = Delivery.objects.get(channel="sms")
    assert (sms.status, sms.attempts, sms.due_at) == ("pending", 1, now + dt.timedelta(seconds=60))
    assert "gateway unreachable" in sms.last_error

    assert services.deliver_due(now + dt.timedelta(seconds=30)).retrying == 0  # not due yet: not tried
    assert flaky_sms.calls == 1
    services.deliver_due(now + dt.timedelta(seconds=61))  # still down: the next wait doubles
    sms.refresh_from_db()
    assert (sms.attempts, sms.due_at) == (2, now + dt.timedelta(seconds=61 + 120))

    flaky_sms.down = False
    assert services.deliver_due(now + dt.timedelta(seconds=200)).sent == 1
    assert services.deliver_due(now + dt.timedelta(days=1)).sent == 0
    assert len(flaky_sms.sent) == 1 and len(mail.outbox) == 1
    sms.refresh_from_db()
    assert sms.status == "sent"
    assert [a.ok for a in sms.log.all()] == [False, False, True]  # the delivery log


def test_a_message_is_given_up_after_the_last_attempt_or_a_permanent_refusal(world, flaky_sms, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 2
    wants(world.member_a, mobile="09121234567")
    reporting.return_for_correction(submitted_report(world), world.staff_province, "اصلاح کنید")
    flaky_sms.down = True
    later = timezone.now()
    for _ in range(3):
        services.deliver_due(later)
        later += dt.timedelta(days=1)
    sms = Delivery.objects.get(channel="sms")
    assert (sms.status, sms.attempts, flaky_sms.calls) == ("failed", 2, 2)


def test_a_row_claimed_by_another_worker_is_not_sent_again(world, flaky_sms):
    """A worker marks a row sent in the transaction that holds its lock; a second pass over the same row (as a
    worker that read the list before the first committed would) finds it no longer pending and sends nothing."""
    wants(world.member_a, mobile="09121234567", by_email=False)
    reporting.return_for_correction(submitted_report(world), world.staff_province, "اصلاح کنید")
    pk = Delivery.objects.get().pk
    run = services.DeliveryRun()
    services._deliver([pk], timezone.now(), run)
    services._deliver([pk], timezone.now(), run)
    assert run.sent == 1 and len(flaky_sms.sent) == 1


def test_one_delivery_per_notification_and_channel(world):
    from django.db import IntegrityError

    notification = Notification.objects.create(recipient=world.member_a, kind=Kind.REPORT_ACCEPTED, title="t")
    Delivery.objects.create(notification=notification, channel="sms", address="09121234567", due_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(notification=notification, channel="sms", address="09121234567", due_at=timezone.now())


def test_muted_kinds_are_not_sent_but_stay_in_the_app(world, flaky_sms):
    wants(world.member_a, email="a@unit.example", mobile="09121234567", muted_kinds=[Kind.REPORT_RETURNED])
    report = submitted_report(world)
    reporting.return_for_correction(report, world.staff_province, "اصلاح کنید")
    assert Notification.objects.filter(recipient=world.member_a, kind=Kind.REPORT_RETURNED).exists()
    assert services.deliver_due().sent == 0 and mail.outbox == [] and flaky_sms.sent == []
    reporting.submit(report, world.member_a)
    reporting.accept(report, world.staff_province)  # accepted is not muted
    services.deliver_due()
    assert len(mail.outbox) == 1 and "پذیرفته" in mail.outbox[0].subject and len(flaky_sms.sent) == 1


def test_channels_follow_the_choice(world, flaky_sms):
    wants(world.member_a, email="a@unit.example", mobile="09121234567", by_sms=False)
    reporting.return_for_correction(submitted_report(world), world.staff_province, "اصلاح کنید")
    services.deliver_due()
    assert len(mail.outbox) == 1 and flaky_sms.sent == []


def test_the_daily_digest_groups_the_days_notifications_into_one_message_per_channel(world, flaky_sms, settings):
    settings.NOTIFY_DIGEST_HOUR = 18
    wants(world.member_a, email="a@unit.example", mobile="09121234567", daily_digest=True)
    wants(world.member_b, email="b@unit.example")  # another person, single messages
    from rownaq.registry.models import Membership

    Membership.objects.create(user=world.member_b, organisation=world.unit_a)
    report = submitted_report(world)
    reporting.return_for_correction(report, world.staff_province, "بار اول")
    reporting.submit(report, world.member_a)
    reporting.accept(report, world.staff_province)

    now = timezone.now()
    services.deliver_due(now)
    assert [m.to for m in mail.outbox] == [["b@unit.example"], ["b@unit.example"]]  # b gets two at once
    assert flaky_sms.sent == []  # a's wait for the digest hour
    digest_at = services.next_digest_time(now)
    assert timezone.localtime(digest_at).hour == 18 and now < digest_at <= now + dt.timedelta(days=1)

    mail.outbox.clear()
    run = services.deliver_due(digest_at)
    assert run.sent == 2  # one email and one SMS for both notifications
    assert [m.to for m in mail.outbox] == [["a@unit.example"]]
    assert "۲ اعلان" in mail.outbox[0].subject
    assert "بازگشت" in mail.outbox[0].body and "پذیرفته" in mail.outbox[0].body
    assert len(flaky_sms.sent) == 1 and "۲ اعلان" in flaky_sms.sent[0][1]
    assert not Delivery.objects.filter(status="pending").exists()


def test_send_notifications_command_sends_what_is_due_once(world, flaky_sms):
    from io import StringIO

    wants(world.member_a, email="a@unit.example", mobile="09121234567")
    reporting.return_for_correction(submitted_report(world), world.staff_province, "اصلاح کنید")
    out = StringIO()
    call_command("send_notifications", "--once", stdout=out)
    assert "sent 2" in out.getvalue()
    call_command("send_notifications", "--once", stdout=out)
    assert len(mail.outbox) == 1 and len(flaky_sms.sent) == 1


def test_someone_who_never_chose_gets_email_only_when_they_have_an_address(world, flaky_sms):
    world.member_a.email = "a@unit.example"
    world.member_a.save()
    reporting.return_for_correction(submitted_report(world), world.staff_province, "اصلاح کنید")
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["email"]


def test_the_health_page_shows_messages_waiting_too_long(world, client, flaky_sms):
    wants(world.member_a, mobile="09121234567", by_email=False)
    services.notify([world.member_a], Kind.REPORT_ACCEPTED, "گزارش پذیرفته شد")
    assert services.outbox_status()["ok"]
    Delivery.objects.update(due_at=timezone.now() - dt.timedelta(hours=2))
    status = services.outbox_status()
    assert (status["ok"], status["pending"], status["late"]) == (False, 1, 1)
    client.force_login(world.admin)
    assert "از زمان ارسالش گذشته است" in client.get("/health/").content.decode()
    services.deliver_due()
    assert services.outbox_status() == {"pending": 0, "late": 0, "retrying": 0, "failed_week": 0, "ok": True}
