"""Matchmaking: suggested pairs, and one-to-one slots that never double-book anyone, even when two bookings race."""

import threading
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection, transaction

from rownaq.events import services
from rownaq.events.models import MatchMeeting, SlotBooking, Visit
from rownaq.reporting import services as reporting
from rownaq.reporting.models import MonthlyReport

from .conftest import clock


@pytest.fixture
def unit_a_visited(stage, world):
    """Unit A (a Salimi unit with a member) is visited too."""
    return Visit.objects.create(stage=stage, organisation=world.unit_a, duration_minutes=30)


def test_slots_are_made_once(stage):
    assert services.make_slots(stage, clock("12:00"), clock("13:00"), 20) == 3
    assert services.make_slots(stage, clock("12:00"), clock("13:00"), 20) == 0
    assert [str(s) for s in stage.slots.all()] == ["۱۲:۰۰–۱۲:۲۰", "۱۲:۲۰–۱۲:۴۰", "۱۲:۴۰–۱۳:۰۰"]


def accepted_imports(unit, world, item="قالب تزریق پلاستیک"):
    report = reporting.start_report(unit, reporting.latest_reportable_month(), None)
    reporting.replace_lines(report, imports=[{"item": item, "hs": world.hs, "value": Decimal(9000), "currency": "USD"}])
    MonthlyReport.objects.filter(pk=report.pk).update(status=MonthlyReport.Status.ACCEPTED)
    return report


def test_pairs_match_a_units_imports_with_a_companys_products(stage, visits, invited, companies, world):
    unit = visits[0].organisation
    accepted_imports(unit, world)
    pairs = services.suggest_pairs(stage, world.staff_province)  # an organiser sees the unit's own words
    assert [(p.unit, p.company) for p in pairs] == [(unit, companies["kb"])]
    assert pairs[0].reasons == ["«قالب تزریق پلاستیک» (HS ۸۴۸۰۷۱) را می‌سازد"]


def test_invited_companies_see_only_consented_accepted_imports_and_only_as_codes(
    stage, visits, invited, companies, world, client
):
    """Issue 15 finding 5: invited companies were shown a visited unit's import items from unsent drafts, in the
    unit's own words. Now: accepted reports only, only with the unit's consent, and as HS codes."""
    from rownaq.events.models import FactSheetConsent

    unit, kb_member = visits[0].organisation, companies["kb"].memberships.get().user
    draft = reporting.start_report(unit, reporting.latest_reportable_month(), None)
    reporting.replace_lines(
        draft, imports=[{"item": "قالب محرمانهٔ پیش‌نویس", "hs": world.hs, "value": Decimal(9000), "currency": "USD"}]
    )
    assert services.suggest_pairs(stage, world.staff_province) == [], "a draft counts for no one"
    draft.delete()
    accepted_imports(unit, world, item="قالب محرمانه")
    assert services.suggest_pairs(stage, kb_member) == [], "no consent, no pairs from the unit's imports"
    FactSheetConsent.objects.create(organisation=unit, imported_inputs=True)
    pairs = services.suggest_pairs(stage, kb_member)
    assert [(p.unit, p.company) for p in pairs] == [(unit, companies["kb"])]
    assert "قالب محرمانه" not in " ".join(pairs[0].reasons) and "۸۴۸۰۷۱" in pairs[0].reasons[0]
    client.force_login(kb_member)
    page = client.get(f"/events/stages/{stage.pk}/matchmaking/").content.decode()
    assert "قالب محرمانه" not in page and "۸۴۸۰۷۱" in page


def test_a_second_booking_of_the_same_party_in_the_same_slot_is_refused(visits, invited, companies, slots, world):
    unit, slot = visits[0].organisation, slots[0]
    first = services.book_meeting(slot, unit, companies["kb"], world.staff_province)
    with pytest.raises(services.EventError) as refused:
        services.book_meeting(slot, unit, companies["engineering"], world.staff_province)
    assert str(refused.value) == f"در این نوبت (۱۲:۰۰–۱۲:۲۰) برای {unit.name} ملاقات دیگری ثبت شده است."
    with pytest.raises(services.EventError):  # the company is just as busy
        services.book_meeting(slot, visits[1].organisation, companies["kb"], world.staff_province)
    assert SlotBooking.objects.filter(slot=slot).count() == 2
    assert list(MatchMeeting.objects.filter(slot=slot)) == [first]
    # Another slot is free for both.
    services.book_meeting(slots[1], unit, companies["engineering"], world.staff_province)


def test_the_database_itself_refuses_a_second_seat(visits, invited, companies, slots, world):
    """What makes double-booking impossible under concurrency is the unique constraint, not a prior check."""
    unit, slot = visits[0].organisation, slots[0]
    meeting = services.book_meeting(slot, unit, companies["kb"], world.staff_province)
    with pytest.raises(IntegrityError), transaction.atomic():
        SlotBooking.objects.create(slot=slot, organisation=unit, meeting=meeting)


