"""Invitations: sent by e-mail with an RSVP link; answered by the link (no login) or after login; reminders once;
attendance on the day; coverage by the press for their own outlet."""

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from rownaq.core.jalali import format_jalali_date
from rownaq.events import services
from rownaq.events.models import Coverage, Invitation


@pytest.fixture
def journalist(stage, world):
    return services.invite(
        stage,
        role=Invitation.Role.JOURNALIST,
        name="مریم خبرنگار",
        email="maryam@irna.example",
        organisation=world.irna,
        base_url="http://rownaq.example/",
    )


def test_the_invitation_email_carries_the_rsvp_link(journalist, stage):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maryam@irna.example"]
    assert message.subject == f"دعوت به {stage}"
    assert f"http://rownaq.example/rsvp/{journalist.token}/" in message.body
    assert format_jalali_date(stage.date) in message.body


def test_rsvp_by_link_needs_no_login(client, journalist):
    url = f"/rsvp/{journalist.token}/"
    page = client.get(url)
    assert page.status_code == 200 and "مریم خبرنگار" in page.content.decode()
    answered = client.post(url, {"answer": "yes"})
    assert answered.status_code == 200 and "پاسخ شما ثبت شد: می‌آیم" in answered.content.decode()
    journalist.refresh_from_db()
    assert journalist.rsvp == Invitation.Rsvp.YES and journalist.responded_at is not None
    client.post(url, {"answer": "no"})  # a change of mind before the day is fine
    assert Invitation.objects.get().rsvp == Invitation.Rsvp.NO


def test_an_unknown_token_is_404(client, journalist):
    assert client.get(f"/rsvp/{uuid.uuid4()}/").status_code == 404
    assert client.post(f"/rsvp/{uuid.uuid4()}/", {"answer": "yes"}).status_code == 404
    assert client.get("/rsvp/not-a-token/").status_code == 404


def test_a_past_stage_refuses_answers(client, journalist, stage):
    stage.date = timezone.localdate() - dt.timedelta(days=1)
    stage.save()
    response = client.post(f"/rsvp/{journalist.token}/", {"answer": "yes"})
    assert response.status_code == 400
    assert "این برنامه برگزار شده است و پاسخ دیگر پذیرفته نمی‌شود." in response.content.decode()
    assert Invitation.objects.get().rsvp == Invitation.Rsvp.PENDING


def test_a_nonsense_answer_is_refused(client, journalist):
    response = client.post(f"/rsvp/{journalist.token}/", {"answer": "maybe"})
    assert response.status_code == 400 and "پاسخ نامعتبر است." in response.content.decode()


def test_rsvp_by_login(client, journalist, world, stage):
    url = f"/events/invitations/{journalist.pk}/answer/"
    client.force_login(world.press)  # a member of the invited outlet
    mine = client.get("/events/mine/").content.decode()
    assert "مریم خبرنگار" in mine
    assert client.post(url, {"answer": "yes"}).status_code == 302
    assert Invitation.objects.get().rsvp == Invitation.Rsvp.YES
    for role in ("member_a", "member_b", "nobody", "staff_other_province", "partner"):
        client.force_login(getattr(world, role))
        assert client.post(url, {"answer": "no"}).status_code == 404, role
        assert "مریم خبرنگار" not in client.get("/events/mine/").content.decode()
    assert Invitation.objects.get().rsvp == Invitation.Rsvp.YES


def test_a_user_invited_in_person_sees_and_answers(client, stage, world):
    invitation = services.invite(stage, role=Invitation.Role.OFFICIAL, name="مدیر کل", user=world.nobody)
    client.force_login(world.nobody)
    assert client.get(stage.get_absolute_url()).status_code == 200
    assert client.post(f"/events/invitations/{invitation.pk}/answer/", {"answer": "no"}).status_code == 302
    assert Invitation.objects.get().rsvp == Invitation.Rsvp.NO


def test_staff_invite_by_organisation_user_or_name(client, stage, world):
    client.force_login(world.staff_province)
    url = f"/events/stages/{stage.pk}/invitations/new/"
    assert (
        client.post(
            url, {"invite-organisation": world.irna.pk, "invite-name": "علی رضایی", "invite-email": "ali@irna.example"}
        ).status_code
        == 302
    )
    assert client.post(url, {"invite-username": "unit.a"}).status_code == 302
    assert (
        client.post(
            url, {"invite-name": "کارشناس بسیج", "invite-email": "basij@example.com", "invite-role": "engineering"}
        ).status_code
        == 302
    )
    response = client.post(url, {"invite-username": "no-such-user"})
    assert response.status_code == 400 and "کاربری با این نام کاربری نیست." in response.content.decode()
    assert client.post(url, {}).status_code == 400
    rows = list(Invitation.objects.order_by("id").values_list("role", "name", "organisation", "user"))
    assert rows == [
        ("journalist", "علی رضایی", world.irna.pk, None),
        ("official", "unit.a", world.unit_a.pk, world.member_a.pk),  # invited as their unit's person
        ("engineering", "کارشناس بسیج", None, None),
    ]
    assert [m.to for m in mail.outbox] == [["ali@irna.example"], ["basij@example.com"]]  # unit.a has no address


