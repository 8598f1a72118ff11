"""Case operations: opening, triage, referral by the defined routing rules, follow-up by units and partner bodies,
resolution, the unit's confirmation, reminders and escalation; meetings and their resolutions; statistics.

Every step writes a FollowUp so the unit sees the whole timeline. Edits of the case itself check its version, so
two people acting on the same case at once cannot overwrite each other.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from rownaq.core import scoping
from rownaq.core.holidays import calendar_for
from rownaq.core.jalali import JalaliMonth, format_jalali_date
from rownaq.core.persian import to_persian_digits
from rownaq.core.uploads import check_upload
from rownaq.notify.models import Kind
from rownaq.notify.services import members_of, notify
from rownaq.places.models import StaffAssignment
from rownaq.registry.models import Organisation

from .models import Case, CaseAttachment, Category, FollowUp, Meeting, Referral, Resolution, RoutingRule

Status = Case.Status
DEFAULT_WORKING_DAYS = 10


class CaseError(Exception):
    """A step that is not allowed now; the message is for the user."""


class CaseNotAllowed(CaseError):
    """The user may see the case but this step is not theirs to take (HTTP 403)."""


class CaseConflict(CaseError):
    def __init__(self):
        super().__init__(
            "این پرونده در این فاصله توسط کاربر دیگری تغییر کرده است؛ صفحه را دوباره باز کنید. تغییرات شما ذخیره نشد."
        )


# ---------------------------------------------------------------- rules and dates


def find_rule(category: str, organisation: Organisation, body: Organisation | None = None) -> RoutingRule | None:
    """The most specific active rule for the category and the unit's estate, county or province (optionally for one
    body); among equally specific rules the oldest wins."""
    province_id = organisation.county.province_id
    rules = (
        RoutingRule.objects.filter(category=category, active=True)
        .filter(Q(estate__isnull=True) | Q(estate_id=organisation.estate_id))
        .filter(Q(county__isnull=True) | Q(county_id=organisation.county_id))
        .filter(Q(province__isnull=True) | Q(province_id=province_id))
    )
    if body is not None:
        rules = rules.filter(body=body)
    return max(rules.select_related("body"), key=lambda r: (r.specificity, -r.pk), default=None)


def due_after(working_days: int, start=None, body: Organisation | None = None):
    """The deadline `working_days` working days of `body` (its week, the holidays, its closures) after start."""
    return calendar_for(body).add(start or timezone.localdate(), working_days)


def _note(case, user, kind, text, on_behalf_of=None):
    return FollowUp.objects.create(
        case=case, actor=user if user and user.pk else None, kind=kind, text=text, on_behalf_of=on_behalf_of
    )


def _claim(case: Case, expected_version: int | None) -> Case:
    """Take the case for an edit, checking the editor started from its current version, and return it locked with
    its version moved on. The check is one conditional UPDATE, run first in the transaction: it also holds the
    write lock on SQLite, where SELECT ... FOR UPDATE does nothing and two editors could otherwise both pass."""
    rows = Case.objects.filter(pk=case.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1):
        raise CaseConflict()
    return Case.objects.select_for_update().get(pk=case.pk)


# ---------------------------------------------------------------- who may do what


def is_case_staff(user, case: Case) -> bool:
    """Staff with edit rights over the unit's place (or an admin)."""
    return scoping.may_edit_unit_place(user, case.organisation)


def is_unit_member(user, case: Case) -> bool:
    return case.organisation_id in scoping.access_of(user).organisation_ids


def body_of(user, case: Case) -> Organisation | None:
    """The referred body the user acts for on this case, if any."""
    ids = scoping.access_of(user).organisation_ids
    referral = case.referrals.filter(body_id__in=ids).select_related("body").first()
    return referral.body if referral else None


def is_body_member(user, referral: Referral) -> bool:
    return referral.body_id in scoping.access_of(user).organisation_ids


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise CaseError(message)


