"""Tours and export meetings: planning a stage's itinerary, invitations and RSVP, attendance, the press kit,
matchmaking slots without double-booking, and export leads followed up to a deal or a loss."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from rownaq.core import scoping
from rownaq.core.jalali import JalaliMonth, format_jalali_date
from rownaq.core.persian import to_persian_digits
from rownaq.notify.models import Kind
from rownaq.notify.services import members_of, notify
from rownaq.places.models import Province
from rownaq.registry import invitations as membership_invitations
from rownaq.registry.models import HsIsicLink, Organisation
from rownaq.reporting import indicators, publication, stats
from rownaq.reporting.models import ExportLine, ImportLine, MonthlyReport, TradeCell

from . import itinerary
from .models import (
    Coverage,
    FactSheetConsent,
    Invitation,
    Lead,
    MatchMeeting,
    MatchSlot,
    SlotBooking,
    TourStage,
    Visit,
)

# Organisations that come to a stage to meet the visited units (the matchmaking's other side).
COMPANY_KINDS = (Organisation.Kind.KNOWLEDGE_BASED, Organisation.Kind.ENGINEERING_GROUP, Organisation.Kind.UNIT)


class EventError(Exception):
    """A step that is not allowed; the message is for the user."""


# ---------------------------------------------------------------- who may do what
# Scope itself is core.scoping's; these name the event-specific questions asked of it.


def organiser_provinces(user):
    """Provinces where the user may organise tours and export meetings: staff with edit rights on the province."""
    return Province.objects.filter(scoping.places_q(user, province="pk"))


def may_organise(user, obj) -> bool:
    """A tour, stage or export meeting is organised by the staff who may change it (its province's editors)."""
    return scoping.can(user, scoping.CHANGE, obj)


def visible_stages(user):
    """Stages the user may see: by scope (staff, invited organisations, visited units), or invited in person."""
    scoped = scoping.restrict(TourStage.objects.all(), user)
    if not getattr(user, "is_authenticated", False):
        return scoped
    return TourStage.objects.filter(Q(pk__in=scoped.values("pk")) | Q(invitations__user=user)).distinct()


def invitations_for(user):
    """Invitations the user may see: by scope (organisers, the invited organisation's members), or their own."""
    scoped = scoping.restrict(Invitation.objects.all(), user)
    if not getattr(user, "is_authenticated", False):
        return scoped
    return Invitation.objects.filter(Q(pk__in=scoped.values("pk")) | Q(user=user)).distinct()


def may_answer(user, invitation: Invitation) -> bool:
    return bool(
        user.is_authenticated and (invitation.user_id == user.pk or scoping.can(user, scoping.CHANGE, invitation))
    )


def sees_province_figures(user, province_id: int) -> bool:
    """Only the province's own staff see export values unsuppressed."""
    return scoping.covers(user, province_id, action=scoping.VIEW)


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
        itinerary.Stop(
            v.pk, v.organisation.name, *_location(v, stage), v.duration_minutes, minutes(v.opens), minutes(v.closes)
        )
        for v in visits
    ]
    pinned = {v.pk: v.pinned_position for v in visits if v.pinned_position}
    plan = itinerary.plan_stage(
        (float(stage.meeting_latitude), float(stage.meeting_longitude)),
        minutes(stage.start_time),
        minutes(stage.end_time),
        stops,
        stage.speed_kmh,
        pinned,
        time_limit_s=settings.ITINERARY_TIME_LIMIT_S,
    )
    with transaction.atomic():
        if plan.feasible:
            for position, key in enumerate(plan.order, start=1):
                Visit.objects.filter(pk=key).update(
                    position=position, arrival=as_time(plan.arrivals[key]), departure=as_time(plan.departures[key])
                )
        else:
            stage.visits.update(position=None, arrival=None, departure=None)
        stage.planned_at = timezone.now()
        stage.plan_problems = list(plan.problems)
        stage.save(update_fields=["planned_at", "plan_problems", "updated_at"])
    return plan


def clear_plan(stage: TourStage) -> None:
    """A change to the visits makes the stored schedule stale: forget it until the organiser plans again."""
    with transaction.atomic():
        stage.visits.update(position=None, arrival=None, departure=None)
        if stage.planned_at or stage.plan_problems:
            stage.planned_at = None
            stage.plan_problems = []
            stage.save(update_fields=["planned_at", "plan_problems", "updated_at"])


