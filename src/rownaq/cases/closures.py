"""One-off closures of partner bodies, recorded by staff on the cases' working calendar page: who may close which
body, adding a closure, and the days off a user sees. The calendar that counts them is core.holidays."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from rownaq.core import scoping
from rownaq.core.models import Holiday
from rownaq.core.persian import clean_user_text
from rownaq.registry.models import Organisation


class ClosureError(Exception):
    """A closure that cannot be added; the message is for the user."""


def bodies_user_may_close(user):
    """Partner bodies whose one-off closures the user may record: those in the places they edit."""
    edited = scoping.places_q(user, province="county__province", county="county", estate="estate")
    return Organisation.objects.filter(kind=Organisation.Kind.AGENCY).filter(edited).order_by("name")


def add_closure(user, *, date: dt.date, title: str, body=None) -> Holiday:
    """A day a body (or, for an administrator, every office) is closed; deadlines falling from now on count it."""
    title = clean_user_text(title).strip()
    if not title:
        raise ClosureError("علت تعطیلی را بنویسید.")
    if body is None and not scoping.access_of(user).is_admin:
        raise ClosureError("تعطیلی همهٔ ادارات را مدیر سامانه ثبت می‌کند؛ نهاد تعطیل را انتخاب کنید.")
    if body is not None and not bodies_user_may_close(user).filter(pk=body.pk).exists():
        raise ClosureError("ثبت تعطیلی این نهاد در حوزهٔ شما نیست.")
    if Holiday.objects.filter(date=date, organisation__isnull=True).exists():
        raise ClosureError("این روز برای همهٔ ادارات تعطیل است.")
    if Holiday.objects.filter(date=date, organisation=body).exists():
        raise ClosureError("تعطیلی این نهاد در این روز پیش‌تر ثبت شده است.")
    return Holiday.objects.create(date=date, title=title, kind=Holiday.Kind.CLOSURE, organisation=body)


def closures_visible_to(user, since: dt.date):
    """Days off from `since` on: official holidays and closures for all, and closures of the bodies the user sees."""
    bodies = scoping.restrict(Organisation.objects.all(), user).values("pk")
    return (
        Holiday.objects.filter(date__gte=since)
        .filter(Q(organisation__isnull=True) | Q(organisation__in=bodies))
        .select_related("organisation")
    )
