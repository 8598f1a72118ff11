"""Fixtures of the cases tests: a second partner body (customs) with its own member, e-mail addresses for the
reminders, a clock that can be set, and a helper that drives a case to a given step through the services."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from rownaq.cases import services
from rownaq.cases.models import Case, RoutingRule
from rownaq.registry.models import Membership, Organisation
from tests.conftest import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads go to a directory of the test's own, so nothing lands in ./var and leftovers can be counted."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def bodies(world):
    """The Chamber of Commerce and a second agency, Tabriz customs, each with a member; e-mail addresses for all."""
    User = get_user_model()
    world.customs = Organisation.objects.create(
        kind=Organisation.Kind.AGENCY, name="گمرک شهید رجایی تبریز", county=world.tabriz
    )
    world.partner_customs = User.objects.create_user(
        username="partner.customs", password=PASSWORD, email="customs@example.ir"
    )
    Membership.objects.create(user=world.partner_customs, organisation=world.customs)
    for user, email in (
        (world.partner, "chamber@example.ir"),
        (world.staff_province, "province@example.ir"),
        (world.staff_salimi, "salimi@example.ir"),
        (world.staff_other_province, "tehran@example.ir"),
        (world.member_a, "unit.a@example.ir"),
    ):
        user.email = email
        user.save()
    return world


class Clock:
    """Sets today's date for the code under test (Django's timezone.localdate, which the services call)."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch
        self.today = None
        real = timezone.localdate

        def localdate(value=None, timezone=None):
            if value is None and self.today is not None:
                return self.today
            return real(value, timezone) if value is not None else real()

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    def set(self, day: dt.date) -> dt.date:
        self.today = day
        return day


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def next_weekday(weekday: int, after: dt.date | None = None) -> dt.date:
    """The first date after `after` (default: today) that falls on `weekday` (Monday 0 ... Sunday 6)."""
    day = (after or dt.date.today()) + dt.timedelta(days=1)
    while day.weekday() != weekday:
        day += dt.timedelta(days=1)
    return day


WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY, MONDAY = 2, 3, 4, 5, 6, 0


def open_case(world, unit=None, user=None, category="export", title="مشکل صادرات قالب", files=(), **extra) -> Case:
    unit = unit or world.unit_a
    user = user or world.member_a
    return services.open_case(
        unit, user, category=category, title=title, description="محموله در گمرک مانده است.", files=list(files), **extra
    )


def referred(world, body=None, unit=None, user=None, staff=None, **extra) -> Case:
    """A case opened, triaged and referred to `body` (default: the Chamber)."""
    case = open_case(world, unit=unit, user=user, **extra)
    staff = staff or world.staff_province
    case = services.triage(case, staff, expected_version=case.version)
    return services.refer(case, staff, [body or world.chamber], expected_version=case.version)


def resolved(world, body=None, **extra) -> Case:
    case = referred(world, body=body, **extra)
    referral = case.referrals.get()
    member = world.partner if referral.body == world.chamber else world.partner_customs
    return services.close_referral(referral, member, outcome="انجام شد.", resolved=True)


def rule(category, body, days, **place) -> RoutingRule:
    return RoutingRule.objects.create(category=category, body=body, working_days=days, **place)


@pytest.fixture
def cases(bodies):
    """Case A (unit A, Salimi, referred to the Chamber), case B (unit B, Marand, referred to customs) and case C
    (unit C, Tehran, not referred)."""
    w = bodies
    return SimpleNamespace(
        a=referred(w, body=w.chamber),
        b=referred(
            w, body=w.customs, unit=w.unit_b, user=w.member_b, title="کمبود مواد اولیه", category="raw_material"
        ),
        c=open_case(w, unit=w.unit_c, user=w.admin, title="قطعی برق", category="energy"),
    )