def _allow(condition: bool, message: str = "این کار در حوزهٔ شما نیست.") -> None:
    if not condition:
        raise CaseNotAllowed(message)


def allowed_steps(user, case: Case) -> set[str]:
    """The steps the user may take on the case now, for pages and the API to offer (the services check again)."""
    steps = set()
    staff = is_case_staff(user, case)
    unit = is_unit_member(user, case)
    bodies = scoping.access_of(user).organisation_ids
    open_referrals = [r for r in case.referrals.all() if r.is_open]
    if case.status != Status.CLOSED and (staff or unit or any(r.body_id in bodies for r in case.referrals.all())):
        steps |= {"follow_up", "attach"}
    if staff and case.status == Status.SUBMITTED:
        steps.add("triage")
    if staff and case.is_open:
        steps |= {"refer", "reject"}
    if any(staff or r.body_id in bodies for r in open_referrals):
        steps.add("close_referral")
    if unit and case.status in (Status.RESOLVED, Status.REJECTED):
        steps.add("confirm")
    return steps


def closable_referrals(user, case: Case) -> list[Referral]:
    staff = is_case_staff(user, case)
    bodies = scoping.access_of(user).organisation_ids
    return [r for r in case.referrals.select_related("body") if r.is_open and (staff or r.body_id in bodies)]


# ---------------------------------------------------------------- the flow


def open_case(
    organisation: Organisation,
    user,
    *,
    category: str,
    title: str,
    description: str,
    amount=None,
    currency: str = "IRR",
    files: list[tuple[str, bytes]] = (),
    source_report=None,
    source_lead=None,
) -> Case:
    """A unit (or staff on its behalf) opens a case; the routing rules give its suggested body and due date.
    source_report: the monthly report whose «problems» note the case was made from (linked both ways)."""
    _require(organisation.kind == Organisation.Kind.UNIT, "پرونده برای واحد صنعتی ثبت می‌شود.")
    _require(
        source_report is None or source_report.organisation_id == organisation.pk,
        "گزارش ماهانهٔ مبدأ از همین واحد نیست.",
    )
    _require(source_lead is None or source_lead.seller_id == organisation.pk, "فرصت صادراتی مبدأ از همین واحد نیست.")
    _allow(scoping.can(user, scoping.CHANGE, organisation), "ثبت پرونده برای این واحد در حوزهٔ شما نیست.")
    checked = [(name, data, check_upload(name, data, settings.ATTACHMENT_MAX_BYTES)) for name, data in files]
    with transaction.atomic():
        rule = find_rule(category, organisation)
        case = Case.objects.create(
            organisation=organisation,
            category=category,
            title=title,
            description=description,
            amount=amount,
            currency=currency if amount is not None else "",
            created_by=user if user and user.pk else None,
            suggested_body=rule.body if rule else None,
            due_date=due_after(rule.working_days if rule else DEFAULT_WORKING_DAYS, body=rule.body if rule else None),
            source_report=source_report,
            source_lead=source_lead,
        )
        case.tracking_code = f"{JalaliMonth.today().year}-{case.pk:06d}"
        case.save(update_fields=["tracking_code"])
        suggested = (
            f" نهاد پیشنهادی طبق فرایند تعریف‌شده: {rule.body} ({to_persian_digits(rule.working_days)} روز کاری)."
            if rule
            else ""
        )
        _note(case, user, FollowUp.Kind.STATUS, "پرونده ثبت شد." + suggested)
        for name, data, kind in checked:
            _store_attachment(case, user, name, data, kind)
    return case


def case_draft_from_report(report) -> dict:
    """What the case form starts with when a problem written in a monthly report becomes a case."""
    return {
        "organisation": report.organisation_id,
        "source_report": report.pk,
        "title": f"مشکل گزارش‌شده در گزارش ماهانهٔ {report.period.label}"[:200],
        "description": report.problems_note,
    }


