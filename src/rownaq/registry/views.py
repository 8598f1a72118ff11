import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views import View, generic

from rownaq.core import scoping
from rownaq.core.excel import xlsx_response
from rownaq.core.importing import ImportFileError
from rownaq.core.views import (
    ScopedDeleteView,
    ScopedDetailView,
    ScopedFormView,
    ScopedHistoryView,
    ScopedListView,
    search_queryset,
)

from . import services
from .filters import OrganisationFilter
from .forms import OrganisationForm, ProductFormSet
from .models import HsCode, IsicCode, Organisation
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


class OrganisationImportView(LoginRequiredMixin, View):
    """Upload -> preview (every bad row listed) -> confirm. Nothing is written unless the whole file is valid."""

    template_name = "registry/organisation_import.html"
    session_key = "registry_import"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.may_add(request.user, Organisation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        if request.GET.get("template"):
            return xlsx_response(services.import_template(), "rownaq-import-template.xlsx")
        return render(request, self.template_name, {})

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm(request)
        upload = request.FILES.get("file")
        if upload is None:
            return render(request, self.template_name, {"file_error": "فایلی انتخاب نشده است."})
        data = upload.read(settings.IMPORT_MAX_BYTES + 1)
        try:
            plan = services.plan_import(data, request.user)
        except ImportFileError as exc:
            return render(request, self.template_name, {"file_error": str(exc)})
        token = ""
        if plan.report.ok:
            token = uuid.uuid4().hex
            self.upload_path(token).parent.mkdir(parents=True, exist_ok=True)
            self.upload_path(token).write_bytes(data)
            request.session[self.session_key] = token
        return render(request, self.template_name, {"plan": plan, "token": token, "filename": upload.name})

    def confirm(self, request):
        token = request.POST.get("token", "")
        if not token or request.session.get(self.session_key) != token or not self.upload_path(token).exists():
            messages.error(request, "فایل پیش‌نمایش‌شده پیدا نشد؛ دوباره بارگذاری کنید.")
            return redirect("registry:organisation-import")
        path = self.upload_path(token)
        # Validate again: the registry may have changed since the preview.
        plan = services.plan_import(path.read_bytes(), request.user)
        if not plan.report.ok:
            return render(request, self.template_name, {"plan": plan, "token": ""})
        report = services.apply_import(plan)
        path.unlink(missing_ok=True)
        del request.session[self.session_key]
        messages.success(
            request, f"ورود اطلاعات انجام شد: {len(report.created)} مورد جدید، {len(report.updated)} به‌روزرسانی."
        )
        return redirect("registry:organisation-list")

    @staticmethod
    def upload_path(token: str) -> Path:
        return Path(settings.MEDIA_ROOT) / "imports" / f"{token}.xlsx"


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
