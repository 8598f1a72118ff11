"""Text analysis for the sourcing matcher: Persian and English tokens, light stemming, part numbers, a small
bilingual industrial lexicon, and the application's fixed list of manufacturing processes.

Pure Python, no Django: the matcher and the app both import it. Text goes through `rownaq.core.persian.normalize`
(Arabic letters, ZWNJ, digits, diacritics), is case-folded and split into tokens; each token gets a *key*
(its stem) that is what the index compares. Keys are chosen so that the usual ways of writing one word agree:

* «قالب‌های», «قالبهای», «قالب های» -> «قالب» (ZWNJ, dropped ZWNJ, plural suffixes; see `stem_fa`);
* «ریخته‌گری», «ریخته گری», «ریختهگری»: the first two give the tokens «ریخته» «گری» whose joined pair
  (`pair_key`) is the key of the third;
* "moulds", "molding", "mould" -> "mold" (British spelling and English suffixes; see `stem_en`);
* "SKF-6205 2RS", "6205-2RS", "62052rs" -> part-number key "62052rs" (see `part_number_keys`).

Typos are handled by the matcher (one-edit neighbours of a key, `deletion_variants`), not here.

The lexicon maps Persian and English surface forms to shared concept ids, so a Persian need can meet an
English profile even where no code links them. It was written by hand as general industrial vocabulary;
codes (HS, ISIC) and the catalogue itself (`Matcher` learns which words go with which HS code) carry the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from rownaq.core.persian import digits_only, normalize

__all__ = [
    "CERTIFICATION_LABELS",
    "CONCEPTS",
    "MATERIALS",
    "NON_MAKER_TERM",
    "PROCESSES",
    "PROCESS_LABELS_FA",
    "APP_KIND_IDS",
    "APP_PROCESS_IDS",
    "Analysis",
    "Token",
    "analyse",
    "certification_keys",
    "concepts",
    "deletion_variants",
    "fold",
    "hs_digits",
    "key_of",
    "looks_like_non_maker",
    "line_role",
    "head_keys",
    "before_application",
    "application_clauses",
    "NEED_BOILERPLATE",
    "concept_label_fa",
    "persian_word",
    "is_latin",
    "is_persian",
    "METALS",
    "TOOLING_MATERIALS",
    "FORMING_PROCESSES",
    "Size",
    "size_ranges",
    "sizes",
    "BASE_UNIT_FA",
    "head_span",
    "skeleton",
    "ROLE_TERMS",
    "pair_key",
    "part_number_keys",
    "stem_en",
    "stem_fa",
    "tokens",
]

# ---------------------------------------------------------------- folding and tokens

# Beyond `normalize`: alef madda and hamza seat folded, because people type «آ»/«ا» and «ئ»/«ی» either way.
_EXTRA_FOLD = str.maketrans({"آ": "ا", "ئ": "ی", "ء": None, "\u200c": " "})
# Persian and Arabic letters only: the block \u0600-\u06ff also holds the Persian comma «،», semicolon «؛», question
# mark «؟», percent, decimal and thousands signs and the full stop «۔», which end a word like their Latin twins.
_FA_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06ee-\u06ef\u06fa-\u06fc\u06ff"
_TOKEN = re.compile(rf"[a-z0-9]+|[{_FA_LETTERS}]+|[^\W\d_]+")


@lru_cache(maxsize=500_000)
def _fold_word(word: str) -> str:
    return normalize(word).casefold().translate(_EXTRA_FOLD)


def fold(text: str) -> str:
    """Normalised, case-folded text with ZWNJ as a space: the form every key is computed from.

    `normalize` works word by word here (a cached call per distinct word): the result is the same as on the
    whole text, since normalisation never joins or splits words, and it is many times faster on a catalogue.
    """
    if not text:
        return ""
    return " ".join(filter(None, map(_fold_word, text.split())))


@dataclass(frozen=True, slots=True)
class Token:
    surface: str  # the folded token as written
    key: str  # its stem; "" for a stopword
    start: int  # offset in the folded text, so a caller can tell adjacent tokens from ones a comma apart
    end: int


def _is_persian(word: str) -> bool:
    return "\u0600" <= word[0] <= "\u06ff"


is_persian = _is_persian


def _words(text: str) -> list[str]:
    return text.split()


# Function words and the boilerplate of "we make X" / "we need X": they say nothing about what is made.
STOPWORDS_FA = frozenset(
    fold(word)
    for word in _words("""
    و در با از به برای که این آن را تا یا هم نیز است هست نیست می شود شده بود باشد دارد داریم ها های هایی ای ی
    انواع مختلف جهت بر سری مطابق نوع حدود هر کلیه همه بین پس اما ما شما خود یک دو سه چند روی زیر طبق شامل
    تولید تولیدی ساخت سازنده تولیدکننده طراحی انجام ارائه پذیرش سفارش عرضه کننده کنندگان
    """)
)
STOPWORDS_EN = frozenset(
    _words("""
    a an and are as at be by for from in into is it of on or our the to we with us all any
    manufacture manufacturer manufacturing production produce produced design make made supply supplier
    """)
)

_BRITISH = {
    "mould": "mold",
    "moulds": "molds",
    "moulding": "molding",
    "moulded": "molded",
    "aluminium": "aluminum",
    "colour": "color",
    "fibre": "fiber",
    "centre": "center",
    "sulphuric": "sulfuric",
    "sulphonic": "sulfonic",
    "sulphate": "sulfate",
    "grey": "gray",
    "tyre": "tire",
    "metre": "meter",
    "litre": "liter",
}
_EN_KEEP = frozenset(
    {
        "gas",
        "bus",
        "brass",
        "glass",
        "press",
        "process",
        "axis",
        "class",
        "us",
        "its",
        "this",
        "less",
        "series",
        "chassis",
        "abs",
        "pcs",
    }
)


@lru_cache(maxsize=200_000)
def stem_en(word: str) -> str:
    """A deliberately light English stemmer: plurals, -ing, -ed, -ise/-ize; British spellings first."""
    word = _BRITISH.get(word, word)
    if len(word) <= 3 or word in _EN_KEEP or not word.isalpha():
        return word
    word = re.sub(r"is(e|ed|ing|ation)$", r"iz\1", word)
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "ls":  # cutting -> cut
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


# Plurals whose stem is not the singular with a suffix removed.
_BROKEN_PLURALS = {
    "لوازم": "لازم",
    "مواد": "ماده",
    "صنایع": "صنعت",
    "ادوات": "ادات",
    "مصنوعات": "مصنوع",
    "فلزات": "فلز",
    "قطعات": "قطعه",
    "ابزارالات": "ابزار",
    "ماشینالات": "ماشین",
    "شیرالات": "شیر",
    "اقلام": "قلم",
    "محصولات": "محصول",
    "تجهیزات": "تجهیز",
    "اتصالات": "اتصال",
    "خدمات": "خدمت",
    "تعمیرات": "تعمیر",
    "مشخصات": "مشخصه",
    "الیاف": "لیف",
    "اجزا": "جز",
    "اجزای": "جز",
    "ظروف": "ظرف",
    "اشیا": "شی",
}
_PLURAL_SUFFIXES = ("هایی", "های", "ها")


@lru_cache(maxsize=200_000)
def stem_fa(word: str) -> str:
    """Light Persian stemmer: plural «ها/های/هایی/ات/گان», adjective and indefinite «ی/ای/یی», silent final «ه».

    Stems are keys, not words: «قطعه» and «قطعات» both give «قطع». Only the same rules on both sides matter.
    """
    if word in _BROKEN_PLURALS:
        word = _BROKEN_PLURALS[word]
    for suffix in _PLURAL_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("گان") and len(word) >= 6:
            word = word[:-3] + "ه"
        elif word.endswith(("ات", "ویی", "ایی")) and len(word) >= 5:
            word = word[:-2]
        elif word.endswith("ی") and len(word) >= 4:
            word = word[:-1]
    if word.endswith("ه") and len(word) >= 4:
        word = word[:-1]
    return word


@lru_cache(maxsize=400_000)
def key_of(surface: str) -> str:
    """The index key of one folded token; "" for a stopword."""
    if not surface:
        return ""
    if _is_persian(surface):
        return "" if surface in STOPWORDS_FA else stem_fa(surface)
    if surface in STOPWORDS_EN:
        return ""
    return stem_en(surface)


def tokens(text: str) -> list[Token]:
    return _tokens_of_folded(fold(text))


def _tokens_of_folded(folded: str) -> list[Token]:
    return [Token(m.group(), key_of(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(folded)]


def pair_key(first: str, second: str) -> str:
    """Key of two adjacent tokens written as one word: «ریخته»+«گری» -> key of «ریختهگری»."""
    return key_of(first + second)


# ---------------------------------------------------------------- part numbers

_PN_SEPARATORS = re.compile(r"[\s\-./_]+")
_PN_RUN = re.compile(r"[a-z0-9]+(?:[\s\-./_]+[a-z0-9]+)*")


def part_number_keys(text: str, *, strict: bool = True) -> set[str]:
    """Keys of the Latin part numbers in a text, separators removed, with and without a leading brand.

    "SKF-6205 2RS" -> {"skf62052rs", "62052rs", "6205"}; "DIN933-M12" -> {"din933m12"}; a run without a digit
    ("Atlas Copco") gives nothing. A comma or a Persian word ends a part number. `strict` (free text) also
    wants a Latin letter in the run, so that quantities («۲۵۰ تن») are not taken for part numbers; a part-number
    field is read with strict=False.
    """
    return _part_number_keys_of_folded(fold(text), strict)


def _part_number_keys_of_folded(folded: str, strict: bool) -> set[str]:
    keys: set[str] = set()
    for match in _PN_RUN.finditer(folded):
        if strict and not any("a" <= ch <= "z" for ch in match.group()):
            continue
        parts = _PN_SEPARATORS.split(match.group())
        seps = _PN_SEPARATORS.findall(match.group())
        pieces = [p for p in parts if p]
        with_digit = [i for i, p in enumerate(pieces) if any(c.isdigit() for c in p)]
        if not with_digit:
            continue
        first_digit, last_digit = with_digit[0], with_digit[-1]
        # A short letter code hyphenated to the part number ("6305-ZZ") belongs to it; a word after a space
        # ("H13 hot work") does not.
        end = last_digit + 1
        if end < len(pieces) and len(pieces[end]) <= 3 and seps[end - 1].strip():
            end += 1
        core = "".join(pieces[first_digit:end])
        if len(core) >= 3:
            keys.add(core)
        if first_digit > 0:
            keys.add("".join(pieces[first_digit - 1 : end]))
        # "6205 2RS" and "6205-2RS-C3" also share the first block when it is long enough to mean something.
        if end - first_digit > 1 and len(pieces[first_digit]) >= 4 and pieces[first_digit].isdigit():
            keys.add(pieces[first_digit])
    return keys


def hs_digits(code: str) -> str:
    """The digits of an HS code as typed: "8480.71.00" -> "84807100"; Persian digits accepted."""
    return digits_only(code)


# ---------------------------------------------------------------- certifications

CERTIFICATION_LABELS = {
    "iso9001": "ISO 9001",
    "iso14001": "ISO 14001",
    "iso45001": "ISO 45001",
    "iso13485": "ISO 13485",
    "iatf16949": "IATF 16949",
    "iso22000": "ISO 22000",
    "api6d": "API 6D",
    "ce": "CE",
    "gmp": "GMP",
    "isiri": "استاندارد ملی ایران",
    "haccp": "HACCP",
    "ohsas18001": "OHSAS 18001",
}
_CERT = re.compile(
    r"\b(iso|iatf|ohsas|api|ایزو)\s*[-:]?\s*(\d{3,5}|\d[a-z])\b|\b(ce|gmp|haccp)\b|استاندارد ملی|نشان استاندارد"
)


def certification_keys(text: str) -> set[str]:
    """Certificates a text names: "ISO 9001", «ایزو ۹۰۰۱» -> "iso9001"."""
    return _certification_keys_of_folded(fold(text))


def _certification_keys_of_folded(folded: str) -> set[str]:
    keys = set()
    for m in _CERT.finditer(folded):
        if m.group(1):
            scheme = "iso" if m.group(1) == "ایزو" else m.group(1)
            keys.add(scheme + m.group(2))
        elif m.group(3):
            keys.add(m.group(3))
        else:
            keys.add("isiri")
    return keys


# ---------------------------------------------------------------- processes (the application's fixed list)

# id -> (Persian label, Persian surface forms, English surface forms). The ids are what a maker ticks in the app;
# the forms let the matcher read the same processes out of free text.
PROCESSES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "casting": (
        "ریخته‌گری",
        ("ریخته‌گری", "ریختگری", "ریخته‌گری ماسه‌ای", "ذوب و ریخته‌گری", "فاندری"),
        ("casting", "sand casting", "foundry"),
    ),
    "die_casting": (
        "ریخته‌گری تحت فشار",
        ("دایکاست", "دایکست", "ریخته‌گری تحت فشار"),
        ("die casting", "diecasting", "pressure die casting", "hpdc"),
    ),
    "investment_casting": (
        "ریخته‌گری دقیق",
        ("ریخته‌گری دقیق", "موم ریختنی", "ریخته‌گری مومی", "ریخته‌گری با موم"),
        ("investment casting", "lost wax", "lost-wax casting", "precision casting"),
    ),
    "forging": ("آهنگری و فورج", ("فورج", "فورجینگ", "آهنگری"), ("forging", "forge", "forged")),
    "machining": (
        "ماشین‌کاری",
        ("تراشکاری", "فرزکاری", "ماشینکاری", "ماشین‌کاری", "تراش و فرز"),
        ("machining", "turning", "milling", "lathe work"),
    ),
    "cnc_machining": ("ماشین‌کاری CNC", ("سی‌ان‌سی", "سی ان سی", "cnc"), ("cnc", "machining centre", "vmc", "5-axis")),
    "edm": (
        "وایرکات و اسپارک",
        ("وایرکات", "وایر کات", "اسپارک", "فرسایش الکتریکی", "ای‌دی‌ام"),
        ("edm", "wire edm", "wire cut", "spark erosion", "sinker edm"),
    ),
    "grinding": (
        "سنگ‌زنی",
        ("سنگ‌زنی", "سنگ زنی", "سنگ‌کاری", "سنگ محور", "سنگ سطح"),
        ("grinding", "grinder", "cylindrical grinding"),
    ),
    "gear_cutting": (
        "دنده‌زنی",
        ("دنده‌زنی", "هاب‌زنی", "دنده‌تراشی", "دنده تراشی", "چرخ‌دنده‌سازی"),
        ("gear cutting", "gear hobbing", "hobbing", "gear shaping", "gear grinding"),
    ),
    "injection_moulding": (
        "تزریق پلاستیک",
        ("تزریق پلاستیک", "قالب‌گیری تزریقی", "قطعات تزریقی", "دستگاه تزریق"),
        ("injection moulding", "plastic injection", "injection moulded", "injection press"),
    ),
    "blow_moulding": (
        "قالب‌گیری بادی",
        ("قالب‌گیری بادی", "بادکنی", "دستگاه بادی"),
        ("blow moulding", "blow molding", "stretch blow"),
    ),
    "extrusion": ("اکستروژن", ("اکستروژن", "اکسترود", "اکسترودر"), ("extrusion", "extruder", "extruded")),
    "rubber_moulding": (
        "قالب‌گیری لاستیک",
        ("پخت لاستیک", "قالب‌گیری لاستیک", "ولکانیزاسیون", "ولکانیزه"),
        ("rubber moulding", "vulcanising", "compression moulding", "rubber molding"),
    ),
    "mould_and_die_making": (
        "قالب‌سازی",
        ("قالب‌سازی", "قالب سازی", "ساخت قالب", "ابزارسازی", "قالب و ابزار"),
        ("mould making", "mold making", "toolmaking", "tool and die", "die making", "tooling"),
    ),
    "sheet_metal": (
        "ورق‌کاری",
        ("ورق‌کاری", "ورقکاری", "خم‌کاری", "برش لیزر", "پرس برک", "گیوتین"),
        ("sheet metal", "laser cutting", "bending", "press brake"),
    ),
    "stamping": (
        "پرس‌کاری",
        ("پرسکاری", "پرس‌کاری", "کشش عمیق", "پانچ", "پرس ضربه‌ای"),
        ("stamping", "pressing", "deep drawing", "press shop"),
    ),
    "welding": ("جوشکاری", ("جوشکاری", "جوش آرگون", "جوش co2", "ربات جوش"), ("welding", "tig", "mig", "welded")),
    "heat_treatment": (
        "عملیات حرارتی",
        ("عملیات حرارتی", "سختکاری", "سخت‌کاری", "کوئنچ", "تمپر", "نیتراته", "نیتراسیون", "کربوره", "سمانته", "بازپخت"),
        ("heat treatment", "hardening", "quench", "nitriding", "carburising", "annealing"),
    ),
    "surface_finishing": (
        "آبکاری و پوشش",
        ("آبکاری", "گالوانیزه", "آنودایز", "پوشش‌دهی", "آبکاری کروم"),
        ("plating", "galvanising", "anodising", "chrome plating", "coating"),
    ),
    "painting": (
        "رنگ‌آمیزی",
        ("رنگ‌آمیزی", "رنگ آمیزی", "رنگ الکترواستاتیک", "رنگ کوره‌ای", "پاشش رنگ"),
        ("painting", "powder coating", "spray painting"),
    ),
    "electronics_assembly": (
        "مونتاژ الکترونیک",
        ("مونتاژ برد", "smd", "smt", "لحیم‌کاری", "مونتاژ قطعات الکترونیکی", "پیک اند پلیس", "ریفلو"),
        ("smt", "pcb assembly", "pcba", "electronics assembly", "pick-and-place", "reflow"),
    ),
    "pcb_fabrication": (
        "ساخت برد مدار چاپی",
        ("ساخت برد مدار چاپی", "تولید pcb", "فیبر مدار چاپی"),
        ("pcb fabrication", "pcb manufacturing", "printed circuit board manufacturing"),
    ),
    "winding": ("سیم‌پیچی", ("سیم‌پیچی", "سیم پیچی", "کلاف‌پیچی", "بازپیچی"), ("winding", "coil winding", "rewinding")),
    "cable_making": (
        "کابل‌سازی",
        ("کابل‌سازی", "کابلسازی", "تولید سیم و کابل", "روکش کابل"),
        ("cable making", "cable extrusion", "cable manufacturing"),
    ),
    "wire_drawing": ("مفتول‌کشی", ("مفتول‌کشی", "کشش مفتول", "کشش سیم", "سیم‌کشی فولاد"), ("wire drawing", "drawn wire")),
    "chemical_synthesis": (
        "سنتز شیمیایی",
        ("سنتز", "سنتز شیمیایی", "فرایند شیمیایی", "واکنش شیمیایی"),
        ("chemical synthesis", "synthesis", "chemical process"),
    ),
    "polymerisation": ("پلیمریزاسیون", ("پلیمریزاسیون", "پلیمرسازی"), ("polymerisation", "polymerization")),
    "compounding": ("کامپاندینگ", ("کامپاندینگ", "کامپاند", "آمیزه‌سازی"), ("compounding", "twin-screw")),
    "formulation": ("فرمولاسیون و اختلاط", ("فرمولاسیون", "فرموله", "اختلاط"), ("formulation", "blending")),
    "powder_metallurgy": (
        "متالورژی پودر",
        ("متالورژی پودر", "سینتر", "پرس پودر"),
        ("powder metallurgy", "sintering", "sintered"),
    ),
    "assembly": ("مونتاژ", ("مونتاژ", "اسمبل", "مونتاژکاری"), ("assembly", "assembling")),
    "textile": ("نساجی", ("نساجی", "بافندگی", "ریسندگی", "سوزنی"), ("textile", "weaving", "spinning", "knitting")),
    "printing_packaging": (
        "چاپ و بسته‌بندی",
        ("چاپ", "چاپ فلکسو", "چاپ افست", "کارتن‌سازی"),
        ("printing", "flexo", "offset printing", "converting"),
    ),
    "refractory_forming": (
        "شکل‌دهی نسوز",
        ("پخت نسوز", "پرس آجر نسوز", "شکل‌دهی سرامیک"),
        ("refractory forming", "ceramic firing", "kiln firing"),
    ),
    "spring_making": ("فنرسازی", ("فنرسازی", "فنرپیچی", "فنر پیچ"), ("spring making", "spring coiling")),
    "cold_heading": (
        "سردکوبی",
        ("سردکوبی", "سرد کوبی", "حدیده‌کاری", "نورد رزوه"),
        ("cold heading", "cold forging", "thread rolling"),
    ),
    "food_processing": ("فرآوری مواد غذایی", ("فرآوری مواد غذایی", "بسته‌بندی مواد غذایی"), ("food processing",)),
}
PROCESS_LABELS_FA = {pid: label for pid, (label, _, _) in PROCESSES.items()}

# What the app stores (`sourcing.models.Process` and `ItemKind` values) -> the matcher's ids. The app's list is
# shorter than the matcher's: die casting, EDM, grinding and the rest are read out of free text.
APP_PROCESS_IDS = {
    "casting": "casting",
    "die_casting": "die_casting",
    "forging": "forging",
    "machining": "machining",
    "injection_moulding": "injection_moulding",
    "mould_making": "mould_and_die_making",
    "sheet_metal": "sheet_metal",
    "welding": "welding",
    "heat_treatment": "heat_treatment",
    "surface_treatment": "surface_finishing",
    "electronics_assembly": "electronics_assembly",
    "chemical_synthesis": "chemical_synthesis",
    "rubber": "rubber_moulding",
    "assembly": "assembly",
    "extrusion": "extrusion",
    "powder_metallurgy": "powder_metallurgy",
    "textile": "textile",
}
APP_KIND_IDS = {
    "raw_material": "raw_material",
    "part": "part",
    "mould": "mould_die",
    "equipment": "equipment",
    "consumable": "consumable",
}

# Materials: concept id -> (Persian label, surface forms in either language).
MATERIALS: dict[str, tuple[str, tuple[str, ...]]] = {
    "carbon_steel": (
        "فولاد کربنی",
        ("فولاد کربنی", "فولاد ساختمانی", "آهن", "st37", "st44", "st52", "s235", "s355", "mild steel", "carbon steel"),
    ),
    "alloy_steel": (
        "فولاد آلیاژی",
        (
            "فولاد آلیاژی",
            "ck45",
            "ck15",
            "4140",
            "4340",
            "42crmo4",
            "mo40",
            "vcn",
            "فولاد سمانته",
            "alloy steel",
            "1.7225",
        ),
    ),
    "stainless_steel": (
        "فولاد زنگ‌نزن",
        (
            "استیل",
            "استنلس",
            "ضد زنگ",
            "ضدزنگ",
            "زنگ نزن",
            "نگیر",
            "stainless",
            "ss304",
            "ss316",
            "316l",
            "inox",
            "aisi 304",
            "aisi 316",
        ),
    ),
    "tool_steel": (
        "فولاد ابزار",
        (
            "فولاد ابزار",
            "فولاد قالب",
            "گرمکار",
            "سردکار",
            "1.2344",
            "1.2311",
            "1.2738",
            "1.2080",
            "1.2379",
            "h13",
            "p20",
            "d2",
            "tool steel",
            "hot work steel",
        ),
    ),
    "cast_iron": ("چدن", ("چدن", "چدن خاکستری", "gg20", "gg25", "cast iron", "grey iron", "gray iron")),
    "ductile_iron": (
        "چدن نشکن",
        ("چدن نشکن", "داکتیل", "ggg40", "ggg50", "گرافیت کروی", "ductile iron", "sg iron", "nodular iron"),
    ),
    "aluminium": (
        "آلومینیوم",
        ("آلومینیوم", "آلومینیم", "آلمینیوم", "سیلومین", "6061", "6063", "alsi12", "aluminium", "aluminum"),
    ),
    "brass": ("برنج", ("برنج", "برنجی", "cuzn39pb3", "brass")),
    "bronze": ("برنز", ("برنز", "مفرغ", "bronze")),
    "copper": ("مس", ("مس", "مسی", "copper")),
    "zinc_alloy": ("آلیاژ روی", ("زاماک", "آلیاژ روی", "zamak", "zinc alloy")),
    "pp": ("پلی‌پروپیلن", ("پلی‌پروپیلن", "پلی پروپیلن", "پی پی", "pp", "polypropylene")),
    "pe": ("پلی‌اتیلن", ("پلی‌اتیلن", "پلی اتیلن", "hdpe", "ldpe", "pe100", "polyethylene")),
    "pvc": ("پی‌وی‌سی", ("پی‌وی‌سی", "پی وی سی", "pvc")),
    "abs": ("ABS", ("ای‌بی‌اس", "abs")),
    "polyamide": ("پلی‌آمید", ("نایلون", "پلی‌آمید", "پلی آمید", "pa6", "pa66", "nylon", "polyamide")),
    "pom": ("پلی‌استال", ("پلی‌استال", "دلرین", "pom", "acetal", "delrin")),
    "pc": ("پلی‌کربنات", ("پلی‌کربنات", "پلی کربنات", "polycarbonate")),
    "pet": ("پت", ("پت", "pet", "پلی‌اتیلن ترفتالات")),
    "nbr": ("لاستیک نیتریل", ("نیتریل", "nbr", "nitrile", "buna")),
    "epdm": ("EPDM", ("epdm",)),
    "fkm": ("وایتون", ("وایتون", "ویتون", "fkm", "viton", "fluoroelastomer")),
    "silicone": ("سیلیکون", ("سیلیکون", "سیلیکونی", "silicone", "vmq")),
    "ptfe": ("تفلون", ("تفلون", "ptfe", "teflon")),
    "carbide": ("کاربید", ("کاربید", "کاربید تنگستن", "کاربایدی", "الماسه", "carbide", "tungsten carbide")),
    "ceramic": ("سرامیک", ("سرامیک", "سرامیکی", "آلومینا", "ceramic", "alumina")),
    "polyurethane": ("پلی‌اورتان", ("پلی‌اورتان", "پلی اورتان", "polyurethane")),
    "paperboard": ("مقوا", ("مقوا", "مقوایی", "کاغذ کرافت", "کرافت", "kraft", "paperboard", "corrugated board")),
}

# Products and parts: concept id -> surface forms in either language. General industrial vocabulary.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "mould": ("قالب", "mold", "mould", "die", "dies", "tooling"),
    "injection": ("تزریق", "تزریقی", "injection"),
    "pattern": ("مدل ریخته‌گری", "صفحه مدل", "pattern"),
    "bearing": ("بلبرینگ", "رولبرینگ", "یاتاقان", "بیرینگ", "bearing"),
    "bush": ("بوش", "bushing", "bush", "sleeve"),
    "gear": ("چرخدنده", "چرخ دنده", "پینیون", "دنده", "gear", "pinion"),
    "gearbox": ("گیربکس", "جعبه دنده", "ردیوسر", "کاهنده دور", "gearbox", "reducer", "gear unit"),
    "shaft": ("شفت", "میل لنگ", "میل‌لنگ", "میل بادامک", "محور", "shaft", "crankshaft", "camshaft", "axle"),
    "coupling": ("کوپلینگ", "coupling"),
    "chain": ("زنجیر", "chain", "sprocket"),
    "spring": ("فنر", "spring"),
    "fastener": ("پیچ و مهره", "پیچ", "مهره", "گل‌میخ", "bolt", "nut", "stud", "fastener", "screw"),
    "valve": ("شیر صنعتی", "شیرآلات", "ولو", "valve"),
    "pump": ("پمپ", "الکتروپمپ", "pump"),
    "cylinder": ("جک", "سیلندر", "cylinder", "ram", "actuator"),
    "hydraulic": ("هیدرولیک", "هیدرولیکی", "hydraulic"),
    "pneumatic": ("پنوماتیک", "پنوماتیکی", "pneumatic"),
    "seal": ("کاسه نمد", "اورینگ", "آب‌بند", "آببند", "اویل سیل", "seal", "o-ring", "oring", "oil seal"),
    "gasket": ("گسکت", "واشر", "gasket"),
    "hose": ("شلنگ", "شیلنگ", "hose"),
    "rubber": ("لاستیک", "الاستومر", "rubber", "elastomer"),
    "casting_part": ("ریختگی", "قطعات ریخته‌گری", "castings", "casting"),
    "forging_part": ("قطعات فورج", "فورجینگ", "forgings", "forged parts"),
    "sheet": ("ورق", "sheet"),
    "stamped": ("پرسی", "قطعات پرسی", "stamped", "pressed"),
    "machined": ("ماشینکاری شده", "تراشکاری", "machined"),
    "tank": ("مخزن", "tank", "vessel"),
    "heat_exchanger": ("مبدل حرارتی", "مبدل", "heat exchanger", "exchanger"),
    "furnace": ("کوره", "furnace", "kiln"),
    "profile": ("پروفیل", "profile", "extrusions"),
    "wire": ("مفتول", "سیم", "wire"),
    "pipe": ("لوله", "pipe", "tube"),
    "fitting": ("اتصالات", "زانو", "سه‌راهی", "فلنج", "fitting", "elbow", "tee", "flange"),
    "pcb": ("برد", "مدار چاپی", "فیبر مدار", "pcb", "circuit board", "board"),
    "controller": ("کنترلر", "برد کنترل", "controller", "control board"),
    "panel": ("تابلو برق", "تابلو کنترل", "panel", "switchboard", "switchgear"),
    "motor": ("موتور", "الکتروموتور", "motor"),
    "transformer": ("ترانس", "ترانسفورماتور", "transformer"),
    "cable": ("کابل", "cable"),
    "harness": ("دسته سیم", "دسته‌سیم", "harness"),
    "sensor": ("سنسور", "حسگر", "ترموکوپل", "sensor", "thermocouple", "probe", "rtd"),
    "lighting": ("چراغ", "پروژکتور", "روشنایی", "luminaire", "floodlight", "lamp", "light"),
    "inverter": ("اینورتر", "درایو", "کنترل دور", "inverter", "drive", "vfd"),
    "plastic": ("پلاستیک", "پلاستیکی", "پلیمر", "پلیمری", "plastic", "polymer"),
    "preform": ("پریفرم", "preform"),
    "bottle": ("بطری", "bottle"),
    "film": ("فیلم", "سلفون", "film"),
    "granule": ("گرانول", "granule", "pellet"),
    "masterbatch": ("مستربچ", "masterbatch"),
    "foam": ("فوم", "اسفنج", "foam"),
    "resin": ("رزین", "resin"),
    "epoxy": ("اپوکسی", "epoxy"),
    "polyester": ("پلی‌استر", "پلی استر", "polyester"),
    "paint": ("رنگ", "paint", "coating"),
    "adhesive": ("چسب", "adhesive", "glue"),
    "lubricant": ("روغن صنعتی", "روانکار", "گریس", "lubricant", "lubricating", "grease"),
    "acid": ("اسید", "acid"),
    "caustic": ("سود سوزآور", "سود کاستیک", "caustic", "hydroxide"),
    "catalyst": ("کاتالیست", "کاتالیزور", "catalyst"),
    "pigment": ("پیگمنت", "رنگدانه", "pigment"),
    "titanium": ("تیتانیوم", "تیتان", "titanium", "tio2"),
    "pharma": ("دارویی", "ماده موثره", "pharmaceutical", "api"),
    "carbon_black": ("دوده", "کربن بلک", "carbon black"),
    "water_treatment": ("تصفیه آب", "ضد رسوب", "water treatment", "antiscalant"),
    "electrode": ("الکترود", "سیم جوش", "electrode", "welding rod"),
    "abrasive": ("سنباده", "ساینده", "سنگ برش", "سنگ فرز", "abrasive", "grinding wheel"),
    "filter": ("فیلتر", "المنت", "صافی", "filter", "element"),
    "refractory": ("نسوز", "refractory"),
    "brake": ("لنت", "ترمز", "brake"),
    "carton": ("کارتن", "جعبه مقوایی", "carton", "cardboard box"),
    "label": ("برچسب", "لیبل", "label"),
    "nonwoven": ("بی‌بافت", "نبافته", "اسپان باند", "nonwoven", "spunbond"),
    "radiator": ("رادیاتور", "radiator"),
    "shock_absorber": ("کمک فنر", "کمک‌فنر", "shock absorber", "damper"),
    "clutch": ("کلاچ", "clutch"),
    "piston": ("پیستون", "piston"),
    "conveyor": ("نوار نقاله", "نقاله", "کانوایر", "conveyor"),
    "belt": ("تسمه", "belt", "belting"),
    "roller": ("غلتک", "غلطک", "رولیک", "roller", "idler"),
    "packaging_machine": ("دستگاه بسته‌بندی", "پرکن", "لیبل‌زن", "packaging machine", "filling machine", "filler"),
    "fan": ("فن", "هواکش", "بلوئر", "fan", "blower"),
    "compressor": ("کمپرسور", "compressor"),
    "crane": ("جرثقیل", "کرین", "crane", "hoist"),
    "dust_collector": ("غبارگیر", "سیکلون", "dust collector", "cyclone", "baghouse"),
    "mixer": ("میکسر", "همزن", "مخلوط‌کن", "mixer", "agitator", "blender"),
    "reactor": ("راکتور", "reactor"),
    "screw_barrel": ("ماردون", "screw barrel", "extruder screw"),
    "syringe": ("سرنگ", "syringe"),
    "cutting_tool": ("ابزار برشی", "مته", "فرز انگشتی", "قلاویز", "cutting tool", "drill", "end mill", "tap"),
    "insert": ("اینسرت", "تیغچه", "insert"),
    "structure": ("سازه فلزی", "اسکلت فلزی", "سوله", "steel structure", "structural steel"),
    "spare_part": ("قطعات یدکی", "لوازم یدکی", "spare part", "spares"),
    "electronic": ("الکترونیک", "الکترونیکی", "electronic"),
    "steel": ("فولاد", "فولادی", "steel"),
}

# Words of traders and repair shops: they sell or mend, they do not make (the matcher weighs them down). A line
# that also says it makes («تولید و فروش», «ساخت و تعمیر قالب») is a maker's line; in-house repair and rebuilding
# are what makers do too, so the matcher counts repair lines only in a profile that never says it makes anything.
TRADE_CUES = (
    "واردات",
    "واردکننده",
    "وارد کننده",
    "نمایندگی",
    "فروش",
    "بازرگانی",
    "لوازم یدکی اصلی",
    "پخش",
    "importer",
    "importing",
    "distributor",
    "dealer",
    "trading",
    "import export",
    "reseller",
    "stockist",
)
# «توزیع» is trade only where it is an activity, not where it names a kind of product («ترانسفورماتور توزیع»,
# «تابلو توزیع», a distribution transformer or board): at the start of a line or beside another activity.
DISTRIBUTION_CUES = ("^توزیع", "و توزیع", "توزیع و", "توزیع کننده", "توزیع کنندگان", "توزیعکننده")
REPAIR_CUES = (
    "تعمیر",
    "تعمیرات",
    "بازسازی",
    "سرویس و نگهداری",
    "تعمیر و نگهداری",
    "اورهال",
    "repair",
    "repairs",
    "overhaul",
    "refurbishment",
    "refurbishing",
    "maintenance services",
)
MAKING_CUES = (
    "ساخت",
    "سازنده",
    "تولید",
    "تولیدی",
    "تولیدکننده",
    "تولید کننده",
    "طراحی و ساخت",
    "ریخته گری",
    "ریختهگری",
    "manufacture",
    "manufacturer",
    "manufacturing",
    "manufactures",
    "manufactured",
    "production",
    "produce",
    "producer",
    "produces",
    "fabrication",
    "fabricate",
    "we make",
    "maker",
    "makers",
    "made in",
)
NON_MAKER_CUES = TRADE_CUES + REPAIR_CUES  # kept for callers that want the whole list
# Processes that make things: a profile that declares one makes, whatever its lines say. Machining, welding,
# assembly, heat and surface treatment are not here: repair shops do them too.
FORMING_PROCESSES = frozenset(
    {
        "casting",
        "die_casting",
        "investment_casting",
        "forging",
        "injection_moulding",
        "blow_moulding",
        "extrusion",
        "rubber_moulding",
        "mould_and_die_making",
        "sheet_metal",
        "stamping",
        "gear_cutting",
        "pcb_fabrication",
        "cable_making",
        "wire_drawing",
        "chemical_synthesis",
        "polymerisation",
        "compounding",
        "formulation",
        "powder_metallurgy",
        "textile",
        "printing_packaging",
        "refractory_forming",
        "spring_making",
        "cold_heading",
        "food_processing",
        "electronics_assembly",
    }
)


# ---------------------------------------------------------------- phrase lookup


def _form_keys(form: str) -> tuple[str, ...]:
    return tuple(t.key or t.surface for t in tokens(form))


def _build_phrase_table(entries: Iterable[tuple[str, str]]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First key -> [(key sequence, concept id)], longest first, for greedy phrase matching.

    Multi-word forms are also entered joined ("ریخته گری" as «ریختهگری») because writers drop the space.
    """
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for form, concept in entries:
        keys = _form_keys(form)
        if not keys:
            continue
        variants = {keys}
        if len(keys) == 2:
            variants.add((pair_key(*[t.surface for t in tokens(form)]),))
        for variant in variants:
            options = table.setdefault(variant[0], [])
            if (variant, concept) not in options:
                options.append((variant, concept))
    for options in table.values():
        options.sort(key=lambda option: -len(option[0]))
    return table


