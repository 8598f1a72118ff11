"""The working calendar page: the days off ahead (official holidays, projected ones marked, and closures) and the
form where staff record a one-off closure of a partner body in their places (an administrator: of every office)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from rownaq.core import scoping
from rownaq.core.forms import JalaliDateField
from rownaq.registry.models import Organisation

from . import closures


class ClosureForm(forms.Form):
    date = JalaliDateField(label="تاریخ")
    title = forms.CharField(label="علت", max_length=200, help_text="مانند «آلودگی هوا» یا «بارش برف»")
    body = forms.ModelChoiceField(
        label="نهاد",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="— همهٔ ادارات (فقط مدیر سامانه) —",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = closures.bodies_user_may_close(user)


class ClosuresView(LoginRequiredMixin, View):
    template_name = "cases/closures.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.access_of(request.user).is_staff:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, request, form, status=200):
        days_off = closures.closures_visible_to(request.user, timezone.localdate())[:200]
        return render(request, self.template_name, {"form": form, "days_off": days_off}, status=status)

    def get(self, request):
        return self.render_page(request, ClosureForm(user=request.user))

    def post(self, request):
        form = ClosureForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                closure = closures.add_closure(request.user, **form.cleaned_data)
            except closures.ClosureError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, f"تعطیلی «{closure.title}» ثبت شد؛ مهلت‌هایی که از این پس تعیین می‌شوند آن را حساب می‌کنند."
                )
                return redirect("cases:closures")
        return self.render_page(request, form, status=400)
