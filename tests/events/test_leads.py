"""Export meetings: leads followed up to a deal, in progress or lost (lost needs a reason), every change recorded;
export results by destination beside the leads, suppressed for anyone but the province's staff."""

from decimal import Decimal

import pytest

from rownaq.core.models import ChangeRecord
from rownaq.events import services
from rownaq.events.models import Lead
from rownaq.reporting import services as reporting
from tests.reporting.conftest import accepted, more_units  # noqa: F401  (fixture)
from tests.scope_cases import change_records_since, last_change_record_id


def test_lost_needs_a_reason(export_meeting):
    lead = export_meeting.lead
    with pytest.raises(services.EventError, match="برای فرصت ازدست‌رفته، دلیل را بنویسید."):
        services.update_lead(lead, status=Lead.Status.LOST, lost_reason="   ")
    lead.refresh_from_db()
    assert lead.status == Lead.Status.OPEN
    services.update_lead(lead, status=Lead.Status.LOST, lost_reason="قیمت رقیب ترک پایین‌تر بود")
    assert Lead.objects.get().lost_reason == "قیمت رقیب ترک پایین‌تر بود"
    # Back in progress, the old reason goes.
    services.update_lead(lead, status=Lead.Status.IN_PROGRESS, lost_reason="x", next_step="نمونه بفرستید")
    assert (Lead.objects.get().lost_reason, Lead.objects.get().next_step) == ("", "نمونه بفرستید")
    with pytest.raises(services.EventError):
        services.update_lead(lead, status="won")


def test_every_status_change_is_recorded(client, world, export_meeting):
    lead = export_meeting.lead
    client.force_login(world.member_a)  # the seller follows its own lead up
    mark = last_change_record_id()
    url = f"/events/leads/{lead.pk}/status/"
    response = client.post(url, {f"lead{lead.pk}-status": "in_progress", f"lead{lead.pk}-next_step": "پیش‌فاکتور"})
    assert response.status_code == 302
    client.force_login(world.staff_province)
    response = client.post(url, {f"lead{lead.pk}-status": "deal"})
    assert response.status_code == 302
    records = change_records_since(mark).filter(object_id=str(lead.pk), action="update").order_by("id")
    assert [(r.actor, r.before["status"], r.after["status"]) for r in records] == [
        (world.member_a, "open", "in_progress"),
        (world.staff_province, "in_progress", "deal"),
    ]
    history = client.get(f"/events/export-meetings/{export_meeting.meeting.pk}/history/").content.decode()
    # by their labels, not the stored codes
    assert "در حال پیگیری" in history and "قرارداد" in history and "in_progress" not in history


def test_lost_without_a_reason_is_refused_on_the_page(client, world, export_meeting):
    lead = export_meeting.lead
    client.force_login(world.member_a)
    mark = last_change_record_id()
    response = client.post(f"/events/leads/{lead.pk}/status/", {f"lead{lead.pk}-status": "lost"})
    assert response.status_code == 400
    assert "برای فرصت ازدست‌رفته، دلیل را بنویسید." in response.content.decode()
    assert not change_records_since(mark).exists()
    assert Lead.objects.get().status == Lead.Status.OPEN


def test_only_the_seller_and_the_organisers_follow_a_lead_up(client, world, export_meeting):
    url = f"/events/leads/{export_meeting.lead.pk}/status/"
    data = {f"lead{export_meeting.lead.pk}-status": "deal"}
    for role, expected in (
        ("member_b", 404),
        ("press", 404),
        ("nobody", 404),
        ("staff_other_province", 404),
        ("partner", 404),
        ("staff_salimi", 404),
    ):
        client.force_login(getattr(world, role))
        assert client.post(url, data).status_code == expected, role
    assert Lead.objects.get().status == Lead.Status.OPEN


def test_meeting_page_and_who_sees_it(client, world, export_meeting):
    url = export_meeting.meeting.get_absolute_url()
    for role, status in (
        ("admin", 200),
        ("staff_province", 200),
        ("member_a", 200),
        ("partner", 200),
        ("member_b", 404),
        ("press", 404),
        ("staff_other_province", 404),
        ("nobody", 404),
    ):
        client.force_login(getattr(world, role))
        response = client.get(url)
        assert response.status_code == status, role
        if status == 200:
            html = response.content.decode()
            assert "سوریه" in html
            # The chamber (an organiser) sees the meeting, but the unit's lead is the unit's and the staff's.
            assert ("قالب تزریق پلاستیک" in html.split('data-testid="leads"')[1]) == (role != "partner"), role