def _lexicon_entries() -> Iterator[tuple[str, str]]:
    for pid, (label, forms_fa, forms_en) in PROCESSES.items():
        for form in (label, *forms_fa, *forms_en):
            yield form, "p:" + pid
    for mid, (label, forms) in MATERIALS.items():
        for form in (label, *forms):
            yield form, "m:" + mid
    for cid, forms in CONCEPTS.items():
        for form in forms:
            yield form, "c:" + cid


_PHRASES = _build_phrase_table(_lexicon_entries())

TOOLING_MATERIALS = frozenset({"tool_steel", "carbide"})  # what moulds and dies are made of
METALS = frozenset(
    {
        "carbon_steel",
        "alloy_steel",
        "stainless_steel",
        "tool_steel",
        "cast_iron",
        "ductile_iron",
        "aluminium",
        "brass",
        "bronze",
        "copper",
        "zinc_alloy",
        "carbide",
    }
)


def concept_label_fa(concept: str) -> str:
    """The Persian name of a lexicon concept ("c:mould" -> «قالب», "p:casting" -> «ریخته‌گری»)."""
    kind, _, cid = concept.partition(":")
    if kind == "p" and cid in PROCESSES:
        return PROCESSES[cid][0]
    if kind == "m" and cid in MATERIALS:
        return MATERIALS[cid][0]
    if kind == "c" and cid in CONCEPTS:
        return next((form for form in CONCEPTS[cid] if _is_persian(form)), "")
    return ""


