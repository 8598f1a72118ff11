"""Every deadline counts in the working days of the body it is for: its week (Thursday closed or not), Iran's
official holidays and its own one-off closures; reminders and escalation count the same way."""

import datetime as dt

from django.core import mail
from django.test import override_settings

from rownaq.cases import services
from rownaq.cases.models import Referral
from rownaq.core.holidays import calendar_for
from rownaq.core.models import Holiday
from rownaq.registry.models import Organisation

from .conftest import SATURDAY, WEDNESDAY, next_weekday, open_case, rule


def refer_to(bodies, *targets):
    case = open_case(bodies, category="export")
    case = services.triage(case, bodies.staff_province, expected_version=case.version)
    case = services.refer(case, bodies.staff_province, list(targets), expected_version=case.version)
    return {r.body_id: r for r in case.referrals.all()}


def test_a_body_closed_on_thursday_gets_a_later_deadline_than_one_open(bodies, clock):
    wednesday = clock.set(next_weekday(WEDNESDAY))
    bank = Organisation.objects.create(
        kind=Organisation.Kind.AGENCY, name="بانک ملی", county=bodies.tabriz, closes_thursday=True
    )
    rule("export", bodies.chamber, 2, province=bodies.eaz)
    rule("export", bank, 2, province=bodies.eaz)
    due = {pk: r.due_date for pk, r in refer_to(bodies, bodies.chamber, bank).items()}
    # Open Thursday: Thursday (1), Friday off, Saturday (2). Closed Thursday: Saturday (1), Sunday (2).
    assert due[bodies.chamber.pk] == wednesday + dt.timedelta(days=3)
    assert due[bank.pk] == wednesday + dt.timedelta(days=4)


def test_an_official_holiday_moves_the_due_date(bodies, clock):
    saturday = clock.set(next_weekday(SATURDAY))
    rule("export", bodies.chamber, 3, province=bodies.eaz)
    before = services.due_after(3, saturday, body=bodies.chamber)
    Holiday.objects.create(
        date=saturday + dt.timedelta(days=2), title="عید سعید فطر", kind=Holiday.Kind.LUNAR, projected=True
    )
    after = services.due_after(3, saturday, body=bodies.chamber)
    assert (before, after) == (saturday + dt.timedelta(days=3), saturday + dt.timedelta(days=4))


def test_a_closure_of_one_body_moves_only_its_deadlines(bodies, clock):
    saturday = clock.set(next_weekday(SATURDAY))
    Holiday.objects.create(
        date=saturday + dt.timedelta(days=1), title="تعطیلی به علت آلودگی هوا", organisation=bodies.chamber
    )
    assert services.due_after(2, saturday, body=bodies.chamber) == saturday + dt.timedelta(days=3)
    assert services.due_after(2, saturday, body=bodies.customs) == saturday + dt.timedelta(days=2)
    # A closure of one body is not a day off for everyone (the shifts' holiday premiums use these).
    assert Holiday.dates() == set()


def test_a_closure_for_every_office_moves_every_deadline(bodies, clock):
    saturday = clock.set(next_weekday(SATURDAY))
    Holiday.objects.create(date=saturday + dt.timedelta(days=1), title="تعطیلی ادارات استان")
    assert calendar_for(bodies.chamber).add(saturday, 2) == saturday + dt.timedelta(days=3)
    assert calendar_for(None).add(saturday, 2) == saturday + dt.timedelta(days=3)


def test_reminders_count_in_the_body_week(bodies, clock):
    # Due on a Monday; on the Wednesday before, an open body has Thu, Sat, Sun, Mon (4) working days left, a body
    # closed on Thursday 3: with the reminder window at 3 only the second is reminded.
    wednesday = clock.set(next_weekday(WEDNESDAY))
    monday = wednesday + dt.timedelta(days=5)
    bank = Organisation.objects.create(
        kind=Organisation.Kind.AGENCY,
        name="بانک ملی",
        county=bodies.tabriz,
        closes_thursday=True,
        email="bank@example.ir",
    )
    rule("export", bodies.chamber, 4, province=bodies.eaz)
    rule("export", bank, 3, province=bodies.eaz)
    referrals = refer_to(bodies, bodies.chamber, bank)
    assert {r.due_date for r in referrals.values()} == {monday}
    mail.outbox.clear()
    with override_settings(CASE_REMINDER_WORKING_DAYS=3):
        run = services.run_reminders(wednesday)
    assert run.reminded == 1
    assert set(Referral.objects.filter(reminded_at__isnull=False).values_list("body_id", flat=True)) == {bank.pk}
