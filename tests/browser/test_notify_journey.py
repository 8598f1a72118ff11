"""Everyone's work comes to them, in Chromium: a unit member chooses SMS with a number typed in Persian digits (a
wrong number is refused beside the field); the reviewer returns the month's report; the unit member's home has
the returned report at the top, one click from its form, and the bell counts it; the outbox then sends the email
(Django's locmem outbox) and the SMS (the console backend, captured) once."""

import pytest
from django.core import mail

from rownaq.notify import services
from rownaq.notify.models import Delivery
from rownaq.notify.sms import ConsoleSmsBackend
from tests.conftest import login
from tests.notify.conftest import submitted_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_returned_report_comes_to_the_unit_member_at_home_by_email_and_sms(world, page, settings, capsys):
    settings.SMS_BACKEND = "rownaq.notify.sms.ConsoleSmsBackend"
    ConsoleSmsBackend.sent.clear()
    world.member_a.email = "unit.a@azar.example"
    world.member_a.save(update_fields=["email"])

    # The unit member chooses SMS as well as email; a landline is refused beside the field.
    login(page, "unit.a")
    page.goto("/notifications/preferences/")
    page.fill("#id_mobile", "۰۲۱ ۱۲۳۴ ۵۶۷۸")
    page.check("#id_by_sms")
    page.check("#id_by_email")
    page.click("[data-testid=save-preferences]")
    assert "شمارهٔ همراه ایران" in page.inner_text("[data-testid=mobile-error]")
    page.fill("#id_mobile", "۰۹۱۲ ۱۲۳ ۴۵۶۷")
    page.click("[data-testid=save-preferences]")
    page.wait_for_url("**/notifications/preferences/")
    assert page.input_value("#id_mobile") == "09121234567"
    assert page.is_checked("#id_by_sms")

    # The month's report is sent; the reviewer returns it with a comment.
    report = submitted_report(world)
    page.context.clear_cookies()
    login(page, "staff.province")
    page.goto(f"/reports/{report.pk}/")
    page.fill("#return-comment", "صادرات به سوریه را با پروانهٔ صادراتی تطبیق دهید.")
    page.get_by_role("button", name="بازگرداندن برای اصلاح").click()
    page.wait_for_load_state()
    assert mail.outbox == [] and list(ConsoleSmsBackend.sent) == []  # nothing leaves inside the request

    # At home, the returned report is the first thing waiting, one click from its form; the bell counts it.
    page.context.clear_cookies()
    login(page, "unit.a")
    page.goto("/")
    first = page.locator("[data-testid=inbox-item]").first
    assert first.get_attribute("data-kind") == "report_returned"
    assert "پروانهٔ صادراتی" in first.inner_text()
    assert page.inner_text("[data-testid=unread-count]") == "۱"
    first.get_by_role("link", name="اصلاح و ارسال دوباره").click()
    page.wait_for_url(f"**/reports/{report.pk}/edit/")

    # The outbox sends the email and the SMS, once.
    run = services.deliver_due()
    assert run.sent == 2
    assert [m.to for m in mail.outbox] == [["unit.a@azar.example"]]
    assert "برای اصلاح بازگشت" in mail.outbox[0].subject
    assert f"/reports/{report.pk}/edit/" in mail.outbox[0].body
    assert [number for number, _ in ConsoleSmsBackend.sent] == ["09121234567"]
    assert "پیامک به 09121234567" in capsys.readouterr().out
    assert services.deliver_due().sent == 0
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}

    # The bell's list opens the report and the notification is read.
    page.click("[data-testid=bell]")
    page.wait_for_url("**/notifications/")
    page.locator("[data-testid=notification]").first.get_by_role("button", name="باز کردن").click()
    page.wait_for_url(f"**/reports/{report.pk}/edit/")
    assert page.locator("[data-testid=unread-count]").count() == 0