def _persian_of_keys() -> dict[str, str]:
    table: dict[str, str] = {}
    for form, concept in _lexicon_entries():
        keys = _form_keys(form)
        label = concept_label_fa(concept)
        if len(keys) == 1 and not _is_persian(keys[0]) and label:
            table.setdefault(keys[0], label)
    return table


_PERSIAN_OF_KEY = _persian_of_keys()


def persian_word(key: str) -> str:
    """The Persian word for an English key the lexicon knows ("mold" -> «قالب»); "" when it does not."""
    return _PERSIAN_OF_KEY.get(key, "")


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def is_latin(word: str) -> bool:
    return bool(word) and _ASCII_LETTER.search(word) is not None


_MAX_PHRASE = max(len(keys) for options in _PHRASES.values() for keys, _ in options)


def concepts(token_list: list[Token]) -> list[tuple[str, int, int]]:
    """Lexicon concepts in a token list: (concept id, first token index, end token index), greedy longest match.

    Every concept of the longest matching form is kept («تراشکاری» is a process and a product word).
    """
    return _concepts_of_keys([t.key or t.surface for t in token_list])


def _concepts_of_keys(keys: list[str]) -> list[tuple[str, int, int]]:
    found = []
    covered_to = 0
    phrases = _PHRASES
    for i, key in enumerate(keys):
        options = phrases.get(key)
        if options is None:
            continue
        matched = 0
        for option, concept in options:
            n = len(option)
            if matched and n < matched:
                break
            # A form inside a longer one already found («قالب» inside «ساخت قالب») still counts: it says more.
            if (n == 1 or tuple(keys[i : i + n]) == option) and (i + n > covered_to or n == 1):
                found.append((concept, i, i + n))
                matched = n
        covered_to = max(covered_to, i + matched)
    return found


