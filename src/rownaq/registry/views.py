
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views import generic

from rownaq.core import scoping
from rownaq.core.views import (
    ExcelImportView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedFormView,
    ScopedHistoryView,
    ScopedListView,
)

from . import services
from .filters import OrganisationFilter
from .forms import OrganisationForm, ProductFormSet
from .models import HsCode, Organisation
from .reference import isic_classes_for_hs


class OrganisationListView(ScopedListView):
    model = Organisation
    filterset_class = OrganisationFilter
    template_name = "registry/organisation_list.html"
    sort_options = {
        "name": ("name",),
        "estate": ("estate__name", "name"),
        "county": ("county__name", "name"),
        "employees": ("employees",),
        "shifts": ("usual_shifts",),
        "status": ("status", "name"),
        "updated": ("updated_at",),
    }
    export_columns = services.ORGANISATION_COLUMNS
    export_title = "واحدها"
    export_filename = "rownaq-organisations.xlsx"

    def base_queryset(self):
        return services.organisation_export_queryset(Organisation.objects.all())


class OrganisationDetailView(ScopedDetailView):
    model = Organisation
    template_name = "registry/organisation_detail.html"

    def base_queryset(self):
        return Organisation.objects.select_related("county__province", "estate", "isic")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["products"] = self.object.products.select_related("hs")
        context["members"] = self.object.memberships.select_related("user")
        return context


class OrganisationFormView(ScopedFormView):
    model = Organisation
    form_class = OrganisationForm
    template_name = "registry/organisation_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("products", self.product_formset())
        return context

    def product_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return ProductFormSet(data, instance=self.object or Organisation(), prefix="products")

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        products = self.product_formset()
        if form.is_valid() and products.is_valid():
            self.object = services.save_organisation(form, products)
            messages.success(request, f"«{self.object}» ذخیره شد.")
            return redirect(self.object_url())
        messages.error(request, "فرم خطا دارد؛ موارد مشخص‌شده را اصلاح کنید. چیزی ذخیره نشد.")
        return self.render_to_response(self.get_context_data(form=form, products=products))

    def object_url(self):
        return reverse("registry:organisation-detail", args=[self.object.pk])


class OrganisationHistoryView(ScopedHistoryView):
    model = Organisation


class OrganisationDeleteView(ScopedDeleteView):
    model = Organisation
    success_url = reverse_lazy("registry:organisation-list")


class OrganisationImportView(ExcelImportView):
    model = Organisation
    template_name = "registry/organisation_import.html"
    success_url = reverse_lazy("registry:organisation-list")
    importer = "rownaq.registry.services.ORGANISATION_IMPORTER"

    def sample(self):
        return services.import_template()


class HsListView(LoginRequiredMixin, generic.ListView):
    template_name = "registry/hs_list.html"
    paginate_by = 50

    def get_queryset(self):
        text = self.request.GET.get("q", "").strip()
        queryset = HsCode.objects.all()
        digits = "".join(ch for ch in services.digits(text) if ch in "0123456789")
        if digits and len(digits) == len(text.replace(".", "").replace(" ", "")):
            return queryset.filter(code__startswith=digits)
        if text:
            return queryset.filter(title_en__icontains=text) | queryset.filter(title_fa__icontains=text)
        return queryset.filter(level=2)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.get("q", "")
        params = self.request.GET.copy()
        params.pop("page", None)
        context["querystring_without_page"] = params.urlencode()
        return context


class HsDetailView(LoginRequiredMixin, generic.DetailView):
    model = HsCode
    template_name = "registry/hs_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["isic_classes"] = isic_classes_for_hs(self.object.code)
        context["children"] = self.object.children.all()
        context["makers"] = scoping.restrict(
            Organisation.objects.filter(products__hs__code__startswith=self.object.code).distinct(),
            self.request.user,
        )[:50]
        return context