def test_reminders_go_once_to_those_who_have_not_answered(journalist, stage, world):
    answered = services.invite(stage, role=Invitation.Role.OFFICIAL, name="پاسخ‌داده", email="done@example.com")
    services.respond(answered, Invitation.Rsvp.YES)
    mail.outbox.clear()
    two_days_before = format_jalali_date(stage.date - dt.timedelta(days=2), persian_digits=False)
    call_command("tour_reminders", "--date", two_days_before, "--base-url", "http://rownaq.example")
    assert [m.to for m in mail.outbox] == [["maryam@irna.example"]]
    assert mail.outbox[0].subject.startswith("یادآوری: ")
    assert f"http://rownaq.example/rsvp/{journalist.token}/" in mail.outbox[0].body
    call_command("tour_reminders", "--date", two_days_before)
    assert len(mail.outbox) == 1
    # Too early: nothing.
    journalist.reminded_at = None
    journalist.save()
    call_command(
        "tour_reminders", "--date", format_jalali_date(stage.date - dt.timedelta(days=5), persian_digits=False)
    )
    assert len(mail.outbox) == 1


def test_reminders_date_must_be_jalali():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("tour_reminders", "--date", "1404/13/01")


def test_attendance_on_the_day(client, journalist, stage, world):
    other = services.invite(stage, role=Invitation.Role.OFFICIAL, name="غایب", email="")
    client.force_login(world.staff_province)
    assert client.get(f"/events/stages/{stage.pk}/attendance/").status_code == 200
    assert client.post(f"/events/stages/{stage.pk}/attendance/", {"present": [journalist.pk]}).status_code == 302
    assert dict(Invitation.objects.values_list("name", "attended")) == {"مریم خبرنگار": True, "غایب": False}
    client.force_login(world.press)
    assert client.post(f"/events/stages/{stage.pk}/attendance/", {"present": [other.pk]}).status_code == 403
    client.force_login(world.member_b)
    assert client.get(f"/events/stages/{stage.pk}/attendance/").status_code == 404


def test_press_add_coverage_for_their_own_outlet_only(client, journalist, stage, world):
    from rownaq.registry.models import Organisation

    other_outlet = Organisation.objects.create(
        kind=Organisation.Kind.MEDIA, name="صداوسیمای آذربایجان شرقی", county=world.tabriz
    )
    url = f"/events/stages/{stage.pk}/coverage/new/"
    published = format_jalali_date(stage.date + dt.timedelta(days=1), persian_digits=False)
    payload = {
        "coverage-title": "بازدید خبرنگاران از شهرک سلیمی",
        "coverage-url": "https://irna.example/news/1",
        "coverage-published_on": published,
    }
    client.force_login(world.press)
    assert client.post(url, payload | {"coverage-outlet": other_outlet.pk}).status_code == 400
    assert client.post(url, payload | {"coverage-outlet": world.irna.pk}).status_code == 302
    early = client.post(
        url,
        payload
        | {
            "coverage-outlet": world.irna.pk,
            "coverage-published_on": format_jalali_date(stage.date - dt.timedelta(days=3), persian_digits=False),
        },
    )
    assert early.status_code == 400 and "پیش از روز بازدید" in early.content.decode()
    assert list(Coverage.objects.values_list("outlet", "title")) == [(world.irna.pk, payload["coverage-title"])]
    assert payload["coverage-title"] in client.get(stage.get_absolute_url()).content.decode()
    for role, status in (("member_b", 404), ("nobody", 404), ("member_a", 404)):
        client.force_login(getattr(world, role))
        assert client.post(url, payload | {"coverage-outlet": world.irna.pk}).status_code == status, role
    client.force_login(world.staff_province)  # organisers record any outlet's coverage
    assert client.post(url, payload | {"coverage-outlet": other_outlet.pk}).status_code == 302


def test_press_invited_by_username_land_in_their_outlet(client, stage, world):
    """A journalist invited by username is invited as their outlet's journalist, and finds it among their own."""
    client.force_login(world.staff_province)
    url = f"/events/stages/{stage.pk}/invitations/new/"
    assert client.post(url, {"invite-username": world.press.username}).status_code == 302
    invitation = Invitation.objects.get(user=world.press)
    assert (invitation.organisation, invitation.role) == (world.irna, Invitation.Role.JOURNALIST)
    client.force_login(world.press)
    assert str(stage) in client.get("/events/mine/").content.decode()
