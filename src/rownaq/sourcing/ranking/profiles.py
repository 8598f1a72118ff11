"""What the app passes to the ranking and gets back: makers' profiles, needs, matches; the HS -> ISIC chain."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Product:
    name: str
    hs: str = ""


@dataclass(frozen=True)
class Capacity:
    amount: float
    unit: str  # pcs | set | t | m | ...
    label: str = ""  # what the capacity is of, as written


@dataclass
class MakerProfile:
    """What a maker says it can make. Lines are free text in Persian, English or both."""

    id: str
    name: str = ""
    province: str = ""
    estate: str = ""
    lines: Sequence[str] = ()
    processes: Sequence[str] = ()  # ids of `text.PROCESSES`
    materials: Sequence[str] = ()
    certifications: Sequence[str] = ()
    capacity: Sequence[Capacity] = ()
    products: Sequence[Product] = ()  # registry products: name and HS code
    isic: Sequence[str] = ()
    localizations: int = 0  # items this maker has already localized

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MakerProfile:
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["capacity"] = tuple(
            c if isinstance(c, Capacity) else Capacity(float(c["amount"]), c.get("unit", ""), c.get("label", ""))
            for c in values.get("capacity", ())
        )
        values["products"] = tuple(
            p if isinstance(p, Product) else Product(p.get("name", ""), p.get("hs", ""))
            for p in values.get("products", ())
        )
        return cls(**values)


@dataclass
class Need:
    """An imported item a unit wants made at home."""

    id: str
    title: str
    description: str = ""
    kind: str = ""  # raw_material | part | mould_die | equipment | consumable
    hs: str = ""  # as typed: 6, 8 or 10 digits, dots allowed
    oem: str = ""
    part_number: str = ""
    processes: Sequence[str] = ()
    materials: Sequence[str] = ()
    province: str = ""
    estate: str = ""
    quantity: float | None = None  # per year
    unit: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Need:
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


@dataclass(frozen=True)
class Match:
    maker_id: str
    score: float
    reasons: list[str]


@dataclass(frozen=True)
class NeedMatch:
    need_id: str
    score: float
    reasons: list[str]


def isic_by_hs(concordance: Mapping[str, Iterable[Any]]) -> dict[str, frozenset[str]]:
    """HS6 -> ISIC classes from `registry.concordance.hs2022_to_isic4()` (links with `.isic`) or plain codes."""
    return {hs: frozenset(getattr(link, "isic", link) for link in links) for hs, links in concordance.items()}
