"""Reference classifications and the HS 2022 -> ISIC Rev.4 concordance, read from the CSV files in
`registry/data/` (sources in `data/classification/SOURCES.md`). Pure Python: no Django here, so the chain can
be tested fast and reused by the loader (`registry.reference`).

No published table maps HS 2022 products straight to ISIC Rev.4 industries, so the chain is built from four
official ones:

    HS 2022 (6 digits) -> HS 2007 (6 digits)        WCO/UN correlation, relationship 1:1, n:1, 1:n or n:n
    HS 2007 (6 digits) -> ISIC Rev.3 class          World Bank WITS, exactly one class per product
    ISIC Rev.3 class   -> ISIC Rev.3.1 class        UN table for Rev.3.1 -> Rev.3, read backwards
    ISIC Rev.3.1 class -> ISIC Rev.4 class          UN table for Rev.4 -> Rev.3.1, read backwards

All codes are kept as zero-padded strings ("0111", "010121"): ISIC agriculture and mining classes and HS
chapters 01-09 start with a zero that a number would lose.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

HS2022_STRUCTURE = "classification/hs2022.csv"
HS2022_SECTIONS = "classification/hs2022-sections.csv"
ISIC4_STRUCTURE = "classification/isic4-structure.csv"
HS2022_TO_HS2007 = "classification/hs2022-to-hs2007.csv"
HS2007_TO_ISIC3 = "classification/hs2007-to-isic3.csv"
ISIC31_TO_ISIC3 = "classification/isic31-to-isic3.csv"
ISIC4_TO_ISIC31 = "classification/isic4-to-isic31.csv"
ISIC4_TITLES_FA = "isic4-fa.csv"
HS_CHAPTER_TITLES_FA = "hs-chapters-fa.csv"
HS_SECTION_TITLES_FA = "hs-sections-fa.csv"

# In the HS 2022 -> HS 2007 table, these relationships mean the HS 2022 code is split over several HS 2007 codes.
SPLITTING_HS_RELATIONSHIPS = frozenset({"1:n", "n:n"})
ROMAN_NUMERALS = frozenset("IVXLCDM")
MANUFACTURING_DIVISIONS = frozenset(f"{division:02d}" for division in range(10, 34))
# Rev.4 moved repair and installation out of the making industries into divisions of their own; reached by the
# chain through a split Rev.3.1 class, they would offer repair shops as makers of every machine.
REPAIR_AND_INSTALLATION_DIVISIONS = frozenset({"33", "95"})


@dataclass(frozen=True)
class CodeRecord:
    """One code of a hierarchical classification, ready to store."""

    code: str
    level: int
    parent: str | None
    section: str
    title_en: str


@dataclass(frozen=True)
class IsicLink:
    """An ISIC Rev.4 class that makes (all or part of) an HS 2022 subheading."""

    isic: str
    partial: bool
    via: str


@dataclass(frozen=True)
class _Hop:
    target: str
    partial: bool


def _path(data_dir: Path | str | None, relative: str) -> Path:
    return Path(data_dir or DATA_DIR) / relative


def _read_dicts(path: Path, encoding: str = "utf-8-sig") -> Iterator[dict[str, str]]:
    # newline="" lets the csv module handle the CRLF files and quoted fields itself.
    with open(path, newline="", encoding=encoding) as handle:
        yield from csv.DictReader(handle)


def _isic_class(code: str) -> str:
    code = code.strip()
    return code.zfill(4) if code.isdigit() else code


def _hs6(code: str) -> str:
    return code.strip().zfill(6)


# ---------------------------------------------------------------- structures


def read_isic4_structure(data_dir: Path | str | None = None) -> list[CodeRecord]:
    """ISIC Rev.4 sections (level 1, letter), divisions (2), groups (3) and classes (4), parents before children."""
    records: list[CodeRecord] = []
    section = ""
    for row in _read_dicts(_path(data_dir, ISIC4_STRUCTURE)):
        code, title = row["Code"].strip(), " ".join(row["Description"].split())
        if code.isalpha():
            section = code
            records.append(CodeRecord(code, 1, None, section, title))
            continue
        level = len(code)
        parent = section if level == 2 else code[:-1]
        records.append(CodeRecord(code, level, parent, section, title))
    return records


def read_hs2022_structure(data_dir: Path | str | None = None) -> list[CodeRecord]:
    """HS 2022 chapters (level 2), headings (4) and subheadings (6), parents before children.

    The file's grand-total row is dropped, chapters (parent "TOTAL") get no parent, and `section` is the roman
    numeral of the HS section, or "" for chapter 99, which belongs to no section."""
    records: list[CodeRecord] = []
    for row in _read_dicts(_path(data_dir, HS2022_STRUCTURE)):
        level = int(row["level"])
        if level not in (2, 4, 6):
            continue
        code = row["hscode"].strip().zfill(level)
        parent = row["parent"].strip()
        section = row["section"].strip()
        records.append(
            CodeRecord(
                code=code,
                level=level,
                parent=None if level == 2 else parent.zfill(level - 2),
                section=section if section and set(section) <= ROMAN_NUMERALS else "",
                title_en=" ".join(row["description"].split()),
            )
        )
    records.sort(key=lambda record: (record.level, record.code))
    return records


def read_hs2022_sections(data_dir: Path | str | None = None) -> dict[str, str]:
    """Roman numeral -> English title of the 21 HS sections."""
    return {row["section"].strip(): row["name"].strip() for row in _read_dicts(_path(data_dir, HS2022_SECTIONS))}


def read_titles_fa(path: Path | str) -> dict[str, str]:
    """A project file of Persian titles (columns code,title_fa) as code -> title."""
    titles = {}
    for row in _read_dicts(Path(path)):
        titles[row["code"].strip()] = row["title_fa"].strip()
    return titles


def read_isic4_titles_fa(data_dir: Path | str | None = None) -> dict[str, str]:
    return read_titles_fa(_path(data_dir, ISIC4_TITLES_FA))


def read_hs_chapter_titles_fa(data_dir: Path | str | None = None) -> dict[str, str]:
    return read_titles_fa(_path(data_dir, HS_CHAPTER_TITLES_FA))


def read_hs_section_titles_fa(data_dir: Path | str | None = None) -> dict[str, str]:
    """Roman numeral -> Persian title of the 21 HS sections."""
    return read_titles_fa(_path(data_dir, HS_SECTION_TITLES_FA))


# ---------------------------------------------------------------- the hops of the chain


def read_hs2022_to_hs2007(data_dir: Path | str | None = None) -> dict[str, list[_Hop]]:
    """HS 2022 code -> its HS 2007 codes; a hop is partial when the HS 2022 code is split (1:n, n:n)."""
    hops: dict[str, list[_Hop]] = defaultdict(list)
    for row in _read_dicts(_path(data_dir, HS2022_TO_HS2007)):
        hops[_hs6(row["hs2022"])].append(
            _Hop(_hs6(row["hs2007"]), row["relationship"].strip() in SPLITTING_HS_RELATIONSHIPS)
        )
    return dict(hops)


def read_hs2007_to_isic3(data_dir: Path | str | None = None) -> dict[str, str]:
    """HS 2007 product -> its one ISIC Rev.3 class (WITS assigns each product wholly to one class)."""
    # Latin-1: a few descriptions carry a stray 0xA6 byte where a superscript was lost upstream.
    return {
        _hs6(row["HS 2007 Product Code"]): _isic_class(row["ISIC Revision 3 Product Code"])
        for row in _read_dicts(_path(data_dir, HS2007_TO_ISIC3), encoding="latin-1")
    }


def read_isic3_to_isic31(data_dir: Path | str | None = None) -> dict[str, list[_Hop]]:
    """ISIC Rev.3 class -> its Rev.3.1 classes, reversing the Rev.3.1 -> Rev.3 table.

    Read backwards, the Rev.3 side's flag (`partial3`) tells whether the Rev.3 class is split."""
    hops: dict[str, list[_Hop]] = defaultdict(list)
    for row in _read_dicts(_path(data_dir, ISIC31_TO_ISIC3)):
        rev3 = _isic_class(row["Rev3"])
        if not rev3.isdigit():  # 9600 and 9700 have no Rev.3 counterpart ("n/a")
            continue
        hops[rev3].append(_Hop(_isic_class(row["Rev31"]), row["partial3"].strip() == "1"))
    return dict(hops)