# A stage's schedule is stale once its visits or the stage itself change: every such change goes through these, so
# the stored times never outlive what they were planned for. `form` is a bound model form or a serializer.


def save_stage(form, *, schedule_stale: bool = True) -> TourStage:
    """Save a stage from its form and, if the change makes its schedule stale, forget the schedule."""
    with transaction.atomic():
        stage = form.save()
        if schedule_stale:
            clear_plan(stage)
    return stage


def save_visit(form) -> Visit:
    """Save a visit (new or changed) from its form and forget its stage's schedule."""
    with transaction.atomic():
        visit = form.save()
        clear_plan(visit.stage)
    return visit


def delete_visit(visit: Visit) -> None:
    """Remove a visit from its stage and forget the stage's schedule."""
    with transaction.atomic():
        visit.delete()
        clear_plan(visit.stage)


def next_stage_number(tour) -> int:
    return (tour.stages.order_by("-number").values_list("number", flat=True).first() or 0) + 1


def estate_units(stage: TourStage):
    """Units of the stage's estate or complex, the ones a stage may visit."""
    return Organisation.objects.filter(estate=stage.estate_id, kind=Organisation.Kind.UNIT).order_by("name")


# ---------------------------------------------------------------- invitations


def _mail(to: list[str], subject: str, body: str) -> None:
    if to:
        send_mail(subject, body + "\n\nسامانهٔ رونق", settings.DEFAULT_FROM_EMAIL, to)


def invitation_text(invitation: Invitation, base_url: str) -> tuple[str, str]:
    stage = invitation.stage
    subject = f"دعوت به {stage}"
    body = (
        f"{invitation.name} گرامی،\nاز شما برای شرکت در «{stage}» در {stage.estate}، روز "
        f"{format_jalali_date(stage.date)} ساعت {to_persian_digits(f'{stage.start_time:%H:%M}')} "
        f"در {stage.meeting_point} دعوت می‌شود.\nلطفاً حضور یا عدم حضور خود را از این پیوند اعلام کنید:\n"
        f"{base_url.rstrip('/')}{invitation.rsvp_url()}"
    )
    return subject, body


def invite(
    stage: TourStage,
    *,
    role: str,
    name: str,
    email: str = "",
    organisation=None,
    user=None,
    base_url: str = "",
    mobile: str = "",
    invited_by=None,
) -> Invitation:
    """Invite to a stage. A person without an account, named with their organisation (a journalist and their
    outlet) and a mobile, is also invited to join the organisation; when they do, this invitation becomes theirs."""
    with transaction.atomic():
        invitation = Invitation.objects.create(
            stage=stage,
            role=role,
            name=name,
            email=email or (user.email if user else ""),
            organisation=organisation,
            user=user,
        )
        if mobile and user is None:
            if organisation is None or not invitation.email:
                raise EventError("برای دعوت به عضویت، سازمان و رایانامهٔ مدعو لازم است.")
            try:
                membership_invitations.invite(
                    organisation, invited_by, name=name, mobile=mobile, email=invitation.email, base_url=base_url
                )
            except membership_invitations.InvitationError as exc:
                raise EventError(str(exc)) from exc
        notify(
            [user] if user else members_of(organisation),
            Kind.TOUR_INVITATION,
            f"دعوت به {stage}",
            f"{format_jalali_date(stage.date)}، {stage.meeting_point}",
            reverse("events:mine"),
            organisation,
            emailed_already={invitation.email},
        )
    _mail([invitation.email] if invitation.email else [], *invitation_text(invitation, base_url))
    return invitation


def link_tour_invitations(sender, invitation, user, **kwargs) -> int:
    """A new member's tour invitations: those to their organisation under their e-mail, not yet anyone's."""
    return Invitation.objects.filter(
        organisation=invitation.organisation, user__isnull=True, email__iexact=invitation.email
    ).update(user=user)


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
    pending = (
        Invitation.objects.filter(
            rsvp=Invitation.Rsvp.PENDING,
            reminded_at__isnull=True,
            stage__date__gte=today,
            stage__date__lte=today + dt.timedelta(days=days_before),
        )
        .exclude(email="")
        .select_related("stage")
    )
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


