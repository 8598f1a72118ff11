"""Tours and export meetings: planning a stage's itinerary, invitations and RSVP, attendance, the press kit,
matchmaking slots without double-booking, and export leads followed up to a deal or a loss."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone

from rownaq.core.jalali import JalaliMonth, format_jalali_date
from rownaq.core.persian import to_persian_digits
from rownaq.registry.models import HsIsicLink, Organisation
from rownaq.reporting import stats
from rownaq.reporting.models import ExportLine, ImportLine, MonthlyReport, TradeCell

from . import itinerary
from .models import (
    FactSheetConsent,
    Invitation,
    Lead,
    MatchMeeting,
    MatchSlot,
    SlotBooking,
    TourStage,
    Visit,
)


class EventError(Exception):
    """A step that is not allowed; the message is for the user."""


def minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def as_time(value: int) -> dt.time:
    return dt.time(value // 60, value % 60)


# ---------------------------------------------------------------- itinerary


def _location(visit: Visit, stage: TourStage) -> tuple[float, float]:
    unit = visit.organisation
    for lat, lon in ((unit.latitude, unit.longitude), (stage.estate.latitude, stage.estate.longitude)):
        if lat is not None and lon is not None:
            return float(lat), float(lon)
    return float(stage.meeting_latitude), float(stage.meeting_longitude)


def plan_itinerary(stage: TourStage) -> itinerary.Plan:
    """Order the stage's visits inside every unit's opening hours (pinned positions kept) and store the times."""
    visits = list(stage.visits.select_related("organisation"))
    stops = [
        itinerary.Stop(v.pk, v.organisation.name, *_location(v, stage), v.duration_minutes, minutes(v.opens),
                       minutes(v.closes))
        for v in visits
    ]
    pinned = {v.pk: v.pinned_position for v in visits if v.pinned_position}
    plan = itinerary.plan_stage((float(stage.meeting_latitude), float(stage.meeting_longitude)),
                                minutes(stage.start_time), minutes(stage.end_time), stops, stage.speed_kmh, pinned)
    with transaction.atomic():
        if plan.feasible:
            for position, key in enumerate(plan.order, start=1):
                Visit.objects.filter(pk=key).update(position=position, arrival=as_time(plan.arrivals[key]),
                                                    departure=as_time(plan.departures[key]))
        else:
            stage.visits.update(position=None, arrival=None, departure=None)
        stage.planned_at = timezone.now()
        stage.plan_problems = [to_persian_digits(p) for p in plan.problems]
        stage.save(update_fields=["planned_at", "plan_problems", "updated_at"])
    return plan


# ---------------------------------------------------------------- invitations


def _mail(to: list[str], subject: str, body: str) -> None:
    if to:
        send_mail(subject, body + "\n\nسامانهٔ رونق", settings.DEFAULT_FROM_EMAIL, to)


def invitation_text(invitation: Invitation, base_url: str) -> tuple[str, str]:
    stage = invitation.stage
    subject = f"دعوت به {stage}"
    body = (f"{invitation.name} گرامی،\nاز شما برای شرکت در «{stage}» در {stage.estate}، روز "
            f"{format_jalali_date(stage.date)} ساعت {to_persian_digits(f'{stage.start_time:%H:%M}')} "
            f"در {stage.meeting_point} دعوت می‌شود.\nلطفاً حضور یا عدم حضور خود را از این پیوند اعلام کنید:\n"
            f"{base_url.rstrip('/')}{invitation.rsvp_url()}")
    return subject, body


def invite(stage: TourStage, *, role: str, name: str, email: str = "", organisation=None, user=None,
           base_url: str = "") -> Invitation:
    invitation = Invitation.objects.create(stage=stage, role=role, name=name, email=email or (
        user.email if user else ""), organisation=organisation, user=user)
    _mail([invitation.email] if invitation.email else [], *invitation_text(invitation, base_url))
    return invitation


def respond(invitation: Invitation, answer: str) -> Invitation:
    if answer not in (Invitation.Rsvp.YES, Invitation.Rsvp.NO):
        raise EventError("پاسخ نامعتبر است.")
    if invitation.stage.date < timezone.localdate():
        raise EventError("این برنامه برگزار شده است و پاسخ دیگر پذیرفته نمی‌شود.")
    invitation.rsvp = answer
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["rsvp", "responded_at", "updated_at"])
    return invitation


def remind_invitations(today: dt.date, days_before: int = 2, base_url: str = "") -> int:
    """Remind invitees who have not answered, once, in the days before the stage."""
    pending = Invitation.objects.filter(
        rsvp=Invitation.Rsvp.PENDING, reminded_at__isnull=True, stage__date__gte=today,
        stage__date__lte=today + dt.timedelta(days=days_before)).exclude(email="").select_related("stage")
    sent = 0
    for invitation in pending:
        if Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(reminded_at=timezone.now()):
            subject, body = invitation_text(invitation, base_url)
            _mail([invitation.email], "یادآوری: " + subject, body)
            sent += 1
    return sent


def record_attendance(stage: TourStage, present_ids: set[int]) -> None:
    for invitation in stage.invitations.all():
        invitation.attended = invitation.pk in present_ids
        invitation.save(update_fields=["attended", "updated_at"])


# ---------------------------------------------------------------- press kit


@dataclass
class FactSheet:
    organisation: Organisation
    consent: FactSheetConsent
    products: list
    shifts: int | None
    employees: int | None
    export_countries: list[str]
    localized_items: list[str]


def consent_of(organisation: Organisation) -> FactSheetConsent:
    """The unit's publication consent; a unit that never said anything publishes only its products' names."""
    return getattr(organisation, "fact_sheet_consent", None) or FactSheetConsent(organisation=organisation)


def fact_sheet(organisation: Organisation) -> FactSheet:
    consent = consent_of(organisation)
    latest = (MonthlyReport.objects.filter(organisation=organisation, status=MonthlyReport.Status.ACCEPTED)
              .order_by("-period_index").first())
    countries = []
    if consent.exports:
        since = JalaliMonth.today().index - 12
        countries = sorted(set(ExportLine.objects.filter(
            report__organisation=organisation, report__status=MonthlyReport.Status.ACCEPTED,
            report__period_index__gte=since).values_list("country", flat=True)))
    localized = []
    if consent.localized_items:
        localized = _localized_items(organisation)
    return FactSheet(
        organisation=organisation,
        consent=consent,
        products=list(organisation.products.select_related("hs")) if consent.products else [],
        shifts=(latest.shifts_worked if latest else organisation.usual_shifts) if consent.shifts else None,
        employees=(latest.employees_total if latest else organisation.employees) if consent.employees else None,
        export_countries=countries,
        localized_items=localized,
    )


def _localized_items(organisation) -> list[str]:
    """Items this unit now makes at home for others (from the sourcing exchange, when it is installed)."""
    try:
        from rownaq.sourcing.services import localized_titles_by_maker
    except ImportError:
        return []
    return localized_titles_by_maker(organisation)


def press_kit_context(stage: TourStage) -> dict:
    from rownaq.reporting import dashboard, services as reporting_services, stats

    area = dashboard.Area("estate", stage.estate)
    month = stats.latest_month_with_data("estate", stage.estate_id, reporting_services.latest_reportable_month())
    estate_stats = dashboard.build(area, month, "", suppressed=True) if month else None
    visits = list(stage.visits.select_related("organisation__estate").order_by("position", "id"))
    return {
        "stage": stage,
        "visits": visits,
        "sheets": [fact_sheet(v.organisation) for v in visits],
        "estate_stats": estate_stats,
        "month": month,
        "generated": timezone.now(),
    }


def press_kit_pdf(stage: TourStage) -> bytes:
    from weasyprint import HTML

    from django.contrib.staticfiles import finders

    html = render_to_string("events/press_kit.html", press_kit_context(stage))
    # Relative links in the template (the font's stylesheet) resolve against the vendored font folder.
    fonts = Path(finders.find("vendor/vazirmatn/vazirmatn.css")).parent
    return HTML(string=html, base_url=fonts.as_uri() + "/").write_pdf()


# ---------------------------------------------------------------- matchmaking


@dataclass
class Pair:
    unit: Organisation
    company: Organisation
    score: int
    reasons: list[str]


def suggest_pairs(stage: TourStage, limit: int = 30) -> list[Pair]:
    """Visited units' imported inputs (HS codes from their monthly reports) against the invited companies' products,
    directly (same HS heading) or through the ISIC classes that make them."""
    units = [v.organisation for v in stage.visits.select_related("organisation")]
    companies = [i.organisation for i in stage.invitations.select_related("organisation")
                 if i.organisation and i.organisation.kind in (Organisation.Kind.KNOWLEDGE_BASED,
                                                                Organisation.Kind.ENGINEERING_GROUP,
                                                                Organisation.Kind.UNIT)]
    since = JalaliMonth.today().index - 12
    pairs = []
    for unit in units:
        imported = {
            (line["hs_id"], line["item"])
            for line in ImportLine.objects.filter(report__organisation=unit, report__period_index__gte=since,
                                                  hs__isnull=False).values("hs_id", "item")
        }
        wanted_isic = set(HsIsicLink.objects.filter(hs_id__in=[h for h, _ in imported]).values_list("isic_id",
                                                                                                     flat=True))
        for company in companies:
            if company.pk == unit.pk:
                continue
            reasons, score = [], 0
            made = set(company.products.exclude(hs__isnull=True).values_list("hs_id", flat=True))
            for hs, item in sorted(imported):
                if any(m[:4] == hs[:4] for m in made):
                    reasons.append(f"«{item}» (HS {hs}) را می‌سازد")
                    score += 3
            if company.isic_id and company.isic_id in wanted_isic:
                reasons.append(f"فعالیت {company.isic_id} سازندهٔ اقلام وارداتی این واحد است")
                score += 2
            if score:
                pairs.append(Pair(unit, company, score, reasons))
    pairs.sort(key=lambda p: (-p.score, p.unit.name, p.company.name))
    return pairs[:limit]


def book_meeting(slot: MatchSlot, requester: Organisation, counterpart: Organisation, user, topic: str = ""
                 ) -> MatchMeeting:
    """Book a one-to-one meeting; refused when either side already has a meeting in that slot."""
    if requester.pk == counterpart.pk:
        raise EventError("دو طرف ملاقات باید متفاوت باشند.")
    try:
        with transaction.atomic():
            meeting = MatchMeeting.objects.create(slot=slot, requester=requester, counterpart=counterpart,
                                                  topic=topic, created_by=user if user and user.pk else None,
                                                  status=MatchMeeting.Status.CONFIRMED)
            SlotBooking.objects.create(slot=slot, organisation=requester, meeting=meeting)
            SlotBooking.objects.create(slot=slot, organisation=counterpart, meeting=meeting)
    except IntegrityError as exc:
        busy = [o.name for o in (requester, counterpart)
                if SlotBooking.objects.filter(slot=slot, organisation=o).exists()]
        raise EventError(f"در این نوبت ({slot}) برای {'، '.join(busy) or 'یکی از دو طرف'} ملاقات دیگری ثبت شده است."
                         ) from exc
    return meeting


def cancel_meeting(meeting: MatchMeeting) -> None:
    with transaction.atomic():
        meeting.bookings.all().delete()
        meeting.status = MatchMeeting.Status.CANCELLED
        meeting.save(update_fields=["status", "updated_at"])


def make_slots(stage: TourStage, start: dt.time, end: dt.time, length_minutes: int = 20) -> int:
    created, at = 0, minutes(start)
    while at + length_minutes <= minutes(end):
        _, new = MatchSlot.objects.get_or_create(stage=stage, starts=as_time(at),
                                                 defaults={"ends": as_time(at + length_minutes)})
        created += new
        at += length_minutes
    return created


# ---------------------------------------------------------------- export meetings


def update_lead(lead: Lead, *, status: str, lost_reason: str = "", next_step: str = "") -> Lead:
    if status not in Lead.Status.values:
        raise EventError("وضعیت نامعتبر است.")
    if status == Lead.Status.LOST and not lost_reason.strip():
        raise EventError("برای فرصت ازدست‌رفته، دلیل را بنویسید.")
    lead.status = status
    lead.lost_reason = lost_reason.strip() if status == Lead.Status.LOST else ""
    lead.next_step = next_step.strip()
    lead.save()
    return lead


def export_results(meeting, months: int = 12, suppressed: bool = False) -> dict:
    """Exports to the meeting's country from accepted monthly reports: the province's monthly totals by currency
    (from the live rollup) over the last `months` months, beside the meeting's leads."""
    last = JalaliMonth.today().previous()
    first = last - (months - 1)
    cells = TradeCell.objects.filter(flow="export", country=meeting.country, province_id=meeting.province_id,
                                     period_index__gte=first.index, period_index__lte=last.index)
    by_month = {}
    for row in cells.values("period_index", "currency").annotate(value=Sum("value"), units=Sum("units")):
        if suppressed:
            row = stats.suppress(row, keep=("period_index", "currency"))
        by_month.setdefault(row["period_index"], []).append(row)
    leads = meeting.leads.all()
    deals = leads.filter(status=Lead.Status.DEAL)
    return {
        "months": [(JalaliMonth.from_index(i), by_month.get(i, [])) for i in range(first.index, last.index + 1)],
        "totals": [] if suppressed else list(cells.values("currency").annotate(value=Sum("value"))
                                              .order_by("currency")),
        "lead_counts": {s: leads.filter(status=s).count() for s in Lead.Status.values},
        "deal_value": list(deals.values("currency").annotate(value=Sum("value")).order_by("currency")),
        "zero": Decimal(0),
    }
