"""A journalist invited to a tour who is not yet a user is also invited to join their outlet: when they join,
the tour invitation becomes theirs, and the outlet's pages are theirs to see."""

import re

from django.core import mail
from django.urls import reverse

from rownaq.events import services
from rownaq.events.models import Invitation
from rownaq.registry import invitations
from rownaq.registry.models import Membership, MembershipInvitation


def test_a_journalist_invited_with_a_mobile_joins_the_outlet_and_owns_the_tour_invitation(
    client, stage, world, django_capture_on_commit_callbacks
):
    client.force_login(world.staff_province)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:invitation-create", args=[stage.pk]),
            {
                "invite-organisation": world.irna.pk,
                "invite-name": "مریم خبرنگار",
                "invite-email": "maryam@irna.example",
                "invite-mobile": "۰۹۱۴۷۷۷۸۸۹۹",
            },
        )
    assert response.status_code == 302
    tour_invitation = Invitation.objects.get()
    assert (tour_invitation.role, tour_invitation.user) == (Invitation.Role.JOURNALIST, None)
    join = MembershipInvitation.objects.get()
    assert (join.organisation, join.mobile, join.invited_by) == (world.irna, "09147778899", world.staff_province)
    join_mail = next(m for m in mail.outbox if "/join/" in m.body)
    token = re.search(r"/join/([^/\s]+)/", join_mail.body).group(1)

    user = invitations.accept(token, "Irna-Tabriz-1404")
    assert Membership.objects.get(user=user).organisation == world.irna
    tour_invitation.refresh_from_db()
    assert tour_invitation.user == user


def test_another_outlets_tour_invitations_stay_unlinked(stage, world, django_capture_on_commit_callbacks):
    other = services.invite(
        stage,
        role=Invitation.Role.JOURNALIST,
        name="مریم خبرنگار",
        email="maryam@irna.example",
        organisation=world.chamber,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(
            stage,
            role=Invitation.Role.JOURNALIST,
            name="مریم خبرنگار",
            email="maryam@irna.example",
            organisation=world.irna,
            mobile="09147778899",
            invited_by=world.staff_province,
        )
    token = re.search(r"/join/([^/\s]+)/", next(m for m in mail.outbox if "/join/" in m.body).body).group(1)
    user = invitations.accept(token, "Irna-Tabriz-1404")
    other.refresh_from_db()
    assert other.user is None
    assert Invitation.objects.get(organisation=world.irna).user == user


def test_staff_outside_the_outlets_place_cannot_invite_to_join_it(stage, world):
    try:
        services.invite(
            stage,
            role=Invitation.Role.JOURNALIST,
            name="مریم خبرنگار",
            email="maryam@irna.example",
            organisation=world.irna,
            mobile="09147778899",
            invited_by=world.staff_other_province,
        )
    except services.EventError:
        pass
    else:
        raise AssertionError("staff of Tehran invited someone to join a Tabriz outlet")
    assert not Invitation.objects.exists() and not MembershipInvitation.objects.exists()


def test_a_mobile_without_the_outlet_or_email_is_refused_by_the_form(client, stage, world):
    client.force_login(world.staff_province)
    response = client.post(
        reverse("events:invitation-create", args=[stage.pk]),
        {"invite-name": "مریم خبرنگار", "invite-mobile": "09147778899"},
    )
    assert response.status_code == 400 and not MembershipInvitation.objects.exists()
    response = client.post(
        reverse("events:invitation-create", args=[stage.pk]),
        {
            "invite-organisation": world.irna.pk,
            "invite-name": "مریم",
            "invite-email": "m@irna.example",
            "invite-mobile": "12345",
        },
    )
    assert response.status_code == 400 and "۰۹" in response.content.decode()
    assert not Invitation.objects.exists()
