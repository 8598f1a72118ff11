"""Invitations to join an organisation: staff of its place invite, the invitee sets a password from a single-use
link that expires; resent links replace the old one, revoked ones do not work; staff elsewhere cannot invite."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from rownaq.registry import invitations
from rownaq.registry.models import Membership, MembershipInvitation

PASSWORD = "Tabriz-Chamber-1404"


def link_token(message) -> str:
    return re.search(r"/join/([^/\s]+)/", message.body).group(1)


def invite(world, by=None, organisation=None, **changes):
    fields = {
        "name": "مریم حسینی",
        "mobile": "۰۹۱۴۱۲۳۴۵۶۷",
        "email": "m.hosseini@example.ir",
        "role": Membership.Role.MEMBER,
    } | changes
    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation = invitations.invite(
            organisation or world.chamber, by or world.staff_province, **fields, base_url="http://testserver/"
        )
    return invitation, link_token(mail.outbox[-1])


def test_accepting_creates_the_user_and_membership_and_the_link_then_stops_working(world):
    invitation, token = invite(world)
    assert invitation.mobile == "09141234567" and invitation.status == MembershipInvitation.Status.PENDING
    assert token not in invitation.token_hash  # only the hash is stored
    user = invitations.accept(token, PASSWORD)
    assert user.username == "09141234567" and user.check_password(PASSWORD)
    assert Membership.objects.get(user=user).organisation == world.chamber
    invitation.refresh_from_db()
    assert invitation.status == MembershipInvitation.Status.ACCEPTED and invitation.user == user
    with pytest.raises(invitations.InvitationError, match="پیش‌تر به کار رفته"):
        invitations.accept(token, "Another-Password-99")
    assert get_user_model().objects.filter(username="09141234567").count() == 1


def test_an_expired_invitation_does_not_work(world, settings):
    invitation, token = invite(world)
    MembershipInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(invitations.InvitationError, match="مهلت"):
        invitations.accept(token, PASSWORD)
    assert not get_user_model().objects.filter(username="09141234567").exists()


def test_the_link_is_valid_for_the_configured_days(world, settings):
    settings.INVITATION_VALID_DAYS = 3
    invitation, _ = invite(world)
    left = invitation.expires_at - timezone.now()
    assert dt.timedelta(days=3) - dt.timedelta(minutes=1) < left <= dt.timedelta(days=3)


def test_a_revoked_invitation_does_not_work(world):
    invitation, token = invite(world)
    invitations.revoke(invitation, world.staff_province)
    with pytest.raises(invitations.InvitationError, match="لغو"):
        invitations.accept(token, PASSWORD)
    assert not Membership.objects.filter(organisation=world.chamber, user__username="09141234567").exists()


def test_resending_replaces_the_link(world, django_capture_on_commit_callbacks):
    invitation, old_token = invite(world)
    with django_capture_on_commit_callbacks(execute=True):
        invitations.resend(invitation, world.staff_province, base_url="http://testserver/")
    new_token = link_token(mail.outbox[-1])
    assert new_token != old_token and invitation.times_sent == 2
    with pytest.raises(invitations.InvitationError, match="معتبر نیست"):
        invitations.accept(old_token, PASSWORD)
    assert invitations.accept(new_token, PASSWORD).memberships.get().organisation == world.chamber


@pytest.mark.parametrize("who", ["staff_other_province", "staff_marand_readonly", "partner", "member_a"])
def test_only_editing_staff_of_the_organisations_place_may_invite(world, who):
    with pytest.raises(invitations.InvitationNotAllowed):
        invitations.invite(
            world.chamber, getattr(world, who), name="مریم حسینی", mobile="09141234567", email="m@example.ir"
        )
    assert not MembershipInvitation.objects.exists()


def test_staff_of_an_estate_invite_to_its_units_only(world):
    assert invitations.may_invite(world.staff_salimi, world.unit_a)
    assert not invitations.may_invite(world.staff_salimi, world.chamber)  # Tabriz, outside the estate
    assert invitations.may_invite(world.admin, world.unit_c)


@pytest.mark.parametrize("mobile", ["0914123456", "04134567890", "+449141234567"])
def test_the_mobile_must_be_an_iranian_mobile(world, mobile):
    with pytest.raises(invitations.InvitationError, match="۰۹"):
        invitations.invite(world.chamber, world.staff_province, name="مریم حسینی", mobile=mobile, email="m@e.ir")


def test_the_page_for_staff_elsewhere_is_a_404_and_for_members_a_403(world, client):
    url = reverse("registry:organisation-invitations", args=[world.unit_a.pk])
    data = {"name": "علی رضایی", "mobile": "09141112233", "email": "a@example.ir", "role": "member"}
    client.force_login(world.staff_other_province)
    assert client.post(url, data).status_code == 404
    client.force_login(world.member_a)
    assert client.post(url, data).status_code == 403
    assert not MembershipInvitation.objects.exists()
    client.force_login(world.staff_province)
    response = client.post(url, data | {"mobile": "۰۹۱۴ ۱۱۱ ۲۲۳۳"})
    assert response.status_code == 302
    assert MembershipInvitation.objects.get().mobile == "09141112233"


def test_the_form_shows_a_wrong_mobile_beside_the_field(world, client):
    client.force_login(world.staff_province)
    response = client.post(
        reverse("registry:organisation-invitations", args=[world.unit_a.pk]),
        {"name": "علی", "mobile": "12345", "email": "a@example.ir", "role": "member"},
    )
    assert response.status_code == 400 and "۰۹" in response.content.decode()
    assert not MembershipInvitation.objects.exists()


def test_the_invitee_sets_a_password_on_the_page_and_lands_on_the_referred_cases(world, client):
    _, token = invite(world)
    url = reverse("invitation-accept", args=[token])
    assert "اتاق بازرگانی تبریز" in client.get(url).content.decode()
    response = client.post(url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("cases:case-list")
    assert client.get(reverse("cases:case-list")).status_code == 200
    again = client.post(url, {"password1": PASSWORD, "password2": PASSWORD})
    assert again.status_code == 400 and "به کار رفته" in again.content.decode()


def test_a_unit_member_lands_on_their_unit(world, client):
    _, token = invite(world, organisation=world.unit_a, by=world.staff_salimi)
    response = client.post(reverse("invitation-accept", args=[token]), {"password1": PASSWORD, "password2": PASSWORD})
    assert response.url == world.unit_a.get_absolute_url()