def case_draft_from_lead(lead) -> dict:
    """What the case form starts with when an export lead's follow-up needs a partner body's help."""
    next_step = f"گام بعدی: {lead.next_step}" if lead.next_step else ""
    return {
        "organisation": lead.seller_id,
        "source_lead": lead.pk,
        "category": Category.EXPORT,
        "title": f"پیگیری فرصت صادراتی: {lead.product} برای {lead.buyer}"[:200],
        "description": "\n".join(filter(None, [f"نشست: {lead.meeting}", next_step])),
    }


def _store_attachment(case, user, name, data, kind):
    attachment = CaseAttachment(case=case)
    attachment.store(name, data, kind, user)
    _note(case, user, FollowUp.Kind.ATTACHMENT, f"پیوست «{name}» افزوده شد.")
    return attachment


def attach(case: Case, user, name: str, data: bytes) -> CaseAttachment:
    _allow(is_case_staff(user, case) or is_unit_member(user, case) or body_of(user, case) is not None)
    _require(case.status != Status.CLOSED, "به پروندهٔ بسته‌شده پیوست افزوده نمی‌شود.")
    kind = check_upload(name, data, settings.ATTACHMENT_MAX_BYTES)
    with transaction.atomic():
        return _store_attachment(case, user, name, data, kind)


def triage(case: Case, user, *, expected_version: int | None, category: str | None = None, note: str = "") -> Case:
    _allow(is_case_staff(user, case), "بررسی اولیهٔ پرونده کار کارشناسان سازمان است.")
    with transaction.atomic():
        case = _claim(case, expected_version)
        _require(case.status == Status.SUBMITTED, "فقط پروندهٔ تازه ثبت‌شده بررسی اولیه می‌شود.")
        if category and category != case.category:
            case.category = category
            rule = find_rule(category, case.organisation)
            case.suggested_body = rule.body if rule else None
        case.status = Status.TRIAGED
        case.save()
        _note(case, user, FollowUp.Kind.STATUS, "بررسی اولیه انجام شد." + (f" {note}" if note else ""))
    return case


def refer(case: Case, user, bodies: list[Organisation], *, expected_version: int | None, note: str = "") -> Case:
    """Refer the case to one or more bodies; each gets the deadline its routing rule gives."""
    _allow(is_case_staff(user, case), "ارجاع پرونده کار کارشناسان سازمان است.")
    _require(bool(bodies), "دست‌کم یک نهاد مسئول را انتخاب کنید.")
    _require(all(b.kind == Organisation.Kind.AGENCY for b in bodies), "ارجاع فقط به نهادهای همکار ممکن است.")
    with transaction.atomic():
        case = _claim(case, expected_version)
        _require(
            case.status in (Status.SUBMITTED, Status.TRIAGED, Status.REFERRED, Status.IN_PROGRESS),
            "پروندهٔ بسته یا حل‌شده را نمی‌توان ارجاع داد.",
        )
        latest_due = case.due_date
        for body in bodies:
            rule = find_rule(case.category, case.organisation, body)
            due = due_after(rule.working_days if rule else DEFAULT_WORKING_DAYS, body=body)
            referral, created = Referral.objects.get_or_create(case=case, body=body, defaults={"due_date": due})
            reopened = not created and not referral.is_open
            if reopened:
                referral.status, referral.due_date, referral.closed_at = Referral.Status.OPEN, due, None
                referral.save()
            latest_due = max(filter(None, [latest_due, referral.due_date]))
            notify(
                members_of(body) if created or reopened else [],
                Kind.CASE_REFERRED,
                f"پروندهٔ {case.tracking_code} به {body} ارجاع شد",
                f"«{case.title}» ({case.organisation})؛ مهلت {format_jalali_date(referral.due_date)}.",
                case.get_absolute_url(),
                body,
            )
            _note(
                case,
                user,
                FollowUp.Kind.REFERRAL,
                f"ارجاع به {body} با مهلت {format_jalali_date(referral.due_date)}." + (f" {note}" if note else ""),
            )
        case.status = Status.REFERRED if case.status != Status.IN_PROGRESS else case.status
        case.due_date = latest_due
        case.save()
    return case