def read_isic31_to_isic4(data_dir: Path | str | None = None) -> dict[str, list[_Hop]]:
    """ISIC Rev.3.1 class -> its Rev.4 classes, reversing the Rev.4 -> Rev.3.1 table (flag `partialISIC31`)."""
    hops: dict[str, list[_Hop]] = defaultdict(list)
    for row in _read_dicts(_path(data_dir, ISIC4_TO_ISIC31)):
        hops[_isic_class(row["ISIC31code"])].append(
            _Hop(_isic_class(row["ISIC4code"]), row["partialISIC31"].strip() == "1")
        )
    return dict(hops)


# ---------------------------------------------------------------- the chain


@dataclass(frozen=True)
class _Chain:
    hs2007: str
    isic3: str
    isic31: str
    isic4: str
    partial: bool

    @property
    def via(self) -> str:
        text = f"HS2007 {self.hs2007} > ISIC3 {self.isic3}"
        return text if self.isic31 == self.isic3 else f"{text} > ISIC3.1 {self.isic31}"


def hs2022_to_isic4(data_dir: Path | str | None = None, *, include_repair: bool = False) -> dict[str, list[IsicLink]]:
    """For each HS 2022 six-digit code, the ISIC Rev.4 classes whose industries make it, sorted by code.

    Codes the chain cannot reach an ISIC Rev.4 class from are left out. So are, unless `include_repair`, the
    repair and installation classes (divisions 33 and 95): Rev.3 counted repairing machines as part of making
    them, so its split into Rev.4 sends every machine to a repair class too, and a repair shop is not a maker.

    `partial` says the class makes only part of what the HS code covers. A hop is partial when its source is
    split over several targets: an HS 2022 code related 1:n or n:n to HS 2007, or an ISIC class that the UN
    table flags as partial on its Rev.3 or Rev.3.1 side. (An n:1 hop merges several HS 2022 codes into one
    HS 2007 code; each of them lies wholly inside it, so n:1 is not partial. WITS maps each HS 2007 product to
    one ISIC Rev.3 class, so that hop never is.) A link is partial when every chain reaching the class has a
    partial hop, except when all the chains of the HS code (repair classes aside) end in that one class with
    no branch lost: then the whole product is made by it whatever splits happened on the way. A branch is lost
    when a code has no row in the next table: WITS leaves some products unclassified (ISIC Rev.3 "9999", e.g.
    HS 2007 050210), and HS 999999 is in no table at all.

    `via` names the HS 2007 code and ISIC Rev.3 class of one chain (a complete one when there is), with the
    Rev.3.1 class when it differs from Rev.3, e.g. "HS2007 842230 > ISIC3 2919"; " (+2)" says two more
    (HS 2007, ISIC Rev.3) routes lead to the same class.
    """
    hs2022_hops = read_hs2022_to_hs2007(data_dir)
    isic3_of = read_hs2007_to_isic3(data_dir)
    isic31_hops = read_isic3_to_isic31(data_dir)
    isic4_hops = read_isic31_to_isic4(data_dir)

    concordance: dict[str, list[IsicLink]] = {}
    for hs2022, hs_hops in hs2022_hops.items():
        chains, branch_lost = _chains(hs_hops, isic3_of, isic31_hops, isic4_hops)
        if not include_repair:
            chains = [chain for chain in chains if chain.isic4[:2] not in REPAIR_AND_INSTALLATION_DIVISIONS]
        if chains:
            concordance[hs2022] = _links(chains, branch_lost)
    return concordance


