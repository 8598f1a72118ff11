from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import FormView, ListView

from . import services
from .forms import PreferenceForm
from .models import Kind


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "notify/list.html"
    context_object_name = "notifications"
    paginate_by = 30

    def get_queryset(self):
        return services.notifications_of(self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "breadcrumbs": [{"title": "اعلان‌ها"}]}


class NotificationOpenView(LoginRequiredMixin, View):
    """Mark one's notification read and go where it points; another's notification is a 404."""

    def post(self, request, pk):
        notification = services.notifications_of(request.user).filter(pk=pk).first()
        if notification is None:
            raise Http404
        services.mark_read(request.user, pk)
        target = notification.url
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "notify:list"
        return redirect(target or "notify:list")


class MarkAllReadView(LoginRequiredMixin, View):
    def post(self, request):
        services.mark_read(request.user)
        return redirect("notify:list")


class PreferenceView(LoginRequiredMixin, FormView):
    template_name = "notify/preferences.html"
    form_class = PreferenceForm

    def get_initial(self):
        preference = services.preference_of(self.request.user)
        return {
            "mobile": preference.mobile,
            "by_email": preference.by_email,
            "by_sms": preference.by_sms,
            "daily_digest": preference.daily_digest,
            "muted_kinds": preference.muted_kinds,
        }

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "kinds": Kind.choices,
            "breadcrumbs": [{"title": "اعلان‌ها", "url": "/notifications/"}, {"title": "تنظیم اعلان‌ها"}],
        }

    def form_valid(self, form):
        try:
            services.save_preference(self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            return self.form_invalid(form)
        messages.success(self.request, "تنظیم اعلان‌ها ذخیره شد.")
        return redirect("notify:preferences")
