"""Template helpers of the sourcing pages: status badges, file sizes, and the need made from an import line."""

from django import template

from rownaq.core.persian import to_persian_digits

register = template.Library()

BADGES = {
    "draft": "text-bg-secondary",
    "published": "text-bg-primary",
    "interest": "text-bg-info",
    "shortlisted": "text-bg-info",
    "sample": "text-bg-warning",
    "tested": "text-bg-warning",
    "contract": "text-bg-dark",
    "localized": "text-bg-success",
    "withdrawn": "text-bg-danger",
    "sent": "text-bg-light",
    "declined": "text-bg-danger",
}


@register.filter
def need_badge(status: str) -> str:
    return BADGES.get(status, "text-bg-light")


@register.filter
def actor_name(user) -> str:
    if user is None:
        return "سامانه"
    return user.get_full_name() or user.get_username()


@register.simple_tag
def need_from_line(line):
    """The need already made from this monthly report's import line, or None."""
    from rownaq.sourcing.models import Need

    return Need.objects.filter(source_import_line=line).only("pk", "title").first()


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def status_label(value: str) -> str:
    from rownaq.sourcing.models import Need

    try:
        return Need.Status(value).label
    except ValueError:
        return value or "—"


@register.filter
def quantity(value) -> str:
    """A quantity without trailing zeros: 2.00 -> «۲», 2.50 -> «۲٫۵», 12000 -> «۱۲٬۰۰۰»."""
    from decimal import Decimal, InvalidOperation

    from rownaq.core.persian import EMPTY_VALUE, format_number

    if value is None or value == "":
        return EMPTY_VALUE
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return to_persian_digits(value)
    places = max(0, -number.normalize().as_tuple().exponent)
    return format_number(number, decimals=places)
