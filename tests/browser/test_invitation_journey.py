"""Issue 13's journey in real Chromium: a provincial expert invites a member of the Tabriz Chamber of Commerce (the
demo's partner body), typing the mobile in Persian digits; the invitee opens the e-mailed link (read from Django's
locmem outbox), sets a password and lands, signed in, on the cases referred to the Chamber; the link then no longer
works."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from rownaq.registry.models import Membership, MembershipInvitation
from tests.cases.conftest import bodies, referred  # noqa: F401  (fixture)
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Chamber-Tabriz-1404"


def test_staff_invite_a_chamber_member_who_sets_a_password_and_sees_the_referred_cases(bodies, page):  # noqa: F811
    w = bodies
    case = referred(w, title="برگشت محمولهٔ قالب از مرز بازرگان")
    mail.outbox.clear()

    login(page, "staff.province")
    page.goto(w.chamber.get_absolute_url())
    page.get_by_test_id("invite-link").click()
    page.wait_for_url(re.compile(r"/invitations/$"))
    page.fill("#id_name", "مریم حسینی")
    page.fill("#id_mobile", "۰۹۱۴ ۱۲۳ ۴۵۶۷")
    page.fill("#id_email", "m.hosseini@example.ir")
    page.click("[data-testid=invite-submit]")
    invitations = page.get_by_test_id("invitations")
    expect(invitations).to_contain_text("مریم حسینی")
    expect(invitations).to_contain_text("۰۹۱۴۱۲۳۴۵۶۷")
    expect(invitations.get_by_test_id("invitation-status")).to_have_text("در انتظار پذیرش")
    page.context.clear_cookies()

    # The e-mail carries the link; its path is opened on the test server.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["m.hosseini@example.ir"]
    path = re.search(r"https?://[^/\s]+(/join/[^\s]+/)", mail.outbox[0].body).group(1)
    page.goto(path)
    expect(page.get_by_test_id("invitation-accept")).to_contain_text(w.chamber.name)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("[data-testid=accept-submit]")
    page.wait_for_url(re.compile(r"/cases/$"))
    expect(page.locator("main")).to_contain_text(case.title)
    membership = Membership.objects.get(user__username="09141234567")
    assert membership.organisation == w.chamber
    assert MembershipInvitation.objects.get().status == MembershipInvitation.Status.ACCEPTED

    # The body's own page is theirs to see; the link is spent.
    page.goto(w.chamber.get_absolute_url())
    expect(page.locator("h1")).to_have_text(w.chamber.name)
    page.context.clear_cookies()
    page.goto(path)
    expect(page.get_by_test_id("invitation-error")).to_contain_text("پیش‌تر به کار رفته")
    login(page, "۰۹۱۴۱۲۳۴۵۶۷", PASSWORD)  # the mobile, typed on a Persian keyboard
    expect(page.locator("body")).to_contain_text("مریم")
    page.goto("/")  # home is the inbox: the case referred to the Chamber waits there, one click from it
    item = page.get_by_test_id("inbox").get_by_test_id("inbox-item").filter(has_text=case.title)
    expect(item).to_have_count(1)
    item.get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text(case.title)