def _spaced_cues(cues: Iterable[str]) -> tuple[str, ...]:
    spaced = []
    for cue in cues:
        anchored = cue.startswith("^")
        body = " ".join(t.surface for t in tokens(cue.lstrip("^")))
        spaced.append(("^ " if anchored else " ") + body + " ")
    return tuple(spaced)


_TRADE = _spaced_cues(TRADE_CUES + DISTRIBUTION_CUES)
# After-sales service is what a maker offers for what it sold, not a sign that it sells others' goods.
_NOT_TRADE = _spaced_cues(("خدمات پس از فروش", "پس از فروش", "after sales", "after-sales", "aftersales"))
_REPAIR = _spaced_cues(REPAIR_CUES)
_MAKING = _spaced_cues(MAKING_CUES)


def _has_cue(spaced: str, cues: tuple[str, ...]) -> bool:
    for cue in cues:
        if cue[0] == "^":
            if spaced.startswith(cue[1:]):
                return True
        elif cue in spaced:
            return True
    return False


def line_role(text: str) -> str:
    """What one line says the writer does: "make", "trade", "repair" or "" (says neither)."""
    return _line_role(" " + " ".join(t.surface for t in tokens(text)) + " ")


def _line_role(spaced: str) -> str:
    for phrase in _NOT_TRADE:
        spaced = spaced.replace(phrase, " ")
    if _has_cue(spaced, _MAKING):
        return "make"
    if _has_cue(spaced, _TRADE):
        return "trade"
    if _has_cue(spaced, _REPAIR):
        return "repair"
    return ""