def add_follow_up(case: Case, user, text: str) -> FollowUp:
    text = (text or "").strip()
    _require(bool(text), "متن پیگیری خالی است.")
    body = body_of(user, case)
    _allow(body is not None or is_unit_member(user, case) or is_case_staff(user, case))
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _require(case.status != Status.CLOSED, "پروندهٔ بسته‌شده پیگیری ندارد.")
        entry = _note(case, user, FollowUp.Kind.COMMENT, text, on_behalf_of=body)
        if body is not None:
            referral = case.referrals.get(body=body)
            if referral.status == Referral.Status.OPEN:
                referral.status = Referral.Status.IN_PROGRESS
                referral.save()
            if case.status in (Status.REFERRED, Status.TRIAGED):
                case.status = Status.IN_PROGRESS
                case.version += 1
                case.save()
    return entry


def close_referral(
    referral: Referral, user, *, outcome: str, resolved: bool, expected_version: int | None = None
) -> Case:
    """A body (or staff) reports its part done (resolved) or impossible (rejected, with the reason). When every
    referral is closed the case is resolved, or rejected if none was resolved."""
    outcome = (outcome or "").strip()
    _require(bool(outcome), "نتیجهٔ اقدام یا دلیل رد را بنویسید.")
    case = referral.case
    # Membership of this referral's body, not "the first body of the user's on this case": a user may act for two.
    _allow(
        is_body_member(user, referral) or is_case_staff(user, case),
        "بستن این ارجاع کار نهاد مسئول یا کارشناسان سازمان است.",
    )
    with transaction.atomic():
        case = _claim(case, expected_version)
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        _require(referral.is_open, "این ارجاع پیش‌تر بسته شده است.")
        referral.status = Referral.Status.RESOLVED if resolved else Referral.Status.REJECTED
        referral.closed_at = timezone.now()
        referral.save()
        verb = "حل شد" if resolved else "رد شد"
        _note(case, user, FollowUp.Kind.STATUS, f"{referral.body}: {verb}. {outcome}", on_behalf_of=referral.body)
        notify(
            members_of(case.organisation) + supervisors(case),
            Kind.CASE_ANSWERED,
            f"پاسخ {referral.body} به پروندهٔ {case.tracking_code}: {verb}",
            outcome,
            case.get_absolute_url(),
            case.organisation,
        )
        referrals = list(case.referrals.all())
        if all(not r.is_open for r in referrals):
            any_resolved = any(r.status == Referral.Status.RESOLVED for r in referrals)
            case.status = Status.RESOLVED if any_resolved else Status.REJECTED
            case.was_resolved = any_resolved
            case.resolved_at = timezone.now()
            case.outcome = outcome
            _note(
                case,
                None,
                FollowUp.Kind.STATUS,
                "همهٔ ارجاع‌ها بسته شد؛ پرونده " + ("حل شد" if any_resolved else "رد شد") + " و منتظر تأیید واحد است.",
            )
        elif case.status in (Status.REFERRED, Status.TRIAGED):
            case.status = Status.IN_PROGRESS
        case.save()
    return case


def reject(case: Case, user, *, reason: str, expected_version: int | None) -> Case:
    reason = (reason or "").strip()
    _require(bool(reason), "دلیل رد پرونده را بنویسید.")
    _allow(is_case_staff(user, case), "رد پرونده کار کارشناسان سازمان است.")
    with transaction.atomic():
        case = _claim(case, expected_version)
        _require(case.is_open, "این پرونده باز نیست.")
        case.status, case.outcome, case.resolved_at = Status.REJECTED, reason, timezone.now()
        case.was_resolved = False
        case.referrals.filter(status__in=[Referral.Status.OPEN, Referral.Status.IN_PROGRESS]).update(
            status=Referral.Status.REJECTED, closed_at=timezone.now()
        )
        case.save()
        _note(case, user, FollowUp.Kind.STATUS, f"پرونده رد شد: {reason}")
    return case


