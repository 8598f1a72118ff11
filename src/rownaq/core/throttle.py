"""Login throttling: after too many failed sign-ins for one username (or from one address) in a window, further
attempts are refused for a while with a clear Persian message, whatever the password. Kept in the database so
every server process sees the same count."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from .models import FailedLogin
from .persian import to_latin_digits


def client_address(request) -> str:
    # Behind a reverse proxy REMOTE_ADDR is the proxy; the proxy is trusted to set X-Forwarded-For when configured.
    if request is None:
        return ""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


def canonical_username(username) -> str:
    """The name as Django stores and looks it up (NFKC, as `AbstractBaseUser.normalize_username`), trimmed, with
    Persian and Arabic-Indic digits as Latin ones: people who joined by invitation sign in with their mobile
    number, typed on a Persian keyboard as often as not, and usernames are stored with Latin digits."""
    return to_latin_digits(unicodedata.normalize("NFKC", str(username))).strip()


def login_key(username) -> str:
    """What failures are counted under: one key for every spelling of an account's name (full-width letters,
    compatibility forms, case, surrounding spaces), so look-alikes neither escape nor split the count."""
    return canonical_username(username).casefold()[:150]


def is_locked(key: str, address: str) -> bool:
    """`key` is a `login_key`."""
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = FailedLogin.objects.filter(at__gte=since)
    by_user = recent.filter(username=key).count() if key else 0
    by_address = recent.filter(address=address).count() if address else 0
    return by_user >= settings.LOGIN_MAX_FAILURES_PER_USER or by_address >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS


def lockout_message() -> str:
    return (
        f"به دلیل تلاش‌های ناموفق پیاپی، ورود با این حساب تا {settings.LOGIN_LOCKOUT_MINUTES} دقیقه ممکن نیست. "
        "اگر گذرواژه را فراموش کرده‌اید از «فراموشی گذرواژه» استفاده کنید."
    )


def record_failure(key: str, address: str) -> None:
    """Called by the authentication backend (core.auth), the one place passwords are checked."""
    FailedLogin.objects.create(username=key, address=address)


@receiver(user_logged_in)
def _clear_failures(sender, request, user, **kwargs):
    FailedLogin.objects.filter(username=login_key(user.get_username())).delete()