def looks_like_non_maker(text: str) -> bool:
    """A line that sells, imports or repairs and does not say it makes."""
    return line_role(text) in ("trade", "repair")


# ---------------------------------------------------------------- the head of an item's name

# Words after which a title names what the item is for, or a part of it, not the item itself («قالب فورج برای
# میل لنگ», «پمپ با بوش برنزی», "impeller for pumps", "valve with bronze seat").
_APPLICATION_MARKERS = frozenset(
    fold(w)
    for w in _words("""
    برای جهت مخصوص ویژه مورد مربوط قابل مناسب با دارای شامل همراه
    for of with used fitted suitable compatible including
""")
)


_CLAUSE_END = re.compile(r"[,،;؛:()\[\]/]| - ")


def head_span(token_list: list[Token]) -> tuple[int, int]:
    """Token span of the item's own name in a title: up to the first application marker or specification
    number («قالب ۸ کویته», "mould 8 cavity")."""
    for i, token in enumerate(token_list):
        if i and (token.surface in _APPLICATION_MARKERS or _is_code_like(token.surface)):
            return 0, i
    return 0, len(token_list)


def before_application(text: str) -> str:
    """A title up to its first application or part marker: what it says of the item itself."""
    folded = fold(text)
    for token in _tokens_of_folded(folded)[1:]:
        if token.surface in _APPLICATION_MARKERS:
            return folded[: token.start]
    return folded