def confirm(
    case: Case,
    user,
    *,
    satisfaction: int | None,
    comment: str = "",
    solved: bool = True,
    expected_version: int | None = None,
) -> Case:
    """The unit closes its case with its satisfaction, or says it is not solved (the case goes back to work)."""
    _allow(is_unit_member(user, case), "تأیید نهایی با خود واحد است.")
    comment = (comment or "").strip()
    with transaction.atomic():
        case = _claim(case, expected_version)
        _require(case.status in (Status.RESOLVED, Status.REJECTED), "پرونده هنوز به نتیجه نرسیده است.")
        if solved:
            _require(satisfaction in range(1, 6), "میزان رضایت را از ۱ تا ۵ انتخاب کنید.")
            case.status, case.satisfaction, case.closed_at = Status.CLOSED, satisfaction, timezone.now()
            _note(
                case,
                user,
                FollowUp.Kind.STATUS,
                f"واحد پرونده را بست (رضایت {satisfaction} از ۵)." + (f" {comment}" if comment else ""),
            )
        else:
            _require(bool(comment), "بنویسید چرا مشکل حل نشده است.")
            case.status, case.resolved_at, case.was_resolved = Status.IN_PROGRESS, None, None
            case.referrals.filter(status=Referral.Status.RESOLVED).update(
                status=Referral.Status.IN_PROGRESS, closed_at=None
            )
            _note(case, user, FollowUp.Kind.STATUS, f"واحد اعلام کرد مشکل حل نشده است: {comment}")
        case.save()
    return case


# ---------------------------------------------------------------- reminders and escalation


@dataclass
class ReminderRun:
    reminded: int = 0
    escalated: int = 0
    resolutions_reminded: int = 0


def _emails(users) -> list[str]:
    return sorted({u.email for u in users if u.email and u.is_active})


def body_emails(body: Organisation) -> list[str]:
    return _emails(m.user for m in body.memberships.select_related("user"))


def supervisors(case: Case):
    unit = case.organisation
    place = Q(province_id=unit.county.province_id) | Q(county_id=unit.county_id)
    if unit.estate_id:
        place |= Q(estate_id=unit.estate_id)
    return [a.user for a in StaffAssignment.objects.filter(place, can_edit=True).select_related("user")]