def coverage_outlets(user, stage: TourStage):
    """Media outlets the user may add coverage for: any outlet for the stage's organisers, else their own."""
    outlets = Organisation.objects.filter(kind=Organisation.Kind.MEDIA).order_by("name")
    if may_organise(user, stage):
        return scoping.restrict(outlets, user)
    return outlets.filter(pk__in=scoping.access_of(user).organisation_ids)


def add_coverage(stage: TourStage, *, outlet: Organisation, title: str, url: str, published_on: dt.date) -> Coverage:
    if published_on < stage.date:
        raise EventError("تاریخ انتشار نمی‌تواند پیش از روز بازدید باشد.")
    return Coverage.objects.create(stage=stage, outlet=outlet, title=title, url=url, published_on=published_on)


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
    latest = (
        MonthlyReport.objects.filter(organisation=organisation, status=MonthlyReport.Status.ACCEPTED)
        .order_by("-period_index")
        .first()
    )
    countries = []
    if consent.exports:
        since = JalaliMonth.today().index - 12
        countries = sorted(
            set(
                ExportLine.objects.filter(
                    report__organisation=organisation,
                    report__status=MonthlyReport.Status.ACCEPTED,
                    report__period_index__gte=since,
                ).values_list("country", flat=True)
            )
        )
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
    # Importing an app's models before it is installed raises RuntimeError, not ImportError: ask first.
    if not apps.is_installed("rownaq.sourcing"):
        return []
    try:
        from rownaq.sourcing.services import localized_titles_by_maker
    except ImportError:
        return []
    return localized_titles_by_maker(organisation)


def press_kit_context(stage: TourStage) -> dict:
    from rownaq.reporting import areas

    area = areas.Area("estate", stage.estate)
    month = areas.published_month(area)
    estate_stats = areas.build(area, month, "", suppressed=True) if month else None
    visits = list(stage.visits.select_related("organisation__estate").order_by("position", "id"))
    return {
        "stage": stage,
        "visits": visits,
        "sheets": [fact_sheet(v.organisation) for v in visits],
        "estate_stats": estate_stats,
        "month": month,
        "generated": timezone.now(),
    }


def _private_folder(path: Path) -> Path:
    """`path`, created if missing, owned by this process's user and closed to everyone else; a folder someone else
    owns (or could write to and we cannot close) is never trusted."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.stat()
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise ImproperlyConfigured(f"PDF_FONT_DIR ({path}) belongs to another user; give the app a folder of its own.")
    if info.st_mode & 0o077:
        path.chmod(0o700)
    return path


def _pdf_fonts() -> Path:
    """A folder with Vazirmatn as TrueType and a vazirmatn.css naming those files.

    WeasyPrint decompresses WOFF2 in pure Python on every PDF (over a second per weight); the vendored fonts are
    decompressed once instead, into a folder keyed by their content inside the app's own PDF_FONT_DIR (never a
    predictable folder of the shared temporary directory, where anyone could plant files first)."""
    from django.contrib.staticfiles import finders

    source = Path(finders.find("vendor/vazirmatn/vazirmatn.css")).parent
    css = (source / "vazirmatn.css").read_text(encoding="utf-8")
    woff2 = sorted((source / "fonts").glob("*.woff2"))
    digest = hashlib.sha256(css.encode() + b"".join(f.read_bytes() for f in woff2)).hexdigest()[:16]
    target = _private_folder(Path(settings.PDF_FONT_DIR)) / digest
    stylesheet = target / "vazirmatn.css"
    if stylesheet.exists():
        return target
    from fontTools.ttLib import TTFont

    (target / "fonts").mkdir(mode=0o700, parents=True, exist_ok=True)
    for font_file in woff2:
        font = TTFont(font_file)
        font.flavor = None
        partial = target / "fonts" / f"{font_file.stem}.{os.getpid()}.tmp"
        font.save(partial)
        os.replace(partial, target / "fonts" / f"{font_file.stem}.ttf")
    partial = target / f"vazirmatn.{os.getpid()}.tmp"
    partial.write_text(css.replace(".woff2", ".ttf").replace('format("woff2")', 'format("truetype")'), encoding="utf-8")
    os.replace(partial, stylesheet)
    return target


def pdf_url_fetcher(folder: Path):
    """A WeasyPrint fetcher that reads files inside `folder` and nothing else: no other file, no network."""
    from urllib.parse import unquote, urlsplit
    from urllib.request import url2pathname

    from weasyprint.urls import URLFetcher

    root = folder.resolve()

    class FolderFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = Path(url2pathname(unquote(parts.path))).resolve() if parts.scheme == "file" else None
            if path is None or parts.netloc not in ("", "localhost") or not path.is_relative_to(root):
                raise ValueError(f"the press kit reads only its own fonts, not {url}")
            return super().fetch(url, headers)

    return FolderFetcher(allowed_protocols={"file"}, allow_redirects=False)


def press_kit_pdf(stage: TourStage) -> bytes:
    return press_kit_pdf_from_html(render_to_string("events/press_kit.html", press_kit_context(stage)))


def press_kit_pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML

    fonts = _pdf_fonts()
    # Relative links in the template (the font's stylesheet) resolve against the prepared font folder.
    return HTML(string=html, base_url=fonts.as_uri() + "/", url_fetcher=pdf_url_fetcher(fonts)).write_pdf()


# ---------------------------------------------------------------- matchmaking


@dataclass
class Pair:
    unit: Organisation
    company: Organisation
    score: int
    reasons: list[str]


def stage_parties(stage: TourStage) -> tuple[list[Organisation], list[Organisation]]:
    """The two sides of the stage's matchmaking: the visited units, and the invited companies (not visited)."""
    units = [v.organisation for v in stage.visits.select_related("organisation").order_by("organisation__name")]
    visited = {u.pk for u in units}
    companies, seen = [], set()
    for invitation in stage.invitations.select_related("organisation").order_by("organisation__name"):
        company = invitation.organisation
        if company and company.kind in COMPANY_KINDS and company.pk not in visited and company.pk not in seen:
            companies.append(company)
            seen.add(company.pk)
    return units, companies


