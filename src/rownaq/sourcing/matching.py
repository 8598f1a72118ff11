"""The matcher in the application: makers' profiles read from the database, one index per process, kept current.

`ranking/` is pure (no Django). This module turns an Organisation with its Capability and registry Products
into a `MakerProfile` (products count as capabilities: name and HS code; the organisation's ISIC class; the
number of needs it has localized; province and estate), and a sourcing `Need` into the matcher's `Need`.

One `Matcher` per process, built on first use. It is kept current two ways:

* saving or deleting a Capability, a Product or an Organisation (and localizing a need) re-indexes that maker
  when the transaction commits (signals in `apps.py`), so a changed profile is searchable at once in this
  process;
* before every query a cheap signature of the tables (row counts and latest `updated_at`) is compared with the
  one the index was built from, so changes made by another process (another web worker, an import, the admin)
  are picked up by the next query: the makers changed since are re-indexed; a deleted row rebuilds the index.

The HS -> ISIC concordance (registry.concordance) is read once per process.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.db import transaction
from django.db.models import Count, Max, Q, Sum

from rownaq.core.persian import search_key
from rownaq.registry.models import HsCode, Organisation, Product

from .models import PUBLISHED_STATUSES, Capability, ItemKind, Need, Process
from .ranking import profiles
from .ranking.search import Matcher
from .text import APP_KIND_IDS, APP_PROCESS_IDS

MAKER_KINDS = (Organisation.Kind.UNIT, Organisation.Kind.KNOWLEDGE_BASED, Organisation.Kind.ENGINEERING_GROUP)

# A match this good is worth an e-mail and counts as "already made in the province". Chosen on the evaluation
# set (bench/evaluation; 1,200 makers, graded judgements), searching the top 50 makers of each
# need: at >= 25, on the dev split 74% of the pairs above it are makers of the item (grade >= 2) and 84% makers
# or able to take it on (grade >= 1), and they hold 76% of all the good makers; on the held-out test split 75%,
# 87% and 69%. At 20 precision falls to 65%; at 30 recall to about 60%. An e-mail is an interruption: precision
# first; a maker finds the weaker matches on its «needs I could serve» page.
GOOD_MATCH_SCORE = 25.0

# models.Process and models.ItemKind values -> the matcher's ids (one table, in the pure `text` module, so the
# benchmark stores an evaluation set's profiles exactly as the app would); software has no process id.
PROCESS_IDS = {Process(value): pid for value, pid in APP_PROCESS_IDS.items()}
KIND_IDS = {ItemKind(value): kind for value, kind in APP_KIND_IDS.items()}
_LIST_SEPARATORS = re.compile(r"[،,;؛\n]+")
# How far back the incremental refresh looks before the newest change it saw: a row committed a little after
# another process read the signature may carry an earlier updated_at.
_OVERLAP = dt.timedelta(seconds=5)
_COMPACT_AFTER = 500  # single-profile updates before the delta is folded into the index


@cache
def hs_to_isic() -> dict[str, frozenset[str]]:
    from rownaq.registry.concordance import hs2022_to_isic4

    return profiles.isic_by_hs(hs2022_to_isic4())


def code_titles() -> dict[str, str]:
    """ "hs:<code>" / "isic:<code>" -> the registry's Persian title (HS chapters and ISIC sections and divisions
    carry one), for the matcher's reasons: they name the code in Persian, never by its English title."""
    from rownaq.registry.models import IsicCode

    titles = {
        f"hs:{code}": title for code, title in HsCode.objects.exclude(title_fa="").values_list("code", "title_fa")
    }
    titles.update(
        {f"isic:{code}": title for code, title in IsicCode.objects.exclude(title_fa="").values_list("code", "title_fa")}
    )
    return titles


def split_list(text: str) -> list[str]:
    return [part.strip() for part in _LIST_SEPARATORS.split(text or "") if part.strip()]


# ---------------------------------------------------------------- profiles and needs as the matcher sees them