def run_reminders(today=None) -> ReminderRun:
    """Remind bodies of referrals due within CASE_REMINDER_WORKING_DAYS working days; escalate overdue referrals
    to the supervising staff. Each reminder and escalation happens once."""
    today = today or timezone.localdate()
    calendars: dict[int, object] = {}

    def working_days_left(body: Organisation, due) -> int:
        if body.pk not in calendars:
            calendars[body.pk] = calendar_for(body)
        return calendars[body.pk].between(today, due)

    run = ReminderRun()
    now = timezone.now()
    open_referrals = Referral.objects.filter(
        status__in=[Referral.Status.OPEN, Referral.Status.IN_PROGRESS]
    ).select_related("case__organisation__county", "body")
    for referral in open_referrals:
        left = working_days_left(referral.body, referral.due_date)
        case = referral.case
        # A due date already past is escalated, not reminded (a Friday after a Thursday deadline counts 0 days).
        if referral.due_date >= today and left <= settings.CASE_REMINDER_WORKING_DAYS and referral.reminded_at is None:
            with transaction.atomic():
                if Referral.objects.filter(pk=referral.pk, reminded_at__isnull=True).update(reminded_at=now):
                    _note(
                        case,
                        None,
                        FollowUp.Kind.REMINDER,
                        f"یادآوری به {referral.body}: مهلت {format_jalali_date(referral.due_date)}.",
                    )
                    _mail(
                        body_emails(referral.body),
                        f"یادآوری پروندهٔ {case.tracking_code}",
                        f"مهلت اقدام نهاد «{referral.body}» دربارهٔ پروندهٔ «{case.title}» "
                        f"({case.organisation}) تا {format_jalali_date(referral.due_date)} است.",
                    )
                    run.reminded += 1
        elif referral.due_date < today and referral.escalated_at is None:
            with transaction.atomic():
                if Referral.objects.filter(pk=referral.pk, escalated_at__isnull=True).update(escalated_at=now):
                    Case.objects.filter(pk=case.pk, escalated_at__isnull=True).update(escalated_at=now)
                    _note(
                        case,
                        None,
                        FollowUp.Kind.ESCALATION,
                        f"مهلت {referral.body} ({format_jalali_date(referral.due_date)}) گذشت؛ "
                        "پرونده به کارشناس ناظر ارجاع شد.",
                    )
                    notify(
                        supervisors(case),
                        Kind.CASE_ESCALATED,
                        f"پروندهٔ معوق {case.tracking_code}",
                        f"مهلت {referral.body} ({format_jalali_date(referral.due_date)}) گذشته است.",
                        case.get_absolute_url(),
                        case.organisation,
                        emailed_already={u.email for u in supervisors(case)},
                    )
                    _mail(
                        _emails(supervisors(case)),
                        f"پروندهٔ معوق {case.tracking_code}",
                        f"مهلت نهاد «{referral.body}» برای پروندهٔ «{case.title}» ({case.organisation}) "
                        f"در {format_jalali_date(referral.due_date)} گذشته است.",
                    )
                    run.escalated += 1
    due_soon = Resolution.objects.filter(status=Resolution.Status.PENDING, reminded_at__isnull=True)
    for resolution in due_soon.select_related("body", "meeting"):
        if (
            resolution.deadline >= today
            and working_days_left(resolution.body, resolution.deadline) <= settings.CASE_REMINDER_WORKING_DAYS
        ):
            if Resolution.objects.filter(pk=resolution.pk, reminded_at__isnull=True).update(reminded_at=now):
                _mail(
                    body_emails(resolution.body),
                    f"یادآوری مصوبهٔ «{resolution.meeting}»",
                    f"مهلت اجرای مصوبه «{resolution.text[:200]}» تا {format_jalali_date(resolution.deadline)} است.",
                )
                run.resolutions_reminded += 1
    return run


def _mail(recipients: list[str], subject: str, body: str) -> None:
    if recipients:
        send_mail(subject, body + "\n\nسامانهٔ رونق", settings.DEFAULT_FROM_EMAIL, recipients)


# ---------------------------------------------------------------- meetings


def visible_meetings(user):
    """Meetings the user may see whole, and those where they see only resolutions assigned to their body or about
    their case."""
    seen = scoping.restrict(Meeting.objects.all(), user).values("pk")
    through_resolutions = scoping.restrict(Resolution.objects.all(), user).values("meeting")
    return Meeting.objects.filter(Q(pk__in=seen) | Q(pk__in=through_resolutions))


def visible_resolutions(user):
    """The resolutions the user may read, the one rule for the meeting page, the case page and the API. Staff: all
    those of meetings in their places. Anyone else: those assigned to their body or about their unit's case, and at
    a meeting they attended, those about no case or about a case they may see (their unit's, or referred to their
    body); never the resolution of a case that is not theirs because they sat at the table."""
    attended = scoping.restrict(Meeting.objects.all(), user).values("pk")
    return Resolution.objects.filter(
        Q(meeting__in=scoping.staff_restrict(Meeting.objects.all(), user).values("pk"))
        | Q(pk__in=scoping.restrict(Resolution.objects.all(), user).values("pk"))
        | Q(meeting__in=attended, case__isnull=True)
        | Q(meeting__in=attended, case__in=scoping.restrict(Case.objects.all(), user).values("pk"))
    )


