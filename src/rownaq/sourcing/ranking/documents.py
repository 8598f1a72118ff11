"""Analysed makers and needs as the index sees them, and the small helpers the index, the search and the reasons
share (term kinds, line roles, Persian wording of amounts, sizes and units)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from rownaq.core.persian import to_persian_digits

from .. import text as T

_TEXT_KINDS = ("w:", "pn:", "c:")
SUPPORT_PRIOR = 5.0  # makers; a code listed by this many makers counts sqrt(1/2) as much in suggest_hs
FUZZY_MIN_LENGTH = 4
FUZZY_MIN_WEIGHT = 0.2  # query weight below which a word's typo neighbours are not looked up
KIND_CONCEPTS = {"mould_die": "c:mould"}
HAS_DIGIT = re.compile(r"[0-9\u06f0-\u06f9\u0660-\u0669]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]")


def is_text_term(term: str) -> bool:
    return term.startswith(_TEXT_KINDS)


def pop_roles(analysis: T.Analysis) -> dict[str, float]:
    """Take the line-role counts (make / trade / repair) out of an analysis."""
    return {role: analysis.terms.pop(term, 0.0) for role, term in T.ROLE_TERMS.items()}


def non_maker_share_of(roles: Mapping[str, float], name_role: Mapping[str, float], lines: int, declares: bool) -> float:
    """How much of a profile sells or mends rather than makes, 0..1.

    Trade lines count against their share of the lines, half as much in a profile that also says it makes (or
    declares a forming process: casting, forging, moulding, ...). Repair lines count only in a profile that never
    says it makes anything: makers repair and rebuild their own moulds and machines. A name that trades or
    repairs («بازرگانی ...», «تعمیرات صنعتی ...») makes it at least one half, unless the lines say the firm
    makes; a profile that declares no process or certificate and never says it makes leans further that way.
    """
    makes = roles["make"] > 0 or name_role["make"] > 0
    if not lines:
        counted = 0.0
    elif makes:
        counted = 0.5 * roles["trade"] / lines
    else:
        counted = (roles["trade"] + roles["repair"]) / lines
    if not makes and (name_role["trade"] or name_role["repair"]):
        counted = max(counted, 0.5)
    if not makes and not declares and counted:
        counted = min(1.0, counted + 0.25)
    return min(1.0, counted)


def hs6_of(code: str) -> str:
    digits = T.hs_digits(code)
    return digits[:6] if len(digits) >= 6 else ""


def fa(value: object) -> str:
    return to_persian_digits(value)


def amount_fa(value: float) -> str:
    return fa(int(value) if float(value).is_integer() else round(value, 2))


_UNIT_FA = {
    "pcs": "عدد",
    "set": "دستگاه",
    "t": "تن",
    "m": "متر",
    "kg": "کیلوگرم",
    "l": "لیتر",
    "m2": "متر مربع",
    "m3": "متر مکعب",
    "pair": "جفت",
    "roll": "رول",
}
# Ways of writing a unit -> one of _UNIT_FA's keys, so a capacity in "ton" meets a need in "t" or «تن».
_UNIT_KEYS = {
    **dict.fromkeys(("pcs", "pc", "piece", "pieces", "unit", "units", "no", "nos", "عدد", "قطعه", "ea", "each"), "pcs"),
    **dict.fromkeys(("set", "sets", "دستگاه", "مجموعه", "machine", "machines"), "set"),
    **dict.fromkeys(("t", "ton", "tons", "tonne", "tonnes", "تن"), "t"),
    **dict.fromkeys(("kg", "kgs", "kilogram", "kilograms", "کیلوگرم", "کیلو"), "kg"),
    **dict.fromkeys(("m", "meter", "meters", "metre", "metres", "متر"), "m"),
    **dict.fromkeys(("l", "lit", "liter", "liters", "litre", "litres", "لیتر"), "l"),
    **dict.fromkeys(("m2", "sqm", "متر مربع", "مترمربع"), "m2"),
    **dict.fromkeys(("m3", "متر مکعب", "مترمکعب"), "m3"),
    **dict.fromkeys(("pair", "pairs", "جفت"), "pair"),
    **dict.fromkeys(("roll", "rolls", "رول", "حلقه"), "roll"),
}


def range_fa(size: T.Size) -> str:
    unit = T.BASE_UNIT_FA[size.dimension]
    if size.low <= 0:
        return f"تا {amount_fa(round(size.high, 3))} {unit}"
    return f"{amount_fa(round(size.low, 3))} تا {amount_fa(round(size.high, 3))} {unit}"


@lru_cache(maxsize=4096)
def unit_key(unit: str) -> str:
    folded = T.fold(unit or "").replace(".", "").strip()
    return _UNIT_KEYS.get(folded, folded)


def unit_fa(unit: str) -> str:
    return _UNIT_FA.get(unit_key(unit), "")


@lru_cache(maxsize=100_000)
def label_terms(label: str) -> frozenset[str]:
    return frozenset(t for t in T.analyse(label, pairs=False).terms if t.startswith(("w:", "c:")))


# ---------------------------------------------------------------- analysed documents and queries


@dataclass
class Doc:
    """A maker as the index sees it."""

    terms: dict[str, float]  # term -> tf (text kinds) or 1 (codes, processes, materials, certificates)
    surfaces: dict[str, str]
    length: float
    non_maker_share: float
    hs_contribution: dict[str, dict[str, float]]  # hs6 -> term -> weight, for the HS model
    processes: set[str]


@dataclass
class Query:
    terms: dict[str, float]  # term -> weight before idf
    origin: dict[str, str]  # term -> why it is in the query: "text", "fuzzy:<key>", "hs:<code>", ...
    surfaces: dict[str, str]
    hs6: str = ""
    hs_suggested: bool = False
    materials: set[str] = field(default_factory=set)
    certifications: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)  # w: and c: terms from the need's own title
    factors: dict[str, float] = field(default_factory=dict)  # term -> weight x idf, filled by the search
    typed: dict[str, str] = field(default_factory=dict)  # folded English word -> as the user typed it
    sizes: list[T.Size] = field(default_factory=list)  # measurements the need states
