from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views import View, generic

from rownaq.core import scoping
from rownaq.core.persian import digits_only, to_persian_digits
from rownaq.core.views import (
    ExcelImportView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedFormView,
    ScopedHistoryView,
    ScopedListView,
)

from . import invitations, services
from .filters import OrganisationFilter
from .forms import AcceptInvitationForm, InvitationForm, OrganisationForm, ProductFormSet
from .models import HsCode, MembershipInvitation, Organisation
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
        context["can_invite"] = invitations.may_invite(self.request.user, self.object)
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
            try:
                self.object = services.save_organisation(form, products)
            except ProtectedError:  # a report named the product between the form's check and the save
                messages.error(
                    request,
                    "چیزی ذخیره نشد: محصولی که حذف کرده‌اید همین حالا در گزارشی آمده است؛ به‌جای حذف آن را اصلاح کنید.",
                )
                return self.render_to_response(self.get_context_data(form=form, products=products))
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
        digits = digits_only(text)
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


# ---------------------------------------------------------------- invitations to join an organisation


class OrganisationInvitationsView(LoginRequiredMixin, generic.TemplateView):
    """The organisation's invitations (pending, accepted, revoked, expired) and the form to invite someone:
    staff of its place only; its own members see the organisation but may not invite (403)."""

    template_name = "registry/invitations.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organisation = scoping.get_scoped_or_404(
            Organisation.objects.select_related("county"), request.user, pk=kwargs["pk"]
        )
        if not invitations.may_invite(request.user, self.organisation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", InvitationForm())
        context["organisation"] = self.organisation
        context["invitations"] = invitations.invitations_of(self.organisation)
        context["valid_days"] = settings.INVITATION_VALID_DAYS
        return context

    def post(self, request, *args, **kwargs):
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                invitation = invitations.invite(
                    self.organisation, request.user, **form.cleaned_data, base_url=request.build_absolute_uri("/")
                )
            except invitations.InvitationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"دعوت‌نامه برای {invitation.name} به {invitation.email} فرستاده شد.")
                return redirect("registry:organisation-invitations", pk=self.organisation.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class InvitationActionView(LoginRequiredMixin, View):
    """Resend (a new link, the old one stops working) or revoke an invitation: POST only."""

    action = "resend"

    def post(self, request, pk):
        invitation = scoping.get_scoped_or_404(
            MembershipInvitation.objects.select_related("organisation__county"), request.user, pk=pk
        )
        try:
            if self.action == "resend":
                invitations.resend(invitation, request.user, base_url=request.build_absolute_uri("/"))
                messages.success(request, f"دعوت‌نامهٔ {invitation.name} دوباره فرستاده شد.")
            else:
                invitations.revoke(invitation, request.user)
                messages.success(request, f"دعوت‌نامهٔ {invitation.name} لغو شد.")
        except invitations.InvitationNotAllowed as exc:
            raise PermissionDenied from exc
        except invitations.InvitationError as exc:
            messages.error(request, str(exc))
        return redirect("registry:organisation-invitations", pk=invitation.organisation_id)


class AcceptInvitationView(View):
    """The invitee's page from the e-mailed link (no login): set a password, become a member, and start work."""

    template_name = "registry/invitation_accept.html"

    def get(self, request, token):
        try:
            invitation = invitations.usable_invitation(token)
        except invitations.InvitationError as exc:
            return render(request, self.template_name, {"error": str(exc)})
        return render(request, self.template_name, {"invitation": invitation, "form": AcceptInvitationForm()})

    def post(self, request, token):
        form = AcceptInvitationForm(request.POST)
        try:
            invitation = invitations.usable_invitation(token)
        except invitations.InvitationError as exc:
            return render(request, self.template_name, {"error": str(exc)}, status=400)
        if form.is_valid():
            try:
                user = invitations.accept(token, form.cleaned_data["password1"])
            except invitations.InvitationError as exc:
                form.add_error(None, str(exc))
            else:
                login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
                messages.success(
                    request, f"به رونق خوش آمدید. نام کاربری شما شمارهٔ همراهتان است: {to_persian_digits(user.username)}"
                )
                return redirect(invitations.landing_url(invitation.organisation))
        return render(request, self.template_name, {"invitation": invitation, "form": form}, status=400)
