"""Sourcing operations: listing needs (also straight from a monthly report's imported inputs), the pipeline to
"localized", makers' interest, anonymity, and the foreign-currency ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from rownaq.core import scoping
from rownaq.core.persian import search_key, to_persian_digits
from rownaq.core.uploads import DRAWINGS, check_upload
from rownaq.registry.models import Organisation

from . import matching
from .item_kinds import kind_for_hs
from .models import (
    CLOSED_STATUSES,
    PUBLISHED_STATUSES,
    Capability,
    Interest,
    MatchNotice,
    Need,
    NeedAttachment,
    NeedEvent,
)

Status = Need.Status
MAKER_KINDS = (Organisation.Kind.UNIT, Organisation.Kind.KNOWLEDGE_BASED, Organisation.Kind.ENGINEERING_GROUP)

# The pipeline: each status and the statuses it may move to (withdrawal is possible from any open status).
NEXT = {
    Status.DRAFT: {Status.PUBLISHED},
    Status.PUBLISHED: {Status.INTEREST, Status.SHORTLISTED},
    Status.INTEREST: {Status.SHORTLISTED},
    Status.SHORTLISTED: {Status.SAMPLE, Status.CONTRACT},
    Status.SAMPLE: {Status.TESTED},
    Status.TESTED: {Status.CONTRACT, Status.SAMPLE},
    Status.CONTRACT: {Status.LOCALIZED},
}


class SourcingError(Exception):
    """A step that is not allowed; the message is for the user."""


class NeedConflict(SourcingError):
    def __init__(self):
        super().__init__("این نیاز در این فاصله توسط کاربر دیگری تغییر کرده است؛ صفحه را دوباره باز کنید.")


def _require(condition: bool, message: str = "این کار در حوزهٔ شما نیست.") -> None:
    if not condition:
        raise SourcingError(message)


def _event(need, user, from_status, to_status, note=""):
    NeedEvent.objects.create(
        need=need, actor=user if user and user.pk else None, from_status=from_status, to_status=to_status, note=note
    )


def is_staff_for(user, need: Need) -> bool:
    return scoping.may_edit_unit_place(user, need.organisation)


def is_owner(user, need: Need) -> bool:
    return need.organisation_id in scoping.access_of(user).organisation_ids


def maker_organisations(user):
    """The organisations the user may act for as a maker."""
    access = scoping.access_of(user)
    return Organisation.objects.filter(pk__in=access.organisation_ids, kind__in=MAKER_KINDS)


# ---------------------------------------------------------------- listing


def check_attachment(name: str, data: bytes):
    """The file's kind, or UploadRejected (size, a type that is not a drawing, photo or PDF, a renamed program)."""
    return check_upload(name, data, settings.ATTACHMENT_MAX_BYTES, allowed=DRAWINGS)


def create_need(organisation: Organisation, user, values: dict, files=()) -> Need:
    _require(organisation.kind == Organisation.Kind.UNIT, "نیاز وارداتی را واحد صنعتی ثبت می‌کند.")
    _require(scoping.can(user, scoping.CHANGE, organisation))
    checked = [(name, data, check_attachment(name, data)) for name, data in files]
    with transaction.atomic():
        need = Need.objects.create(organisation=organisation, **values)
        _event(need, user, "", need.status, "ثبت شد")
        for name, data, kind in checked:
            store_attachment(need, user, name, data, kind)
    return need


def store_attachment(need, user, name, data, kind=None) -> NeedAttachment:
    kind = kind or check_attachment(name, data)
    attachment = NeedAttachment(need=need)
    attachment.store(name, data, kind, user)
    return attachment


def update_need(need: Need, user, values: dict, *, expected_version: int | None = None, files=()) -> Need:
    """Change a need's description (not its status: that is `move`). Closed needs stay as they were."""
    _require(is_owner(user, need) or is_staff_for(user, need))
    checked = [(name, data, check_attachment(name, data)) for name, data in files]
    with transaction.atomic():
        locked = Need.objects.select_for_update().get(pk=need.pk)
        if expected_version is not None and expected_version != locked.version:
            raise NeedConflict()
        _require(locked.status not in CLOSED_STATUSES, "نیاز بسته‌شده را نمی‌توان ویرایش کرد.")
        for name, value in values.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save()
        for name, data, kind in checked:
            store_attachment(locked, user, name, data, kind)
    return locked