def head_keys(text: str) -> set[str]:
    """Keys that name the item itself, from the title's first clause: the first content word of a Persian title
    (the head noun comes first: «پروانه پمپ» is an impeller, of a pump), the last of an English one ("pump
    impeller"), and the lexicon concepts that cover it."""
    clause = next((part for part in _CLAUSE_END.split(fold(text)) if part.strip()), "")
    token_list = _tokens_of_folded(clause)
    _, end = head_span(token_list)
    content = [i for i in range(end) if token_list[i].key and not _is_code_like(token_list[i].surface)]
    if not content:
        return set()
    if _is_persian(token_list[content[0]].surface):
        head = content[0]
    else:
        latin = [i for i in content if not _is_persian(token_list[i].surface)]
        run_end = next((k for k in range(1, len(latin)) if latin[k] != latin[k - 1] + 1), len(latin))
        head = latin[run_end - 1]  # the last word of the first English run
    keys = {"w:" + token_list[head].key}
    for concept, i, j in _concepts_of_keys([t.key or t.surface for t in token_list]):
        if i <= head < j:
            keys.add(concept)
    return keys


def _is_code_like(surface: str) -> bool:
    return any(ch.isdigit() for ch in surface)


# The words a request is written with, whatever the item: samples, drawings, quantities, quality, imports. In a
# need's description they say nothing about who can make it («نمونه و نقشه فنی موجود است», "samples available").
NEED_BOILERPLATE = frozenset(
    key_of(fold(w))
    for w in _words("""
    قلم اقلام حاضر حال فعلا وارد واردات وارداتی مصرف سالانه ماهانه حدود تقریبا نقشه نقشه‌های فنی نمونه نمونه‌های
    موجود سازنده سازندگان داخلی داخل جایگزین جایگزینی هستیم کیفیت باید معادل خارجی امکان ارسال تست وجود تامین
    خارج دلیل تحریم دشوار دنبال نیاز نیازمند درخواست خرید تحویل قیمت پرداخت قرارداد کشور ماه سال عدد مقدار
    میزان لطفا مشخصات مطابق طبق شرکت کارخانه واحد ما خط
    sample samples drawing drawings available annual annually consumption quality equivalent imported import
    imports currently supplier suppliers local domestic replace replacement need needed required requirement
    per year month approx approximately about delivery price please looking seeking company factory plant our
    جنس شماره ابعاد material part number no qty quantity
    چین آلمان ایتالیا ترکیه کره ژاپن هند تایوان امارات روسیه آمریکا امریکا فرانسه انگلیس اسپانیا سوئیس اتریش
    سوئد چک لهستان هلند بلژیک دانمارک فنلاند برزیل مالزی تایلند ویتنام اروپا اروپایی چینی آلمانی ایتالیایی ترک
    china chinese germany german italy italian turkey turkish korea korean japan japanese india indian taiwan uae
    emirates russia usa america american france french uk britain spain swiss switzerland austria sweden europe
""")
)