def place_error(user, province, county, estate) -> str | None:
    """Why the user may not keep a routing rule at this place, or None."""
    if scoping.access_of(user).is_admin:
        return None
    place = estate or county or province
    if place is None:
        return "قاعدهٔ سراسری (بدون استان) را فقط مدیر سامانه ثبت می‌کند؛ استان، شهرستان یا شهرک را انتخاب کنید."
    allowed = scoping.covers(user, *scoping.place_path(place))
    return None if allowed else "این مکان در حوزهٔ ویرایش شما نیست."


def can_manage_meeting(user, meeting: Meeting) -> bool:
    """Staff with edit rights over a meeting's province (or, for a county meeting, its county)."""
    return scoping.covers(user, meeting.province_id, meeting.county_id)


def save_meeting(meeting: Meeting, user, *, agenda=(), attendees=()) -> Meeting:
    """Create or edit a meeting with its agenda of cases and its attending bodies."""
    _allow(can_manage_meeting(user, meeting), "ثبت جلسه در این مکان در حوزهٔ شما نیست.")
    _require(all(b.kind == Organisation.Kind.AGENCY for b in attendees), "حاضران باید نهاد همکار باشند.")
    with transaction.atomic():
        if meeting.created_by_id is None and user and user.pk:
            meeting.created_by = user
        before = set(meeting.attendees.values_list("pk", flat=True)) if meeting.pk else set()
        meeting.save()
        meeting.agenda.set(agenda)
        meeting.attendees.set(attendees)
        notify(
            members_of(*[b for b in attendees if b.pk not in before]),
            Kind.MEETING_SCHEDULED,
            f"جلسهٔ «{meeting.title}» در {format_jalali_date(meeting.date)}",
            "",
            meeting.get_absolute_url(),
        )
        for case in agenda:
            if not FollowUp.objects.filter(
                case=case, kind=FollowUp.Kind.STATUS, text__startswith=f"در دستور جلسهٔ «{meeting.title}»"
            ).exists():
                _note(
                    case,
                    user,
                    FollowUp.Kind.STATUS,
                    f"در دستور جلسهٔ «{meeting.title}» ({format_jalali_date(meeting.date)}) قرار گرفت.",
                )
    return meeting


def add_resolution(
    meeting: Meeting, user, *, text: str, body: Organisation, deadline, case: Case | None = None
) -> Resolution:
    text = (text or "").strip()
    _allow(can_manage_meeting(user, meeting), "ثبت مصوبه کار کارشناسان برگزارکنندهٔ جلسه است.")
    _require(bool(text), "متن مصوبه را بنویسید.")
    _require(body.kind == Organisation.Kind.AGENCY, "مصوبه به یک نهاد همکار سپرده می‌شود.")
    _require(case is None or meeting.agenda.filter(pk=case.pk).exists(), "این پرونده در دستور این جلسه نیست.")
    with transaction.atomic():
        resolution = Resolution.objects.create(meeting=meeting, case=case, text=text, body=body, deadline=deadline)
        if case is not None:
            _note(
                case,
                user,
                FollowUp.Kind.COMMENT,
                f"مصوبهٔ «{meeting}»: {text} (مسئول: {body}، مهلت {format_jalali_date(deadline)}).",
            )
    return resolution


def can_set_resolution_status(user, resolution: Resolution) -> bool:
    """The responsible body, or staff who edit the meeting's place (not any staff member anywhere)."""
    return resolution.body_id in scoping.access_of(user).organisation_ids or can_manage_meeting(
        user, resolution.meeting
    )


def set_resolution_status(resolution: Resolution, user, status: str, note: str) -> Resolution:
    _allow(can_set_resolution_status(user, resolution), "پیگیری این مصوبه کار نهاد مسئول یا کارشناسان است.")
    _require(status in Resolution.Status.values, "وضعیت نامعتبر است.")
    note = (note or "").strip()
    with transaction.atomic():
        resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
        resolution.status = status
        if note:
            stamp = format_jalali_date(timezone.localdate())
            resolution.follow_up_note = (resolution.follow_up_note + f"\n{stamp}: {note}").strip()
        resolution.save()
        if resolution.case_id:
            _note(
                resolution.case,
                user,
                FollowUp.Kind.COMMENT,
                f"مصوبهٔ «{resolution.meeting}»: {resolution.get_status_display()}. {note}".strip(),
            )
    return resolution