def attach(need: Need, user, name: str, data: bytes) -> NeedAttachment:
    _require(is_owner(user, need) or is_staff_for(user, need))
    return store_attachment(need, user, name, data)


def import_history(line) -> tuple[list, int]:
    """The same item's import lines in the unit's accepted reports of the 12 months up to the line's month (and
    the line itself): same HS code, or the same item name when there is none. Returns the lines and the number
    of months they come from."""
    from rownaq.reporting.models import ImportLine, MonthlyReport

    report = line.report
    same_item = Q(hs_id=line.hs_id) if line.hs_id else Q(hs__isnull=True)
    history = [
        other
        for other in ImportLine.objects.filter(
            same_item,
            report__organisation=report.organisation,
            report__status=MonthlyReport.Status.ACCEPTED,
            report__period_index__gt=report.period_index - 12,
            report__period_index__lte=report.period_index,
        )
        .exclude(pk=line.pk)
        .select_related("report")
        if line.hs_id or search_key(other.item) == search_key(line.item)
    ]
    lines = [line, *history]
    return lines, len({other.report.period_index for other in lines})


def need_from_import_line(line, user) -> Need:
    """Turn an imported input of a monthly report into a draft need, in one step. The yearly quantity and value
    are what the unit really imported of that item in the last 12 months (its accepted reports), never one
    month multiplied: a mould bought once a year is not twelve moulds. The kind follows the HS code."""
    report = line.report
    existing = Need.objects.filter(source_import_line=line).first()
    if existing is not None:
        return existing
    lines, months = import_history(line)
    same_currency = [other for other in lines if other.currency == line.currency and other.value is not None]
    same_unit = [other for other in lines if other.unit == line.unit and other.quantity is not None]
    first = min(other.report.period for other in lines)
    return create_need(
        report.organisation,
        user,
        {
            "title": line.item,
            "kind": kind_for_hs(line.hs_id),
            "hs": line.hs,
            "hs_confirmed": line.hs is not None,
            "origin_country": line.origin_country,
            "annual_quantity": sum((other.quantity for other in same_unit), Decimal(0)) if same_unit else None,
            "unit": line.unit,
            "annual_fx_value": sum((other.value for other in same_currency), Decimal(0)) if same_currency else None,
            "currency": line.currency,
            "description": (
                f"برگرفته از گزارش ماهانهٔ {report.period.label}: جمع واردات همین قلم در "
                f"{to_persian_digits(months)} ماه گزارش‌شده از {first.label} تا {report.period.label} "
                "(ماه‌های بی‌گزارش شمرده نشده‌اند؛ اگر مصرف سالانه بیشتر است اصلاح کنید)."
            ),
            "source_import_line": line,
        },
    )


# ---------------------------------------------------------------- the pipeline


def move(need: Need, user, to_status: str, *, expected_version: int | None = None, note: str = "", **result) -> Need:
    """Move a need one step along the pipeline. Localization needs the maker, the date, the price and the FX
    saved per year; withdrawal needs a reason."""
    owner, staff = is_owner(user, need), is_staff_for(user, need)
    _require(owner or staff)
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        if expected_version is not None and expected_version != need.version:
            raise NeedConflict()
        current = need.status
        if to_status == Status.WITHDRAWN:
            _require(current not in (Status.LOCALIZED, Status.WITHDRAWN), "این نیاز دیگر باز نیست.")
            reason = result.get("withdraw_reason", "")
            _require(reason in Need.WithdrawReason.values, "دلیل انصراف را انتخاب کنید.")
            need.withdraw_reason, need.withdraw_note = reason, result.get("withdraw_note", "")
        else:
            _require(
                to_status in NEXT.get(current, set()),
                f"از «{need.get_status_display()}» نمی‌توان به «{Status(to_status).label}» رفت.",
            )
            if to_status == Status.PUBLISHED:
                need.published_at = timezone.now()
            if to_status == Status.INTEREST:
                _require(need.interests.exists(), "هنوز سازنده‌ای ابراز تمایل نکرده است.")
            if to_status == Status.LOCALIZED:
                missing = [
                    label
                    for key, label in (
                        ("maker", "سازنده"),
                        ("localized_on", "تاریخ"),
                        ("domestic_price_rial", "قیمت داخلی"),
                        ("fx_saved_per_year", "صرفه‌جویی ارزی سالانه"),
                    )
                    if result.get(key) in (None, "")
                ]
                _require(not missing, "برای ثبت ساخت داخل این موارد لازم است: " + "، ".join(missing) + ".")
                maker = result["maker"]
                _require(
                    maker.kind in MAKER_KINDS and maker.pk != need.organisation_id,
                    "سازندهٔ داخلی باید واحدی جز خود خریدار باشد.",
                )
                _require(result["localized_on"] <= timezone.localdate(), "تاریخ ساخت داخل نمی‌تواند در آینده باشد.")
                _require(
                    Decimal(result["domestic_price_rial"]) >= 0 and Decimal(result["fx_saved_per_year"]) >= 0,
                    "قیمت و صرفه‌جویی ارزی نمی‌توانند منفی باشند.",
                )
                need.maker = maker
                need.localized_on = result["localized_on"]
                need.domestic_price_rial = result["domestic_price_rial"]
                need.fx_saved_per_year = result["fx_saved_per_year"]
        need.status = to_status
        need.version += 1
        need.save()
        _event(need, user, current, to_status, note)
    return need