def maker_queryset():
    """Organisations that can make things and say what (a capability profile or registry products)."""
    return (
        Organisation.objects.filter(kind__in=MAKER_KINDS)
        .exclude(status=Organisation.Status.CLOSED)
        .filter(Q(capability__isnull=False) | Q(products__isnull=False))
        .distinct()
    )


def _profile_queryset(ids=None):
    queryset = maker_queryset()
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.select_related("county__province", "capability").prefetch_related(
        "products__hs", "capability__hs_codes"
    )


def _localizations(ids=None) -> dict[int, int]:
    queryset = Need.objects.filter(status=Need.Status.LOCALIZED, maker__isnull=False)
    if ids is not None:
        queryset = queryset.filter(maker__in=list(ids))
    return dict(queryset.values("maker").annotate(n=Count("pk")).values_list("maker", "n"))


def profile_of(organisation: Organisation, localizations: int | None = None) -> profiles.MakerProfile:
    """The matcher's view of one maker: its capability lines, processes, materials, certificates, its registry
    products and capability HS codes (name + code), its ISIC class, past localizations, province and estate."""
    capability = getattr(organisation, "capability", None) if _has_capability(organisation) else None
    lines, processes, materials, certifications = [], [], [], []
    products = [profiles.Product(p.name, p.hs_id or "") for p in organisation.products.all()]
    capacity = [
        profiles.Capacity(float(p.annual_capacity), p.unit, p.name)
        for p in organisation.products.all()
        if p.annual_capacity
    ]
    if capability is not None:
        lines += [line.strip() for line in capability.summary.splitlines() if line.strip()]
        lines += [line.strip() for line in capability.equipment.splitlines() if line.strip()]
        if capability.capacity.strip():
            lines.append(capability.capacity.strip())
        processes = [PROCESS_IDS[p] for p in capability.processes if p in PROCESS_IDS]
        materials = split_list(capability.materials)
        certifications = split_list(capability.certifications)
        known = {p.hs for p in products}
        for code in capability.hs_codes.all():
            if code.code not in known:
                # The code itself says what is made; its English title would put English words into the
                # profile and its reasons, so only a Persian title the registry has is used as the name.
                products.append(profiles.Product(code.title_fa, code.code))
    if localizations is None:
        localizations = _localizations([organisation.pk]).get(organisation.pk, 0)
    return profiles.MakerProfile(
        id=str(organisation.pk),
        name=" ".join(filter(None, [organisation.name, organisation.name_en])),
        province=organisation.county.province.code,
        estate=str(organisation.estate_id or ""),
        lines=tuple(lines),
        processes=tuple(processes),
        materials=tuple(materials),
        certifications=tuple(certifications),
        capacity=tuple(capacity),
        products=tuple(products),
        isic=(organisation.isic_id,) if organisation.isic_id else (),
        localizations=localizations,
    )


def _has_capability(organisation) -> bool:
    try:
        return organisation.capability is not None
    except Capability.DoesNotExist:
        return False


def query_of(need: Need, *, hide_estate: bool = False) -> profiles.Need:
    """The matcher's view of a need. `hide_estate` for an anonymous need shown to makers: no «same estate» reason
    may hint at where the buyer is."""
    unit = need.organisation
    return profiles.Need(
        id=str(need.pk or ""),
        title=need.title,
        description="\n".join(filter(None, [need.description, need.specification])),
        kind=KIND_IDS.get(need.kind, need.kind),
        hs=need.hs_id or "",
        oem=need.oem,
        part_number=need.part_number,
        processes=tuple(PROCESS_IDS[p] for p in need.processes if p in PROCESS_IDS),
        materials=tuple(split_list(need.materials)),
        province=unit.county.province.code,
        estate="" if hide_estate else str(unit.estate_id or ""),
        quantity=float(need.annual_quantity) if need.annual_quantity else None,
        unit=need.unit,
    )


# ---------------------------------------------------------------- the index of this process


def _signature() -> tuple:
    def figures(queryset):
        row = queryset.aggregate(n=Count("pk"), at=Max("updated_at"))
        return row["n"], row["at"]

    return (
        figures(Organisation.objects.all()),
        figures(Capability.objects.all()),
        figures(Product.objects.all()),
        figures(Need.objects.filter(status=Need.Status.LOCALIZED)),
    )


