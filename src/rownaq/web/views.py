from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from rownaq.registry.services import registry_summary


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "web/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = registry_summary(self.request.user)
        return context
