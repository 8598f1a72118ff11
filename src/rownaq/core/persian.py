"""Persian text normalisation, digits and number formatting.

Persian text reaches the system typed on Arabic keyboards, pasted from Word and PDFs, or sent by other
systems: the same name can arrive as «آذربایجان‌شرقی», «آذربايجان شرقي» or with stray diacritics and
invisible marks. Text is stored as the user wrote it (`clean_user_text`) and compared or indexed through
`normalize` / `search_key` / `search_terms`. This module is pure Python so it is tested fast and reused
everywhere (models, forms, importers, the API).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "EMPTY_VALUE",
    "ZWNJ",
    "clean_user_text",
    "digits_only",
    "format_number",
    "has_persian_letters",
    "is_english",
    "normalize",
    "parse_number",
    "persian_digits_in_text",
    "search_key",
    "search_terms",
    "to_latin_digits",
    "to_persian_digits",
]

ZWNJ = "\u200c"
EMPTY_VALUE = "—"

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"
PERSIAN_THOUSANDS_SEPARATOR = "\u066c"  # ٬
PERSIAN_DECIMAL_SEPARATOR = "\u066b"  # ٫

# Invisible characters that carry no letters: zero-width space/joiner, bidi marks, embeddings, overrides
# and isolates, the BOM, the Arabic letter mark, soft hyphen, word joiner and invisible operators. They
# are paste junk or bidi-spoofing attacks ("Trojan Source"); ZWNJ is not here because Persian spelling
# uses it.
_INVISIBLE_CHARS = (
    ["\u00ad", "\u061c", "\u180e", "\u200b", "\u200d", "\u200e", "\u200f", "\ufeff"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2065)]
    + [chr(c) for c in range(0x2066, 0x2070)]  # isolates, then deprecated format characters
)
# C0 and C1 control characters; tab and line breaks are whitespace and are handled as such instead.
_CONTROL_CHARS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n\r"]
_REMOVED_FOR_STORAGE = {ord(ch): None for ch in (*_INVISIBLE_CHARS, *_CONTROL_CHARS)}

# Harakat, Quranic marks, hamza above/below, superscript alef and tatweel: ornaments that do not change
# which word is meant, so comparison ignores them.
_DIACRITICS = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"]

_LETTER_MAP = {
    "\u064a": "\u06cc",  # ي Arabic yeh -> ی
    "\u0649": "\u06cc",  # ى alef maksura -> ی
    "\u0643": "\u06a9",  # ك Arabic kaf -> ک
    "\u06aa": "\u06a9",  # ڪ swash kaf -> ک
    "\u0629": "\u0647",  # ة teh marbuta -> ه
    "\u06c0": "\u0647",  # ۀ heh with yeh above -> ه, as «ه» + hamza above (a diacritic) becomes ه
    "\u06d5": "\u0647",  # ە ae -> ه
    "\u06c1": "\u0647",  # ہ heh goal -> ه
    "\u0623": "\u0627",  # أ -> ا
    "\u0625": "\u0627",  # إ -> ا
    "\u0671": "\u0627",  # ٱ alef wasla -> ا
    "\u0624": "\u0648",  # ؤ -> و
}

_TO_LATIN_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, LATIN_DIGITS * 2)
_TO_PERSIAN_DIGITS = str.maketrans(LATIN_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)

_NORMALIZE_MAP: dict[int, str | None] = {
    **_REMOVED_FOR_STORAGE,
    **{ord(ch): None for ch in _DIACRITICS},
    **{ord(letter): replacement for letter, replacement in _LETTER_MAP.items()},
    **{ord(d): LATIN_DIGITS[i % 10] for i, d in enumerate(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS)},
}
_NORMALIZE_TABLE = str.maketrans(_NORMALIZE_MAP)

_WHITESPACE_RUN = re.compile(r"\s+")
_SPACE_AND_ZWNJ_RUN = re.compile(r"[ \u200c]*[ ][ \u200c]*")
_ZWNJ_RUN = re.compile(r"\u200c{2,}")
_HORIZONTAL_SPACE_RUN = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def _is_presentation_form(ch: str) -> bool:
    code = ord(ch)
    return 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFE


def _fold_presentation_forms(text: str) -> str:
    """NFKC only the Arabic presentation forms: whole-text NFKC would also rewrite unrelated characters
    (superscripts, fractions, compatibility letters), which comparison has no business changing."""
    if not any(_is_presentation_form(ch) for ch in text):
        return text
    # Isolated-harakat forms fold to " " + mark; the space is an artefact, not a word break.
    return "".join(unicodedata.normalize("NFKC", ch).lstrip(" ") if _is_presentation_form(ch) else ch for ch in text)


def _tidy_zwnj(text: str) -> str:
    """One ZWNJ between letters; none beside a space or at either end (it is invisible there)."""
    text = _SPACE_AND_ZWNJ_RUN.sub(" ", text)
    text = _ZWNJ_RUN.sub(ZWNJ, text)
    return text.strip(" " + ZWNJ)


def normalize(text: str) -> str:
    """Canonical form of Persian text for comparison: one spelling per word, ASCII digits, single spaces.

    Not for display: DESIGN says text is shown as the user wrote it.
    """
    if not text:
        return ""
    # Drop invisibles first so they cannot block canonical composition (e.g. ا + ZWJ + ٓ).
    text = str(text).translate(_REMOVED_FOR_STORAGE)
    text = _fold_presentation_forms(text)
    # NFC turns decomposed sequences into the composed letters the letter map knows (ا + ٔ -> أ -> ا).
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_NORMALIZE_TABLE)
    # Removing marks can leave a base letter next to a mark it composes with; recompose for idempotence.
    text = unicodedata.normalize("NFC", text)
    text = _WHITESPACE_RUN.sub(" ", text)
    return _tidy_zwnj(text)


def _is_separator(ch: str) -> bool:
    return ch.isspace() or ch == ZWNJ or unicodedata.category(ch).startswith("P")


def _casefold(text: str) -> str:
    # casefold can emit decomposed sequences; NFC keeps keys stable when fed back in.
    return unicodedata.normalize("NFC", text.casefold())


def search_key(text: str) -> str:
    """Key for search and duplicate detection: spaces, ZWNJ, punctuation and letter case do not count.

    «آذربایجانشرقی», «آذربايجان شرقي» and «آذربایجان‌شرقی» share one key.
    """
    folded = _casefold(normalize(text))
    return "".join(ch for ch in folded if not _is_separator(ch))


def search_terms(text: str) -> list[str]:
    """Distinct normalised tokens in order of first appearance, for token (AND) search."""
    folded = _casefold(normalize(text))
    terms: list[str] = []
    current: list[str] = []
    for ch in folded + " ":
        if _is_separator(ch):
            if current:
                term = "".join(current)
                if term not in terms:
                    terms.append(term)
                current = []
        else:
            current.append(ch)
    return terms


def to_persian_digits(value: object) -> str:
    """Show any value with Persian digits (۰-۹); None becomes the empty string."""
    if value is None:
        return ""
    return str(value).translate(_TO_PERSIAN_DIGITS)


_PERSIAN_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")
_LATIN_LETTER = re.compile("[A-Za-z]")
_WORDS_AND_SPACES = re.compile(r"(\s+)")
_DECIMAL_POINT = re.compile(r"(?<=[0-9])\.(?=[0-9])")
_THOUSANDS_COMMA = re.compile(r"(?<=[0-9]),(?=[0-9]{3})")


def has_persian_letters(text: object) -> bool:
    return bool(_PERSIAN_LETTER.search(str(text or "")))


def is_english(text: object) -> bool:
    """Latin letters and no Persian letter: an English title or name (to be marked lang="en" where shown)."""
    text = str(text or "")
    return bool(_LATIN_LETTER.search(text)) and not _PERSIAN_LETTER.search(text)


def _latin_by_nature(word: str) -> bool:
    return bool(_LATIN_LETTER.search(word)) or "@" in word or "://" in word


def persian_digits_in_text(text: object) -> str:
    """Persian digits in a sentence, but not in what is Latin by nature: a word with Latin letters or an address
    ("M12", "a1@b.ir", "http://x/1"), a number that goes with the Latin word beside it ("ISO 9001", "HS 2022"), or a
    text that is English as a whole. For messages and texts the system builds around numbers."""
    if text is None:
        return ""
    text = str(text)
    if _LATIN_LETTER.search(text) and not _PERSIAN_LETTER.search(text):
        return text
    parts = _WORDS_AND_SPACES.split(text)  # words at even positions, the spaces between them at odd ones
    words = parts[0::2]
    for index, word in enumerate(words):
        if not any(ch in LATIN_DIGITS for ch in word) or _latin_by_nature(word):
            continue
        neighbours = words[max(index - 1, 0) : index] + words[index + 1 : index + 2]
        if any(_LATIN_LETTER.search(neighbour) for neighbour in neighbours):
            continue
        word = _DECIMAL_POINT.sub(PERSIAN_DECIMAL_SEPARATOR, _THOUSANDS_COMMA.sub(PERSIAN_THOUSANDS_SEPARATOR, word))
        words[index] = word.translate(_TO_PERSIAN_DIGITS)
    parts[0::2] = words
    return "".join(parts)


def to_latin_digits(text: str | None) -> str:
    """Persian and Arabic-Indic digits to ASCII, for parsing what users type; other characters stay."""
    if text is None:
        return ""
    return str(text).translate(_TO_LATIN_DIGITS)


def digits_only(text: object) -> str:
    """The digits of what a person typed, as ASCII, everything else dropped: a code typed «۸۴۸۰.۷۱», "8480 71" or
    "٨٤٨٠-٧١" is "848071". Only 0-9 after translation count (str.isdigit would also take "²" or other scripts'
    digits, which no code contains). None is the empty string."""
    return "".join(ch for ch in to_latin_digits(None if text is None else str(text)) if ch in LATIN_DIGITS)


def _to_decimal(value: int | float | Decimal | str) -> Decimal:
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # str() gives the shortest repr, so 0.1 shows as 0.1 and not 0.1000000000000000055...
        number = Decimal(str(value))
    elif isinstance(value, str):
        try:
            number = Decimal(to_latin_digits(value).strip().replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    else:
        raise TypeError(f"cannot format {type(value).__name__} as a number")
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def _without_trailing_zeros(number: Decimal) -> Decimal:
    """13.50 -> 13.5, 42000.00 -> 42000, exactly (no rounding context involved)."""
    sign, stored, exponent = number.as_tuple()
    if not isinstance(exponent, int):  # not finite: nothing to drop
        return number
    digits = list(stored)
    while exponent < 0 and len(digits) > 1 and digits[-1] == 0:
        digits.pop()
        exponent += 1
    if digits == [0] and exponent < 0:
        exponent = 0
    return Decimal((sign, tuple(digits), exponent))


def format_number(value: int | float | Decimal | str | None, decimals: int | None = None, persian: bool = True) -> str:
    """Group thousands for display: «۱٬۲۳۴٬۵۶۷٫۸۹» in Persian, '1,234,567.89' otherwise.

    With `decimals` the value is rounded half-up (as people and invoices round), else shown without trailing
    zeros of the fraction (a stored 42000.00 is «۴۲٬۰۰۰», 13.50 is «۱۳٫۵»). None is shown as '—'.
    """
    if value is None:
        return EMPTY_VALUE
    number = _to_decimal(value)
    if decimals is not None:
        if decimals < 0:
            raise ValueError("decimals must be zero or positive")
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    else:
        number = _without_trailing_zeros(number)
    if number.is_zero():
        number = abs(number)  # no "-0" after rounding
    text = format(number, ",f")
    if not persian:
        return text
    return text.translate(
        {
            ord(","): PERSIAN_THOUSANDS_SEPARATOR,
            ord("."): PERSIAN_DECIMAL_SEPARATOR,
            **{ord(d): PERSIAN_DIGITS[i] for i, d in enumerate(LATIN_DIGITS)},
        }
    )


# What people type between groups of thousands, and as the decimal point, on Persian and Latin keyboards.
_GROUPING = {PERSIAN_THOUSANDS_SEPARATOR, ",", "\u060c", "'", " ", "\u00a0", "\u202f", "\u2009"}
_DECIMAL_POINTS = {PERSIAN_DECIMAL_SEPARATOR, ".", "/"}
_MINUS_SIGNS = {"-", "\u2212", "\u2010", "\u2013"}


def parse_number(text: str) -> str:
    """A number as a person typed it, as the ASCII text int() and Decimal() read («۱۲٬۰۰۰٫۵» -> "12000.5").

    Persian, Arabic-Indic and Latin digits; «٬», «,», «،», spaces or an apostrophe between groups of three
    digits; «٫», «.» or «/» as the decimal point; a leading minus. Grouping must fall every three digits, so a
    comma typed as a decimal point («۱۲,۵») is refused rather than read as 125. Raises ValueError with a
    Persian message.
    """
    raw = to_latin_digits(text).strip().translate(_REMOVED_FOR_STORAGE)
    sign = ""
    if raw[:1] in _MINUS_SIGNS or raw[:1] == "+":
        sign = "-" if raw[0] in _MINUS_SIGNS else ""
        raw = raw[1:].strip()
    points = [i for i, ch in enumerate(raw) if ch in _DECIMAL_POINTS]
    if len(points) > 1:
        raise ValueError("عدد بیش از یک ممیز دارد؛ برای اعشار یک «٫» بنویسید.")
    integer, fraction = (raw[: points[0]], raw[points[0] + 1 :]) if points else (raw, "")
    groups = re.split("[" + re.escape("".join(_GROUPING)) + "]", integer) if integer or not fraction else ["0"]
    if not all(part.isascii() and part.isdigit() for part in groups + ([fraction] if fraction else [])) or (
        not integer and not fraction
    ):
        raise ValueError("عدد معتبر نیست؛ فقط رقم، جداکنندهٔ هزارگان «٬» و ممیز «٫» پذیرفته است.")
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        raise ValueError("جداکنندهٔ هزارگان باید هر سه رقم بیاید (مانند ۱۲٬۰۰۰)؛ برای اعشار «٫» بنویسید.")
    return sign + "".join(groups) + ("." + fraction if fraction else "")


def clean_user_text(text: str | None) -> str:
    """What a form stores: the user's own spelling, minus control/bidi characters and stray spacing.

    Letters are not rewritten (ي stays ي); line breaks are kept for multi-line fields, with at most one
    blank line in a row.
    """
    if not text:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.translate(_REMOVED_FOR_STORAGE)
    lines = []
    for line in text.split("\n"):
        line = _HORIZONTAL_SPACE_RUN.sub(" ", line)
        lines.append(_tidy_zwnj(line))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
