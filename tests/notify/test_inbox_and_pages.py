"""Home as each role's inbox, the notification pages, and that nobody sees another person's or body's notices."""

import datetime as dt

import pytest
from django.urls import reverse

from rownaq.cases import services as cases
from rownaq.cases.models import Referral
from rownaq.notify import services
from rownaq.notify.inbox import inbox_for
from rownaq.notify.models import Kind, Notification, Preference
from rownaq.registry.models import Membership, Organisation
from rownaq.reporting import services as reporting
from tests.cases.conftest import referred
from tests.notify.conftest import submitted_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def customs(world):
    """A second partner body with its own member."""
    world.customs = Organisation.objects.create(kind=Organisation.Kind.AGENCY, name="گمرک تبریز", county=world.tabriz)
    from django.contrib.auth import get_user_model

    world.partner_customs = get_user_model().objects.create_user("partner.customs", password="x")
    Membership.objects.create(user=world.partner_customs, organisation=world.customs)
    return world.customs


def kinds(user):
    return [item.kind for item in inbox_for(user)]


def test_a_returned_report_is_first_in_the_units_inbox_and_leaves_it_when_sent_again(world):
    report = submitted_report(world)
    assert "report_review" in kinds(world.staff_province)  # waits for the reviewer
    assert "report_review" not in kinds(world.staff_other_province)
    assert "report_review" not in kinds(world.staff_marand_readonly)
    reporting.return_for_correction(report, world.staff_province, "ارقام صادرات را تطبیق دهید")
    first = inbox_for(world.member_a)[0]
    assert (first.kind, first.url) == ("report_returned", f"/reports/{report.pk}/edit/")
    assert "تطبیق" in first.detail
    assert "report_returned" not in kinds(world.member_b)
    assert "report_review" not in kinds(world.staff_province)
    reporting.submit(report, world.member_a)
    assert "report_returned" not in kinds(world.member_a)


def test_a_month_not_yet_reported_waits_in_the_units_inbox(world):
    assert "report_due" in kinds(world.member_a)
    submitted_report(world)
    assert "report_due" not in kinds(world.member_a)


def test_a_referral_waits_for_its_body_only_and_an_overdue_one_comes_first(world, customs):
    case = referred(world)
    assert "case_triage" not in kinds(world.staff_province)
    assert kinds(world.partner)[0] == "case_referred"
    assert "case_referred" not in kinds(world.partner_customs) and "case_referred" not in kinds(world.press)
    Referral.objects.filter(case=case).update(due_date=dt.date.today() - dt.timedelta(days=3))
    assert kinds(world.partner)[0] == "referral_overdue"
    assert "referral_overdue" in kinds(world.staff_province)  # the supervising staff see it too
    assert "referral_overdue" not in kinds(world.staff_other_province)


def test_a_new_case_waits_for_triage_by_its_staff(world):
    from tests.cases.conftest import open_case

    open_case(world)
    assert "case_triage" in kinds(world.staff_province) and "case_triage" in kinds(world.admin)
    assert "case_triage" not in kinds(world.staff_other_province) and "case_triage" not in kinds(world.member_a)


def test_a_resolved_case_waits_for_the_units_confirmation(world):
    case = referred(world)
    cases.close_referral(case.referrals.get(), world.partner, outcome="انجام شد.", resolved=True)
    assert "case_confirm" in kinds(world.member_a) and "case_confirm" not in kinds(world.member_b)


def test_a_lead_and_an_invitation_wait_for_their_people(world):
    from rownaq.events import services as events
    from rownaq.events.models import ExportMeeting, ForeignPartner, Lead, Tour, TourStage

    meeting = ExportMeeting.objects.create(title="نشست عراق", country="IQ", date=dt.date.today(), province=world.eaz)
    buyer = ForeignPartner.objects.create(meeting=meeting, name="بغداد تجارت", country="IQ")
    Lead.objects.create(meeting=meeting, seller=world.unit_a, buyer=buyer, product="قالب بادی")
    assert "lead_assigned" in kinds(world.member_a) and "lead_assigned" not in kinds(world.member_b)
    assert Notification.objects.filter(recipient=world.member_a, kind=Kind.LEAD_ASSIGNED).exists()

    tour = Tour.objects.create(title="تور رسانه‌ای", province=world.eaz)
    stage = TourStage.objects.create(
        tour=tour,
        number=1,
        date=dt.date.today() + dt.timedelta(days=5),
        estate=world.salimi,
        meeting_point="درِ شهرک",
        meeting_latitude=38.05,
        meeting_longitude=46.2,
        start_time=dt.time(8),
        end_time=dt.time(16),
    )
    events.invite(stage, role="journalist", name="خبرنگار ایرنا", email="press@irna.example", organisation=world.irna)
    assert "invitation" in kinds(world.press) and "invitation" not in kinds(world.member_a)
    notice = Notification.objects.get(recipient=world.press, kind=Kind.TOUR_INVITATION)
    assert notice.url == reverse("events:mine")


def test_nobody_is_told_of_another_bodys_referral(world, customs):
    referred(world, body=customs)
    assert Notification.objects.filter(recipient=world.partner_customs, kind=Kind.CASE_REFERRED).count() == 1
    assert not Notification.objects.filter(recipient=world.partner).exists()
    assert not Notification.objects.filter(recipient=world.press).exists()


def test_the_escalation_tells_the_supervising_staff(world):
    case = referred(world)
    Referral.objects.filter(case=case).update(due_date=dt.date.today() - dt.timedelta(days=2))
    cases.run_reminders()
    told = set(Notification.objects.filter(kind=Kind.CASE_ESCALATED).values_list("recipient__username", flat=True))
    assert "staff.province" in told and "staff.tehran" not in told and "unit.a" not in told


