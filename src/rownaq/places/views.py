from django.db.models import Count, Q
from django.urls import reverse

from rownaq.core import scoping
from rownaq.core.excel import Column
from rownaq.core.views import ScopedDetailView, ScopedFormView, ScopedHistoryView, ScopedListView
from rownaq.registry.models import Organisation

from .filters import EstateFilter
from .forms import EstateForm
from .models import Estate


class EstateListView(ScopedListView):
    model = Estate
    filterset_class = EstateFilter
    template_name = "places/estate_list.html"
    sort_options = {"name": ("name",), "county": ("county__name", "name"), "units": ("unit_count",)}
    export_columns = [
        Column("نام", lambda e: e.name, 36),
        Column("نوع", lambda e: e.get_kind_display()),
        Column("استان", lambda e: e.county.province.name),
        Column("شهرستان", lambda e: e.county.name),
        Column("بهره‌بردار", lambda e: e.operator, 36),
        Column("مساحت (هکتار)", lambda e: e.area_hectares),
        Column("عرض جغرافیایی", lambda e: e.latitude),
        Column("طول جغرافیایی", lambda e: e.longitude),
        Column("تعداد واحدها", lambda e: e.unit_count),
    ]
    export_title = "شهرک‌ها"
    export_filename = "rownaq-estates.xlsx"

    def base_queryset(self):
        return Estate.objects.select_related("county__province").annotate(
            unit_count=Count("organisations", filter=Q(organisations__kind=Organisation.Kind.UNIT))
        )


class EstateDetailView(ScopedDetailView):
    model = Estate
    template_name = "places/estate_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisations"] = scoping.restrict(self.object.organisations.select_related("isic"), self.request.user)
        return context


class EstateFormView(ScopedFormView):
    model = Estate
    form_class = EstateForm
    template_name = "places/estate_form.html"

    def get_success_url(self):
        return reverse("places:estate-detail", args=[self.object.pk])


class EstateHistoryView(ScopedHistoryView):
    model = Estate
