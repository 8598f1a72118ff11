"""Domestic-sourcing matcher: which makers could make an imported item, ranked, with the reasons in Persian.

Pure Python and numpy, no Django: the sourcing app builds `MakerProfile`s and `Need`s from its models and calls

    matcher = Matcher(isic_by_hs(hs2022_to_isic4()))      # the HS -> ISIC chain, loaded once
    matcher.add_many(profiles)                             # bulk load, then
    matcher.add(profile) / matcher.remove(maker_id)        # one profile at a time, searchable at once
    matcher.search(need, k=20)        -> [Match(maker_id, score, reasons)]
    matcher.needs_for(profile, needs) -> [NeedMatch(need_id, score, reasons)]   # the reverse query
    matcher.suggest_hs(text)          -> [(hs6, score)]                          # HS code for a need's text

How a maker is scored for a need (weights in `Weights`, tuned on the evaluation set's dev split):

* text: BM25 over the maker's words (`text.analyse`: stems, joined pairs for ZWNJ and compounds, part
  numbers, lexicon concepts that bridge Persian and English), with one-edit typo neighbours of each word and
  the same word in the other script (a consonant skeleton: «ایمپلر» and "impeller"); a company's name counts
  only where the profile says the same elsewhere; a need's description without its request boilerplate, and
  its words about what the item serves («مورد استفاده در ...») at a discount;
* codes: same HS subheading, heading or chapter as the maker's products; an ISIC class of the maker that the
  HS -> ISIC chain links to the need's HS code;
* what the catalogue teaches: the words and processes that makers of the need's HS code use (so a Persian
  need with HS 848071 meets an English "injection mold" profile that lists no HS code); for a need without an
  HS code, the code `suggest_hs` reads from its text, at a discount, if its makers use the item's head noun
  (the first noun of a Persian title, the last of an English one: a die, not the crankshaft it forges); a typed
  code whose makers never name the item, while the title's other words read as it, gives way the same way;
* stated process, material (the item's own: its field, or its title before «برای»/«با»/for/with; a mould's is
  tool steel) and certificate; sizes against the maker's stated ranges; capacity against the need's annual
  quantity; past localizations; same estate or province; traders and repair shops (lines that sell or mend and
  do not say they make) weighed down.

Reasons are in Persian: words as the maker or the buyer wrote them, an English word only as the buyer typed it,
concepts and codes by their Persian names (`titles`: the registry's Persian HS and ISIC titles).

The index is an inverted file: a compact numpy segment (`compact()`) plus a small in-memory delta where
`add`/`remove` land at once (removal is a tombstone), and a forward index of each maker's terms for the
reasons. Scores are summed into one dense array per query. One `Matcher` is not thread-safe for writes: a
process holds one, loads it at start and applies changes as profiles are saved; `compact()` from time to time
(or a rebuild) folds the delta in and drops removed makers' postings.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

import numpy as np

from rownaq.core.persian import to_persian_digits

from . import text as T

__all__ = [
    "Capacity",
    "MakerProfile",
    "Match",
    "Matcher",
    "Need",
    "NeedMatch",
    "Product",
    "Weights",
    "isic_by_hs",
]

# ---------------------------------------------------------------- the data the app passes in


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


# ---------------------------------------------------------------- weights


@dataclass(frozen=True)
class Weights:
    """Every tunable number in one place. Defaults were tuned on the dev split only (see bench.py --tune)."""

    k1: float = 1.2
    b: float = 0.5
    # where a need's words come from
    title: float = 0.75
    description: float = 0.5
    application: float = 0.3  # a description's words about what the item serves («مورد استفاده در ...», "for")
    oem: float = 0.6
    part_number: float = 1.5
    need_materials: float = 0.3
    # maker fields
    maker_name: float = 0.6
    maker_lines: float = 1.0
    product_names: float = 0.5
    maker_materials: float = 0.35
    capacity_label: float = 0.5
    # kinds of text term
    word: float = 1.0
    part_number_key: float = 0.75
    concept: float = 1.5
    fuzzy: float = 0.8
    transliteration: float = 0.8  # an English word and its Persian spelling («ایمپلر», impeller)
    head: float = 1.0  # the title's head noun (what the item is) against the other title words
    modifier_concept: float = 0.5  # a product concept of the title that is not the head's («پمپ» in «پروانه پمپ»)
    # codes
    hs6: float = 9.0
    hs4: float = 0.75
    hs2: float = 0.0
    isic: float = 0.25
    suggested_hs: float = 0.5  # discount when the code is read from the text, not given
    suggest_min_score: float = 0.08
    suggest_head_share: float = 0.05  # a code read from the text must know the item's head noun this well
    suggest_candidates: int = 5
    # A typed code whose makers (at least served_code_makers of them) never use the item's head noun, when the
    # title reads as another code (score >= served_min_score) whose makers do: that code, at this factor.
    served_code: float = 0.5
    served_code_makers: int = 3
    served_min_score: float = 0.2
    served_typed_score: float = 0.3  # how well the title's other words must read as the typed code
    hs_expansion: float = 1.0
    hs_expansion_terms: int = 20
    hs_process: float = 3.0
    # stated structure
    process: float = 6.0
    material: float = 8.0  # a material the need states for the item (its field, or its title before «برای»/"for")
    other_material: float = 0.0  # a material named elsewhere (the description, a part it goes with)
    other_material_words: float = 0.25  # and the words that name it, against the need's other words
    certification: float = 2.25
    kind_concept: float = 0.5
    # rerank
    non_maker: float = 0.5  # score multiplied by (1 - non_maker * share of selling/repair lines)
    capacity_ok: float = 4.0
    capacity_short: float = 2.0
    size_fit: float = 1.0  # a size the need states lies inside a range the maker states («تا قطر ۶۰۰ میلی‌متر»)
    size_miss: float = 1.0  # the maker states ranges of that measure, and the need's size is outside them all
    localizations: float = 0.3  # per log(1 + count)
    same_estate: float = 0.3
    same_province: float = 0.15
    pool: int = 200  # candidates the rerank sees
    min_term_score: float = 0.5  # query words that can add less than this to any score are skipped
    lexicon: bool = True  # read concepts, processes and materials out of text with `text`'s lexicon


_TEXT_KINDS = ("w:", "pn:", "c:")
SUPPORT_PRIOR = 5.0  # makers; a code listed by this many makers counts sqrt(1/2) as much in suggest_hs
_FUZZY_MIN_LENGTH = 4
FUZZY_MIN_WEIGHT = 0.2  # query weight below which a word's typo neighbours are not looked up
_KIND_CONCEPTS = {"mould_die": "c:mould"}
_HAS_DIGIT = re.compile(r"[0-9\u06f0-\u06f9\u0660-\u0669]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]")


def _is_text_term(term: str) -> bool:
    return term.startswith(_TEXT_KINDS)


def _pop_roles(analysis: T.Analysis) -> dict[str, float]:
    """Take the line-role counts (make / trade / repair) out of an analysis."""
    return {role: analysis.terms.pop(term, 0.0) for role, term in T.ROLE_TERMS.items()}


def _non_maker_share(roles: Mapping[str, float], name_role: Mapping[str, float], lines: int,
                     declares: bool) -> float:
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


def _hs6(code: str) -> str:
    digits = T.hs_digits(code)
    return digits[:6] if len(digits) >= 6 else ""


def _fa(value: object) -> str:
    return to_persian_digits(value)


def _amount(value: float) -> str:
    return _fa(int(value) if float(value).is_integer() else round(value, 2))


_UNIT_FA = {"pcs": "عدد", "set": "دستگاه", "t": "تن", "m": "متر", "kg": "کیلوگرم", "l": "لیتر", "m2": "متر مربع",
            "m3": "متر مکعب", "pair": "جفت", "roll": "رول"}
# Ways of writing a unit -> one of _UNIT_FA's keys, so a capacity in "ton" meets a need in "t" or «تن».
_UNIT_KEYS = {
    **{u: "pcs" for u in ("pcs", "pc", "piece", "pieces", "unit", "units", "no", "nos", "عدد", "قطعه", "ea", "each")},
    **{u: "set" for u in ("set", "sets", "دستگاه", "مجموعه", "machine", "machines")},
    **{u: "t" for u in ("t", "ton", "tons", "tonne", "tonnes", "تن")},
    **{u: "kg" for u in ("kg", "kgs", "kilogram", "kilograms", "کیلوگرم", "کیلو")},
    **{u: "m" for u in ("m", "meter", "meters", "metre", "metres", "متر")},
    **{u: "l" for u in ("l", "lit", "liter", "liters", "litre", "litres", "لیتر")},
    **{u: "m2" for u in ("m2", "sqm", "متر مربع", "مترمربع")},
    **{u: "m3" for u in ("m3", "متر مکعب", "مترمکعب")},
    **{u: "pair" for u in ("pair", "pairs", "جفت")},
    **{u: "roll" for u in ("roll", "rolls", "رول", "حلقه")},
}


def _range_fa(size: T.Size) -> str:
    unit = T.BASE_UNIT_FA[size.dimension]
    if size.low <= 0:
        return f"تا {_amount(round(size.high, 3))} {unit}"
    return f"{_amount(round(size.low, 3))} تا {_amount(round(size.high, 3))} {unit}"


@lru_cache(maxsize=4096)
def unit_key(unit: str) -> str:
    folded = T.fold(unit or "").replace(".", "").strip()
    return _UNIT_KEYS.get(folded, folded)


def unit_fa(unit: str) -> str:
    return _UNIT_FA.get(unit_key(unit), "")


@lru_cache(maxsize=100_000)
def _label_terms(label: str) -> frozenset[str]:
    return frozenset(t for t in T.analyse(label, pairs=False).terms if t.startswith(("w:", "c:")))


# ---------------------------------------------------------------- analysed documents and queries


@dataclass
class _Doc:
    """A maker as the index sees it."""

    terms: dict[str, float]  # term -> tf (text kinds) or 1 (codes, processes, materials, certificates)
    surfaces: dict[str, str]
    length: float
    non_maker_share: float
    hs_contribution: dict[str, dict[str, float]]  # hs6 -> term -> weight, for the HS model
    processes: set[str]


@dataclass
class _Query:
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


# ---------------------------------------------------------------- what the catalogue teaches about HS codes


class _HsModel:
    """Per HS6 code, the words and processes of the makers that list a product with that code.

    It answers `suggest` (which code fits this text) and `expansion` (which words and processes to add to a
    need that has this code). Updated one maker at a time.
    """

    def __init__(self) -> None:
        self.term_hs: dict[str, dict[str, float]] = {}
        self.hs_terms: dict[str, dict[str, float]] = {}
        self.hs_makers: Counter[str] = Counter()
        self.hs_processes: dict[str, Counter[str]] = {}
        self._norms: dict[str, float] = {}
        self._tops: dict[str, float] = {}
        self._expansions: dict[tuple[str, int], list[tuple[str, float]]] = {}

    def update(self, doc: _Doc, sign: int) -> None:
        for hs, terms in doc.hs_contribution.items():
            bag = self.hs_terms.setdefault(hs, {})
            for term, weight in terms.items():
                value = bag.get(term, 0.0) + sign * weight
                postings = self.term_hs.setdefault(term, {})
                if value > 1e-9:
                    bag[term] = value
                    postings[hs] = value
                else:
                    bag.pop(term, None)
                    postings.pop(hs, None)
            self.hs_makers[hs] += sign
            procs = self.hs_processes.setdefault(hs, Counter())
            for p in doc.processes:
                procs[p] += sign
            self._norms.pop(hs, None)
            self._tops.pop(hs, None)
            for key in [key for key in self._expansions if key[0][:4] == hs[:4]]:
                del self._expansions[key]

    def _idf(self, term: str) -> float:
        return math.log(1 + len(self.hs_terms) / max(1, len(self.term_hs.get(term, ()))))

    def _norm(self, hs: str) -> float:
        norm = self._norms.get(hs)
        if norm is None:
            norm = math.sqrt(sum((w * self._idf(t)) ** 2 for t, w in self.hs_terms.get(hs, {}).items())) or 1.0
            self._norms[hs] = norm
        return norm

    def head_share(self, hs: str, head: Iterable[str]) -> float:
        """How strongly the makers of `hs` use the item's head noun, against their commonest word (0..1)."""
        bag = self.hs_terms.get(hs)
        if not bag:
            return 0.0
        top = self._tops.get(hs)
        if top is None:
            top = self._tops[hs] = max(bag.values())
        return max((bag.get(term, 0.0) for term in head), default=0.0) / top if top > 0 else 0.0

    def _support(self, hs: str) -> float:
        makers = max(self.hs_makers.get(hs, 0), 0)
        return math.sqrt(makers / (makers + SUPPORT_PRIOR))

    def suggest(self, terms: Mapping[str, float], k: int) -> list[tuple[str, float]]:
        scores: Counter[str] = Counter()
        qnorm = 0.0
        for term, weight in terms.items():
            postings = self.term_hs.get(term)
            if not postings:
                continue
            idf = self._idf(term)
            qnorm += (weight * idf) ** 2
            for hs, w in postings.items():
                scores[hs] += weight * idf * w * idf
        if not scores:
            return []
        qnorm = math.sqrt(qnorm) or 1.0
        # Cosine, discounted for codes few makers list: one maker's odd code is weak evidence.
        ranked = sorted(((hs, s / (qnorm * self._norm(hs)) * self._support(hs)) for hs, s in scores.items()),
                        key=lambda x: (-x[1], x[0]))
        return [(hs, round(score, 4)) for hs, score in ranked[:k]]

    def expansion(self, hs: str, n: int) -> list[tuple[str, float]]:
        """The n words most typical of makers of `hs` (or of its heading when no maker lists the code)."""
        key = (hs, n)
        cached = self._expansions.get(key)
        if cached is not None:
            return cached
        bag = self.hs_terms.get(hs)
        if not bag:
            bag = {}
            for code, terms in self.hs_terms.items():
                if code[:4] == hs[:4]:
                    for t, w in terms.items():
                        bag[t] = bag.get(t, 0.0) + w
        scored = sorted(((t, w * self._idf(t)) for t, w in bag.items()), key=lambda x: (-x[1], x[0]))[:n]
        top = scored[0][1] if scored else 1.0
        result = [(t, s / top) for t, s in scored]
        self._expansions[key] = result
        return result

    def processes(self, hs: str) -> list[tuple[str, float]]:
        """Processes and the share of the code's makers that have them."""
        makers = self.hs_makers.get(hs, 0)
        if makers <= 0:
            return []
        return [(p, c / makers) for p, c in self.hs_processes.get(hs, Counter()).items() if c > 0]


