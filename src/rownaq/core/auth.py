from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView

from .throttle import client_address, is_locked, lockout_message


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self):
        username = (self.data.get("username") or "").strip()
        if is_locked(username.lower(), client_address(self.request)):
            raise forms.ValidationError(lockout_message(), code="locked")
        return super().clean()


class ThrottledLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True
