"""Inviting people to join an organisation without an administrator.

Staff with edit rights over an organisation's place invite a person (name, mobile, email, role); the invitee gets a
link holding a random token (only its SHA-256 is stored) that is valid for INVITATION_VALID_DAYS and works once:
setting a password from it creates the user and their Membership. Resending issues a new token (the old link stops
working); revoking ends the invitation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from rownaq.core import scoping
from rownaq.core.jalali import format_jalali_date
from rownaq.core.persian import clean_user_text
from rownaq.core.phone import InvalidMobile, normalize_mobile

from .models import Membership, MembershipInvitation, Organisation

Status = MembershipInvitation.Status

# Sent (inside the accepting transaction) with `invitation` and `user` when an invitee joins: other apps link
# what was addressed to the person before they had an account (a journalist's tour invitations, say).
joined = Signal()


class InvitationError(Exception):
    """A step that cannot be taken; the message is for the user."""


class InvitationNotAllowed(InvitationError):
    """The user may not invite to this organisation (HTTP 403 where they can see it)."""


def may_invite(user, organisation: Organisation) -> bool:
    """Staff (or an admin) with edit rights over the organisation's place; members cannot invite."""
    return scoping.may_edit_unit_place(user, organisation)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str, dt.datetime]:
    token = secrets.token_urlsafe(32)
    return token, _hash(token), timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS)


def accept_url(token: str) -> str:
    return reverse("invitation-accept", args=[token])


