"""Two senders at once (PostgreSQL): each outbox row is claimed by one of them (FOR UPDATE SKIP LOCKED) and sent
once, while the other goes on with the rows it can claim."""

import threading
import time

import pytest
from django.db import connection

from rownaq.notify import services
from rownaq.notify.models import Delivery, Kind
from rownaq.notify.sms import SmsBackend
from tests.notify.conftest import wants

pytestmark = pytest.mark.django_db(transaction=True)


class SlowSms(SmsBackend):
    """Holds each row's lock for a while, so the second sender meets locked rows."""

    sent: list[str] = []
    guard = threading.Lock()

    def send(self, number, text, reference=""):
        time.sleep(0.3)
        with SlowSms.guard:
            SlowSms.sent.append(reference)
        return reference


def test_two_senders_at_once_send_every_row_once(world, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions (PostgreSQL); SQLite serialises writers")
    settings.SMS_BACKEND = "tests.notify.test_outbox_concurrency.SlowSms"
    SlowSms.sent = []
    wants(world.member_a, mobile="09121234567", by_email=False)
    for n in range(6):
        services.notify([world.member_a], Kind.REPORT_ACCEPTED, f"اعلان {n}")
    runs = []

    def sender():
        try:
            runs.append(services.deliver_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(SlowSms.sent) == sorted(f"rownaq-{pk}" for pk in Delivery.objects.values_list("pk", flat=True))
    assert sum(run.sent for run in runs) == 6
    assert all(run.sent for run in runs), "the second sender skipped the locked rows and sent others"
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