def express_interest(need: Need, user, maker: Organisation, message: str = "") -> Interest:
    _require(maker in maker_organisations(user), "ابراز تمایل از طرف سازمانی ممکن است که عضو آن هستید.")
    _require(need.status in PUBLISHED_STATUSES, "این نیاز برای ابراز تمایل باز نیست.")
    _require(maker.pk != need.organisation_id, "خریدار نمی‌تواند برای نیاز خود ابراز تمایل کند.")
    with transaction.atomic():
        interest, created = Interest.objects.get_or_create(
            need=need, maker=maker, defaults={"message": message, "created_by": user}
        )
        _require(created, "پیش‌تر برای این نیاز ابراز تمایل کرده‌اید.")
        locked = Need.objects.select_for_update().get(pk=need.pk)
        if locked.status == Status.PUBLISHED:
            locked.status = Status.INTEREST
            locked.version += 1
            locked.save()
            _event(locked, user, Status.PUBLISHED, Status.INTEREST, f"ابراز تمایل {maker}")
        else:  # on the timeline too, though the status stays
            _event(locked, user, locked.status, locked.status, f"ابراز تمایل {maker}")
    owners = [m.user.email for m in need.organisation.memberships.select_related("user") if m.user.email]
    if owners:
        send_mail(
            f"ابراز تمایل برای ساخت «{need.title}»",
            f"یک سازنده برای ساخت «{need.title}» ابراز تمایل کرد. جزئیات در سامانهٔ رونق.\n\nسامانهٔ رونق",
            settings.DEFAULT_FROM_EMAIL,
            owners,
        )
    return interest


def allowed_steps(user, need: Need) -> list[str]:
    """The statuses the user may move the need to now (the detail page's buttons). «Interest» is not one: it comes
    from a maker's expression of interest."""
    if not (is_owner(user, need) or is_staff_for(user, need)):
        return []
    steps = [s for s in NEXT.get(need.status, set()) if s != Status.INTEREST]
    steps.sort(key=Status.values.index)
    if need.status not in CLOSED_STATUSES:
        steps.append(Status.WITHDRAWN)
    return steps


def shortlist(need: Need, user, interest_ids: list[int]) -> Need:
    _require(is_owner(user, need) or is_staff_for(user, need))
    with transaction.atomic():
        _require(need.status in PUBLISHED_STATUSES, "این نیاز برای فهرست کوتاه باز نیست.")
        chosen = need.interests.filter(pk__in=interest_ids)
        _require(chosen.exists(), "دست‌کم یک سازنده را برای فهرست کوتاه انتخاب کنید.")
        names = "، ".join(i.maker.name for i in chosen.select_related("maker"))
        chosen.update(status=Interest.Status.SHORTLISTED)
        if need.status in (Status.PUBLISHED, Status.INTEREST):
            need = move(need, user, Status.SHORTLISTED, note=names)
        else:
            _event(need, user, need.status, need.status, f"افزوده به فهرست کوتاه: {names}")
    return need