# ---------------------------------------------------------------- the matcher


class Matcher:
    """The index of makers' capability profiles and the queries over it (see the module docstring)."""

    def __init__(self, hs_to_isic: Mapping[str, Iterable[str]] | None = None, weights: Weights | None = None,
                 titles: Mapping[str, str] | None = None) -> None:
        # "hs:<code>" and "isic:<code>" -> the registry's Persian title, for the reasons (codes alone otherwise)
        self.titles: dict[str, str] = dict(titles or {})
        self.hs_to_isic: dict[str, frozenset[str]] = {
            hs: frozenset(classes) for hs, classes in (hs_to_isic or {}).items()
        }
        self.weights = weights or Weights()
        self._profiles: dict[str, MakerProfile] = {}
        self._slot_of: dict[str, int] = {}
        self._id_of: list[str] = []
        self._alive = np.zeros(1024, dtype=np.float32)
        self._non_maker = np.zeros(1024, dtype=np.float32)
        self._length = np.zeros(1024, dtype=np.float32)
        self._province = np.zeros(1024, dtype=np.int32)
        self._province_codes: dict[str, int] = {}
        self._n_alive = 0
        self._total_length = 0.0
        self._avg_length_main = 0.0  # the average length impacts in the compact segment were computed with
        # terms
        self._term_id: dict[str, int] = {}
        self._terms: list[str] = []
        self._df: list[int] = []
        self._surface: dict[str, str] = {}
        self._deletions: dict[str, list[str]] = {}
        self._skeletons: dict[str, list[str]] = {}  # consonant skeleton -> word keys, for English/Persian spellings
        self._ranges: dict[str, list[T.Size]] = {}  # maker id -> the size ranges its lines state, read when needed
        # postings: a compact segment and a delta
        self._main_offsets = np.zeros(1, dtype=np.int64)
        self._main_slots = np.zeros(0, dtype=np.int32)
        self._main_tf = np.zeros(0, dtype=np.float32)
        self._main_impact = np.zeros(0, dtype=np.float32)
        self._delta: dict[int, tuple[array, array, array]] = {}
        self._log: tuple[array, array, array] | None = None  # bulk loading, before compact()
        # forward index: each slot's terms and tfs, for the reasons of the top results
        self._forward_tids = array("i")
        self._forward_tf = array("f")
        self._forward_start = array("q")
        self.hs_model = _HsModel()

    # ------------------------------------------------------------ size and access

    def __len__(self) -> int:
        return self._n_alive

    def __contains__(self, maker_id: object) -> bool:
        return maker_id in self._profiles

    def get(self, maker_id: str) -> MakerProfile | None:
        return self._profiles.get(maker_id)

    @property
    def average_length(self) -> float:
        return self._total_length / self._n_alive if self._n_alive else 1.0

    # ------------------------------------------------------------ analysing a maker

    def _analyse_maker(self, profile: MakerProfile) -> _Doc:
        w = self.weights
        name = T.analyse(profile.name, lexicon=w.lexicon)
        name_role = _pop_roles(name)
        analysis = T.Analysis({}, {})
        lines = T.Analysis({}, {})  # the lines once, at weight 1: the profile's terms and the HS model's
        for line in profile.lines:
            T.analyse(line, 1.0, lines, lexicon=w.lexicon)
        roles = _pop_roles(lines)
        certs = {t[5:] for t in lines.terms if t.startswith("cert:")}
        for term, value in lines.terms.items():
            analysis.add(term, value * w.maker_lines, lines.surfaces[term])
        products = [(product, T.analyse(product.name, lexicon=w.lexicon)) for product in profile.products]
        for _, product_terms in products:
            _pop_roles(product_terms)
            for term, value in product_terms.terms.items():
                analysis.add(term, value * w.product_names, product_terms.surfaces[term])
        for material in profile.materials:
            T.analyse(material, w.maker_materials, analysis, lexicon=w.lexicon)
        for cap in profile.capacity:
            T.analyse(cap.label, w.capacity_label, analysis, lexicon=w.lexicon)
        _pop_roles(analysis)
        # A company's name is not a capability («پوشاک نوین» makes no ceramic moulds for a need that says «نوین»):
        # its words count only where the profile says the same thing elsewhere («یاتاقان‌سازی» and its bearings).
        for term, value in name.terms.items():
            if term in analysis.terms:
                analysis.add(term, value * w.maker_name, name.surfaces[term])
        terms = {t: v for t, v in analysis.terms.items() if _is_text_term(t)}
        surfaces = analysis.surfaces
        structured = {t for t in analysis.terms if not _is_text_term(t)}  # p:, m:, cert: read from the text
        processes = {p for p in profile.processes if p in T.PROCESSES} | {t[2:] for t in structured if t[:2] == "p:"}
        structured |= {"p:" + p for p in processes}
        hs6 = {_hs6(p.hs) for p in profile.products} - {""}
        for hs in hs6:
            structured |= {"hs6:" + hs, "hs4:" + hs[:4], "hs2:" + hs[:2]}
        isic = {str(c) for c in profile.isic} | {c for hs in hs6 for c in self.hs_to_isic.get(hs, ())}
        structured |= {"isic:" + c for c in isic}
        for cert in profile.certifications:
            certs |= T.certification_keys(cert) or {T.fold(cert).replace(" ", "")}
        structured |= {"cert:" + c for c in certs}
        terms.update(dict.fromkeys(structured, 1.0))
        length = sum(v for t, v in terms.items() if t.startswith("w:"))
        if set(profile.processes) & T.FORMING_PROCESSES:  # declared, not read from a trader's product names
            roles["make"] += 1
        declares = bool(profile.processes or profile.certifications)
        share = _non_maker_share(roles, name_role, len(profile.lines), declares)
        contribution = self._hs_contribution(lines, products, hs6)
        return _Doc(terms, surfaces, length, share, contribution, processes)

    @staticmethod
    def _hs_contribution(lines: T.Analysis, products: list[tuple[Product, T.Analysis]],
                         hs6: set[str]) -> dict[str, dict[str, float]]:
        """What this maker teaches the HS model: its product names under their codes, its lines spread thin."""
        if not hs6:
            return {}
        contribution: dict[str, dict[str, float]] = {}
        share = 0.3 / len(hs6)
        for hs in hs6:
            contribution[hs] = {t: share * min(v, 2.0) for t, v in lines.terms.items() if t.startswith(("w:", "c:"))}
        for product, analysis in products:
            hs = _hs6(product.hs)
            if not hs:
                continue
            bag = contribution[hs]
            for t, v in analysis.terms.items():
                if t.startswith(("w:", "c:")):
                    bag[t] = bag.get(t, 0.0) + min(v, 1.0)
        return contribution

    def _indexed_doc(self, slot: int) -> _Doc:
        """A maker's terms as indexed (the forward index), without analysing its text again."""
        start = self._forward_start[slot]
        end = self._forward_start[slot + 1] if slot + 1 < len(self._forward_start) else len(self._forward_tids)
        names = self._terms
        terms = {names[tid]: tf for tid, tf in zip(self._forward_tids[start:end], self._forward_tf[start:end])}
        # The HS model's share and processes are only needed when a profile is added or removed.
        return _Doc(terms, self._surface, float(self._length[slot]), float(self._non_maker[slot]), {}, set())

    # ------------------------------------------------------------ adding and removing

    def _grow(self, size: int) -> None:
        if size <= len(self._alive):
            return
        new = max(size, 2 * len(self._alive))
        for name in ("_alive", "_non_maker", "_length", "_province"):
            old = getattr(self, name)
            grown = np.zeros(new, dtype=old.dtype)
            grown[: len(old)] = old
            setattr(self, name, grown)

    def _term(self, term: str, surface: str | None) -> int:
        tid = self._term_id.get(term)
        if tid is None:
            tid = len(self._terms)
            self._term_id[term] = tid
            self._terms.append(term)
            self._df.append(0)
            if surface is not None:
                self._surface[term] = surface
            key = term[2:]
            if (term.startswith("w:") and len(key) >= _FUZZY_MIN_LENGTH and surface is not None
                    and " " not in surface and not any(ch.isdigit() for ch in key)):
                for variant in T.deletion_variants(key) | {key}:
                    self._deletions.setdefault(variant, []).append(key)
            if term.startswith("w:") and surface is not None:
                bone = T.skeleton(key)
                if len(bone) >= T.TRANSLITERATION_MIN:
                    self._skeletons.setdefault(bone, []).append(key)
        return tid

    def _impact(self, tf: float, length: float, average: float) -> float:
        k1, b = self.weights.k1, self.weights.b
        return tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / max(average, 1e-9)))

    def _insert(self, profile: MakerProfile, bulk: bool) -> None:
        if profile.id in self._profiles:
            self.remove(profile.id)
        self._ranges.pop(profile.id, None)
        doc = self._analyse_maker(profile)
        slot = len(self._id_of)
        self._grow(slot + 1)
        self._id_of.append(profile.id)
        self._slot_of[profile.id] = slot
        self._profiles[profile.id] = profile
        self._alive[slot] = 1.0
        self._non_maker[slot] = doc.non_maker_share
        self._length[slot] = doc.length
        self._province[slot] = self._province_codes.setdefault(profile.province, len(self._province_codes))
        self._n_alive += 1
        self._total_length += doc.length
        average = self._avg_length_main or self.average_length
        self._forward_start.append(len(self._forward_tids))
        for term, tf in doc.terms.items():
            tid = self._term(term, doc.surfaces.get(term))
            self._df[tid] += 1
            self._forward_tids.append(tid)
            self._forward_tf.append(tf)
            if bulk:
                assert self._log is not None
                self._log[0].append(tid)
                self._log[1].append(slot)
                self._log[2].append(tf)
            else:
                entry = self._delta.get(tid)
                if entry is None:
                    entry = self._delta[tid] = (array("i"), array("f"), array("f"))
                entry[0].append(slot)
                entry[1].append(tf)
                entry[2].append(self._impact(tf, doc.length, average) if _is_text_term(term) else 1.0)
        self.hs_model.update(doc, +1)

    def add(self, profile: MakerProfile) -> None:
        """Add or replace one maker; it is searchable when this returns."""
        self._insert(profile, bulk=False)

    def add_many(self, profiles: Iterable[MakerProfile]) -> None:
        """Bulk load: postings go to a log that `compact()` (called here) turns into the numpy segment."""
        self._log = (array("i"), array("i"), array("f"))
        try:
            for profile in profiles:
                self._insert(profile, bulk=True)
        finally:
            self.compact()

    def remove(self, maker_id: str) -> bool:
        """Forget a maker at once (a tombstone; `compact()` drops its postings later)."""
        profile = self._profiles.pop(maker_id, None)
        self._ranges.pop(maker_id, None)
        if profile is None:
            return False
        slot = self._slot_of.pop(maker_id)
        start = self._forward_start[slot]
        end = self._forward_start[slot + 1] if slot + 1 < len(self._forward_start) else len(self._forward_tids)
        for tid in self._forward_tids[start:end]:
            self._df[tid] -= 1
        self._alive[slot] = 0.0
        self._n_alive -= 1
        self._total_length -= float(self._length[slot])
        if profile.products:
            self.hs_model.update(self._analyse_maker(profile), -1)
        return True

    def compact(self) -> None:
        """Merge the delta (and a bulk log) into the numpy segment, drop removed makers, recompute impacts."""
        counts = np.diff(self._main_offsets)
        tids = [np.repeat(np.arange(len(counts), dtype=np.int32), counts)]
        slots = [self._main_slots]
        tfs = [self._main_tf]
        for tid, (s, tf, _) in self._delta.items():
            tids.append(np.full(len(s), tid, dtype=np.int32))
            slots.append(np.frombuffer(s, dtype=np.int32))
            tfs.append(np.frombuffer(tf, dtype=np.float32))
        if self._log is not None:
            tids.append(np.frombuffer(self._log[0], dtype=np.int32))
            slots.append(np.frombuffer(self._log[1], dtype=np.int32))
            tfs.append(np.frombuffer(self._log[2], dtype=np.float32))
        tid_all = np.concatenate(tids)
        slot_all = np.concatenate(slots)
        tf_all = np.concatenate(tfs)
        keep = self._alive[slot_all] > 0
        tid_all, slot_all, tf_all = tid_all[keep], slot_all[keep], tf_all[keep]
        order = np.lexsort((slot_all, tid_all))
        tid_all, slot_all, tf_all = tid_all[order], slot_all[order], tf_all[order]
        average = self.average_length
        is_text = np.fromiter((_is_text_term(t) for t in self._terms), dtype=bool, count=len(self._terms))
        k1, b = self.weights.k1, self.weights.b
        lengths = self._length[slot_all]
        bm25 = tf_all * (k1 + 1) / (tf_all + k1 * (1 - b + b * lengths / max(average, 1e-9)))
        impact = np.where(is_text[tid_all], bm25, 1.0).astype(np.float32)
        offsets = np.zeros(len(self._terms) + 1, dtype=np.int64)
        np.cumsum(np.bincount(tid_all, minlength=len(self._terms)), out=offsets[1:])
        self._main_offsets, self._main_slots = offsets, slot_all.astype(np.int32)
        self._main_tf, self._main_impact = tf_all.astype(np.float32), impact
        self._avg_length_main = average
        self._delta = {}
        self._log = None

    # ------------------------------------------------------------ the query

    def _idf(self, tid: int) -> float:
        df = max(self._df[tid], 0)
        return math.log(1 + (self._n_alive - df + 0.5) / (df + 0.5))

    def _fuzzy_neighbours(self, key: str) -> set[str]:
        if len(key) < _FUZZY_MIN_LENGTH or any(ch.isdigit() for ch in key):
            return set()
        found = set(self._deletions.get(key, ()))
        for variant in T.deletion_variants(key):
            found.update(self._deletions.get(variant, ()))
        found.discard(key)
        return found

    def _bridges(self, key: str) -> list[str]:
        """Word keys of the index spelt in the other script with the same consonant skeleton («ایمپلر», impeller)."""
        bone = T.skeleton(key)
        if len(bone) < T.TRANSLITERATION_MIN:
            return []
        persian = T.is_persian(key)
        return [other for other in self._skeletons.get(bone, ()) if T.is_persian(other) != persian]

    def _item_materials(self, need: Need) -> set[str]:
        """The materials the need states for the item itself: its materials field and the title's words before an
        application or part marker («برای», «با», "for", "with"). A mould or die is made of tool steel (or carbide):
        a plastic, rubber or alloy named for it (PP, ADC12, 42CrMo4) is the moulded, cast or forged part's."""
        own: set[str] = set()
        for material in need.materials:
            own |= {t for t in T.analyse(material).terms if t.startswith("m:")}
        own |= {t for t in T.analyse(T.before_application(need.title)).terms if t.startswith("m:")}
        if need.kind == "mould_die":
            own = {m for m in own if m[2:] in T.TOOLING_MATERIALS}
        return own

    @staticmethod
    def _material_words(need: Need, foreign: set[str]) -> set[str]:
        """The word terms of the need's title and description that name one of the `foreign` materials."""
        words: set[str] = set()
        for text in (need.title, need.description):
            token_list = T.tokens(text)
            keys = [t.key or t.surface for t in token_list]
            for concept, i, j in T.concepts(token_list):
                if concept in foreign and concept[:2] == "m:":
                    words |= {"w:" + k for k in keys[i:j] if k}
                    if j - i == 2:
                        words.add("w:" + T.pair_key(token_list[i].surface, token_list[i + 1].surface))
        return words

    def _need_query(self, need: Need, neighbours=None, bridges=None) -> _Query:
        """The weighted terms of a need. `neighbours(key)` gives typo neighbours and `bridges(key)` the same word
        in the other script (the index's by default)."""
        w = self.weights
        neighbours = neighbours or self._fuzzy_neighbours
        bridges = bridges or self._bridges
        terms: dict[str, float] = {}
        origin: dict[str, str] = {}
        surfaces: dict[str, str] = {}

        def put(term: str, weight: float, why: str, surface: str = "") -> None:
            if weight <= 0:
                return
            terms[term] = terms.get(term, 0.0) + weight
            origin.setdefault(term, why)
            if surface:
                surfaces.setdefault(term, surface)

        kind_weight = {"w:": w.word, "pn:": w.part_number_key, "c:": w.concept}
        title = T.analyse(need.title, w.title, lexicon=w.lexicon)
        head = T.head_keys(need.title) if w.lexicon else {t for t in T.head_keys(need.title) if t[:2] == "w:"}
        if w.head != 1.0:
            for term in head & title.terms.keys():
                title.terms[term] *= w.head
        if w.modifier_concept != 1.0 and head:
            for term in [t for t in title.terms if t.startswith("c:") and t not in head]:
                title.terms[term] *= w.modifier_concept
        text = T.Analysis(dict(title.terms), dict(title.surfaces))
        described = T.Analysis({}, {})
        for clause, serves in T.application_clauses(need.description):
            T.analyse(clause, w.description * (w.application if serves else 1.0), described, lexicon=w.lexicon,
                      drop=T.NEED_BOILERPLATE)
        # A material the description names is the material term's to weigh (below), not its words'; numbers there
        # are quantities, not part numbers (those are read as "pn:" terms).
        for term in self._material_words(Need(need.id, "", need.description), set(described.terms)):
            if term not in title.terms and term in described.terms:
                described.terms[term] *= w.other_material_words
        for term, value in described.terms.items():
            if not (term[:2] == "w:" and term[2:].isdigit()):
                text.add(term, value, described.surfaces.get(term, ""))
        T.analyse(need.oem, w.oem, text, lexicon=w.lexicon)
        for material in need.materials:
            T.analyse(material, w.need_materials, text, lexicon=w.lexicon)
        if need.part_number:
            pn = T.analyse(need.part_number, w.part_number)
            for key in T.part_number_keys(need.part_number, strict=False):
                pn.add("pn:" + key, w.part_number, need.part_number)
            for term, value in pn.terms.items():
                text.add(term, value, need.part_number if term.startswith("pn:") else pn.surfaces.get(term, ""))
        named_materials = set()
        for term, value in text.terms.items():
            if _is_text_term(term):
                put(term, value * kind_weight[term[: term.index(":") + 1]], "text", text.surfaces.get(term, ""))
            elif term.startswith("m:"):
                named_materials.add(term)
        # Typo neighbours and other-script spellings of the words that carry the need (title, part number, OEM,
        # materials), not of the description's boilerplate: it would cost postings and add noise.
        for term, value in list(terms.items()):
            if term.startswith("w:") and value >= FUZZY_MIN_WEIGHT:
                written = text.surfaces.get(term, term[2:])
                for other in neighbours(term[2:]):
                    put("w:" + other, value * w.fuzzy, "fuzzy:" + written)
                if " " not in written:
                    for other in bridges(term[2:]):
                        put("w:" + other, value * w.transliteration, "bridge:" + written, written)
        materials = self._item_materials(need) if w.lexicon else set()
        for material in named_materials:
            put(material, w.material if material in materials else w.other_material, "material")
        if named_materials - materials and w.other_material_words != 1.0:
            for term in self._material_words(need, named_materials - materials) & terms.keys():
                terms[term] *= w.other_material_words
        certifications = T.certification_keys(f"{need.title} {need.description}")
        for cert in certifications:
            put("cert:" + cert, w.certification, "certification")
        for pid in need.processes:
            put("p:" + pid, w.process, "process")
        if need.kind in _KIND_CONCEPTS:
            put(_KIND_CONCEPTS[need.kind], w.kind_concept, "kind")

        hs6 = _hs6(need.hs)
        suggested, factor = False, 1.0
        if not hs6 and not T.hs_digits(need.hs):
            hs6 = self._suggested_code(title.terms or text.terms, head)
            if hs6:
                suggested, factor = True, w.suggested_hs
        elif hs6 and head and w.served_code < 1.0 and self._names_something_else(hs6, head, title.terms):
            # The typed code's makers never name the item, another code's do: the buyer typed the code of what
            # the item serves (a crankshaft's for its forging die, a pump's for its impeller).
            other = self._suggested_code(title.terms or text.terms, head, w.served_min_score)
            if other and other[:4] != hs6[:4]:
                hs6, suggested, factor = other, True, w.served_code
        digits = T.hs_digits(need.hs)
        if hs6:
            put("hs6:" + hs6, w.hs6 * factor, "hs")
            put("hs4:" + hs6[:4], w.hs4 * factor, "hs")
            put("hs2:" + hs6[:2], w.hs2 * factor, "hs")
            isic = self.hs_to_isic.get(hs6, frozenset())
            for c in isic:
                put("isic:" + c, w.isic * factor / max(1.0, math.sqrt(len(isic))), "isic")
            for term, share in self.hs_model.expansion(hs6, w.hs_expansion_terms):
                put(term, w.hs_expansion * factor * share, "hs_expansion:" + hs6)
            for pid, share in self.hs_model.processes(hs6):
                if share >= 0.5:
                    put("p:" + pid, w.hs_process * factor * share, "hs_process:" + hs6)
        elif len(digits) >= 4:
            put("hs4:" + digits[:4], w.hs4, "hs")
            put("hs2:" + digits[:2], w.hs2, "hs")
        own = {t for t in title.terms if t.startswith(("w:", "c:"))}
        typed = {T.fold(word): word for word in _LATIN_WORD.findall(
            " ".join([need.title, need.description, need.oem, *need.materials]))}
        sizes = T.sizes(f"{need.title}\n{need.description}")
        return _Query(terms, origin, surfaces, hs6, suggested, materials, certifications, own, typed=typed,
                      sizes=sizes)

    def _names_something_else(self, hs6: str, head: set[str], terms: Mapping[str, float]) -> bool:
        """Makers list this code and the title's other words read as it, but its makers never use the item's head
        noun: the title names the item and, after it, the product the code is of («قالب فورج میل لنگ» with the
        crankshaft's code). A title no maker's words fit (an application name) is left to its code."""
        w = self.weights
        if (self.hs_model.hs_makers.get(hs6, 0) < w.served_code_makers
                or self.hs_model.head_share(hs6, head) >= w.suggest_head_share):
            return False
        reads = dict(self.hs_model.suggest({t: v for t, v in terms.items() if t not in head}, w.suggest_candidates))
        return reads.get(hs6, 0.0) >= w.served_typed_score

    def _suggested_code(self, terms: Mapping[str, float], head: set[str], min_score: float | None = None) -> str:
        """The HS code read from a need's title: the best of the top codes whose makers use the item's head noun.

        A title names the item and often what it serves («قالب فورج میل لنگ», «پروانه پمپ»): the code that fits
        the words best is often the served product's, which the makers of the die or the impeller do not list.
        """
        w = self.weights
        floor = w.suggest_min_score if min_score is None else min_score
        for code, score in self.hs_model.suggest(terms, w.suggest_candidates):
            if score < floor:
                break
            if not head or self.hs_model.head_share(code, head) >= w.suggest_head_share:
                return code
        return ""

    # ------------------------------------------------------------ scoring

    def _term_factor(self, term: str, weight: float, tid: int) -> float:
        return weight * self._idf(tid) if _is_text_term(term) else weight

    def _segments(self, tid: int) -> Iterable[tuple[np.ndarray, np.ndarray]]:
        """A term's postings (slots in increasing order, impacts): the numpy segment's, then the delta's."""
        if tid < len(self._main_offsets) - 1:
            lo, hi = self._main_offsets[tid], self._main_offsets[tid + 1]
            if hi > lo:
                yield self._main_slots[lo:hi], self._main_impact[lo:hi]
        entry = self._delta.get(tid)
        if entry is not None:
            yield np.frombuffer(entry[0], dtype=np.int32), np.frombuffer(entry[2], dtype=np.float32)

    def _pool(self, query: _Query, pool: int, keep: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The `pool` best slots for a query and their scores (before the rerank), summed in one dense array.

        A word whose largest possible share of a score is below `Weights.min_term_score` is skipped: common
        words of the description or of the HS expansion cost long postings and change no ranking.
        """
        n = len(self._id_of)
        scores = np.zeros(n, dtype=np.float32)
        max_impact = self.weights.k1 + 1
        floor = self.weights.min_term_score
        for term, weight in query.terms.items():
            tid = self._term_id.get(term)
            if tid is None or self._df[tid] <= 0:
                continue
            factor = self._term_factor(term, weight, tid)
            query.factors[term] = factor
            if factor * max_impact < floor and _is_text_term(term):
                continue
            for slots, impacts in self._segments(tid):
                scores[slots] += factor * impacts
        scores *= self._alive[:n]
        if keep is not None:
            scores *= keep
        if pool >= n:
            top = np.arange(n)
        else:
            top = np.argpartition(-scores, pool - 1)[:pool]
        return top, scores[top]

    def _rerank_bonus(self, need: Need, query: _Query, profile: MakerProfile, explain: bool = False
                      ) -> tuple[float, list[tuple[float, str]]]:
        """Additive adjustments that need the whole profile; their reasons only when `explain`."""
        w = self.weights
        bonus, reasons = 0.0, []
        cap = self._capacity_fit(need, query, profile)
        if cap is not None:
            ok, entry = cap
            bonus += w.capacity_ok if ok else -w.capacity_short
            if explain:
                text = f"ظرفیت سالانه {_amount(entry.amount)} {unit_fa(entry.unit)}".rstrip()
                reasons.append((w.capacity_ok, f"{text} (نیاز: {_amount(need.quantity or 0)})") if ok else
                               (0.0, f"{text}، کمتر از نیمی از نیاز ({_amount(need.quantity or 0)})"))
        if query.sizes:
            fit = self._size_fit(query, profile)
            if fit is not None:
                ok, size, stated = fit
                bonus += w.size_fit if ok else -w.size_miss
                if explain:
                    need_side = f"{_amount(round(size.low, 3))} {T.BASE_UNIT_FA[size.dimension]}"
                    maker_side = _range_fa(stated)
                    reasons.append((w.size_fit, f"اندازه در محدوده سازنده: {need_side} (سازنده: {maker_side})") if ok
                                   else (0.0, f"اندازه {need_side} بیرون از محدوده سازنده ({maker_side})"))
        if profile.localizations:
            value = w.localizations * math.log1p(profile.localizations)
            bonus += value
            if explain:
                reasons.append((value, f"{_fa(profile.localizations)} سابقه داخلی‌سازی"))
        if need.estate and profile.estate == need.estate:
            bonus += w.same_estate
            if explain:
                reasons.append((w.same_estate, "در همان شهرک صنعتی خریدار"))
        elif need.province and profile.province == need.province:
            bonus += w.same_province
            if explain:
                reasons.append((w.same_province, "در همان استان خریدار"))
        return bonus, reasons

    def _size_fit(self, query: _Query, profile: MakerProfile) -> tuple[bool, T.Size, T.Size] | None:
        """Whether a size the need states lies inside a range the maker states for that measure; None when the
        maker states no range of any measure the need gives."""
        ranges = self._ranges.get(profile.id)
        if ranges is None:
            ranges = self._ranges[profile.id] = [r for line in profile.lines if _HAS_DIGIT.search(line)
                                                 for r in T.size_ranges(line)]
        if not ranges:
            return None
        miss = None
        for size in query.sizes:
            same = [r for r in ranges if r.dimension == size.dimension]
            for stated in same:
                if stated.holds(size):
                    return True, size, stated
            if same and miss is None:
                miss = (False, size, max(same, key=lambda r: r.high))
        return miss

    def _capacity_fit(self, need: Need, query: _Query, profile: MakerProfile) -> tuple[bool, Capacity] | None:
        if not need.quantity or not profile.capacity:
            return None
        for entry in profile.capacity:
            if unit_key(entry.unit) != unit_key(need.unit):
                continue
            if not entry.label or query.words & _label_terms(entry.label):
                return entry.amount * 2 >= need.quantity, entry
        return None

    def search(self, need: Need, k: int = 20, *, province: str | None = None) -> list[Match]:
        """The k makers most likely to make the need, best first, each with its reasons in Persian.

        `province` keeps makers of one province only (the province's linkage table).
        """
        if not self._n_alive or k <= 0:
            return []
        query = self._need_query(need)
        keep = None
        if province is not None:
            code = self._province_codes.get(province)
            keep = (self._province[: len(self._id_of)] == code).astype(np.float32) if code is not None else \
                np.zeros(len(self._id_of), dtype=np.float32)
        candidates, scores = self._pool(query, max(self.weights.pool, k), keep)
        positive = scores > 0
        candidates, scores = candidates[positive], scores[positive]
        ranked = []
        for slot, score in zip(candidates.tolist(), scores.tolist()):
            profile = self._profiles[self._id_of[slot]]
            raw = score * (1 - self.weights.non_maker * float(self._non_maker[slot]))
            bonus, _ = self._rerank_bonus(need, query, profile)
            ranked.append((raw + bonus, profile.id, profile))
        ranked.sort(key=lambda r: (-r[0], r[1]))
        matches = []
        for score, maker_id, profile in ranked[:k]:
            _, extra = self._rerank_bonus(need, query, profile, explain=True)
            reasons = self._reasons(query, profile, extra, self._indexed_doc(self._slot_of[maker_id]))
            matches.append(Match(maker_id, round(score, 4), reasons))
        return matches

    # ------------------------------------------------------------ one pair: the reverse query and the reasons

    def _pair(self, query: _Query, doc: _Doc) -> tuple[float, dict[str, float]]:
        """Score of one analysed maker for one query, as `_pool` computes it, with each term's share."""
        contributions = {}
        qterms, dterms = query.terms, doc.terms
        if len(dterms) < len(qterms):
            shared = [t for t in dterms if t in qterms]
        else:
            shared = [t for t in qterms if t in dterms]
        average = self._avg_length_main or self.average_length
        n = max(self._n_alive, 1)
        factors = query.factors
        max_impact, floor = self.weights.k1 + 1, self.weights.min_term_score
        for term in shared:
            factor = factors.get(term)
            if factor is None:
                weight = qterms[term]
                tid = self._term_id.get(term)
                if _is_text_term(term):
                    df = max(self._df[tid], 0) if tid is not None else 0
                    factor = weight * math.log(1 + (n - df + 0.5) / (df + 0.5))
                else:
                    factor = weight
            if _is_text_term(term):
                if factor * max_impact < floor:
                    continue
                contributions[term] = factor * self._impact(dterms[term], doc.length, average)
            else:
                contributions[term] = factor
        return sum(contributions.values()), contributions

    def needs_for(self, profile: MakerProfile, needs: Iterable[Need], k: int = 20) -> list[NeedMatch]:
        """The reverse query: the needs this maker could serve, best first (for a maker's page and digests)."""
        doc = self._analyse_maker(profile)
        keys = {t[2:] for t in doc.terms if t.startswith("w:")}
        deletions: dict[str, set[str]] = {}
        for key in keys:
            if len(key) >= _FUZZY_MIN_LENGTH and not any(ch.isdigit() for ch in key):
                for variant in T.deletion_variants(key) | {key}:
                    deletions.setdefault(variant, set()).add(key)

        def neighbours(key: str) -> set[str]:
            if len(key) < _FUZZY_MIN_LENGTH or any(ch.isdigit() for ch in key):
                return set()
            found = set(deletions.get(key, ()))
            for variant in T.deletion_variants(key):
                found |= deletions.get(variant, set())
            found.discard(key)
            return found

        skeletons: dict[str, set[str]] = {}
        for key in keys:
            bone = T.skeleton(key)
            if len(bone) >= T.TRANSLITERATION_MIN:
                skeletons.setdefault(bone, set()).add(key)

        def bridges(key: str) -> list[str]:
            bone = T.skeleton(key)
            persian = T.is_persian(key)
            return [k for k in skeletons.get(bone, ()) if T.is_persian(k) != persian] if bone else []

        ranked = []
        for need in needs:
            query = self._need_query(need, neighbours, bridges)
            raw, _ = self._pair(query, doc)
            if raw <= 0:
                continue
            raw *= 1 - self.weights.non_maker * doc.non_maker_share
            bonus, extra = self._rerank_bonus(need, query, profile, True)
            ranked.append((raw + bonus, need.id, query, extra))
        ranked.sort(key=lambda r: (-r[0], r[1]))
        return [NeedMatch(nid, round(score, 4), self._reasons(query, profile, extra, doc))
                for score, nid, query, extra in ranked[:k]]

    def explain(self, need: Need, maker_id: str) -> list[str]:
        """The reasons for one maker and one need, whatever its rank."""
        profile = self._profiles[maker_id]
        query = self._need_query(need)
        _, extra = self._rerank_bonus(need, query, profile, True)
        return self._reasons(query, profile, extra, self._indexed_doc(self._slot_of[maker_id]))

    def _shown_word(self, term: str, why: str, query: _Query, doc: _Doc) -> str:
        """A matched word as a staff member can check it: Persian as the maker or the buyer wrote it; an English
        word only as the buyer typed it; else its Persian name from the lexicon; else nothing (never a stem)."""
        key = term.partition(":")[2]
        if why.startswith(("bridge:", "fuzzy:")):
            written = why.partition(":")[2]
            maker_side = doc.surfaces.get(term) or self._surface.get(term, "")
            if maker_side and not T.is_latin(maker_side):
                return maker_side
            return written if not T.is_latin(written) else self._typed(written, query)
        maker_side = doc.surfaces.get(term) or self._surface.get(term, "")
        if maker_side and not T.is_latin(maker_side):
            return maker_side
        need_side = query.surfaces.get(term, "")
        if need_side and not T.is_latin(need_side):
            return need_side
        if need_side:
            return self._typed(need_side, query)
        return T.persian_word(key)

    def _title(self, kind: str, code: str) -> str:
        """« (Persian title)» of a code, from the nearest level the registry has a Persian title for."""
        for length in (len(code), 4, 2) if kind == "hs" else (len(code), 3, 2):
            title = self.titles.get(f"{kind}:{code[:length]}")
            if title:
                return f" ({title})"
        return ""

    @staticmethod
    def _typed(folded: str, query: _Query) -> str:
        """An English word (or words) of the need as the user typed them; "" if the need does not have them."""
        words = [query.typed.get(word) for word in folded.split()]
        return " ".join(words) if words and all(words) else ""

    def _reasons(self, query: _Query, profile: MakerProfile, extra: list[tuple[float, str]], doc: _Doc) -> list[str]:
        _, contributions = self._pair(query, doc)
        reasons: list[tuple[float, str]] = []
        words: dict[str, float] = {}
        related: dict[str, float] = {}
        concepts: dict[str, float] = {}
        part_numbers = []
        by_kind: dict[str, list[str]] = {}
        for term, value in contributions.items():
            kind, _, key = term.partition(":")
            if kind not in ("w", "c", "pn"):
                by_kind.setdefault(kind, []).append(key)
                continue
            why = query.origin.get(term, "")
            if kind == "pn":  # part numbers are codes, shown as the need wrote them
                part_numbers.append((value, query.surfaces.get(term) or doc.surfaces.get(term) or key))
            elif kind == "c":
                label = T.concept_label_fa(term) or self._shown_word(term, why, query, doc)
                if label:
                    concepts[label] = max(value, concepts.get(label, 0.0))
            elif not (key.isdigit() and len(key) < 3):
                shown = self._shown_word(term, why, query, doc)
                bag = related if why.startswith("hs_expansion") else words
                if shown:
                    bag[shown] = max(value, bag.get(shown, 0.0))
        if words:  # the words that carry the match, not every common word
            floor = 0.15 * max(words.values())
            words = {s: v for s, v in words.items() if v >= floor}
        if related:
            floor = 0.15 * max(related.values())
            related = {s: v for s, v in related.items() if v >= floor}
        if part_numbers:
            value, surface = max(part_numbers)
            reasons.append((value + 100, f"شماره فنی منطبق: {surface}"))
        if words:
            top = sorted(words.items(), key=lambda x: -x[1])[:6]
            reasons.append((sum(v for _, v in top), "واژه‌های مشترک: " + "، ".join(f"«{s}»" for s, _ in top)))
        if concepts:
            top = sorted(concepts.items(), key=lambda x: -x[1])[:4]
            reasons.append((sum(v for _, v in top), "هم‌معنا (فارسی/انگلیسی): " + "، ".join(f"«{s}»" for s, _ in top)))
        hs_prefix = "کد HS پیشنهادی از متن نیاز" if query.hs_suggested else "کد HS"
        if "hs6:" + query.hs6 in contributions:
            reasons.append((contributions["hs6:" + query.hs6] + 50,
                            f"{hs_prefix} یکسان با محصول سازنده: {_fa(query.hs6)}{self._title('hs', query.hs6)}"))
        elif "hs4:" + query.hs6[:4] in contributions and query.hs6:
            reasons.append((contributions["hs4:" + query.hs6[:4]], f"{hs_prefix}: هم‌سرفصل {_fa(query.hs6[:4])}"))
        elif query.hs6 and "hs2:" + query.hs6[:2] in contributions:
            reasons.append((contributions["hs2:" + query.hs6[:2]], f"{hs_prefix}: هم‌فصل {_fa(query.hs6[:2])}"))
        isic = sorted(by_kind.get("isic", ()))
        if isic:
            named = "، ".join(_fa(c) + self._title("isic", c) for c in isic)
            reasons.append((sum(contributions["isic:" + c] for c in isic),
                            f"رشته فعالیت ISIC {named} از زنجیره HS→ISIC کد {_fa(query.hs6)}"))
        if related:
            top = sorted(related.items(), key=lambda x: -x[1])[:5]
            reasons.append((sum(v for _, v in top) * 0.5,
                            f"واژه‌های رایج سازندگان کد {_fa(query.hs6)}: " + "، ".join(s for s, _ in top)))
        procs = sorted(by_kind.get("p", ()))
        if procs:
            labels = "، ".join(T.PROCESS_LABELS_FA.get(p, p) for p in procs)
            reasons.append((sum(contributions["p:" + p] for p in procs), f"فرایند مشترک: {labels}"))
        mats = sorted(by_kind.get("m", ()))
        if mats:
            labels = "، ".join(T.MATERIALS[m][0] if m in T.MATERIALS else m for m in mats)
            reasons.append((sum(contributions["m:" + m] for m in mats), f"جنس مشترک: {labels}"))
        for cert in sorted(by_kind.get("cert", ())):
            reasons.append((contributions["cert:" + cert], f"دارای گواهی {T.CERTIFICATION_LABELS.get(cert, cert)}"))
        for material in sorted(query.materials):
            if material not in contributions:
                label = T.MATERIALS[material[2:]][0] if material[2:] in T.MATERIALS else material[2:]
                reasons.append((-1.0, f"جنس درخواستی ({label}) در نمایه سازنده دیده نشد"))
        for cert in sorted(query.certifications):
            if "cert:" + cert not in contributions:
                reasons.append((-1.0, f"گواهی {T.CERTIFICATION_LABELS.get(cert, cert)} در نمایه سازنده دیده نشد"))
        if doc.non_maker_share >= 0.5:
            reasons.append((-2.0, "نمایه بیشتر از فروش، واردات یا تعمیر می‌گوید تا ساخت"))
        reasons.extend(extra)
        reasons.sort(key=lambda r: -r[0])
        return [text for _, text in reasons]

    # ------------------------------------------------------------ HS suggestion

    def suggest_hs(self, text: str, k: int = 5) -> list[tuple[str, float]]:
        """HS6 codes for a need's text, from the makers' products (name and HS) and profiles; score in [0, 1]."""
        analysis = T.analyse(text)
        terms = {t: v for t, v in analysis.terms.items() if t.startswith(("w:", "c:"))}
        return self.hs_model.suggest(terms, k)

