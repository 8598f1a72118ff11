"""Iranian mobile numbers: 09 and nine more digits, typed with Persian, Arabic-Indic or Latin digits, with spaces or
dashes, or in the international form (+98 9.., 0098 9..). Pure Python, no Django."""
from __future__ import annotations

import re

from rownaq.core.persian import to_latin_digits

_SEPARATORS = re.compile(r"[\s\-‐‑–()\u200c\u200e\u200f]")
_MOBILE = re.compile(r"09\d{9}")


class InvalidMobile(ValueError):
    pass


def normalise_mobile(text: str | None) -> str:
    """The number as 09xxxxxxxxx, or InvalidMobile with a Persian message."""
    number = _SEPARATORS.sub("", to_latin_digits(text or ""))
    if number.startswith("+98"):
        number = "0" + number[3:]
    elif number.startswith("0098"):
        number = "0" + number[4:]
    elif number.startswith("98") and len(number) == 12:
        number = "0" + number[2:]
    elif number.startswith("9") and len(number) == 10:
        number = "0" + number
    if not _MOBILE.fullmatch(number):
        raise InvalidMobile("شمارهٔ همراه ایران یازده رقم است و با ۰۹ آغاز می‌شود (مانند ۰۹۱۲۳۴۵۶۷۸۹).")
    return number
