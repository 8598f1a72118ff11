"""Badges for case, referral and resolution statuses (Bootstrap classes; no inline styles under the CSP)."""

from django import template

register = template.Library()


BADGES = {
    "submitted": "text-bg-secondary",
    "triaged": "text-bg-info",
    "referred": "text-bg-primary",
    "in_progress": "text-bg-warning",
    "open": "text-bg-primary",
    "resolved": "text-bg-success",
    "rejected": "text-bg-danger",
    "closed": "text-bg-dark",
    "pending": "text-bg-warning",
    "implemented": "text-bg-success",
    "not_implemented": "text-bg-danger",
}


@register.filter
def badge(status: str) -> str:
    return BADGES.get(status, "text-bg-light")


@register.filter
def person(user) -> str:
    """A user as others see them on a timeline: full name, else username; «سامانه» for automatic entries."""
    if user is None:
        return "سامانه"
    return user.get_full_name() or user.get_username()