@dataclass
class _Index:
    matcher: Matcher
    signature: tuple
    pending_compaction: int = 0


_lock = threading.RLock()
_index: _Index | None = None
_checked_at = 0.0
# Another process's change is searchable here within this many seconds (this process's own changes at once).
CHECK_EVERY = 0.5


def _build() -> _Index:
    matcher = Matcher(hs_to_isic(), titles=code_titles())
    signature = _signature()
    counts = _localizations()
    organisations = list(_profile_queryset())
    matcher.add_many(profile_of(org, counts.get(org.pk, 0)) for org in organisations)
    return _Index(matcher, signature)


def _refresh(index: _Index, ids) -> None:
    """Re-index these organisations (or drop them when they no longer make anything)."""
    ids = set(ids)
    if not ids:
        return
    counts = _localizations(ids)
    found = {org.pk: org for org in _profile_queryset(ids)}
    for pk in ids:
        org = found.get(pk)
        if org is None:
            index.matcher.remove(str(pk))
        else:
            index.matcher.add(profile_of(org, counts.get(pk, 0)))
        index.pending_compaction += 1
    if index.pending_compaction >= _COMPACT_AFTER:
        index.matcher.compact()
        index.pending_compaction = 0


def _changed_since(old: tuple, new: tuple) -> set[int] | None:
    """Organisations changed between two signatures, or None when only a rebuild is safe (rows were deleted, or
    the clock went back: another database, a rolled-back transaction)."""
    for (old_n, old_at), (new_n, new_at) in zip(old, new):
        if new_n < old_n or (old_at and (new_at is None or new_at < old_at)):
            return None
    (_, org_at), (_, cap_at), (_, product_at), (_, need_at) = old

    def since(at):
        return {"updated_at__gte": at - _OVERLAP} if at else {}

    ids = set(Organisation.objects.filter(**since(org_at)).values_list("pk", flat=True))
    ids |= set(Capability.objects.filter(**since(cap_at)).values_list("organisation_id", flat=True))
    ids |= set(Product.objects.filter(**since(product_at)).values_list("organisation_id", flat=True))
    ids |= set(
        Need.objects.filter(status=Need.Status.LOCALIZED, maker__isnull=False, **since(need_at)).values_list(
            "maker_id", flat=True
        )
    )
    return ids


def index() -> _Index:
    """This process's index, built on first use and brought up to date with the database (at most every
    CHECK_EVERY seconds: a page that asks the matcher many times reads the signature once)."""
    global _index, _checked_at
    with _lock:
        if _index is None:
            _index = _build()
            _checked_at = time.monotonic()
            return _index
        if time.monotonic() - _checked_at < CHECK_EVERY:
            return _index
        _checked_at = time.monotonic()
        signature = _signature()
        if signature != _index.signature:
            changed = _changed_since(_index.signature, signature)
            if changed is None:
                _index = _build()
            else:
                _refresh(_index, changed)
                _index.signature = signature
        return _index


def reset() -> None:
    """Forget the index (the next query builds it again): tests, and after bulk loads."""
    global _index
    with _lock:
        _index = None


def maker_changed(organisation_id: int) -> None:
    """Re-index one maker when the current transaction commits (called by the signals in apps.py)."""
    if _index is None or not organisation_id:
        return  # nothing built yet: the first query reads the database as it is

    def apply():
        with _lock:
            if _index is not None:
                _refresh(_index, [organisation_id])

    transaction.on_commit(apply)


# ---------------------------------------------------------------- queries


@dataclass
class MakerMatch:
    organisation: Organisation
    score: float
    reasons: list[str]
    makes_the_code: bool = False  # lists a product (or capability code) with the item's own HS code

    @property
    def good(self) -> bool:
        return self.score >= GOOD_MATCH_SCORE


@dataclass
class NeedMatch:
    need: Need
    score: float
    reasons: list[str]

    @property
    def good(self) -> bool:
        return self.score >= GOOD_MATCH_SCORE