# ---------------------------------------------------------------- capabilities


def may_edit_capability(user, organisation: Organisation) -> bool:
    return organisation.kind in MAKER_KINDS and scoping.can(user, scoping.CHANGE, organisation)


def save_capability(organisation: Organisation, user, values: dict, hs_codes=None) -> Capability:
    """Create or change what an organisation says it can make (its members, or staff of its place)."""
    _require(organisation.kind in MAKER_KINDS, "توانمندی ساخت برای واحدها، شرکت‌های دانش‌بنیان و گروه‌های مهندسی است.")
    _require(may_edit_capability(user, organisation))
    with transaction.atomic():
        capability = Capability.objects.select_for_update().filter(organisation=organisation).first()
        capability = capability or Capability(organisation=organisation)
        for name, value in values.items():
            setattr(capability, name, value)
        capability.save()
        if hs_codes is not None:
            capability.hs_codes.set(hs_codes)
            capability.save(update_fields=["updated_at"])  # other processes notice the new codes by this stamp
    return capability


# ---------------------------------------------------------------- anonymity


def marketplace(user):
    """Published needs a registered maker may see (anonymous buyers stay anonymous in how they are shown)."""
    if not maker_organisations(user).exists() and not scoping.access_of(user).is_staff:
        return Need.objects.none()
    return Need.objects.filter(status__in=PUBLISHED_STATUSES).select_related("organisation__county__province", "hs")


def buyer_visible_to(user, need: Need) -> bool:
    """Whether the user may know who the buyer is: always for a public need; for an anonymous one, only those who
    see the need whole (the buyer's members, staff of its place)."""
    return need.visibility == Need.Visibility.PUBLIC or scoping.can(user, scoping.VIEW, need)


ANONYMOUS_BUYER = "ناشناس"


def anonymous_label(need: Need) -> str:
    return f"{ANONYMOUS_BUYER} — واحد صنعتی در استان {need.organisation.county.province.name} (تماس از طریق سازمان)"


def buyer_label(user, need: Need) -> str:
    if buyer_visible_to(user, need):
        return need.organisation.name
    return anonymous_label(need)


def public_buyer_label(need: Need) -> str:
    """How the buyer is named to makers at large (the e-mail digest): its name only when the need is public."""
    return need.organisation.name if need.visibility == Need.Visibility.PUBLIC else anonymous_label(need)


# ---------------------------------------------------------------- the ledger


def ledger(needs) -> dict:
    """FX value of listed needs, of those localized, and the FX saved per year; by estate, sector and item kind."""
    listed = needs.exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
    localized = needs.filter(status=Status.LOCALIZED)

    def by_currency(queryset, field):
        return list(queryset.values("currency").annotate(value=Sum(field), count=Count("pk")).order_by("currency"))

    def grouped(group: str, label: str):
        rows = (
            listed.values(group, "currency")
            .annotate(
                listed=Sum("annual_fx_value"),
                count=Count("pk"),
                saved=Sum("fx_saved_per_year", filter=Q(status=Status.LOCALIZED)),
                localized=Count("pk", filter=Q(status=Status.LOCALIZED)),
            )
            .order_by(group, "currency")
        )
        return [{"key": r[group], "label": label, **r} for r in rows]

    return {
        "listed": by_currency(listed, "annual_fx_value"),
        "localized": by_currency(localized, "annual_fx_value"),
        "saved": by_currency(localized, "fx_saved_per_year"),
        "by_estate": grouped("organisation__estate__name", "شهرک"),
        "by_sector": grouped("organisation__isic__parent__parent__code", "قسمت آیسیک"),
        "by_kind": grouped("kind", "نوع قلم"),
        "counts": {s: needs.filter(status=s).count() for s in Status.values},
    }


