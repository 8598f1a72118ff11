"""Template filters that show numbers, dates and periods the Persian way.

Registered as a template builtin (settings.TEMPLATES), so every template can write
`{{ amount|fanum }}`, `{{ report.submitted_at|jdatetime }}` or `{{ report.period|jmonth }}` without
`{% load %}`. Filters never raise: a page must render even when one value is odd, so anything they cannot
read is shown with Persian digits as it is, and missing values as «—».
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

from rownaq.core.jalali import JalaliMonth, format_jalali_date, format_jalali_datetime
from rownaq.core.persian import EMPTY_VALUE, format_number, is_english, persian_digits_in_text, to_persian_digits
from rownaq.core.uploads import file_size

register = template.Library()
register.filter("file_size", file_size)  # core.uploads.file_size: a size in Persian, for every template


def _is_missing(value: Any) -> bool:
    return value is None or value == ""


@register.filter(is_safe=True)
def fa(value: Any) -> str:
    """Any value with Persian digits."""
    if value is None:
        return EMPTY_VALUE
    return to_persian_digits(value)


@register.filter(is_safe=True)
def fatext(value: Any) -> str:
    """A sentence the system built (a message, an error, a stored description) with Persian digits, leaving what
    is Latin by nature (codes with letters, addresses, "ISO 9001") as it is."""
    if value is None:
        return ""
    if isinstance(value, SafeData):
        return mark_safe(persian_digits_in_text(value))
    return persian_digits_in_text(conditional_escape(value))


@register.filter
def lang_of(value: Any) -> str:
    """ "en" for an English text (a reference code's title without a Persian one), else "fa": for a lang attribute."""
    return "en" if is_english(value) else "fa"


@register.filter
def reftitle(value: Any) -> str:
    """A title shown inside Persian text; an English one is marked as such (lang="en", left to right)."""
    if _is_missing(value):
        return EMPTY_VALUE
    if is_english(value):
        return mark_safe(f'<span lang="en" dir="ltr">{conditional_escape(value)}</span>')
    return conditional_escape(value)


@register.filter(is_safe=True)
def fanum(value: Any, decimals: Any = None) -> str:
    """Grouped Persian number: `{{ 1234567|fanum }}` -> «۱٬۲۳۴٬۵۶۷»; `{{ x|fanum:2 }}` rounds to 2 places."""
    if _is_missing(value):
        return EMPTY_VALUE
    try:
        places = None if _is_missing(decimals) else int(decimals)
        if isinstance(value, (int, float, Decimal, str)):
            return format_number(value, decimals=places)
    except (ValueError, TypeError, ArithmeticError):
        pass
    return to_persian_digits(value)


@register.filter(is_safe=True)
def jdate(value: Any) -> str:
    """Jalali date «۱۴۰۳/۱۲/۲۹»; an aware datetime gives its day on Tehran's clock."""
    if _is_missing(value):
        return EMPTY_VALUE
    if isinstance(value, dt.date):
        try:
            return format_jalali_date(value)
        except (ValueError, OverflowError):
            pass
    return to_persian_digits(value)


@register.filter(name="jdatetime", is_safe=True)
def jalali_datetime(value: Any) -> str:
    """Jalali date and time on Tehran's clock, «۱۴۰۳/۱۲/۲۹ ۱۴:۰۵»; a plain date shows the date only."""
    if _is_missing(value):
        return EMPTY_VALUE
    try:
        if isinstance(value, dt.datetime):
            return format_jalali_datetime(value)
        if isinstance(value, dt.date):
            return format_jalali_date(value)
    except (ValueError, OverflowError):
        pass
    return to_persian_digits(value)


def _as_month(value: Any) -> JalaliMonth:
    if isinstance(value, JalaliMonth):
        return value
    if isinstance(value, dt.date):
        return JalaliMonth.from_date(value)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return JalaliMonth(int(value[0]), int(value[1]))
    if isinstance(value, str):
        return JalaliMonth.parse(value)
    # Models that store a period as two fields (year, month).
    return JalaliMonth(int(value.year), int(value.month))


@register.filter(is_safe=True)
def jmonth(value: Any) -> str:
    """Reporting month label «اسفند ۱۴۰۳» from a JalaliMonth, a (year, month) pair or "1403-12"."""
    if _is_missing(value):
        return EMPTY_VALUE
    try:
        return _as_month(value).label
    except (ValueError, TypeError, AttributeError, OverflowError):
        return to_persian_digits(value)


@register.filter(name="country")
def country_filter(code) -> str:
    """An ISO country code as its Persian name ('—' when empty)."""
    from rownaq.core.geo import country_name

    return country_name(code) if code else "—"


@register.filter(name="currency")
def currency_filter(code) -> str:
    from rownaq.core.geo import currency_name

    return currency_name(code) if code else ""
