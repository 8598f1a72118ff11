"""Home as a role's inbox: what waits for this person now, each item one click from where it is done.

Built from the data on every request (not from notifications), so it is always right: a returned report stays
until it is sent again, a referral until the body closes it. Each role's queries are below; a person with two
roles gets both lists. Items are ordered by urgency, then by date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from rownaq.core import scoping
from rownaq.core.jalali import format_jalali_date
from rownaq.core.persian import to_persian_digits

URGENT, SOON, LATER = 0, 1, 2
PER_QUERY = 20  # items of one kind on home; the page it links to lists them all
NEW_INTEREST_DAYS = 30


@dataclass
class Item:
    kind: str  # a stable key (tests, data-testid)
    label: str  # what kind of thing, in Persian
    title: str
    detail: str
    url: str
    action: str  # the button's words
    urgency: int
    when: dt.date | dt.datetime | None = None


def _sort_key(item: Item):
    when = item.when
    if isinstance(when, dt.datetime):
        when = when.date()
    return (item.urgency, when or dt.date.max)


def inbox_for(user, today: dt.date | None = None) -> list[Item]:
    access = scoping.access_of(user)
    if not access.is_authenticated:
        return []
    today = today or timezone.localdate()
    items: list[Item] = []
    unit_ids = _organisation_ids(user, {"unit", "knowledge_based", "engineering_group"})
    body_ids = _organisation_ids(user, {"agency"})
    if unit_ids:
        items += _unit_items(user, unit_ids, today)
    if body_ids:
        items += _body_items(body_ids, today)
    if access.is_staff:
        items += _staff_items(user, today)
    items += _invitation_items(user, today)
    return sorted(items, key=_sort_key)


def _more(total: int, kind: str, label: str, url: str, urgency: int) -> list[Item]:
    """One item for the rest when a query has more than home shows, linking to the whole list."""
    if total <= PER_QUERY:
        return []
    return [
        Item(kind, label, f"و {to_persian_digits(total - PER_QUERY)} مورد دیگر", "", url, "همه", urgency, dt.date.max)
    ]


def _case_title(case) -> str:
    return f"{to_persian_digits(case.tracking_code or '')} {case.title}".strip()


def _organisation_ids(user, kinds: set[str]) -> set[int]:
    return set(user.memberships.filter(organisation__kind__in=kinds).values_list("organisation_id", flat=True))


# ---------------------------------------------------------------- a unit's people


def _unit_items(user, unit_ids: set[int], today: dt.date) -> list[Item]:
    from rownaq.cases.models import Case
    from rownaq.events.models import Lead
    from rownaq.reporting.models import MonthlyReport
    from rownaq.reporting.services import latest_reportable_month
    from rownaq.sourcing.models import Interest, Need

    items = []
    returned = (
        MonthlyReport.objects.filter(organisation_id__in=unit_ids, status=MonthlyReport.Status.RETURNED)
        .select_related("organisation")
        .order_by("period_index")[:PER_QUERY]
    )
    for report in returned:
        items.append(
            Item(
                "report_returned",
                "گزارش برگشتی",
                f"گزارش {report.period.label} — {report.organisation}",
                report.review_comment,
                reverse("reporting:report-edit", args=[report.pk]),
                "اصلاح و ارسال دوباره",
                URGENT,
                report.reviewed_at,
            )
        )
    month = latest_reportable_month()
    sent = set(
        MonthlyReport.objects.filter(
            organisation_id__in=unit_ids,
            period_index=month.index,
            status__in=[MonthlyReport.Status.SUBMITTED, MonthlyReport.Status.ACCEPTED, MonthlyReport.Status.RETURNED],
        ).values_list("organisation_id", flat=True)
    )
    from rownaq.registry.models import Organisation

    drafts = dict(
        MonthlyReport.objects.filter(
            organisation_id__in=unit_ids, period_index=month.index, status=MonthlyReport.Status.DRAFT
        ).values_list("organisation_id", "pk")
    )
    for unit in Organisation.objects.filter(pk__in=unit_ids - sent, kind=Organisation.Kind.UNIT):
        draft = drafts.get(unit.pk)
        items.append(
            Item(
                "report_due",
                "گزارش ماهانه",
                f"گزارش {month.label} — {unit}",
                "پیش‌نویس این ماه هنوز ارسال نشده است." if draft else "گزارش این ماه هنوز ارسال نشده است.",
                reverse("reporting:report-edit", args=[draft]) if draft else reverse("reporting:report-list"),
                "ادامهٔ گزارش" if draft else "پر کردن گزارش",
                SOON,
            )
        )
    awaiting = Case.objects.filter(
        organisation_id__in=unit_ids, status__in=[Case.Status.RESOLVED, Case.Status.REJECTED]
    ).order_by("resolved_at")[:PER_QUERY]
    for case in awaiting:
        items.append(
            Item(
                "case_confirm",
                "پرونده",
                _case_title(case),
                f"نتیجه: {case.get_status_display()}؛ حل شدن مشکل را تأیید کنید یا بگویید حل نشده است.",
                case.get_absolute_url(),
                "تأیید نتیجه",
                SOON,
                case.resolved_at,
            )
        )
    leads = (
        Lead.objects.filter(seller_id__in=unit_ids, status=Lead.Status.OPEN)
        .select_related("meeting", "buyer")
        .order_by("created_at")[:PER_QUERY]
    )
    for lead in leads:
        items.append(
            Item(
                "lead_assigned",
                "فرصت صادراتی",
                f"{lead.product} — {lead.buyer}",
                f"از نشست «{lead.meeting}»؛ گام بعدی را ثبت کنید.",
                reverse("events:export-meeting-detail", args=[lead.meeting_id]),
                "پیگیری فرصت",
                SOON,
                lead.created_at,
            )
        )
    since = timezone.now() - dt.timedelta(days=NEW_INTEREST_DAYS)
    needs = (
        Need.objects.filter(organisation_id__in=unit_ids)
        .annotate(
            new=Count("interests", filter=Q(interests__status=Interest.Status.SENT, interests__created_at__gte=since)),
            latest=Max("interests__created_at"),
        )
        .filter(new__gt=0)
        .order_by("-latest")[:PER_QUERY]
    )
    for need in needs:
        items.append(
            Item(
                "need_matches",
                "ساخت داخل",
                str(need),
                f"{to_persian_digits(need.new)} سازندهٔ تازه برای این نیاز اعلام آمادگی کرده است.",
                need.get_absolute_url(),
                "دیدن سازندگان",
                LATER,
                need.latest,
            )
        )
    return items


# ---------------------------------------------------------------- a partner body's people


def _body_items(body_ids: set[int], today: dt.date) -> list[Item]:
    from rownaq.cases.models import Referral, Resolution

    items = []
    referrals = (
        Referral.objects.filter(body_id__in=body_ids, status__in=[Referral.Status.OPEN, Referral.Status.IN_PROGRESS])
        .select_related("case__organisation", "body")
        .order_by("due_date")[:PER_QUERY]
    )
    for referral in referrals:
        overdue = referral.due_date < today
        items.append(
            Item(
                "referral_overdue" if overdue else "case_referred",
                "ارجاع معوق" if overdue else "ارجاع",
                _case_title(referral.case),
                f"{referral.case.organisation}؛ مهلت {format_jalali_date(referral.due_date)}"
                + (" (گذشته)" if overdue else ""),
                referral.case.get_absolute_url(),
                "اقدام و پاسخ",
                URGENT if overdue else SOON,
                referral.due_date,
            )
        )
    resolutions = (
        Resolution.objects.filter(body_id__in=body_ids, status=Resolution.Status.PENDING)
        .select_related("meeting")
        .order_by("deadline")[:PER_QUERY]
    )
    for resolution in resolutions:
        overdue = resolution.deadline < today
        items.append(
            Item(
                "resolution",
                "مصوبه",
                resolution.text[:120],
                f"جلسهٔ «{resolution.meeting}»؛ مهلت {format_jalali_date(resolution.deadline)}",
                resolution.meeting.get_absolute_url(),
                "گزارش اجرا",
                URGENT if overdue else LATER,
                resolution.deadline,
            )
        )
    return items


# ---------------------------------------------------------------- the organization's staff


def _staff_items(user, today: dt.date) -> list[Item]:
    from rownaq.cases.models import Case, Referral
    from rownaq.reporting.models import MonthlyReport

    items = []
    if scoping.edits_somewhere(user):
        submitted = scoping.restrict(
            MonthlyReport.objects.filter(status=MonthlyReport.Status.SUBMITTED), user, scoping.CHANGE
        )
        for report in submitted.select_related("organisation").order_by("submitted_at")[:PER_QUERY]:
            items.append(
                Item(
                    "report_review",
                    "بررسی گزارش",
                    f"گزارش {report.period.label} — {report.organisation}",
                    "ارسال‌شده و منتظر بررسی",
                    report.get_absolute_url(),
                    "بررسی",
                    SOON,
                    report.submitted_at,
                )
            )
        items += _more(
            submitted.count(),
            "report_review",
            "بررسی گزارش",
            reverse("reporting:report-list") + "?status=submitted",
            SOON,
        )
        new_cases = scoping.restrict(Case.objects.filter(status=Case.Status.SUBMITTED), user, scoping.CHANGE)
        for case in new_cases.select_related("organisation").order_by("created_at")[:PER_QUERY]:
            items.append(
                Item(
                    "case_triage",
                    "پروندهٔ تازه",
                    _case_title(case),
                    str(case.organisation),
                    case.get_absolute_url(),
                    "بررسی اولیه و ارجاع",
                    SOON,
                    case.created_at,
                )
            )
        items += _more(
            new_cases.count(), "case_triage", "پروندهٔ تازه", reverse("cases:case-list") + "?status=submitted", SOON
        )
    overdue = (
        Referral.objects.filter(
            case__in=scoping.restrict(Case.objects.all(), user),
            status__in=[Referral.Status.OPEN, Referral.Status.IN_PROGRESS],
            due_date__lt=today,
        )
        .select_related("case__organisation", "body")
        .order_by("due_date")[:PER_QUERY]
    )
    for referral in overdue:
        items.append(
            Item(
                "referral_overdue",
                "ارجاع معوق",
                _case_title(referral.case),
                f"{referral.body}؛ مهلت {format_jalali_date(referral.due_date)} گذشته است.",
                referral.case.get_absolute_url(),
                "پیگیری",
                URGENT,
                referral.due_date,
            )
        )
    return items


# ---------------------------------------------------------------- invitations (anyone invited)


def _invitation_items(user, today: dt.date) -> list[Item]:
    from rownaq.events.models import Invitation

    member_of = user.memberships.values("organisation_id")
    invitations = (
        Invitation.objects.filter(
            Q(user=user) | Q(organisation_id__in=member_of), rsvp=Invitation.Rsvp.PENDING, stage__date__gte=today
        )
        .select_related("stage")
        .order_by("stage__date")[:PER_QUERY]
    )
    return [
        Item(
            "invitation",
            "دعوت",
            str(invitation.stage),
            f"{invitation.name}؛ {format_jalali_date(invitation.stage.date)}",
            reverse("events:mine"),
            "پاسخ به دعوت",
            SOON,
            invitation.stage.date,
        )
        for invitation in invitations
    ]
