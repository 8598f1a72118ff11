"""Iranian mobile numbers: the one validator of the system (preferences, forms, the SMS gateway).

A number is accepted as 09xxxxxxxxx, 9xxxxxxxxx, +989xxxxxxxxx, 00989xxxxxxxxx or 989xxxxxxxxx, typed with
Persian, Arabic-Indic or Latin digits, with spaces, dashes or brackets between groups; it is stored in the
national form 09xxxxxxxxx. Pure Python: no Django.
"""

from __future__ import annotations

import re

from rownaq.core.persian import to_latin_digits

__all__ = ["InvalidMobile", "normalize_mobile", "international_mobile"]

_SEPARATORS = re.compile(r"[\s\-\u200c\u200f\u200e().]")
_NATIONAL = re.compile(r"09\d{9}")


class InvalidMobile(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalize_mobile(value: str | None) -> str:
    """The number as 09xxxxxxxxx; InvalidMobile (with a Persian message) when it is not an Iranian mobile."""
    text = _SEPARATORS.sub("", to_latin_digits(value or "").strip())
    if not text:
        raise InvalidMobile("شمارهٔ همراه را وارد کنید.")
    if text.startswith("+98"):
        text = "0" + text[3:]
    elif text.startswith("0098"):
        text = "0" + text[4:]
    elif text.startswith("98") and len(text) == 12:
        text = "0" + text[2:]
    elif text.startswith("9") and len(text) == 10:
        text = "0" + text
    if not _NATIONAL.fullmatch(text):
        raise InvalidMobile("شمارهٔ همراه ایران باید به شکل ۰۹xxxxxxxxx (یازده رقم) یا ‎+۹۸۹…‎ باشد.")
    return text


def international_mobile(value: str) -> str:
    """The number as 989xxxxxxxxx (what SMS gateways take)."""
    return "98" + normalize_mobile(value)[1:]
