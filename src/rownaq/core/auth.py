"""Every password sign-in goes through one check: `ThrottledModelBackend` (the only authentication backend) refuses a
locked account or address before any password is looked at, and records each failure, so the app's login page,
the admin's and anything else that calls `authenticate()` obey the same lockout. The forms only word the refusal."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied

from .throttle import canonical_username, client_address, is_locked, lockout_message, login_key, record_failure

LOCKED_FLAG = "_rownaq_login_locked"


class AccountLocked(PermissionDenied):
    """Raised by the backend so that `authenticate()` stops at once (no other backend is tried)."""


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        username = canonical_username(username)
        key, address = login_key(username), client_address(request)
        if is_locked(key, address):
            if request is not None:
                setattr(request, LOCKED_FLAG, True)
            raise AccountLocked(lockout_message())
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            record_failure(key, address)
        return user


class LockoutMessageMixin:
    """Shows the lockout's own Persian message instead of "wrong username or password" when the backend refused."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if getattr(self.request, LOCKED_FLAG, False):
                raise forms.ValidationError(lockout_message(), code="locked") from None
            raise


class ThrottledAuthenticationForm(LockoutMessageMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(LockoutMessageMixin, AdminAuthenticationForm):
    pass


class ThrottledLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True