def bookable_parties(user, stage: TourStage) -> list[Organisation]:
    """The parties the user may book for: all of them for the stage's organisers, else their own organisations."""
    units, companies = stage_parties(stage)
    if may_organise(user, stage):
        return units + companies
    own = scoping.access_of(user).organisation_ids
    return [o for o in units + companies if o.pk in own]


def book_for(
    user, slot: MatchSlot, requester: Organisation, counterpart: Organisation, topic: str = ""
) -> MatchMeeting:
    """Book a meeting on behalf of one side: a visited unit meets an invited company, never two of a kind."""
    units, companies = stage_parties(slot.stage)
    if requester.pk not in {o.pk for o in bookable_parties(user, slot.stage)}:
        raise EventError("شما نمی‌توانید از طرف این سازمان نوبت بگیرید.")
    unit_ids, company_ids = {u.pk for u in units}, {c.pk for c in companies}
    pair = {requester.pk, counterpart.pk}
    if not (pair & unit_ids and pair & company_ids) or requester.pk == counterpart.pk:
        raise EventError("ملاقات دونفره میان یک واحد بازدیدشونده و یک شرکت دعوت‌شده برگزار می‌شود.")
    return book_meeting(slot, requester, counterpart, user, topic)


def suggest_pairs(stage: TourStage, user, limit: int = 30) -> list[Pair]:
    """Visited units' imported inputs (HS codes of their accepted monthly reports' import lines) against the invited
    companies' products, directly (same HS heading) or through the ISIC classes that make them.

    The stage's organisers see every pair, with the items as the units named them. Anyone else sees only the pairs
    of their own organisations, and a unit's imports count there only when the unit consented to it
    (FactSheetConsent.imported_inputs), and then as HS codes, never the unit's own words."""
    units, companies = stage_parties(stage)
    organiser = may_organise(user, stage)
    own = scoping.access_of(user).organisation_ids
    if not organiser:
        consenting = set(
            FactSheetConsent.objects.filter(organisation__in=units, imported_inputs=True).values_list(
                "organisation_id", flat=True
            )
        )
        units = [u for u in units if u.pk in consenting]
    since = JalaliMonth.today().index - 12
    pairs = []
    for unit in units:
        lines = ImportLine.objects.filter(
            report__organisation=unit,
            report__status=MonthlyReport.Status.ACCEPTED,
            report__period_index__gte=since,
            hs__isnull=False,
        )
        imported = {(line["hs_id"], line["item"] if organiser else "") for line in lines.values("hs_id", "item")}
        wanted_isic = set(
            HsIsicLink.objects.filter(hs_id__in=[h for h, _ in imported]).values_list("isic_id", flat=True)
        )
        for company in companies:
            if company.pk == unit.pk or not (organiser or {unit.pk, company.pk} & own):
                continue
            reasons, score = [], 0
            made = set(company.products.exclude(hs__isnull=True).values_list("hs_id", flat=True))
            for hs, item in sorted(imported):
                if any(m[:4] == hs[:4] for m in made):
                    reasons.append(
                        f"«{item}» (HS {to_persian_digits(hs)}) را می‌سازد"
                        if item
                        else f"کالایی هم‌ردهٔ قلم وارداتی این واحد (HS {to_persian_digits(hs)}) را می‌سازد"
                    )
                    score += 3
            if company.isic_id and company.isic_id in wanted_isic:
                reasons.append(f"فعالیت {to_persian_digits(company.isic_id)} سازندهٔ اقلام وارداتی این واحد است")
                score += 2
            if score:
                pairs.append(Pair(unit, company, score, reasons))
    pairs.sort(key=lambda p: (-p.score, p.unit.name, p.company.name))
    return pairs[:limit]