# ---------------------------------------------------------------- statistics


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def statistics_for(cases: models.QuerySet, resolutions: models.QuerySet, today=None) -> dict:
    """The figures of the statistics page and API over the given (already scoped) cases and resolutions.

    overdue_share: open cases past their due date, of open cases; median_days_to_resolve: from opening to the
    outcome, over cases that were solved; resolution_rate: solved, of cases that reached an outcome (solved or
    rejected); resolutions_implemented_share: implemented, of resolutions already marked implemented or not."""
    today = today or timezone.localdate()
    # A scoped queryset may join referrals (members see cases through their body): count each case once.
    cases = Case.objects.filter(pk__in=cases.values("pk"))
    resolutions = Resolution.objects.filter(pk__in=resolutions.values("pk"))
    is_open = Q(status__in=Case.OPEN_STATUSES)
    open_count = cases.filter(is_open).count()
    overdue_count = cases.filter(is_open, due_date__lt=today).count()
    days = [
        (c.resolved_at - c.created_at).total_seconds() / 86400
        for c in cases.filter(resolved_at__isnull=False, was_resolved=True).only("created_at", "resolved_at")
    ]
    decided = cases.filter(was_resolved__isnull=False).count()
    solved = cases.filter(was_resolved=True).count()
    implemented = resolutions.filter(status=Resolution.Status.IMPLEMENTED).count()
    decided_resolutions = resolutions.exclude(status=Resolution.Status.PENDING).count()
    labels = dict(Category.choices)
    open_referral = Q(status__in=[Referral.Status.OPEN, Referral.Status.IN_PROGRESS])
    satisfaction = cases.filter(satisfaction__isnull=False).aggregate(avg=models.Avg("satisfaction"))["avg"]
    return {
        "total": cases.count(),
        "open": open_count,
        "overdue": overdue_count,
        "overdue_share": _share(overdue_count, open_count),
        "median_days_to_resolve": round(statistics.median(days), 1) if days else None,
        "resolved": solved,
        "decided": decided,
        "resolution_rate": _share(solved, decided),
        "satisfaction": round(float(satisfaction), 2) if satisfaction is not None else None,
        "by_category": [
            {
                "key": row["category"],
                "name": labels.get(row["category"], row["category"]),
                "open": row["open"],
                "total": row["total"],
            }
            for row in cases.values("category")
            .annotate(total=Count("pk"), open=Count("pk", filter=is_open))
            .order_by("-open", "-total", "category")
        ],
        "by_body": [
            {
                "key": row["body"],
                "name": row["body__name"],
                "open": row["open"],
                "overdue": row["overdue"],
                "total": row["total"],
            }
            for row in Referral.objects.filter(case__in=cases)
            .values("body", "body__name")
            .annotate(
                total=Count("pk"),
                open=Count("pk", filter=open_referral),
                overdue=Count("pk", filter=open_referral & Q(due_date__lt=today)),
            )
            .order_by("-open", "-total", "body__name")
        ],
        "by_estate": [
            {
                "key": row["organisation__estate"],
                "name": row["organisation__estate__name"] or "بیرون از شهرک‌ها",
                "open": row["open"],
                "total": row["total"],
            }
            for row in cases.values("organisation__estate", "organisation__estate__name")
            .annotate(total=Count("pk"), open=Count("pk", filter=is_open))
            .order_by("-open", "-total", "organisation__estate__name")
        ],
        "resolutions": resolutions.count(),
        "resolutions_implemented": implemented,
        "resolutions_decided": decided_resolutions,
        "resolutions_implemented_share": _share(implemented, decided_resolutions),
    }
