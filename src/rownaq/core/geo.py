"""Countries and currencies: ISO codes with their Persian names, for choices, display and matching typed names.

Export and import lines store ISO 3166-1 alpha-2 country codes and ISO 4217 currency codes; people see and type
Persian names. The names live in `core/data/countries.csv` and `core/data/currencies.csv` and are read once.
`find_country` turns what a user or an import file wrote («تركيه», «امارات», "Türkiye", "sy") into a code,
comparing through `persian.search_key` so Arabic letters, missing ZWNJ and spaces do not matter.
`persian_sort_key` orders Persian text in dictionary order, which plain code-point order gets wrong (پ چ ژ گ
come after ی in Unicode). Pure Python, no Django.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rownaq.core.persian import ZWNJ, normalize, search_key

__all__ = [
    "COUNTRY_CHOICES",
    "CURRENCY_CHOICES",
    "LEADING_CURRENCIES",
    "Country",
    "Currency",
    "countries",
    "country_name",
    "currencies",
    "currency_name",
    "find_country",
    "is_country",
    "is_currency",
    "persian_sort_key",
]

DATA_DIR = Path(__file__).resolve().parent / "data"

# Currencies most lines are in, shown first in this order; the rest follow by Persian name.
LEADING_CURRENCIES = ("IRR", "USD", "EUR", "CNY", "AED", "TRY", "RUB", "IQD")

# The Persian alphabet in dictionary order. آ is a letter of its own before ا, as in Persian dictionaries and
# country lists («آلمان» before «اتریش»); و comes before ه.
_PERSIAN_ALPHABET = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_PERSIAN_ALPHABET)}
# Letters that sort with another letter and only break ties after it: ئ with ی. ء goes after every letter.
_LETTER_VARIANTS = {"ئ": ("ی", 1)}
_HAMZA_RANK = len(_PERSIAN_ALPHABET)

# Character classes, lowest first: word break, punctuation and symbols, digits, Persian letters, anything else.
_SPACE, _SYMBOL, _DIGIT, _PERSIAN, _OTHER = range(5)

# Names people use besides the ones in countries.csv. Compared through search_key, so spelling variants that
# differ only in Arabic letters, ZWNJ, spaces, punctuation or case need no entry of their own.
_COUNTRY_ALIASES = {
    "AE": ["امارات", "امارات عربی متحده", "UAE", "Emirates"],
    "AZ": ["آذربایجان"],
    "BA": ["Bosnia"],
    "BN": ["Brunei Darussalam"],
    "BO": ["Bolivia, Plurinational State of"],
    "BQ": ["Bonaire, Sint Eustatius and Saba"],
    "BY": ["روسیهٔ سفید"],
    "CD": ["کنگو کینشاسا", "Congo, The Democratic Republic of the", "DR Congo", "DRC"],
    "CG": ["کنگو برازاویل", "Congo"],
    "CI": ["کوت دیوار", "Ivory Coast"],
    "CN": ["جمهوری خلق چین", "People's Republic of China"],
    "CV": ["دماغهٔ سبز", "Cape Verde"],
    "CZ": ["چک", "Czech Republic"],
    "FK": ["Falkland Islands (Malvinas)"],
    "FM": ["Micronesia, Federated States of"],
    "GB": ["انگلیس", "انگلستان", "بریتانیای کبیر", "پادشاهی متحده", "UK", "Great Britain", "Britain", "England"],
    "IL": ["رژیم صهیونیستی"],
    "IN": ["هندوستان"],
    "IR": ["جمهوری اسلامی ایران", "Iran, Islamic Republic of", "Islamic Republic of Iran"],
    "KP": ["Korea, Democratic People's Republic of", "DPRK"],
    "KR": ["جمهوری کره", "Korea, Republic of", "Republic of Korea"],
    "LA": ["Lao People's Democratic Republic"],
    "MD": ["Moldova, Republic of"],
    "MK": ["مقدونیه", "Macedonia"],
    "MM": ["برمه", "Burma"],
    "NL": ["Holland"],
    "NZ": ["نیوزلند"],
    "PN": ["Pitcairn Islands"],
    "PS": ["Palestine, State of"],
    "RU": ["فدراسیون روسیه", "روسیهٔ فدرال", "Russian Federation"],
    "SA": ["عربستان"],
    "SY": ["جمهوری عربی سوریه", "Syrian Arab Republic"],
    "SZ": ["سوازیلند", "Swaziland"],
    "TL": ["تیمور لسته", "East Timor"],
    "TR": ["تورکیه", "Turkey"],
    "TW": ["Taiwan, Province of China"],
    "TZ": ["Tanzania, United Republic of"],
    "US": ["آمریکا", "امریکا", "ایالات متحده", "ایالات متحدهٔ امریکا", "USA", "United States of America", "America"],
    "VA": ["Holy See", "Vatican"],
    "VE": ["Venezuela, Bolivarian Republic of"],
    "VN": ["Viet Nam"],
}


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name_fa: str
    name_en: str


@dataclass(frozen=True)
class Currency:
    code: str  # ISO 4217 alphabetic code
    name_fa: str
    name_en: str
    minor_units: int  # ISO 4217 exponent: digits after the decimal point


def _char_weight(ch: str) -> tuple[tuple[int, int], int]:
    """(primary, secondary) weight of one normalised, casefolded character."""
    if ch in _LETTER_RANK:
        return (_PERSIAN, _LETTER_RANK[ch]), 0
    if ch in _LETTER_VARIANTS:
        base, tie = _LETTER_VARIANTS[ch]
        return (_PERSIAN, _LETTER_RANK[base]), tie
    if ch == "ء":
        return (_PERSIAN, _HAMZA_RANK), 0
    if ch.isspace():
        return (_SPACE, 0), 0
    if ch.isdigit():
        return (_DIGIT, unicodedata.digit(ch, 0)), 0
    if unicodedata.category(ch)[0] in "PSZ":
        return (_SYMBOL, ord(ch)), 0
    return (_OTHER, ord(ch)), 0


def persian_sort_key(text: str) -> tuple:
    """Key that sorts Persian text in dictionary order: آ ا ب پ ت … ک گ ل م ن و ه ی.

    The text is normalised first, so Arabic ي/ك sort as ی/ک and diacritics are ignored; ZWNJ is ignored and a
    space sorts before every letter («جزایر کوک» before «جزایرکوک…»). Ties are broken by letter variants
    (ئ after ی) and finally by the text itself, so the order is total and stable.
    """
    folded = normalize(text).casefold()
    weights = [_char_weight(ch) for ch in folded if ch != ZWNJ]
    return (
        tuple(primary for primary, _ in weights),
        tuple(secondary for _, secondary in weights),
        folded,
        text,
    )


def _read_rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


@cache
def countries() -> dict[str, Country]:
    """Every ISO 3166-1 country by alpha-2 code, from countries.csv (read once)."""
    result: dict[str, Country] = {}
    for row in _read_rows("countries.csv"):
        code = row["code"]
        if not (len(code) == 2 and code.isascii() and code.isalpha() and code.isupper()):
            raise ValueError(f"countries.csv: bad code {code!r}")
        if code in result:
            raise ValueError(f"countries.csv: code {code!r} appears twice")
        if not row["name_fa"] or not row["name_en"]:
            raise ValueError(f"countries.csv: {code} lacks a name")
        result[code] = Country(code, row["name_fa"], row["name_en"])
    return result


@cache
def currencies() -> dict[str, Currency]:
    """The currencies the system offers, by ISO 4217 code, from currencies.csv (read once)."""
    result: dict[str, Currency] = {}
    for row in _read_rows("currencies.csv"):
        code = row["code"]
        if not (len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()):
            raise ValueError(f"currencies.csv: bad code {code!r}")
        if code in result:
            raise ValueError(f"currencies.csv: code {code!r} appears twice")
        if not row["name_fa"] or not row["name_en"]:
            raise ValueError(f"currencies.csv: {code} lacks a name")
        result[code] = Currency(code, row["name_fa"], row["name_en"], int(row["minor_units"]))
    missing = [code for code in LEADING_CURRENCIES if code not in result]
    if missing:
        raise ValueError(f"currencies.csv: missing {', '.join(missing)}")
    return result


def _match_key(text: str) -> str:
    """search_key with accents on Latin letters dropped ("Türkiye" = "Turkiye"); Persian letters are untouched,
    since decomposing آ would turn it into ا."""
    return "".join(
        "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)) if ord(ch) < 0x250 else ch
        for ch in search_key(text)
    )


@cache
def _country_index() -> dict[str, str]:
    """Match key of every Persian name, English name and alias -> code; a key naming two countries is an error."""
    index: dict[str, str] = {}

    def add(name: str, code: str) -> None:
        key = _match_key(name)
        if index.setdefault(key, code) != code:
            raise ValueError(f"country name {name!r} matches both {index[key]} and {code}")

    for country in countries().values():
        add(country.name_fa, country.code)
        add(country.name_en, country.code)
    for code, aliases in _COUNTRY_ALIASES.items():
        if code not in countries():
            raise ValueError(f"alias for unknown country {code!r}")
        for alias in aliases:
            add(alias, code)
    return index


def _canonical_code(code: object) -> str:
    return code.strip().upper() if isinstance(code, str) else ""


def is_country(code: object) -> bool:
    """True for an ISO 3166-1 alpha-2 code exactly as stored (upper case, no spaces)."""
    return isinstance(code, str) and code in countries()


def is_currency(code: object) -> bool:
    """True for one of the offered ISO 4217 codes exactly as stored (upper case, no spaces)."""
    return isinstance(code, str) and code in currencies()


def country_name(code: str) -> str:
    """Persian name of a country code (any case); an unknown code comes back as given, "" stays ""."""
    country = countries().get(_canonical_code(code))
    return country.name_fa if country else code


def currency_name(code: str) -> str:
    """Persian name of a currency code (any case); an unknown code comes back as given, "" stays ""."""
    currency = currencies().get(_canonical_code(code))
    return currency.name_fa if currency else code


def find_country(text: str) -> str | None:
    """Alpha-2 code for an alpha-2 code, English name or Persian name as people write it; None if unknown.

    «sy», «سوريه», «تركيه», «امارات», «آمریکا», "Russian Federation" and "Türkiye" are all found.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    code = _canonical_code(normalize(text))
    if len(code) == 2 and code in countries():
        return code
    return _country_index().get(_match_key(text))


def _country_choices() -> list[tuple[str, str]]:
    ordered = sorted(countries().values(), key=lambda country: persian_sort_key(country.name_fa))
    return [(country.code, country.name_fa) for country in ordered]


def _currency_choices() -> list[tuple[str, str]]:
    table = currencies()
    rest = sorted(
        (currency for code, currency in table.items() if code not in LEADING_CURRENCIES),
        key=lambda currency: persian_sort_key(currency.name_fa),
    )
    return [(code, table[code].name_fa) for code in LEADING_CURRENCIES] + [(c.code, c.name_fa) for c in rest]


COUNTRY_CHOICES: list[tuple[str, str]] = _country_choices()
CURRENCY_CHOICES: list[tuple[str, str]] = _currency_choices()
