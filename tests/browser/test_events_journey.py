"""Issue 6's journey in real Chromium: staff create stage 2 of a tour in the Salimi estate with six units (one
opening late) and plan it inside every unit's hours; a journalist answers by the e-mailed link; the press kit PDF
carries the units' Persian names and renders visibly; a matchmaking slot is booked, and a second booking of the same
party in that slot is refused with the message."""

import datetime as dt
import io
import re

import pypdfium2
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from rownaq.core.jalali import format_jalali_date
from rownaq.core.persian import search_key
from rownaq.events.models import Invitation, MatchMeeting, SlotBooking, Tour, TourStage
from tests.conftest import login
from tests.events.conftest import SALIMI_UNITS, companies, salimi_units  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.context.clear_cookies()


def pdf_key(text: str) -> str:
    """search_key, and the lam-alef ligature as PDF text extraction gives it back («فولاد» comes out «فوالد»)."""
    return search_key(text).replace("لا", "ال")


def minutes(text: str) -> int:
    hours, mins = map(int, text.split(":"))
    return hours * 60 + mins


def test_stage_planned_journalist_answers_press_kit_and_a_meeting_booked(
    world,
    salimi_units,  # noqa: F811 (fixtures)
    companies,  # noqa: F811
    page,
    guard,
    task_worker,
):
    tour = Tour.objects.create(
        title="تور رسانه‌ای رونق تولید",
        province=world.eaz,
        created_by=world.staff_province,
        description="بازدید خبرنگاران، شرکت‌های دانش‌بنیان و بسیج مهندسی از واحدهای استان",
    )
    TourStage.objects.create(
        tour=tour,
        number=1,
        date=timezone.localdate() + dt.timedelta(days=3),
        estate=world.marand_estate,
        meeting_point="مجتمع مس سونگون",
        meeting_latitude=38.7,
        meeting_longitude=46.7,
        start_time=dt.time(8),
        end_time=dt.time(15),
    )
    day = timezone.localdate() + dt.timedelta(days=10)

    # Staff create stage 2 in the Salimi estate: the meeting point's position comes from the estate.
    login(page, world.staff_province.username)
    page.goto(tour.get_absolute_url())
    page.get_by_test_id("add-stage").click()
    page.wait_for_url("**/stages/new/")
    expect(page.locator("#id_number")).to_have_value("۲")  # number inputs show Persian digits
    page.fill("#id_date", format_jalali_date(day, persian_digits=False))
    page.keyboard.press("Escape")
    page.select_option("#id_estate", str(world.salimi.pk))
    page.fill("#id_meeting_point", "درِ اصلی شهرک صنعتی سلیمی")
    page.fill("#id_start_time", "08:00")
    page.fill("#id_end_time", "16:00")
    page.fill("#id_speed_kmh", "30")
    page.get_by_role("button", name="ذخیره").click()
    page.wait_for_url(re.compile(r"/events/stages/\d+/$"))
    stage = TourStage.objects.get(tour=tour, number=2)
    assert (stage.date, stage.estate, float(stage.meeting_latitude)) == (day, world.salimi, 38.05)

    # Six units, each with its own hours; the last opens late (11:30).
    for unit, (_, _, opens, closes) in zip(salimi_units, SALIMI_UNITS):
        page.select_option("#id_visit-organisation", str(unit.pk))
        page.fill("#id_visit-duration_minutes", "45")
        page.fill("#id_visit-opens", opens)
        page.fill("#id_visit-closes", closes)
        page.get_by_role("button", name="افزودن بازدید").click()
        expect(page.locator("#messages")).to_contain_text(unit.name)
    rows = page.get_by_test_id("visit-row")
    expect(rows).to_have_count(6)

    page.get_by_test_id("plan-button").click()
    expect(page.locator("#messages")).to_contain_text("ترتیب و زمان بازدیدها چیده شد")
    expect(page.get_by_test_id("plan-problems")).to_have_count(0)
    seen = {}
    for row in rows.all():
        unit, opens, closes = (row.get_attribute(f"data-{name}") for name in ("unit", "opens", "closes"))
        arrival, departure = row.get_attribute("data-arrival"), row.get_attribute("data-departure")
        assert arrival and departure, unit
        assert minutes(opens) <= minutes(arrival) < minutes(departure) <= minutes(closes), unit
        seen[unit] = minutes(arrival)
    assert seen[SALIMI_UNITS[-1][0]] >= minutes("11:30")
    assert sorted(seen.values()) == [minutes(row.get_attribute("data-arrival")) for row in rows.all()]
    page.get_by_test_id("schedule-link").click()
    expect(page.get_by_test_id("printable-schedule").locator("tbody tr")).to_have_count(6)
    page.go_back()

    # Invite a journalist of IRNA, and the knowledge-based company for the matchmaking.
    page.select_option("#id_invite-organisation", str(world.irna.pk))
    page.fill("#id_invite-name", "مریم احمدی")
    page.fill("#id_invite-email", "maryam@irna.example")
    page.get_by_role("button", name="دعوت", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("«مریم احمدی» دعوت شد")
    page.select_option("#id_invite-organisation", str(companies["kb"].pk))
    page.fill("#id_invite-email", "info@kb.example")
    page.get_by_role("button", name="دعوت", exact=True).click()
    expect(page.get_by_test_id("invitations").locator("tbody tr")).to_have_count(2)

    # The journalist answers by the e-mailed link, signed out.
    invitation_mail = next(m for m in mail.outbox if m.to == ["maryam@irna.example"])
    link = re.search(r"https?://\S+/rsvp/[0-9a-f-]{36}/", invitation_mail.body).group(0)
    logout(page)
    page.goto(link)
    expect(page.get_by_test_id("rsvp")).to_contain_text("مریم احمدی گرامی")
    page.get_by_test_id("rsvp-yes").click()
    expect(page.get_by_test_id("rsvp-done")).to_contain_text("پاسخ شما ثبت شد: می‌آیم")
    assert Invitation.objects.get(email="maryam@irna.example").rsvp == Invitation.Rsvp.YES

    # The press kit, as the journalist downloads it: Persian text that extracts, and a page that is not blank.
    login(page, world.press.username)
    page.goto(stage.get_absolute_url())
    # drawn by the task worker: the link opens the job's page, which links back to the PDF when it is ready
    page.get_by_test_id("press-kit").click()
    page.wait_for_url("**/jobs/*/")
    ready = page.get_by_role("link", name="نمایش نتیجه")
    expect(ready).to_be_visible(timeout=60_000)
    kit_url = ready.get_attribute("href")
    response = page.request.get(kit_url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    document = pypdfium2.PdfDocument(io.BytesIO(response.body()))
    text = pdf_key("\n".join(document[i].get_textpage().get_text_range() for i in range(len(document))))
    for name, *_ in SALIMI_UNITS:
        assert pdf_key(name) in text, name
    assert pdf_key("بستهٔ خبری: تور رسانه‌ای رونق تولید") in text
    assert pdf_key(format_jalali_date(day)) in text
    image = document[0].render(scale=1).to_pil().convert("L")
    dark = sum(image.crop((0, 0, image.width, image.height // 2)).histogram()[:128])
    assert dark > 2000, "page 1 of the press kit looks blank"
    logout(page)

    # Staff open the matchmaking slots.
    login(page, world.staff_province.username)
    page.goto(f"/events/stages/{stage.pk}/matchmaking/")
    page.fill("#id_start", "12:00")
    page.fill("#id_end", "13:00")
    page.get_by_role("button", name="ساخت نوبت‌ها").click()
    expect(page.get_by_test_id("slots").locator("tbody tr")).to_have_count(3)
    logout(page)

    # The knowledge-based company books the first slot with a unit; a second meeting in that slot is refused.
    login(page, companies["kb.member"].username)
    page.goto(stage.get_absolute_url())
    page.get_by_test_id("matchmaking-link").click()
    first_slot = stage.slots.order_by("starts").first()
    page.select_option("#id_slot", str(first_slot.pk))
    expect(page.locator("#id_requester")).to_have_value(str(companies["kb"].pk))
    page.select_option("#id_counterpart", str(salimi_units[0].pk))
    page.fill("#id_topic", "قالب‌های تزریق پلاستیک")
    page.get_by_role("button", name="ثبت ملاقات").click()
    expect(page.locator("#messages")).to_contain_text("ثبت شد")
    expect(page.get_by_test_id("meeting")).to_have_count(1)
    assert MatchMeeting.objects.get().counterpart == salimi_units[0]

    guard.allow_console_error(r"409|Conflict")
    page.select_option("#id_slot", str(first_slot.pk))
    page.select_option("#id_counterpart", str(salimi_units[1].pk))
    page.get_by_role("button", name="ثبت ملاقات").click()
    expect(page.locator("#messages")).to_contain_text(
        f"در این نوبت (۱۲:۰۰–۱۲:۲۰) برای {companies['kb'].name} ملاقات دیگری ثبت شده است."
    )
    assert SlotBooking.objects.filter(slot=first_slot, organisation=companies["kb"]).count() == 1
    assert MatchMeeting.objects.count() == 1
