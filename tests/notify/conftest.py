import pytest

from rownaq.notify.models import Preference
from rownaq.notify.sms import ConsoleSmsBackend, SmsBackend, SmsError
from rownaq.reporting import services as reporting
from tests.reporting.conftest import fill


class FlakySms(SmsBackend):
    """An SMS gateway that is down while `down` is set, and records what it sent."""

    down = False
    sent: list[tuple[str, str, str]] = []
    calls = 0

    def send(self, number, text, reference=""):
        FlakySms.calls += 1
        if FlakySms.down:
            raise SmsError("gateway unreachable")
        FlakySms.sent.append((number, text, reference))
        return f"id-{len(FlakySms.sent)}"


@pytest.fixture
def flaky_sms(settings):
    settings.SMS_BACKEND = "tests.notify.conftest.FlakySms"
    FlakySms.down, FlakySms.sent, FlakySms.calls = False, [], 0
    return FlakySms


@pytest.fixture
def console_sms(settings):
    settings.SMS_BACKEND = "rownaq.notify.sms.ConsoleSmsBackend"
    ConsoleSmsBackend.sent.clear()
    return ConsoleSmsBackend


def wants(user, email="", mobile="", by_sms=True, **choices):
    if email:
        user.email = email
        user.save(update_fields=["email"])
    return Preference.objects.create(user=user, mobile=mobile, by_sms=by_sms, **choices)


def submitted_report(world, month=None):
    report = reporting.start_report(world.unit_a, month or reporting.latest_reportable_month(), world.member_a)
    fill(report)
    reporting.submit(report, world.member_a)
    report.refresh_from_db()
    return report
