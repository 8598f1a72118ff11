"""Reference codes: loading ISIC Rev.4, HS 2022 and the HS -> ISIC concordance, and asking which industries make
a product and which products an industry makes. The reading and the chain live in `concordance` (no Django)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from rownaq.core.persian import to_latin_digits

from . import concordance
from .models import HsCode, HsIsicLink, IsicCode

CODE_FIELDS = ["level", "parent", "section", "title_en"]
STALE_DELETE_BATCH = 500  # keeps "id IN (...)" under SQLite's bound-parameter limit


def _upsert(model, objects: list, update_fields: list[str]) -> None:
    if objects:
        model.objects.bulk_create(
            objects, update_conflicts=True, unique_fields=["code"], update_fields=update_fields, batch_size=1000
        )


def _upsert_codes(model, records: list[concordance.CodeRecord], titles_fa: dict[str, str]) -> None:
    """Insert or update every code, parents first. title_fa is written only where the project supplies one, so
    a Persian title entered in the admin for any other code survives a reload."""
    with_title, without_title = [], []
    for record in records:
        values = dict(
            code=record.code,
            level=record.level,
            parent_id=record.parent,
            section=record.section,
            title_en=record.title_en,
        )
        if record.code in titles_fa:
            with_title.append(model(**values, title_fa=titles_fa[record.code]))
        else:
            without_title.append(model(**values))
    _upsert(model, with_title, CODE_FIELDS + ["title_fa"])
    _upsert(model, without_title, CODE_FIELDS)


def _replace_links(links: dict[str, list[concordance.IsicLink]], hs_codes: set[str], isic_codes: set[str]) -> None:
    """Upsert the concordance's links and delete the ones it no longer gives, keeping ids of unchanged links."""
    wanted = {
        (hs, link.isic): link
        for hs, hs_links in links.items()
        if hs in hs_codes
        for link in hs_links
        if link.isic in isic_codes
    }
    HsIsicLink.objects.bulk_create(
        [
            HsIsicLink(hs_id=hs, isic_id=isic, partial=link.partial, via=link.via[:100])
            for (hs, isic), link in wanted.items()
        ],
        update_conflicts=True,
        unique_fields=["hs", "isic"],
        update_fields=["partial", "via"],
        batch_size=2000,
    )
    stale = [
        pk for pk, hs, isic in HsIsicLink.objects.values_list("pk", "hs_id", "isic_id") if (hs, isic) not in wanted
    ]
    for start in range(0, len(stale), STALE_DELETE_BATCH):
        HsIsicLink.objects.filter(pk__in=stale[start : start + STALE_DELETE_BATCH]).delete()


@transaction.atomic
def load_reference_codes(data_dir: Path | str | None = None) -> dict[str, int]:
    """Create or update ISIC Rev.4 codes, HS 2022 codes and the HS -> ISIC links from `registry/data/`
    (or `data_dir`, laid out the same way); safe to run again.

    Codes are never deleted (products point at them); links are replaced by what the concordance gives now.
    Returns how many codes of each level and how many links the database holds for the files' codes.
    """
    isic_records = concordance.read_isic4_structure(data_dir)
    hs_records = concordance.read_hs2022_structure(data_dir)
    _upsert_codes(IsicCode, isic_records, concordance.read_isic4_titles_fa(data_dir))
    _upsert_codes(HsCode, hs_records, concordance.read_hs_chapter_titles_fa(data_dir))
    links = concordance.hs2022_to_isic4(data_dir)
    _replace_links(links, {r.code for r in hs_records if r.level == 6}, {r.code for r in isic_records})

    isic_levels = {level: sum(r.level == level for r in isic_records) for level in (1, 2, 3, 4)}
    hs_levels = {level: sum(r.level == level for r in hs_records) for level in (2, 4, 6)}
    return {
        "isic_sections": isic_levels[1],
        "isic_divisions": isic_levels[2],
        "isic_groups": isic_levels[3],
        "isic_classes": isic_levels[4],
        "hs_chapters": hs_levels[2],
        "hs_headings": hs_levels[4],
        "hs_subheadings": hs_levels[6],
        "links": HsIsicLink.objects.count(),
        "partial_links": HsIsicLink.objects.filter(partial=True).count(),
        "linked_subheadings": HsIsicLink.objects.values("hs").distinct().count(),
    }


# ---------------------------------------------------------------- queries


def normalise_code(code: object) -> str:
    """A code as typed by a person ("8480.71", "۸۴۸۰ ۷۱", "c") in the form it is stored ("848071", "C")."""
    text = to_latin_digits(str(code or "")).strip().upper()
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def isic_classes_for_hs(code: str) -> QuerySet[IsicCode]:
    """ISIC Rev.4 classes that make an HS 2022 subheading (6 digits), or any subheading of a heading (4) or
    chapter (2). Each class carries `subheadings` (how many of the code's subheadings it makes) and
    `complete_subheadings` (how many of those it makes wholly, not in part)."""
    code = normalise_code(code)
    if not code.isdigit() or len(code) not in (2, 4, 6):
        return IsicCode.objects.none()
    made = Q(hs_links__hs_id=code) if len(code) == 6 else Q(hs_links__hs__code__startswith=code)
    # filter() before annotate(): the counts cover only the links that matched.
    return (
        IsicCode.objects.filter(made)
        .annotate(
            subheadings=Count("hs_links", distinct=True),
            complete_subheadings=Count("hs_links", filter=Q(hs_links__partial=False), distinct=True),
        )
        .order_by("code")
    )


def hs_codes_for_isic(code: str) -> QuerySet[HsCode]:
    """HS 2022 subheadings made by an ISIC Rev.4 class (4 digits), or by any class of a group (3), division (2)
    or section (letter). Each subheading carries `classes` and `complete_classes` (classes making all of it)."""
    code = normalise_code(code)
    if code.isalpha() and len(code) == 1:
        made = Q(isic_links__isic__section=code)
    elif code.isdigit() and len(code) == 4:
        made = Q(isic_links__isic_id=code)
    elif code.isdigit() and len(code) in (2, 3):
        made = Q(isic_links__isic__code__startswith=code)
    else:
        return HsCode.objects.none()
    return (
        HsCode.objects.filter(made)
        .annotate(
            classes=Count("isic_links", distinct=True),
            complete_classes=Count("isic_links", filter=Q(isic_links__partial=False), distinct=True),
        )
        .order_by("code")
    )
