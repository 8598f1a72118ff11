"""Iranian legal-entity national ID (شناسهٔ ملی اشخاص حقوقی): 11 digits, the last a check digit.

Every organisation in the registry is keyed by this ID, so a typo must be caught at the form rather than
create a second record for the same factory. Pure Python, no Django.
"""

from __future__ import annotations

import re

from rownaq.core.persian import clean_user_text, to_latin_digits, to_persian_digits

__all__ = [
    "NATIONAL_ID_LENGTH",
    "InvalidNationalId",
    "is_valid_national_id",
    "make_national_id",
    "validate_national_id",
]

NATIONAL_ID_LENGTH = 11
_COEFFICIENTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)
_ASCII_DIGITS = re.compile(r"[0-9]*")


class InvalidNationalId(ValueError):
    """A national ID that cannot be right; `reason` is a stable code for forms and APIs."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


def _check_digit(first10: str) -> int:
    """Weighted sum of (digit + tenth digit + 2) modulo 11, with 10 written as 0."""
    digits = [int(ch) for ch in first10]
    offset = digits[9] + 2
    remainder = sum((digit + offset) * weight for digit, weight in zip(digits, _COEFFICIENTS)) % 11
    return 0 if remainder == 10 else remainder


def _canonical_digits(value: str | int) -> str:
    # clean_user_text drops the bidi marks that text copied from Persian PDFs and letters carries.
    return to_latin_digits(clean_user_text(str(value)))


def _check_shape(digits: str, expected_length: int, subject: str = "شناسهٔ ملی") -> None:
    if not digits:
        raise InvalidNationalId("شناسهٔ ملی را وارد کنید.", "empty")
    if not _ASCII_DIGITS.fullmatch(digits):
        raise InvalidNationalId("شناسهٔ ملی فقط از رقم تشکیل می‌شود؛ حرف، فاصله یا خط تیره ننویسید.", "not_digits")
    if len(digits) != expected_length:
        raise InvalidNationalId(
            f"{subject} باید {to_persian_digits(expected_length)} رقم باشد؛ "
            f"{to_persian_digits(len(digits))} رقم وارد شده است.",
            "length",
        )


def validate_national_id(value: str | int) -> str:
    """The ID as 11 ASCII digits (Persian/Arabic digits and surrounding spaces accepted), or
    InvalidNationalId saying in Persian what is wrong."""
    if value is None:
        raise InvalidNationalId("شناسهٔ ملی را وارد کنید.", "empty")
    digits = _canonical_digits(value)
    _check_shape(digits, NATIONAL_ID_LENGTH)
    if len(set(digits)) == 1:
        raise InvalidNationalId("شناسهٔ ملی نمی‌تواند از یک رقم تکراری ساخته شده باشد.", "repeated")
    if digits[3:9] == "000000":
        raise InvalidNationalId("شناسهٔ ملی معتبر نیست: رقم‌های چهارم تا نهم همه صفر هستند.", "middle_zeros")
    if _check_digit(digits[:10]) != int(digits[10]):
        raise InvalidNationalId(
            "رقم کنترل (رقم آخر) شناسهٔ ملی با بقیهٔ رقم‌ها نمی‌خواند؛ شناسه را دوباره بررسی کنید.",
            "check_digit",
        )
    return digits


def is_valid_national_id(value: str | int | None) -> bool:
    try:
        validate_national_id(value)  # type: ignore[arg-type]
    except InvalidNationalId:
        return False
    return True


def make_national_id(first10: str) -> str:
    """Complete ten digits with their check digit (demo data, fixtures); raises if the result would
    still be rejected (repeated digit, zero middle)."""
    digits = _canonical_digits(first10)
    _check_shape(digits, NATIONAL_ID_LENGTH - 1, "بخش بدون رقم کنترل شناسهٔ ملی")
    return validate_national_id(digits + str(_check_digit(digits)))