def test_a_booking_that_loses_the_race_gets_the_message_and_leaves_nothing(
    monkeypatch, visits, invited, companies, slots, world
):
    """Both requests saw a free slot; the rival commits just before our transaction starts. Ours fails on the
    constraint (IntegrityError), rolls its meeting back, and says who is busy."""
    unit, slot = visits[0].organisation, slots[0]
    events = []

    def rival_commits_first(*args, **kwargs):
        if not events:
            events.append("rival")
            rival = MatchMeeting.objects.create(
                slot=slot, requester=unit, counterpart=companies["kb"], status=MatchMeeting.Status.CONFIRMED
            )
            SlotBooking.objects.create(slot=slot, organisation=unit, meeting=rival)
            SlotBooking.objects.create(slot=slot, organisation=companies["kb"], meeting=rival)
        return transaction.atomic(*args, **kwargs)

    create_booking = SlotBooking.objects.create

    def record_integrity_errors(**fields):
        try:
            return create_booking(**fields)
        except IntegrityError:
            events.append("IntegrityError")
            raise

    monkeypatch.setattr(services, "transaction", SimpleNamespace(atomic=rival_commits_first))
    monkeypatch.setattr(SlotBooking.objects, "create", record_integrity_errors)
    with pytest.raises(services.EventError) as refused:
        services.book_meeting(slot, unit, companies["engineering"], world.staff_province)
    assert str(refused.value) == f"در این نوبت (۱۲:۰۰–۱۲:۲۰) برای {unit.name} ملاقات دیگری ثبت شده است."
    assert events == ["rival", "IntegrityError"]
    assert SlotBooking.objects.filter(slot=slot, organisation=unit).count() == 1
    assert not SlotBooking.objects.filter(slot=slot, organisation=companies["engineering"]).exists()
    assert not MatchMeeting.objects.filter(counterpart=companies["engineering"]).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite serialises writers; a real race needs PostgreSQL")
def test_two_bookings_racing_in_separate_transactions(visits, invited, companies, slots, world):
    unit, slot = visits[0].organisation, slots[0]
    barrier, outcomes = threading.Barrier(2), []

    def book(company):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.book_meeting(slot, unit, company, None)
            outcomes.append("booked")
        except services.EventError as exc:
            outcomes.append(str(exc))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=book, args=(c,)) for c in (companies["kb"], companies["engineering"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("booked") == 1 and len(outcomes) == 2
    assert "ملاقات دیگری ثبت شده است" in next(o for o in outcomes if o != "booked")
    assert SlotBooking.objects.filter(slot=slot, organisation=unit).count() == 1


def test_cancelling_frees_the_slot(visits, invited, companies, slots, world):
    unit, slot = visits[0].organisation, slots[0]
    meeting = services.book_meeting(slot, unit, companies["kb"], world.staff_province)
    services.cancel_meeting(meeting)
    meeting.refresh_from_db()
    assert meeting.status == MatchMeeting.Status.CANCELLED
    services.book_meeting(slot, unit, companies["engineering"], world.staff_province)


def test_either_side_books_for_itself_only(unit_a_visited, invited, companies, slots, world, visits):
    unit_a, slot = world.unit_a, slots[0]
    meeting = services.book_for(world.member_a, slot, unit_a, companies["kb"], "قالب")
    assert (meeting.requester, meeting.counterpart, meeting.created_by) == (unit_a, companies["kb"], world.member_a)
    services.book_for(companies["eng.member"], slots[1], companies["engineering"], unit_a)
    with pytest.raises(services.EventError, match="از طرف این سازمان"):
        services.book_for(world.member_a, slots[2], visits[0].organisation, companies["kb"])
    with pytest.raises(services.EventError, match="میان یک واحد بازدیدشونده و یک شرکت دعوت‌شده"):
        services.book_for(world.member_a, slots[2], unit_a, visits[0].organisation)
    with pytest.raises(services.EventError, match="میان یک واحد بازدیدشونده و یک شرکت دعوت‌شده"):
        services.book_for(world.member_a, slots[2], unit_a, world.irna)  # the press is not a party
    assert services.book_for(world.staff_province, slots[2], visits[0].organisation, companies["kb"])


def test_booking_page_refuses_a_double_booking_with_the_message(
    client, unit_a_visited, invited, companies, slots, world
):
    client.force_login(world.member_a)
    url = f"/events/stages/{slots[0].stage_id}/matchmaking/book/"
    first = client.post(url, {"slot": slots[0].pk, "requester": world.unit_a.pk, "counterpart": companies["kb"].pk})
    assert first.status_code == 302
    client.force_login(companies["eng.member"])
    second = client.post(
        url, {"slot": slots[0].pk, "requester": companies["engineering"].pk, "counterpart": world.unit_a.pk}
    )
    assert second.status_code == 409
    assert f"در این نوبت (۱۲:۰۰–۱۲:۲۰) برای {world.unit_a.name} ملاقات دیگری ثبت شده است." in second.content.decode()
    assert SlotBooking.objects.filter(slot=slots[0], organisation=world.unit_a).count() == 1