def _send(invitation: MembershipInvitation, token: str, base_url: str) -> None:
    link = f"{base_url.rstrip('/')}{accept_url(token)}"
    body = (
        f"{invitation.name} گرامی،\nشما برای عضویت در «{invitation.organisation}» در سامانهٔ رونق دعوت "
        f"شده‌اید ({invitation.get_role_display()}).\nبرای تعیین گذرواژه و ورود، این پیوند را باز کنید؛ "
        f"پیوند فقط یک بار و تا {format_jalali_date(timezone.localtime(invitation.expires_at).date())} "
        f"کار می‌کند:\n{link}\n\nسامانهٔ رونق"
    )
    send_mail(f"دعوت به عضویت در «{invitation.organisation}»", body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def invite(
    organisation: Organisation,
    user,
    *,
    name: str,
    mobile: str,
    email: str,
    role: str = Membership.Role.MEMBER,
    base_url: str = "",
) -> MembershipInvitation:
    if not may_invite(user, organisation):
        raise InvitationNotAllowed("دعوت به این سازمان در حوزهٔ شما نیست.")
    name = clean_user_text(name).strip()
    if not name:
        raise InvitationError("نام مدعو را بنویسید.")
    try:
        mobile = normalize_mobile(mobile)
    except InvalidMobile as exc:
        raise InvitationError(str(exc)) from exc
    if role not in Membership.Role.values:
        raise InvitationError("نقش نامعتبر است.")
    User = get_user_model()
    if User.objects.filter(username=mobile).exists():
        raise InvitationError("کاربری با این شمارهٔ همراه هست؛ عضویت او را مدیر سامانه ثبت می‌کند.")
    if MembershipInvitation.objects.filter(
        organisation=organisation,
        mobile=mobile,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists():
        raise InvitationError("برای این شماره دعوتی در انتظار پذیرش هست؛ آن را دوباره بفرستید.")
    token, token_hash, expires_at = _new_token()
    with transaction.atomic():
        invitation = MembershipInvitation.objects.create(
            organisation=organisation,
            name=name,
            mobile=mobile,
            email=email.strip(),
            role=role,
            token_hash=token_hash,
            expires_at=expires_at,
            sent_at=timezone.now(),
            invited_by=user if user and user.pk else None,
        )
        transaction.on_commit(lambda: _send(invitation, token, base_url))
    return invitation


def counties_to_invite_in(user):
    """The counties where the user may record and invite a new organisation (those of their editing places)."""
    from rownaq.places.services import edited_counties

    return edited_counties(user).select_related("province").order_by("province__name", "name")


NEW_MAKER_KINDS = (Organisation.Kind.KNOWLEDGE_BASED, Organisation.Kind.ENGINEERING_GROUP)


def create_and_invite(
    user, *, kind: str, name: str, county, contact_name: str, mobile: str, email: str, base_url: str = ""
) -> Organisation:
    """A maker not yet in the registry (a knowledge-based company, an engineering group), recorded on the spot by
    staff of its county and its contact person invited to it. Call inside the caller's transaction: if the step
    that needed the maker fails, neither the record nor the e-mail is left behind."""
    if kind not in NEW_MAKER_KINDS:
        raise InvitationError(
            "سازندهٔ تازه شرکت دانش‌بنیان یا گروه مهندسی است؛ واحد صنعتی را با شناسهٔ ملی در ثبت واحدها بیفزایید."
        )
    name = clean_user_text(name).strip()
    if not name:
        raise InvitationError("نام سازندهٔ تازه را بنویسید.")
    if not may_invite(user, Organisation(county=county)):
        raise InvitationNotAllowed("ثبت سازنده در این شهرستان در حوزهٔ شما نیست.")
    with transaction.atomic():
        maker = Organisation.objects.create(
            kind=kind, name=name, county=county, email=email.strip(), knowledge_based_certified=False
        )
        invite(
            maker, user, name=contact_name, mobile=mobile, email=email, role=Membership.Role.MANAGER, base_url=base_url
        )
    return maker


def resend(invitation: MembershipInvitation, user, base_url: str = "") -> MembershipInvitation:
    """A new link with a new expiry; the old link stops working."""
    if not may_invite(user, invitation.organisation):
        raise InvitationNotAllowed("این دعوت در حوزهٔ شما نیست.")
    if invitation.status in (Status.ACCEPTED, Status.REVOKED):
        raise InvitationError("دعوت پذیرفته‌شده یا لغوشده را نمی‌توان دوباره فرستاد.")
    token, token_hash, expires_at = _new_token()
    with transaction.atomic():
        invitation.token_hash, invitation.expires_at = token_hash, expires_at
        invitation.sent_at, invitation.times_sent = timezone.now(), invitation.times_sent + 1
        invitation.save()
        transaction.on_commit(lambda: _send(invitation, token, base_url))
    return invitation


def revoke(invitation: MembershipInvitation, user) -> MembershipInvitation:
    if not may_invite(user, invitation.organisation):
        raise InvitationNotAllowed("این دعوت در حوزهٔ شما نیست.")
    if invitation.accepted_at:
        raise InvitationError("این دعوت پذیرفته شده است؛ عضویت را از صفحهٔ سازمان بردارید.")
    if not invitation.revoked_at:
        invitation.revoked_at = timezone.now()
        invitation.save()
    return invitation


def usable_invitation(token: str) -> MembershipInvitation:
    """The pending invitation the link holds, or InvitationError saying why the link does not work."""
    invitation = (
        MembershipInvitation.objects.select_related("organisation").filter(token_hash=_hash(token or "")).first()
    )
    if invitation is None:
        raise InvitationError("این پیوند دعوت معتبر نیست؛ شاید دعوت دوباره فرستاده شده و پیوند تازه‌ای دارد.")
    status = invitation.status
    if status == Status.ACCEPTED:
        raise InvitationError("این پیوند پیش‌تر به کار رفته است؛ با شمارهٔ همراه و گذرواژهٔ خود وارد شوید.")
    if status == Status.REVOKED:
        raise InvitationError("این دعوت لغو شده است.")
    if status == Status.EXPIRED:
        raise InvitationError("مهلت این دعوت گذشته است؛ از کارشناس سازمان بخواهید آن را دوباره بفرستد.")
    return invitation


def accept(token: str, password: str):
    """Create the invitee's user (username: their mobile) and Membership; the link then stops working."""
    invitation = usable_invitation(token)
    User = get_user_model()
    candidate = User(username=invitation.mobile, email=invitation.email)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        raise InvitationError(" ".join(exc.messages)) from exc
    now = timezone.now()
    with transaction.atomic():
        # One conditional UPDATE claims the invitation: two tabs submitting at once cannot both create a user.
        claimed = MembershipInvitation.objects.filter(
            pk=invitation.pk,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
            token_hash=invitation.token_hash,
        ).update(accepted_at=now)
        if not claimed:
            raise InvitationError("این پیوند دیگر کار نمی‌کند.")
        if User.objects.filter(username=invitation.mobile).exists():
            raise InvitationError("کاربری با این شمارهٔ همراه هست؛ با آن وارد شوید.")
        first, _, last = invitation.name.partition(" ")
        user = User.objects.create_user(
            username=invitation.mobile,
            email=invitation.email,
            password=password,
            first_name=first[:150],
            last_name=last[:150],
        )
        Membership.objects.create(user=user, organisation=invitation.organisation, role=invitation.role)
        MembershipInvitation.objects.filter(pk=invitation.pk).update(user=user)
        invitation.user = user
        joined.send(sender=MembershipInvitation, invitation=invitation, user=user)
    invitation.refresh_from_db()
    return user


def landing_url(organisation: Organisation) -> str:
    """Where a new member starts: a partner body's referred cases, otherwise their organisation's page."""
    if organisation.kind == Organisation.Kind.AGENCY:
        return reverse("cases:case-list")
    return organisation.get_absolute_url()


def invitable_makers(user, organisations) -> set[int]:
    """Of `organisations`, those with no member yet that the user may invite (a maker found by the matcher, say)."""
    ids = [o.pk for o in organisations if may_invite(user, o)]
    with_members = set(Membership.objects.filter(organisation_id__in=ids).values_list("organisation_id", flat=True))
    return set(ids) - with_members


def invitations_of(organisation: Organisation):
    return organisation.membership_invitations.select_related("invited_by", "user")