def _chains(hs_hops, isic3_of, isic31_hops, isic4_hops) -> tuple[list[_Chain], bool]:
    chains: list[_Chain] = []
    branch_lost = False
    for hs_hop in hs_hops:
        isic3 = isic3_of.get(hs_hop.target)
        if isic3 is None or isic3 not in isic31_hops:
            branch_lost = True
            continue
        for rev31_hop in isic31_hops[isic3]:
            rev4_hops = isic4_hops.get(rev31_hop.target)
            if not rev4_hops:
                branch_lost = True
                continue
            for rev4_hop in rev4_hops:
                chains.append(
                    _Chain(
                        hs2007=hs_hop.target,
                        isic3=isic3,
                        isic31=rev31_hop.target,
                        isic4=rev4_hop.target,
                        partial=hs_hop.partial or rev31_hop.partial or rev4_hop.partial,
                    )
                )
    return chains, branch_lost


def _links(chains: list[_Chain], branch_lost: bool) -> list[IsicLink]:
    by_class: dict[str, list[_Chain]] = defaultdict(list)
    for chain in chains:
        by_class[chain.isic4].append(chain)
    wholly_one_class = len(by_class) == 1 and not branch_lost
    links = []
    for isic4, class_chains in sorted(by_class.items()):
        # Distinct routes only: one HS 2007 code can reach a class through several Rev.3.1 classes.
        class_chains = sorted(set(class_chains), key=lambda c: (c.partial, c.hs2007, c.isic3, c.isic31))
        best = class_chains[0]
        routes = {(c.hs2007, c.isic3) for c in class_chains}
        via = best.via if len(routes) == 1 else f"{best.via} (+{len(routes) - 1})"
        links.append(IsicLink(isic4, partial=best.partial and not wholly_one_class, via=via))
    return links


# ---------------------------------------------------------------- coverage


def coverage(concordance: dict[str, list[IsicLink]], hs6_codes: Iterable[str]) -> dict[str, int]:
    """How much of HS 2022 the chain reaches: subheadings with any ISIC Rev.4 class, with a manufacturing one
    (divisions 10-33), with only complete links, and the number of links."""
    hs6_codes = list(hs6_codes)
    linked = [code for code in hs6_codes if concordance.get(code)]
    return {
        "hs6": len(hs6_codes),
        "hs6_with_isic4": len(linked),
        "hs6_with_manufacturing_isic4": sum(
            any(link.isic[:2] in MANUFACTURING_DIVISIONS for link in concordance[code]) for code in linked
        ),
        "hs6_with_complete_link": sum(any(not link.partial for link in concordance[code]) for code in linked),
        "links": sum(len(concordance[code]) for code in linked),
        "partial_links": sum(link.partial for code in linked for link in concordance[code]),
    }