def application_clauses(text: str) -> list[tuple[str, bool]]:
    """The clauses of a text, each with whether it names what the item serves rather than the item: from an
    application marker («مورد استفاده در», «برای», "used in", "for") to the clause's end."""
    parts: list[tuple[str, bool]] = []
    for clause in re.split(r"[.!?؟\n;؛]+", fold(text)):
        if not clause.strip():
            continue
        token_list = _tokens_of_folded(clause)
        cut = next(
            (t.start for t in token_list[1:] if t.surface in _APPLICATION_MARKERS and t.surface not in _PART_MARKERS),
            None,
        )
        if token_list and token_list[0].surface in _APPLICATION_MARKERS and token_list[0].surface not in _PART_MARKERS:
            cut = 0
        if cut is None:
            parts.append((clause, False))
        else:
            if clause[:cut].strip():
                parts.append((clause[:cut], False))
            parts.append((clause[cut:], True))
    return parts


# Markers of a part or feature of the item («با بوش برنزی», "with"), not of what it serves.
_PART_MARKERS = frozenset(fold(w) for w in _words("با دارای شامل همراه with including fitted"))


# ---------------------------------------------------------------- transliteration


_FA_SKELETON = str.maketrans(
    {
        "ب": "b",
        "پ": "p",
        "ت": "t",
        "ط": "t",
        "ث": "s",
        "س": "s",
        "ص": "s",
        "ج": "j",
        "چ": "c",
        "ح": "h",
        "ه": "h",
        "خ": "x",
        "د": "d",
        "ذ": "s",
        "ز": "s",
        "ض": "s",
        "ظ": "s",
        "ر": "r",
        "ژ": "j",
        "ش": "S",
        "غ": "q",
        "ق": "q",
        "ف": "f",
        "ک": "k",
        "گ": "g",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ا": None,
        "آ": None,
        "ی": None,
        "و": None,
        "ع": None,
        "ء": None,
        "ئ": None,
        "ؤ": None,
        "أ": None,
    }
)
_EN_DIGRAPHS = (
    ("sch", "S"),
    ("ph", "f"),
    ("sh", "S"),
    ("ch", "c"),
    ("th", "t"),
    ("kh", "x"),
    ("ck", "k"),
    ("qu", "k"),
    ("gh", "g"),
    ("x", "ks"),
)
_EN_SKELETON = str.maketrans(
    {"q": "k", "z": "s", "a": None, "e": None, "i": None, "o": None, "u": None, "y": None, "w": None, "v": None}
)
TRANSLITERATION_MIN = 4  # skeleton letters; shorter ones meet too many unrelated words


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """A consonant skeleton shared by an English word and its Persian transliteration: "impeller" and «ایمپلر»
    -> "mplr", "syntan" and «سینتان» -> "sntn", "corebox" and «کورباکس» -> "krbks". Vowels, و and ی (which Persian
    writes for vowels or leaves out) and doubled letters drop out; letters that sound alike meet (ک/c/k/q, س/ص/ث/z)."""
    if not word or any(ch.isdigit() for ch in word):
        return ""
    if _is_persian(word):
        if word.endswith("ه") and len(word) > 2:
            word = word[:-1]
        out = word.translate(_FA_SKELETON)
    else:
        word = word.lower()
        for digraph, sound in _EN_DIGRAPHS:
            word = word.replace(digraph, sound)
        word = re.sub(r"c(?=[eiy])", "s", word).replace("c", "k")
        word = re.sub(r"(?<=[aeiou])h|h$", "", word)
        out = word.translate(_EN_SKELETON)
    if not out.isalpha() or not out.isascii():
        return ""
    return re.sub(r"(.)\1+", r"\1", out)


# ---------------------------------------------------------------- analysis


@dataclass
class Analysis:
    """What the index sees of one text: keys with counts (words, joined pairs, concepts, part numbers)."""

    terms: dict[str, float]
    surfaces: dict[str, str]  # term -> a surface form it came from, for reasons

    def add(self, term: str, weight: float, surface: str) -> None:
        self.terms[term] = self.terms.get(term, 0.0) + weight
        self.surfaces.setdefault(term, surface)


_ITEM = re.compile(rf"[a-z0-9]+|[{_FA_LETTERS}]+|[^\W\d_]+|\S")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[a-z]")
NON_MAKER_TERM = "x:non_maker"
# What a line says its writer does (counted per line by `analyse`; the matcher turns them into the non-maker share).
ROLE_TERMS = {"make": "x:make", "trade": NON_MAKER_TERM, "repair": "x:repair"}


