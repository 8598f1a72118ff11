"""Reminders to the responsible body before the due date, escalation to the supervising staff after it; each
happens once, writes a FollowUp and sends e-mail. The `case_reminders` command runs them for a Jalali date."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from rownaq.cases import services
from rownaq.cases.models import Case, FollowUp, Meeting, Referral, Resolution
from rownaq.core.jalali import format_jalali_date
from rownaq.core.models import Holiday

from .conftest import SATURDAY, THURSDAY, next_weekday, referred, rule


@pytest.fixture
def referral(bodies, clock):
    """A referral to the Chamber made on a Saturday with 5 working days: due the next Thursday."""
    saturday = clock.set(next_weekday(SATURDAY))
    rule("export", bodies.chamber, 5, province=bodies.eaz)
    case = referred(bodies)
    referral = case.referrals.get()
    assert referral.due_date == saturday + dt.timedelta(days=5)
    assert referral.due_date.weekday() == THURSDAY
    mail.outbox.clear()
    return referral


def entries(case, kind):
    return list(case.follow_ups.filter(kind=kind))


def test_no_reminder_while_the_due_date_is_far(bodies, referral):
    run = services.run_reminders(referral.due_date - dt.timedelta(days=4))  # Sunday: 4 working days left
    assert (run.reminded, run.escalated) == (0, 0)
    assert mail.outbox == []


def test_the_body_is_reminded_once_before_the_due_date(bodies, referral):
    tuesday = referral.due_date - dt.timedelta(days=2)  # two working days left (Wednesday, Thursday)
    run = services.run_reminders(tuesday)
    assert run.reminded == 1 and run.escalated == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["chamber@example.ir"]
    assert referral.case.tracking_code in message.subject
    assert format_jalali_date(referral.due_date) in message.body
    assert len(entries(referral.case, FollowUp.Kind.REMINDER)) == 1

    services.run_reminders(tuesday)
    services.run_reminders(tuesday + dt.timedelta(days=1))
    assert len(mail.outbox) == 1, "a reminder is sent once"
    assert len(entries(referral.case, FollowUp.Kind.REMINDER)) == 1
    referral.refresh_from_db()
    assert referral.reminded_at is not None and referral.escalated_at is None


def test_escalation_after_the_due_date_once_to_the_supervising_staff(bodies, referral):
    services.run_reminders(referral.due_date)  # the reminder on the due day itself
    mail.outbox.clear()
    friday = referral.due_date + dt.timedelta(days=1)
    run = services.run_reminders(friday)
    assert run.escalated == 1 and run.reminded == 0
    assert len(mail.outbox) == 1
    # Staff who edit unit A's place (the province and the Salimi estate), not Tehran's.
    assert mail.outbox[0].to == ["province@example.ir", "salimi@example.ir"]
    assert "معوق" in mail.outbox[0].subject
    case = Case.objects.get(pk=referral.case_id)
    assert case.escalated_at is not None
    assert len(entries(case, FollowUp.Kind.ESCALATION)) == 1

    services.run_reminders(friday + dt.timedelta(days=1))
    services.run_reminders(friday + dt.timedelta(days=10))
    assert len(mail.outbox) == 1, "an escalation is sent once"
    assert len(entries(case, FollowUp.Kind.ESCALATION)) == 1


def test_a_deadline_missed_before_any_reminder_is_escalated_not_reminded(bodies, referral):
    # The Friday after a Thursday deadline has no working day left in between; it is past the due date all the same.
    friday = referral.due_date + dt.timedelta(days=1)
    run = services.run_reminders(friday)
    assert (run.reminded, run.escalated) == (0, 1)
    assert entries(referral.case, FollowUp.Kind.REMINDER) == []


def test_holidays_count_when_deciding_how_close_the_due_date_is(bodies, referral):
    monday = referral.due_date - dt.timedelta(days=3)
    Holiday.objects.create(date=monday + dt.timedelta(days=1), title="تعطیل")  # Tuesday
    Holiday.objects.create(date=monday + dt.timedelta(days=2), title="تعطیل")  # Wednesday
    # From Monday only Thursday is a working day before the deadline: within the reminder window.
    assert services.run_reminders(monday).reminded == 1


def test_closed_referrals_are_neither_reminded_nor_escalated(bodies, referral):
    services.close_referral(referral, bodies.partner, outcome="انجام شد.", resolved=True)
    run = services.run_reminders(referral.due_date + dt.timedelta(days=3))
    assert (run.reminded, run.escalated) == (0, 0)
    assert mail.outbox == []


def test_meeting_resolutions_due_soon_are_reminded_once(bodies, referral, clock):
    meeting = services.save_meeting(
        Meeting(title="شورای رفع موانع تولید", date=clock.today, province=bodies.eaz),
        bodies.staff_province,
        agenda=[referral.case],
        attendees=[bodies.chamber],
    )
    resolution = services.add_resolution(
        meeting,
        bodies.staff_province,
        text="پیگیری رفع تعهد ارزی",
        body=bodies.chamber,
        deadline=referral.due_date,
        case=referral.case,
    )
    run = services.run_reminders(referral.due_date - dt.timedelta(days=1))
    assert run.resolutions_reminded == 1
    assert any("مصوبه" in m.subject and m.to == ["chamber@example.ir"] for m in mail.outbox)
    assert services.run_reminders(referral.due_date).resolutions_reminded == 0
    resolution.refresh_from_db()
    assert resolution.reminded_at is not None and resolution.status == Resolution.Status.PENDING


def test_the_command_runs_the_reminders_for_a_jalali_date(bodies, referral):
    friday = referral.due_date + dt.timedelta(days=1)
    out = StringIO()
    call_command("case_reminders", "--date", format_jalali_date(friday), stdout=out)
    assert "1 escalated" in out.getvalue()
    assert format_jalali_date(friday, persian_digits=False) in out.getvalue()
    assert Referral.objects.get(pk=referral.pk).escalated_at is not None
    out = StringIO()
    call_command("case_reminders", "--date", format_jalali_date(friday, persian_digits=False), stdout=out)
    assert "0 reminded, 0 escalated" in out.getvalue()


def test_the_command_refuses_a_date_that_does_not_exist_in_persian(db):
    with pytest.raises(CommandError) as error:
        call_command("case_reminders", "--date", "1403/13/01")
    assert "ماه" in str(error.value)
