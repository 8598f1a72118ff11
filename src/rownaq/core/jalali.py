"""Jalali (Solar Hijri) calendar: reporting months, parsing and formatting of dates.

Reporting periods are Jalali months (DESIGN "Data rules") and users read and type dates in the Jalali
calendar. Conversion and leap years come from jdatetime so the whole project agrees on one calendar;
this module adds the month arithmetic and the Persian messages the forms need. No Django imports.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import overload
from zoneinfo import ZoneInfo

import jdatetime

from rownaq.core.persian import clean_user_text, normalize, to_latin_digits, to_persian_digits

__all__ = [
    "MONTH_NAMES",
    "TEHRAN",
    "USER_YEAR_RANGE",
    "WEEKDAY_NAMES",
    "JalaliMonth",
    "format_jalali_date",
    "format_jalali_datetime",
    "month_days",
    "parse_jalali_date",
    "to_jalali",
    "weekday_name",
]

TEHRAN = ZoneInfo("Asia/Tehran")

MONTH_NAMES: tuple[str, ...] = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# The Iranian week starts on Saturday; index with jdatetime.date.weekday() (Saturday == 0).
WEEKDAY_NAMES: tuple[str, ...] = (
    "شنبه",
    "یکشنبه",
    "دوشنبه",
    "سه‌شنبه",
    "چهارشنبه",
    "پنجشنبه",
    "جمعه",
)

MIN_YEAR = jdatetime.MINYEAR  # 1
MAX_YEAR = jdatetime.MAXYEAR  # 9377, whose end is Gregorian 9999
# Years a person can mean when typing a date; anything else is a typo or a Gregorian date.
USER_YEAR_RANGE = range(1200, 1601)

_MONTH_BY_NAME = {normalize(name): index for index, name in enumerate(MONTH_NAMES, start=1)}
_NUMERIC_MONTH = re.compile(r"^(\d{1,4})\s*[/\-]\s*(\d{1,2})$")
_NAMED_MONTH = re.compile(r"^(\S+)\s+(\d{1,4})$")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})\s*[/\-]\s*(\d{1,2})\s*[/\-]\s*(\d{1,2})$")
_ECHO_LIMIT = 40


def _fa(value: object) -> str:
    return to_persian_digits(value)


def _echo(text: str) -> str:
    """User input quoted back in an error, cleaned of bidi tricks and shortened."""
    cleaned = clean_user_text(text)
    return cleaned if len(cleaned) <= _ECHO_LIMIT else cleaned[: _ECHO_LIMIT - 1] + "…"


def is_leap_year(year: int) -> bool:
    return jdatetime.date(year, 1, 1).isleap()


def month_days(year: int, month: int) -> int:
    """31 days in the first six months, 30 in the next five, Esfand 29 or 30 in leap years."""
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap_year(year) else 29


def _tehran_date(value: dt.date) -> dt.date:
    """The calendar day in Iran: aware datetimes are converted, naive ones are taken as Tehran time."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(TEHRAN)
        return value.date()
    return value


def to_jalali(value: dt.date) -> jdatetime.date:
    """The Jalali date of a Gregorian date (or of an aware datetime, on Tehran's clock)."""
    return jdatetime.date.fromgregorian(date=_tehran_date(value))


def weekday_name(value: dt.date) -> str:
    return WEEKDAY_NAMES[to_jalali(value).weekday()]