def _organisations(ids: list[int]) -> dict[int, Organisation]:
    return Organisation.objects.select_related("county__province", "estate").in_bulk(ids)


def _accepts_work(ids) -> set[int]:
    """Makers whose profile says they take no new orders are left out of suggestions."""
    busy = set(
        Capability.objects.filter(organisation__in=ids, accepts_new_work=False).values_list(
            "organisation_id", flat=True
        )
    )
    return set(ids) - busy


def makers_for(need: Need, k: int = 20, *, only_accepting: bool = True, hide_estate: bool = False) -> list[MakerMatch]:
    """The k makers most likely to make the need, best first, with the reasons in Persian; never the buyer.
    `hide_estate` when the reasons go to makers and the buyer is anonymous (the e-mail digest)."""
    current = index()
    with _lock:
        matches = current.matcher.search(query_of(need, hide_estate=hide_estate), k + 10)
    ids = [int(m.maker_id) for m in matches if int(m.maker_id) != need.organisation_id]
    organisations = _organisations(ids)
    allowed = _accepts_work(ids) if only_accepting else set(ids)
    result = [
        MakerMatch(organisations[int(m.maker_id)], m.score, m.reasons)
        for m in matches
        if int(m.maker_id) in organisations and int(m.maker_id) in allowed and int(m.maker_id) != need.organisation_id
    ]
    return result[:k]


# Weaker than this, a «need I could serve» rests on a common word or the province alone: not worth a maker's time.
SERVE_MIN_SCORE = GOOD_MATCH_SCORE / 4


def needs_for_maker(
    organisation: Organisation, k: int = 20, needs=None, min_score: float = SERVE_MIN_SCORE
) -> list[NeedMatch]:
    """The published needs this maker could serve, best first, with the reasons. Anonymous buyers' estates are
    kept out of the query, so no reason can point at them."""
    if needs is None:
        needs = Need.objects.filter(status__in=PUBLISHED_STATUSES)
    needs = list(needs.exclude(organisation=organisation).select_related("organisation__county__province"))
    if not needs:
        return []
    current = index()
    with _lock:
        profile = current.matcher.get(str(organisation.pk))
    if profile is None:
        org = _profile_queryset([organisation.pk]).first() or Organisation.objects.select_related(
            "county__province"
        ).get(pk=organisation.pk)
        profile = profile_of(org)
    by_id = {str(n.pk): n for n in needs}
    queries = [query_of(n, hide_estate=n.visibility == Need.Visibility.ANONYMOUS) for n in needs]
    with _lock:
        matches = current.matcher.needs_for(profile, queries, k)
    return [NeedMatch(by_id[m.need_id], m.score, m.reasons) for m in matches if m.score >= min_score]


def suggest_hs(text: str, k: int = 5) -> list[tuple[HsCode, float]]:
    """HS codes for a need's text, learnt from the makers' products (name and code); best first, score 0..1."""
    if not (text or "").strip():
        return []
    current = index()
    with _lock:
        guesses = current.matcher.suggest_hs(text, k)
    codes = HsCode.objects.in_bulk([code for code, _ in guesses])
    return [(codes[code], score) for code, score in guesses if code in codes]


# ---------------------------------------------------------------- the province's linkage table


@dataclass
class LinkageRow:
    """One imported input of the province's units and the province's own makers that could supply it."""

    item: str
    hs: HsCode | None
    importers: list[Organisation]
    values: dict[str, Decimal]  # currency -> value over the period (monthly reports) or per year (needs)
    sources: set[str]
    makers: list[MakerMatch]

    @property
    def produced_locally(self) -> bool:
        """A maker of the province lists the item's HS code among its products, or matches it well."""
        return any(m.good or m.makes_the_code for m in self.makers)

    @property
    def sources_label(self) -> str:
        labels = {"report": "گزارش ماهانه", "need": "نیاز ثبت‌شده"}
        return "، ".join(labels[s] for s in sorted(self.sources))


def _makers_of_code(hs_id: str | None, ids) -> set[int]:
    if not hs_id or not ids:
        return set()
    return set(
        Product.objects.filter(hs_id=hs_id, organisation__in=ids).values_list("organisation_id", flat=True)
    ) | set(Capability.objects.filter(hs_codes=hs_id, organisation__in=ids).values_list("organisation_id", flat=True))