def analyse(
    text: str,
    weight: float = 1.0,
    into: Analysis | None = None,
    *,
    pairs: bool = True,
    lexicon: bool = True,
    drop: frozenset[str] = frozenset(),
) -> Analysis:
    """Terms of one text: "w:" word keys and adjacent-pair keys, "pn:" part numbers, "c:"/"p:"/"m:" concepts,
    "cert:" certificates named, and one of `ROLE_TERMS` when the text says it makes, trades or repairs.
    Keys in `drop` are read as stopwords (a need's request boilerplate)."""
    out = into if into is not None else Analysis({}, {})
    terms, surfaces = out.terms, out.surfaces
    folded = fold(text)
    words: list[str] = []
    keys: list[str] = []
    previous: tuple[str, str] | None = None  # the word before, unless punctuation came between
    for item in _ITEM.findall(folded):
        if not item[0].isalnum():
            previous = None
            continue
        key = key_of(item)
        if key in drop:
            key = ""
        words.append(item)
        keys.append(key or item)
        if key:
            term = "w:" + key
            terms[term] = terms.get(term, 0.0) + weight
            if term not in surfaces:
                surfaces[term] = item
            if pairs and previous is not None and previous[1] and _is_persian(previous[0]) == _is_persian(item):
                term = "w:" + key_of(previous[0] + item)
                terms[term] = terms.get(term, 0.0) + weight * 0.5
                if term not in surfaces:
                    surfaces[term] = previous[0] + " " + item
        previous = (item, key)
    if _DIGIT.search(folded) and _LATIN.search(folded):
        for key in _part_number_keys_of_folded(folded, True):
            out.add("pn:" + key, weight, key)
    if lexicon:
        for concept, i, j in _concepts_of_keys(keys):
            out.add(concept, weight, " ".join(words[i:j]))
    for cert in _certification_keys_of_folded(folded):
        out.add("cert:" + cert, weight, CERTIFICATION_LABELS.get(cert, cert))
    role = _line_role(" " + " ".join(words) + " ")
    if role:
        out.add(ROLE_TERMS[role], 1.0, "")
    return out


def deletion_variants(key: str) -> set[str]:
    """The key with one character deleted, for one-edit typo matching (symmetric-delete spelling correction)."""
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


# ---------------------------------------------------------------- sizes and ranges

# unit as written (folded) -> (dimension, factor to the dimension's base unit, Persian name of the base)
_UNITS: dict[str, tuple[str, float]] = {
    **dict.fromkeys(("mm", "میلیمتر", "میلی متر", "میل"), ("length", 1.0)),
    **dict.fromkeys(("cm", "سانتیمتر", "سانتی متر", "سانت"), ("length", 10.0)),
    **dict.fromkeys(("m", "متر"), ("length", 1000.0)),
    **dict.fromkeys(("inch", "inches", "in", "اینچ"), ("length", 25.4)),
    **dict.fromkeys(("g", "gr", "گرم"), ("mass", 0.001)),
    **dict.fromkeys(("kg", "کیلوگرم", "کیلو"), ("mass", 1.0)),
    **dict.fromkeys(("t", "ton", "tons", "tonne", "تن"), ("mass", 1000.0)),
    **dict.fromkeys(("w", "watt", "وات"), ("power", 0.001)),
    **dict.fromkeys(("kw", "کیلووات", "کیلو وات"), ("power", 1.0)),
    **dict.fromkeys(("mw", "مگاوات"), ("power", 1000.0)),
    **dict.fromkeys(("hp", "اسب بخار"), ("power", 0.7457)),
    **dict.fromkeys(("v", "volt", "ولت"), ("voltage", 1.0)),
    **dict.fromkeys(("kv", "کیلوولت", "کیلو ولت"), ("voltage", 1000.0)),
    **dict.fromkeys(("kva", "کیلوولت آمپر", "کاوا"), ("apparent_power", 1.0)),
    **dict.fromkeys(("mva", "مگاولت آمپر"), ("apparent_power", 1000.0)),
    **dict.fromkeys(("bar", "بار"), ("pressure", 1.0)),
    **dict.fromkeys(("psi",), ("pressure", 0.0689)),
    **dict.fromkeys(("l", "lit", "liter", "litre", "لیتر"), ("volume", 1.0)),
    **dict.fromkeys(("m3", "مترمکعب", "متر مکعب"), ("volume", 1000.0)),
}
BASE_UNIT_FA = {
    "length": "میلی‌متر",
    "mass": "کیلوگرم",
    "power": "کیلووات",
    "voltage": "ولت",
    "apparent_power": "کیلوولت‌آمپر",
    "pressure": "بار",
    "volume": "لیتر",
}
_UNIT_ALTERNATION = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_NUMBER = r"\d+(?:[.٫]\d+)?"
_UNIT_END = r"(?![a-z\u0621-\u06ff])"
# «تا ۶۰۰ میلی‌متر», «حداکثر 600mm», "up to 600 mm", «۱۰۰ تا ۶۰۰ کیلووات», "100-600 kW", "from 1 to 20 t"
_RANGE = re.compile(
    rf"(?:از\s*|from\s*)?({_NUMBER})\s*(?:{_UNIT_ALTERNATION})?\s*(?:تا|to|-|–)\s*({_NUMBER})\s*"
    rf"({_UNIT_ALTERNATION}){_UNIT_END}"
)
_MEASURE = r"(?:قطر|وزن|طول|عرض|ارتفاع|ظرفیت|توان|diameter|length|weight|width|height|capacity|power)"
_MAXIMUM = re.compile(
    rf"(?:تا|حداکثر|حد اکثر|up to|max\.?|maximum)\s*(?:{_MEASURE}\s*)?({_NUMBER})\s*"
    rf"({_UNIT_ALTERNATION}){_UNIT_END}"
)
_VALUE = re.compile(rf"({_NUMBER})\s*({_UNIT_ALTERNATION}){_UNIT_END}")


@dataclass(frozen=True, slots=True)
class Size:
    dimension: str
    low: float  # in the dimension's base unit
    high: float
    written: str  # as written, for the reasons

    def holds(self, other: Size) -> bool:
        return self.dimension == other.dimension and self.low <= other.low and other.high <= self.high * 1.0001


def _number(text: str) -> float:
    return float(text.replace("٫", "."))


def _unit(written: str) -> tuple[str, float]:
    return _UNITS[written]


def size_ranges(text: str) -> list[Size]:
    """The ranges a maker states («تا قطر ۶۰۰ میلی‌متر», "100-630 kVA", «حداکثر ۲۰ تن»)."""
    folded = fold(text).replace("\u200c", " ")
    found = []
    for m in _RANGE.finditer(folded):
        dimension, factor = _unit(m.group(3))
        low, high = sorted((_number(m.group(1)) * factor, _number(m.group(2)) * factor))
        found.append(Size(dimension, low, high, m.group(0).strip()))
    for m in _MAXIMUM.finditer(folded):
        if any(r.written.endswith(m.group(0).strip()) for r in found):
            continue  # the end of a range already read
        dimension, factor = _unit(m.group(2))
        found.append(Size(dimension, 0.0, _number(m.group(1)) * factor, m.group(0).strip()))
    return found


def sizes(text: str) -> list[Size]:
    """The measurements a need states («قطر ۳۰۰ میلی‌متر», "22 kW"), each as a one-point range."""
    folded = fold(text).replace("\u200c", " ")
    found = []
    for m in _VALUE.finditer(folded):
        dimension, factor = _unit(m.group(2))
        value = _number(m.group(1)) * factor
        found.append(Size(dimension, value, value, m.group(0).strip()))
    return found