def test_the_pages_show_and_open_only_ones_own_notifications(world, client):
    mine = services.notify([world.member_a], Kind.REPORT_ACCEPTED, "گزارش شما پذیرفته شد", url="/reports/")[0]
    other = services.notify([world.member_b], Kind.REPORT_ACCEPTED, "گزارش مرند پذیرفته شد", url="/reports/")[0]
    client.force_login(world.member_a)
    page = client.get(reverse("notify:list")).content.decode()
    assert "گزارش شما پذیرفته شد" in page and "گزارش مرند" not in page
    assert 'data-testid="unread-count">۱<' in page
    assert client.post(reverse("notify:open", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
    answer = client.post(reverse("notify:open", args=[mine.pk]))
    assert answer.status_code == 302 and answer["Location"] == "/reports/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    client.post(reverse("notify:read-all"))
    other.refresh_from_db()
    assert other.read_at is None  # «all» is one's own


def test_an_outside_link_in_a_notification_is_not_followed(world, client):
    notice = services.notify([world.member_a], Kind.REPORT_ACCEPTED, "t", url="https://evil.example/")[0]
    client.force_login(world.member_a)
    assert client.post(reverse("notify:open", args=[notice.pk]))["Location"] == reverse("notify:list")


def test_preferences_page_validates_the_mobile_and_saves_choices(world, client):
    client.force_login(world.member_a)
    url = reverse("notify:preferences")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"mobile": "۰۸۱۲۱۲۳۴۵۶۷", "by_sms": "on"})
    assert bad.status_code == 200 and "شمارهٔ همراه ایران" in bad.content.decode()
    missing = client.post(url, {"by_sms": "on"})
    assert "برای دریافت پیامک" in missing.content.decode()
    assert not Preference.objects.exists()
    ok = client.post(
        url,
        {
            "mobile": "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷",
            "by_sms": "on",
            "daily_digest": "on",
            "muted_kinds": [Kind.REPORT_ACCEPTED, Kind.LEAD_ASSIGNED],
        },
    )
    assert ok.status_code == 302
    preference = Preference.objects.get(user=world.member_a)
    assert (preference.mobile, preference.by_sms, preference.by_email, preference.daily_digest) == (
        "09121234567",
        True,
        False,
        True,
    )
    assert preference.muted_kinds == sorted([Kind.LEAD_ASSIGNED, Kind.REPORT_ACCEPTED])
    assert preference.channels_for(Kind.REPORT_ACCEPTED) == []
    assert preference.channels_for(Kind.REPORT_RETURNED) == ["sms"]


def test_the_menu_shows_a_factory_member_only_what_the_role_uses(world, client):
    client.force_login(world.member_a)
    page = client.get("/").content.decode()
    assert "کدهای مرجع" not in page and "راهنمای API" not in page
    client.force_login(world.staff_province)
    page = client.get("/").content.decode()
    assert "کدهای مرجع" in page


def test_home_lists_the_inbox_with_one_click_to_the_work(world, client):
    report = submitted_report(world)
    reporting.return_for_correction(report, world.staff_province, "اصلاح کنید")
    client.force_login(world.member_a)
    page = client.get("/").content.decode()
    assert f'href="/reports/{report.pk}/edit/"' in page and "اصلاح و ارسال دوباره" in page
    client.force_login(world.press)
    assert 'data-testid="inbox-empty"' in client.get("/").content.decode()


def test_an_answer_tells_the_unit_and_its_staff_and_a_meeting_tells_the_bodies_invited(world, customs):
    from rownaq.cases.models import Meeting

    case = referred(world)
    cases.close_referral(case.referrals.get(), world.partner, outcome="مجوز صادر شد.", resolved=True)
    answered = Notification.objects.filter(kind=Kind.CASE_ANSWERED)
    assert set(answered.values_list("recipient__username", flat=True)) == {"unit.a", "staff.province", "staff.salimi"}
    assert "مجوز صادر شد." in answered.first().body

    meeting = cases.save_meeting(
        Meeting(title="شورای رفع موانع", date=dt.date.today() + dt.timedelta(days=3), province=world.eaz),
        world.staff_province,
        attendees=[world.chamber],
    )
    told = Notification.objects.filter(kind=Kind.MEETING_SCHEDULED)
    assert list(told.values_list("recipient__username", flat=True)) == ["partner.chamber"]
    assert told.get().url == meeting.get_absolute_url()
    cases.save_meeting(meeting, world.staff_province, attendees=[world.chamber, customs])  # one body added
    assert sorted(told.values_list("recipient__username", flat=True)) == ["partner.chamber", "partner.customs"]


def test_a_draft_of_the_month_is_one_click_away_and_a_long_list_ends_with_the_rest(world, monkeypatch):
    from rownaq.notify import inbox

    report = reporting.start_report(world.unit_a, reporting.latest_reportable_month(), world.member_a)
    [due] = [item for item in inbox_for(world.member_a) if item.kind == "report_due"]
    assert due.url == f"/reports/{report.pk}/edit/"

    from tests.cases.conftest import open_case

    for n in range(3):
        open_case(world, title=f"مشکل {n}")
    monkeypatch.setattr(inbox, "PER_QUERY", 2)
    triage = [item for item in inbox_for(world.staff_province) if item.kind == "case_triage"]
    assert len(triage) == 3 and triage[-1].title == "و ۱ مورد دیگر"
    assert triage[-1].url == "/cases/?status=submitted"