def unmet_needs(needs, limit: int = 20, good_score: float | None = None):
    """The open needs with the highest FX value and no maker yet: where domestic capability should be built.
    A need counts as unmet when no maker has shown interest and the matcher's best maker for it scores below
    `good_score` (default: matching.GOOD_MATCH_SCORE). Each need comes with `best_match` (a MakerMatch or None)."""
    threshold = matching.GOOD_MATCH_SCORE if good_score is None else good_score
    open_needs = (
        needs.filter(status__in=[Status.PUBLISHED, Status.INTEREST])
        .annotate(interested=Count("interests"))
        .filter(interested=0)
        .order_by(F("annual_fx_value").desc(nulls_last=True), "pk")
        .select_related("organisation__county__province", "organisation__estate", "hs")
    )
    unmet = []
    for need in open_needs.iterator():
        best = next(iter(matching.makers_for(need, k=1)), None)
        if best is None or best.score < threshold:
            need.best_match = best
            unmet.append(need)
            if len(unmet) >= limit:
                break
    return unmet


def localized_titles_by_maker(organisation) -> list[str]:
    """Items this organisation now makes at home for others (used in press kits)."""
    return list(Need.objects.filter(maker=organisation, status=Status.LOCALIZED).values_list("title", flat=True))


# ---------------------------------------------------------------- the makers' digest


@dataclass
class DigestRun:
    makers: int = 0
    emails: int = 0
    pairs: int = 0


def run_digest(days: int = 30, now=None) -> DigestRun:
    """E-mail each maker that asks for it (capability.notify, members with an address) the needs published in the
    last `days` days that match it well (score >= matching.GOOD_MATCH_SCORE), each pair once (MatchNotice). An
    anonymous buyer stays anonymous: no name, and no reason that names its estate."""
    now = now or timezone.now()
    needs = (
        Need.objects.filter(status__in=PUBLISHED_STATUSES, published_at__gte=now - timedelta(days=days))
        .select_related("organisation__county__province", "hs")
        .order_by("published_at", "pk")
    )
    found: dict[int, list] = {}
    for need in needs:
        anonymous = need.visibility == Need.Visibility.ANONYMOUS
        for match in matching.makers_for(need, k=50, hide_estate=anonymous):
            if match.good:
                found.setdefault(match.organisation.pk, []).append((need, match))
    run = DigestRun()
    if not found:
        return run
    told = set(MatchNotice.objects.filter(maker__in=found).values_list("need_id", "maker_id"))
    interested = set(Interest.objects.filter(maker__in=found).values_list("need_id", "maker_id"))
    wanting = set(
        Capability.objects.filter(organisation__in=found, notify=True).values_list("organisation_id", flat=True)
    )
    for maker_id, pairs in found.items():
        pairs = [(n, m) for n, m in pairs if (n.pk, maker_id) not in told | interested]
        if maker_id not in wanting or not pairs:
            continue
        maker = pairs[0][1].organisation
        addresses = sorted(
            {m.user.email for m in maker.memberships.select_related("user") if m.user.email and m.user.is_active}
        )
        if not addresses:
            continue
        send_mail(
            f"نیازهای تازهٔ ساخت داخل برای «{maker.name}»",
            _digest_body(maker, pairs),
            settings.DEFAULT_FROM_EMAIL,
            addresses,
        )
        MatchNotice.objects.bulk_create(
            [MatchNotice(need=n, maker=maker, score=m.score) for n, m in pairs], ignore_conflicts=True
        )
        run.makers += 1
        run.emails += 1
        run.pairs += len(pairs)
    return run


def _digest_body(maker, pairs) -> str:
    from rownaq.core.persian import to_persian_digits

    from .templatetags.sourcing_extras import quantity

    lines = [f"با سلام؛ این نیازهای وارداتیِ تازه با توانمندی ساخت «{maker.name}» می‌خوانند:", ""]
    for need, match in pairs:
        lines.append(f"• {need.title} — {need.get_kind_display()}")
        if need.hs_id:
            lines.append(f"  کد تعرفه: {to_persian_digits(need.hs_id)}")
        if need.annual_quantity:
            lines.append(f"  مقدار سالانه: {quantity(need.annual_quantity)} {need.get_unit_display()}")
        lines.append(f"  خریدار: {public_buyer_label(need)}")
        if match.reasons:
            lines.append("  چرا شما: " + "؛ ".join(match.reasons[:3]))
        lines.append(f"  مشاهده و ابراز تمایل: /sourcing/market/{need.pk}/")
        lines.append("")
    lines += ["اگر نمی‌خواهید این نامه‌ها را بگیرید، در نمایهٔ توانمندی ساخت «خبرم کنید» را بردارید.", "", "سامانهٔ رونق"]
    return "\n".join(lines)
