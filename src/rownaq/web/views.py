from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import HttpResponse
from django.views.generic import TemplateView

from rownaq.core import health

from rownaq.notify.inbox import inbox_for
from rownaq.notify.services import outbox_status
from rownaq.registry.services import registry_summary


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "web/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["inbox"] = inbox_for(self.request.user)
        context["summary"] = registry_summary(self.request.user)
        return context


class HealthView(LoginRequiredMixin, UserPassesTestMixin, TemplateView):
    """The system's health, for administrators."""

    template_name = "web/health.html"

    def test_func(self):
        return self.request.user.is_superuser

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "health": health.report(), "outbox": outbox_status()}


def liveness(request):
    """For a load balancer or monitor: 200 when the database answers, 503 otherwise (no details)."""
    ok = health.database()["ok"]
    return HttpResponse("ok" if ok else "database unavailable", status=200 if ok else 503,
                        content_type="text/plain")
