"""Reminder e-mails before and after the due day, each sent once, only to units that have not reported."""

from django.core import mail
from django.core.management import call_command

from rownaq.core.jalali import JalaliMonth
from rownaq.reporting import services
from rownaq.reporting.models import ReminderLog
from rownaq.reporting.reminders import AFTER, BEFORE, reminder_kind, send_reminders

from .conftest import fill

MEHR = JalaliMonth(1404, 7)  # due 1404/08/10


def day(text):
    from rownaq.core.jalali import parse_jalali_date

    return parse_jalali_date(text)


def test_reminder_kind_around_the_due_day():
    due = day("1404/08/10")
    assert reminder_kind(day("1404/08/01"), due, 3) is None
    assert reminder_kind(day("1404/08/07"), due, 3) == BEFORE
    assert reminder_kind(day("1404/08/10"), due, 3) == BEFORE
    assert reminder_kind(day("1404/08/11"), due, 3) == AFTER


def test_units_that_reported_get_nothing_and_nobody_gets_two(world, settings, monkeypatch):
    monkeypatch.setattr(services, "current_month", lambda: JalaliMonth(1404, 8))
    world.member_a.email = "a@example.ir"
    world.member_a.save()
    world.member_b.email = "b@example.ir"
    world.member_b.save()
    world.unit_c.email = "c@example.ir"
    world.unit_c.save()
    report = fill(services.start_report(world.unit_a, MEHR, None))
    services.submit(report, None)

    run = send_reminders(day("1404/08/08"))
    assert (run.kind, run.sent) == (BEFORE, 2)
    assert sorted(m.to[0] for m in mail.outbox) == ["b@example.ir", "c@example.ir"]
    assert "مهر ۱۴۰۴" in mail.outbox[0].subject
    assert send_reminders(day("1404/08/09")).sent == 0  # already reminded

    after = send_reminders(day("1404/08/12"))
    assert (after.kind, after.sent) == (AFTER, 2)
    assert "گذشته" in mail.outbox[-1].body
    assert ReminderLog.objects.count() == 4


def test_command_runs_for_a_given_jalali_date(world, capsys):
    call_command("send_report_reminders", "--date", "1404/08/01")
    assert "no reminder" in capsys.readouterr().out
    call_command("send_report_reminders", "--date", "1404/08/12", "--dry-run")
    assert "after" in capsys.readouterr().out
    assert not mail.outbox