@dataclass(frozen=True, order=True)
class JalaliMonth:
    """A reporting period: one Jalali month, compared and ordered chronologically."""

    year: int
    month: int

    def __post_init__(self) -> None:
        for name in ("year", "month"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"JalaliMonth.{name} must be an int, not {type(value).__name__}")
        if not 1 <= self.month <= 12:
            raise ValueError(f"ماه {_fa(self.month)} وجود ندارد؛ ماه باید بین ۱ تا ۱۲ باشد.")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"سال {_fa(self.year)} خارج از بازهٔ تقویم است.")

    # --- construction -------------------------------------------------------------------------------

    @classmethod
    def from_date(cls, value: dt.date) -> JalaliMonth:
        jalali = to_jalali(value)
        return cls(jalali.year, jalali.month)

    @classmethod
    def today(cls) -> JalaliMonth:
        """The current month in Iran, whatever the server's time zone."""
        return cls.from_date(dt.datetime.now(TEHRAN).date())

    @classmethod
    def from_index(cls, index: int) -> JalaliMonth:
        year, month0 = divmod(index, 12)
        return cls(year, month0 + 1)

    @classmethod
    def parse(cls, text: str) -> JalaliMonth:
        """Read "1403/12", "1403-12", "۱۴۰۳/۱۲", "١٤٠٣-١٢" or "اسفند ۱۴۰۳" (the label)."""
        raw = "" if text is None else str(text)
        cleaned = normalize(to_latin_digits(raw))
        if not cleaned:
            raise ValueError("ماه را وارد کنید؛ مانند ۱۴۰۳/۱۲.")
        if match := _NUMERIC_MONTH.match(cleaned):
            year, month = int(match[1]), int(match[2])
        elif (match := _NAMED_MONTH.match(cleaned)) and match[1] in _MONTH_BY_NAME:
            year, month = int(match[2]), _MONTH_BY_NAME[match[1]]
        else:
            raise ValueError(f"«{_echo(raw)}» ماه معتبری نیست؛ آن را به شکل ۱۴۰۳/۱۲ بنویسید.")
        if year not in USER_YEAR_RANGE:
            raise ValueError(f"سال {_fa(year)} خارج از بازهٔ ۱۲۰۰ تا ۱۶۰۰ است؛ سال را به تقویم شمسی و چهاررقمی بنویسید.")
        return cls(year, month)

    # --- calendar facts -----------------------------------------------------------------------------

    @property
    def index(self) -> int:
        """Months since year 0, month 1: makes month arithmetic plain integer arithmetic."""
        return self.year * 12 + self.month - 1

    @property
    def days(self) -> int:
        return month_days(self.year, self.month)

    @property
    def name(self) -> str:
        return MONTH_NAMES[self.month - 1]

    @property
    def label(self) -> str:
        """«اسفند ۱۴۰۳»."""
        return f"{self.name} {_fa(self.year)}"

    @property
    def code(self) -> str:
        """ "1403-12": stable, sortable, ASCII (URLs, exports, API)."""
        return f"{self.year:04d}-{self.month:02d}"

    def first_day(self) -> dt.date:
        return jdatetime.date(self.year, self.month, 1).togregorian()

    def last_day(self) -> dt.date:
        return jdatetime.date(self.year, self.month, self.days).togregorian()

    def contains(self, value: dt.date) -> bool:
        return self.from_date(value) == self

    def due_date(self, day: int = 10) -> dt.date:
        """Day `day` of the following month: when this month's report is due."""
        following = self.next()
        if not 1 <= day <= following.days:
            raise ValueError(f"روز {_fa(day)} در {following.label} وجود ندارد.")
        return jdatetime.date(following.year, following.month, day).togregorian()

    # --- arithmetic ---------------------------------------------------------------------------------

    def next(self) -> JalaliMonth:
        return self + 1

    def previous(self) -> JalaliMonth:
        return self - 1

    def __add__(self, months: int) -> JalaliMonth:
        if not isinstance(months, int) or isinstance(months, bool):
            return NotImplemented
        return JalaliMonth.from_index(self.index + months)

    __radd__ = __add__

    @overload
    def __sub__(self, other: JalaliMonth) -> int: ...

    @overload
    def __sub__(self, other: int) -> JalaliMonth: ...

    def __sub__(self, other: int | JalaliMonth) -> JalaliMonth | int:
        """month - n is a month; month - month is the number of months between them."""
        if isinstance(other, JalaliMonth):
            return self.index - other.index
        if isinstance(other, int) and not isinstance(other, bool):
            return JalaliMonth.from_index(self.index - other)
        return NotImplemented

    @staticmethod
    def range(start: JalaliMonth, end: JalaliMonth) -> Iterator[JalaliMonth]:
        """Every month from start to end, both included; nothing if end is before start."""
        for index in range(start.index, end.index + 1):
            yield JalaliMonth.from_index(index)

    def __str__(self) -> str:
        return self.code


def parse_jalali_date(text: str) -> dt.date:
    """Read a Jalali date a person typed ("1403/12/30", "۱۴۰۳/۱۲/۳۰", "1403-1-5") as a Gregorian date.

    Errors say what is wrong in Persian, because they go straight into form error messages.
    """
    raw = "" if text is None else str(text)
    cleaned = normalize(to_latin_digits(raw))
    if not cleaned:
        raise ValueError("تاریخ را وارد کنید.")
    match = _NUMERIC_DATE.match(cleaned)
    if not match:
        raise ValueError(f"«{_echo(raw)}» تاریخ معتبری نیست؛ آن را به شکل ۱۴۰۳/۰۱/۱۵ بنویسید.")
    year, month, day = (int(part) for part in match.groups())
    if year not in USER_YEAR_RANGE:
        raise ValueError(
            f"سال {_fa(year)} خارج از بازهٔ ۱۲۰۰ تا ۱۶۰۰ است؛ تاریخ را به تقویم شمسی و با سال چهاررقمی بنویسید."
        )
    if not 1 <= month <= 12:
        raise ValueError(f"ماه {_fa(month)} وجود ندارد؛ ماه باید بین ۱ تا ۱۲ باشد.")
    period = JalaliMonth(year, month)
    if not 1 <= day <= period.days:
        written = _fa(f"{year:04d}/{month:02d}/{day:02d}")
        raise ValueError(f"تاریخ {written} وجود ندارد؛ {period.label} {_fa(period.days)} روز است.")
    return jdatetime.date(year, month, day).togregorian()


def format_jalali_date(value: dt.date, persian_digits: bool = True) -> str:
    """«۱۴۰۳/۱۲/۲۹»; aware datetimes give the day on Tehran's clock."""
    jalali = to_jalali(value)
    text = f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}"
    return _fa(text) if persian_digits else text


def format_jalali_datetime(value: dt.datetime, persian_digits: bool = True) -> str:
    """«۱۴۰۳/۱۲/۲۹ ۱۴:۰۵» on Tehran's clock; naive datetimes are taken as Tehran time already."""
    if not isinstance(value, dt.datetime):
        raise TypeError(f"expected a datetime, not {type(value).__name__}")
    if value.tzinfo is not None and value.utcoffset() is not None:
        value = value.astimezone(TEHRAN)
    text = f"{format_jalali_date(value, persian_digits=False)} {value.hour:02d}:{value.minute:02d}"
    return _fa(text) if persian_digits else text
