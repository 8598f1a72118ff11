"""A maker not yet a user: invited from the matcher's results on a need, or recorded on the spot (a knowledge-based
company, a Basij engineering group) as the maker that localized an item, its contact invited."""

import re

from django.core import mail
from django.urls import reverse

from rownaq.registry import invitations
from rownaq.registry.models import Membership, MembershipInvitation, Organisation
from rownaq.sourcing.models import Capability, Need

from .conftest import list_need

S = Need.Status


def at_contract(w) -> Need:
    need = list_need(w)
    Need.objects.filter(pk=need.pk).update(status=S.CONTRACT)
    return Need.objects.get(pk=need.pk)


def localize_data(need, **changes):
    return {
        "localize-version": need.version,
        "localize-localized_on": "1403/05/01",
        "localize-domestic_price_rial": "۴۸٬۰۰۰٬۰۰۰٬۰۰۰",
        "localize-fx_saved_per_year": "95,000",
    } | changes


NEW_MAKER = {
    "localize-new_maker_name": "گروه جهادی مهندسی بسیج تبریز",
    "localize-new_maker_kind": "engineering_group",
    "localize-new_maker_contact": "رضا احمدی",
    "localize-new_maker_mobile": "۰۹۱۴۵۵۵۶۶۷۷",
    "localize-new_maker_email": "basij.tabriz@example.ir",
}


def test_staff_record_a_new_maker_as_the_one_that_localized_and_its_contact_is_invited(
    client, makers, django_capture_on_commit_callbacks
):
    w = makers
    need = at_contract(w)
    client.force_login(w.staff_province)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sourcing:need-localize", args=[need.pk]),
            localize_data(need, **NEW_MAKER, **{"localize-new_maker_county": w.tabriz.pk}),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    need.refresh_from_db()
    maker = Organisation.objects.get(name="گروه جهادی مهندسی بسیج تبریز")
    assert (need.status, need.maker, maker.kind, maker.county) == (S.LOCALIZED, maker, "engineering_group", w.tabriz)
    invitation = MembershipInvitation.objects.get(organisation=maker)
    assert (invitation.mobile, invitation.role, invitation.name) == ("09145556677", "manager", "رضا احمدی")
    token = re.search(r"/join/([^/\s]+)/", mail.outbox[-1].body).group(1)
    user = invitations.accept(token, "Basij-Tabriz-1404")
    assert Membership.objects.get(user=user).organisation == maker


def test_a_failed_localization_leaves_no_new_maker_behind(client, makers):
    w = makers
    need = at_contract(w)
    client.force_login(w.staff_province)
    # The service refuses a date in the future only after the new maker was recorded: both are undone.
    data = localize_data(
        need, **NEW_MAKER, **{"localize-new_maker_county": w.tabriz.pk, "localize-localized_on": "1499/01/01"}
    )
    response = client.post(reverse("sourcing:need-localize", args=[need.pk]), data)
    assert response.status_code == 400 and "آینده" in response.content.decode()
    assert not Organisation.objects.filter(name="گروه جهادی مهندسی بسیج تبریز").exists()
    assert not MembershipInvitation.objects.exists()


def test_a_new_maker_needs_its_contact_and_a_valid_mobile_and_not_also_a_chosen_maker(client, makers):
    w = makers
    need = at_contract(w)
    client.force_login(w.staff_province)
    url = reverse("sourcing:need-localize", args=[need.pk])
    bad_mobile = NEW_MAKER | {"localize-new_maker_mobile": "12345", "localize-new_maker_county": w.tabriz.pk}
    assert client.post(url, localize_data(need, **bad_mobile)).status_code == 400
    both = NEW_MAKER | {"localize-new_maker_county": w.tabriz.pk, "localize-maker": w.mould_maker.pk}
    assert client.post(url, localize_data(need, **both)).status_code == 400
    assert client.post(url, localize_data(need, **NEW_MAKER)).status_code == 400  # no county
    assert Need.objects.get(pk=need.pk).status == S.CONTRACT
    assert not Organisation.objects.filter(name="گروه جهادی مهندسی بسیج تبریز").exists()


def test_staff_may_not_record_a_maker_outside_their_counties(makers):
    w = makers
    assert list(invitations.counties_to_invite_in(w.staff_other_province)) == [w.tehran]
    try:
        invitations.create_and_invite(
            w.staff_other_province,
            kind="knowledge_based",
            name="دانش‌بنیان تازه",
            county=w.tabriz,
            contact_name="الف",
            mobile="09140000000",
            email="a@e.ir",
        )
    except invitations.InvitationNotAllowed:
        pass
    else:
        raise AssertionError("staff of Tehran recorded a maker in Tabriz")
    assert not Organisation.objects.filter(name="دانش‌بنیان تازه").exists()


def test_the_buyers_members_do_not_get_the_new_maker_fields(client, makers):
    w = makers
    need = at_contract(w)
    client.force_login(w.member_a)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "localize-new_maker_name" not in page
    client.force_login(w.staff_province)
    assert "localize-new_maker_name" in client.get(need.get_absolute_url()).content.decode()


def test_the_matcher_results_offer_to_invite_a_maker_without_users(client, makers):
    w = makers
    lone = Organisation.objects.create(
        kind=Organisation.Kind.KNOWLEDGE_BASED, name="دانش‌بنیان قالب تبریز", county=w.tabriz, isic=w.isic
    )
    capability = Capability.objects.create(
        organisation=lone, summary="ساخت قالب تزریق پلاستیک با راهگاه گرم", processes=["mould_making"]
    )
    capability.hs_codes.set([w.hs])
    need = list_need(w)
    client.force_login(w.staff_province)
    page = client.get(need.get_absolute_url()).content.decode()
    invite_url = reverse("registry:organisation-invitations", args=[lone.pk])
    assert f'data-maker="{lone.pk}"' in page and invite_url in page
    # The mould maker has a member already: no invitation offered for it.
    assert reverse("registry:organisation-invitations", args=[w.mould_maker.pk]) not in page
    assert invitations.invitable_makers(w.staff_other_province, [lone]) == set()