def test_organisers_add_participants_partners_and_leads(client, world, export_meeting):
    meeting = export_meeting.meeting
    client.force_login(world.member_a)
    assert (
        client.post(f"/events/export-meetings/{meeting.pk}/partners/new/", {"name": "x", "country": "SY"}).status_code
        == 403
    )
    client.force_login(world.staff_province)
    response = client.post(
        f"/events/export-meetings/{meeting.pk}/participants/new/",
        {"organisation": world.unit_b.pk, "offered_hs": "۸۴۸۰۷۱، 123"},
    )
    assert response.status_code == 400
    assert "کد تعرفه باید ۲، ۴ یا ۶ رقم باشد" in response.content.decode()
    response = client.post(
        f"/events/export-meetings/{meeting.pk}/participants/new/",
        {"organisation": world.unit_b.pk, "offered_hs": "۸۴۸۰۷۱، 8480"},
    )
    assert response.status_code == 302
    assert sorted(meeting.participants.get(organisation=world.unit_b).offered_hs.values_list("code", flat=True)) == [
        "8480",
        "848071",
    ]
    response = client.post(
        f"/events/export-meetings/{meeting.pk}/leads/new/",
        {
            "seller": world.unit_b.pk,
            "buyer": export_meeting.buyer.pk,
            "product": "قطعات ریخته‌گری",
            "quantity": "5",
            "value": "20000",
            "currency": "USD",
        },
    )
    assert response.status_code == 302
    assert Lead.objects.filter(seller=world.unit_b, status=Lead.Status.OPEN).exists()
    # A seller that is not a participant is not offered.
    response = client.post(
        f"/events/export-meetings/{meeting.pk}/leads/new/",
        {"seller": world.unit_c.pk, "buyer": export_meeting.buyer.pk, "product": "x", "currency": "USD"},
    )
    assert response.status_code == 400


def test_creating_a_meeting_needs_a_province_to_organise(client, world):
    payload = {
        "title": "نشست صادرات به عراق",
        "country": "IQ",
        "date": "1404/09/10",
        "province": world.eaz.pk,
        "organizers": [world.chamber.pk],
    }
    for role in ("staff_salimi", "staff_marand_readonly", "member_a", "press", "nobody"):
        client.force_login(getattr(world, role))
        assert client.get("/events/export-meetings/new/").status_code == 403, role
        assert client.post("/events/export-meetings/new/", payload).status_code == 403, role
    client.force_login(world.staff_other_province)
    response = client.post("/events/export-meetings/new/", payload)
    assert response.status_code == 200 and "province" in response.context["form"].errors
    client.force_login(world.staff_province)
    response = client.post("/events/export-meetings/new/", payload)
    assert response.status_code == 302
    assert ChangeRecord.objects.filter(
        object_repr="نشست صادرات به عراق", action="create", actor=world.staff_province
    ).exists()


def test_export_results_beside_the_leads(client, world, export_meeting, more_units):  # noqa: F811
    month = reporting.latest_reportable_month()
    syria = {"country": "SY", "hs": world.hs, "value": Decimal(1000), "currency": "USD"}
    accepted(world.unit_a, month, world.admin, exports=[syria])
    accepted(more_units[0], month, world.admin, exports=[syria])
    meeting = export_meeting.meeting
    full = services.export_results(meeting)
    row = dict(full["months"])[month]
    assert [(r["currency"], r["value"], r["units"]) for r in row] == [("USD", Decimal(2000), 2)]
    assert full["lead_counts"]["open"] == 1
    hidden = dict(services.export_results(meeting, suppressed=True)["months"])[month]
    assert hidden[0]["suppressed"] and hidden[0]["value"] is None
    # The province's staff see the figures on the page; the unit (two units only) sees them suppressed.
    client.force_login(world.staff_province)
    assert "۲٬۰۰۰" in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(world.member_a)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "۲٬۰۰۰" not in page and "●" in page


def test_a_lead_whose_follow_up_needs_help_becomes_a_case_shown_beside_it(client, world, export_meeting):
    from rownaq.cases.models import Case, Category

    lead = export_meeting.lead
    services.update_lead(lead, status=Lead.Status.IN_PROGRESS, next_step="گواهی مبدأ از اتاق بازرگانی")
    client.force_login(world.member_a)
    meeting_page = client.get(export_meeting.meeting.get_absolute_url()).content.decode()
    assert f"/cases/new/?lead={lead.pk}" in meeting_page
    form = client.get(f"/cases/new/?lead={lead.pk}").content.decode()
    assert 'data-testid="source-lead"' in form and "گواهی مبدأ از اتاق بازرگانی" in form
    response = client.post(
        "/cases/new/",
        {
            "organisation": world.unit_a.pk,
            "category": Category.EXPORT,
            "title": "گواهی مبدأ برای محمولهٔ سوریه",
            "description": "نشست سوریه؛ گواهی مبدأ لازم است.",
            "currency": "IRR",
            "source_lead": lead.pk,
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(source_lead=lead)
    assert export_meeting.meeting.get_absolute_url() in client.get(case.get_absolute_url()).content.decode()
    meeting_page = client.get(export_meeting.meeting.get_absolute_url()).content.decode()
    assert case.get_absolute_url() in meeting_page.split('data-testid="leads"')[1]
    client.force_login(world.member_b)  # another unit cannot make a case of unit A's lead
    assert client.get(f"/cases/new/?lead={lead.pk}").status_code in (403, 404)
