"""Login throttling: after too many failed sign-ins for one username (or from one address) in a window, further
attempts are refused for a while with a clear Persian message, whatever the password. Kept in the database so
every server process sees the same count."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from .models import FailedLogin


def client_address(request) -> str:
    # Behind a reverse proxy REMOTE_ADDR is the proxy; the proxy is trusted to set X-Forwarded-For when configured.
    if request is None:
        return ""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


def is_locked(username: str, address: str) -> bool:
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = FailedLogin.objects.filter(at__gte=since)
    by_user = recent.filter(username=username.lower()).count() if username else 0
    by_address = recent.filter(address=address).count() if address else 0
    return by_user >= settings.LOGIN_MAX_FAILURES_PER_USER or by_address >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS


def lockout_message() -> str:
    return (f"به دلیل تلاش‌های ناموفق پیاپی، ورود با این حساب تا {settings.LOGIN_LOCKOUT_MINUTES} دقیقه ممکن نیست. "
            "اگر گذرواژه را فراموش کرده‌اید از «فراموشی گذرواژه» استفاده کنید.")


@receiver(user_login_failed)
def _record_failure(sender, credentials, request=None, **kwargs):
    FailedLogin.objects.create(username=str(credentials.get("username", ""))[:150].lower(),
                               address=client_address(request))


@receiver(user_logged_in)
def _clear_failures(sender, request, user, **kwargs):
    FailedLogin.objects.filter(username=user.get_username().lower()).delete()