def linkage_table(province, importers, months: int = 12, makers_per_row: int = 3) -> list[LinkageRow]:
    """Which imported inputs of the province's units (their accepted monthly reports' import lines over the last
    `months` reported months, and their published needs) are already made by units of the same province: the
    «connect the industries with one another» aim. Rows are grouped by HS code (or by the normalised item name when
    there is none); the makers exclude the importers themselves.

    `importers` (a queryset of organisations: the caller's scope) is where every figure comes from, so a row's
    items, values and importers are sums over units the caller may see: a province-wide total beside only some
    importers would give the others' imports away by subtraction. Drafts and unreviewed reports never count."""
    from rownaq.reporting.models import ImportLine, MonthlyReport

    groups: dict[str, dict] = {}

    def group(item: str, hs_id: str | None, hs=None) -> dict:
        key = f"hs:{hs_id}" if hs_id else f"text:{search_key(item)}"
        return groups.setdefault(
            key,
            {
                "item": item,
                "hs_id": hs_id,
                "hs": hs,
                "importers": set(),
                "values": defaultdict(Decimal),
                "sources": set(),
                "titles": [],
            },
        )

    importers = importers.filter(county__province=province)
    lines = ImportLine.objects.filter(report__organisation__in=importers, report__status=MonthlyReport.Status.ACCEPTED)
    latest = lines.aggregate(last=Max("report__period_index"))["last"]
    if latest is not None:
        rows = (
            lines.filter(report__period_index__gt=latest - months)
            .values("item", "hs", "currency", "report__organisation")
            .annotate(value=Sum("value"))
            .order_by("item", "hs", "currency", "report__organisation")
        )
        for row in rows:
            entry = group(row["item"], row["hs"])
            entry["importers"].add(row["report__organisation"])
            entry["values"][row["currency"]] += row["value"] or Decimal(0)
            entry["sources"].add("report")
            entry["titles"].append(row["item"])
    for need in Need.objects.filter(organisation__in=importers, status__in=PUBLISHED_STATUSES):
        entry = group(need.title, need.hs_id)
        entry["importers"].add(need.organisation_id)
        if need.annual_fx_value:
            entry["values"][need.currency] += need.annual_fx_value
        entry["sources"].add("need")
        entry["titles"].append(need.title)
    if not groups:
        return []
    hs_codes = HsCode.objects.in_bulk([g["hs_id"] for g in groups.values() if g["hs_id"]])
    organisations = _organisations(sorted({pk for g in groups.values() for pk in g["importers"]}))
    current = index()
    table = []
    for key, entry in groups.items():
        titles = sorted(set(entry["titles"]), key=lambda t: (-entry["titles"].count(t), t))
        query = profiles.Need(id=key, title=" ".join(titles[:3]), hs=entry["hs_id"] or "", province=province.code)
        with _lock:
            matches = current.matcher.search(
                query, makers_per_row + len(entry["importers"]) + 5, province=province.code
            )
        ids = [int(m.maker_id) for m in matches if int(m.maker_id) not in entry["importers"]]
        makers_by_id = _organisations(ids)
        coded = _makers_of_code(entry["hs_id"], ids)
        makers = [
            MakerMatch(makers_by_id[int(m.maker_id)], m.score, m.reasons, int(m.maker_id) in coded)
            for m in matches
            if int(m.maker_id) in makers_by_id
        ][:makers_per_row]
        table.append(
            LinkageRow(
                item=titles[0],
                hs=hs_codes.get(entry["hs_id"]) if entry["hs_id"] else None,
                importers=sorted(
                    (organisations[pk] for pk in entry["importers"] if pk in organisations), key=lambda o: o.name
                ),
                values=dict(sorted(entry["values"].items())),
                sources=entry["sources"],
                makers=makers,
            )
        )
    table.sort(key=lambda r: (not r.produced_locally, -len(r.importers), -float(sum(r.values.values())), r.item))
    return table