def book_meeting(
    slot: MatchSlot, requester: Organisation, counterpart: Organisation, user, topic: str = ""
) -> MatchMeeting:
    """Book a one-to-one meeting; refused when either side already has a meeting in that slot."""
    if requester.pk == counterpart.pk:
        raise EventError("دو طرف ملاقات باید متفاوت باشند.")
    try:
        with transaction.atomic():
            meeting = MatchMeeting.objects.create(
                slot=slot,
                requester=requester,
                counterpart=counterpart,
                topic=topic,
                created_by=user if user and user.pk else None,
                status=MatchMeeting.Status.CONFIRMED,
            )
            SlotBooking.objects.create(slot=slot, organisation=requester, meeting=meeting)
            SlotBooking.objects.create(slot=slot, organisation=counterpart, meeting=meeting)
    except IntegrityError as exc:
        busy = [
            o.name for o in (requester, counterpart) if SlotBooking.objects.filter(slot=slot, organisation=o).exists()
        ]
        raise EventError(
            f"در این نوبت ({slot}) برای {'، '.join(busy) or 'یکی از دو طرف'} ملاقات دیگری ثبت شده است."
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
        _, new = MatchSlot.objects.get_or_create(
            stage=stage, starts=as_time(at), defaults={"ends": as_time(at + length_minutes)}
        )
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
    cells = TradeCell.objects.filter(
        flow="export",
        country=meeting.country,
        hs_chapter=stats.ANY,
        province_id=meeting.province_id,
        period_index__gte=first.index,
        period_index__lte=last.index,
    )
    rows = list(
        cells.values("period_index", "currency")
        .annotate(value=Sum("value"), units=Sum("units"))
        .order_by("period_index", "currency")
    )
    hidden = publication.hidden_cells("trade", sorted({row["period_index"] for row in rows})) if suppressed else {}
    province = publication.place_node("province", meeting.province_id)
    by_month = {}
    for row in rows:
        if suppressed:
            key = publication.trade_key(
                "export", row["currency"], province, publication.TOTAL_DIVISION, "country", meeting.country
            )
            row = indicators.hide(row, hidden[row["period_index"]].get(key), keep=("period_index", "currency"))
        by_month.setdefault(row["period_index"], []).append(row)
    leads = meeting.leads.all()
    deals = leads.filter(status=Lead.Status.DEAL)
    return {
        "months": [(JalaliMonth.from_index(i), by_month.get(i, [])) for i in range(first.index, last.index + 1)],
        "totals": []
        if suppressed
        else list(cells.values("currency").annotate(value=Sum("value")).order_by("currency")),
        "lead_counts": {s: leads.filter(status=s).count() for s in Lead.Status.values},
        "deal_value": list(deals.values("currency").annotate(value=Sum("value")).order_by("currency")),
        "zero": Decimal(0),
    }
