"""Pages of the sourcing app: needs (the unit's and staff's lists, listing and editing one, its page with the
pipeline's steps, interests and the matcher's makers), the makers' marketplace and «needs I could serve», the
capability profile, the province's linkage table, turning a monthly report's import line into a need, and the
savings dashboard.

Every operation goes through sourcing.services (and the matcher through sourcing.matching). Anonymity: a maker
reaches a need only through the marketplace pages, whose templates name the buyer only by services.buyer_label
and show no estate, national id, FX figure or link to the buyer; its Excel export uses the same label.
Answers: not allowed -> 403; a stale form -> 409; a step not possible now -> 400 with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views import View
from openpyxl import Workbook

from rownaq.core import fx, scoping
from rownaq.core.excel import export_list, workbook_bytes, write_sheet, xlsx_response
from rownaq.core.persian import to_persian_digits
from rownaq.core.search import search_queryset
from rownaq.core.uploads import UploadRejected
from rownaq.core.views import ScopedHistoryView, ScopedListView
from rownaq.places.models import Province
from rownaq.registry import invitations
from rownaq.registry.models import IsicCode, Organisation
from rownaq.registry.services import changeable_units
from rownaq.reporting.models import ImportLine

from . import matching, services
from .filters import MarketFilter, NeedFilter
from .forms import (
    AttachForm,
    CapabilityForm,
    InterestForm,
    LocalizeForm,
    MoveForm,
    NeedForm,
    ShortlistForm,
    WithdrawForm,
)
from .models import CLOSED_STATUSES, PUBLISHED_STATUSES, Capability, ItemKind, Need, NeedAttachment, Process
from .tables import (
    LEDGER_TABLES,
    NEED_COLUMNS,
    TOTAL_COLUMNS,
    UNMET_COLUMNS,
    ledger_columns,
    linkage_columns,
    market_columns,
)

Status = Need.Status
FORM_ERROR = "فرم خطا دارد؛ موارد مشخص‌شده را اصلاح کنید. چیزی ذخیره نشد."


def need_queryset():
    return Need.objects.select_related("organisation__county__province", "organisation__estate", "hs", "maker")


def may_manage(user, need: Need) -> bool:
    """The buyer's members and editing staff of its place: they see the makers and move the need."""
    return services.is_owner(user, need) or services.is_staff_for(user, need)


# ---------------------------------------------------------------- needs: list, create, edit


class NeedListView(ScopedListView):
    model = Need
    filterset_class = NeedFilter
    template_name = "sourcing/need_list.html"
    sort_options = {
        "updated": ("-updated_at",),
        "title": ("title",),
        "status": ("status",),
        "unit": ("organisation__name",),
        "fx": ("annual_fx_value",),
    }
    export_columns = NEED_COLUMNS
    export_title = "نیازهای وارداتی"
    export_filename = "rownaq-needs.xlsx"

    def base_queryset(self):
        return need_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_create"] = changeable_units(user).exists()
        context["is_maker"] = services.maker_organisations(user).exists()
        return context


class NeedCreateView(LoginRequiredMixin, View):
    template_name = "sourcing/need_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not changeable_units(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": NeedForm(user=request.user)})

    def post(self, request):
        form = NeedForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                need = services.create_need(
                    form.cleaned_data["organisation"],
                    request.user,
                    form.values(),
                    files=form.cleaned_data["attachments"],
                )
            except UploadRejected as exc:
                form.add_error("attachments", str(exc))
            except services.SourcingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, f"نیاز «{need.title}» به صورت پیش‌نویس ثبت شد؛ برای دیدن سازندگان آن را منتشر کنید."
                )
                return redirect(need.get_absolute_url())
        messages.error(request, FORM_ERROR)
        return render(request, self.template_name, {"form": form}, status=400)


class NeedEditView(LoginRequiredMixin, View):
    template_name = "sourcing/need_form.html"

    def get_need(self, request, pk) -> Need:
        need = scoping.get_scoped_or_404(need_queryset(), request.user, scoping.VIEW, pk=pk)
        if not may_manage(request.user, need):
            raise PermissionDenied
        if need.status in CLOSED_STATUSES:
            raise PermissionDenied("نیاز بسته‌شده را نمی‌توان ویرایش کرد.")
        return need

    def get(self, request, pk):
        need = self.get_need(request, pk)
        return render(request, self.template_name, {"form": NeedForm(instance=need, user=request.user), "object": need})

    def post(self, request, pk):
        need = self.get_need(request, pk)
        form = NeedForm(request.POST, request.FILES, instance=need_queryset().get(pk=pk), user=request.user)
        status = 400
        if form.is_valid():
            try:
                services.update_need(
                    need,
                    request.user,
                    form.values(),
                    files=form.cleaned_data["attachments"],
                    expected_version=form.cleaned_data.get("version"),
                )
            except services.NeedConflict as exc:
                form.add_error(None, str(exc))
                status = 409
            except UploadRejected as exc:
                form.add_error("attachments", str(exc))
            except services.SourcingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"نیاز «{need.title}» ذخیره شد.")
                return redirect(need.get_absolute_url())
        messages.error(request, FORM_ERROR)
        return render(request, self.template_name, {"form": form, "object": need}, status=status)


class NeedHistoryView(ScopedHistoryView):
    model = Need


class SuggestHsView(LoginRequiredMixin, View):
    """The HS codes the matcher reads from a need's text (an htmx fragment on the need form)."""

    def get(self, request):
        text = " ".join(request.GET.get(name, "") for name in ("title", "description", "specification"))
        suggestions = matching.suggest_hs(text) if text.strip() else []
        return render(
            request, "sourcing/_hs_suggestions.html", {"suggestions": suggestions, "asked": bool(text.strip())}
        )


# ---------------------------------------------------------------- one need: the owner's and staff's page


def suggested_makers(need: Need, matches=None) -> list[int]:
    matches = matching.makers_for(need, k=20) if matches is None else matches
    return [m.organisation.pk for m in matches]


def step_forms(need: Need, user, bound: dict | None = None, matches=None) -> dict:
    version = {"version": need.version}
    forms = {
        "move": MoveForm(prefix="move", initial=version),
        "localize": LocalizeForm(
            prefix="localize",
            initial=version,
            need=need,
            user=user,
            suggested=suggested_makers(need, matches) if need.status == Status.CONTRACT else (),
        ),
        "withdraw": WithdrawForm(prefix="withdraw", initial=version),
        "shortlist": ShortlistForm(prefix="shortlist", initial=version, need=need),
        "attach": AttachForm(prefix="attach"),
    }
    forms.update(bound or {})
    return forms


STEP_LABELS = {
    Status.PUBLISHED: "انتشار برای سازندگان",
    Status.SHORTLISTED: "رفتن به فهرست کوتاه",
    Status.SAMPLE: "ساخت نمونه یا نمونهٔ اولیه",
    Status.TESTED: "نمونه آزمون شد",
    Status.CONTRACT: "قرارداد بسته شد",
    Status.LOCALIZED: "ساخت داخل شد",
    Status.WITHDRAWN: "انصراف",
}
PIPELINE = [
    Status.DRAFT,
    Status.PUBLISHED,
    Status.INTEREST,
    Status.SHORTLISTED,
    Status.SAMPLE,
    Status.TESTED,
    Status.CONTRACT,
    Status.LOCALIZED,
]


def need_context(request, need: Need, bound: dict | None = None) -> dict:
    user = request.user
    manage = may_manage(user, need)
    steps = services.allowed_steps(user, need)
    matches = matching.makers_for(need, k=20) if (manage or scoping.access_of(user).is_staff) else []
    context = {
        "object": need,
        "need": need,
        "manage": manage,
        "steps": steps,
        "simple_steps": [
            (s, STEP_LABELS[s]) for s in steps if s not in (Status.LOCALIZED, Status.WITHDRAWN, Status.SHORTLISTED)
        ],
        "step_labels": STEP_LABELS,
        "pipeline": [(s, Status(s).label) for s in PIPELINE],
        "forms": step_forms(need, user, bound, matches),
        "events": need.events.select_related("actor"),
        "interests": need.interests.select_related("maker__county__province", "created_by"),
        "attachments": need.attachments.all(),
        "history": sorted(need.imports_history.items(), reverse=True) if need.imports_history else [],
        "processes": [label for value, label in Process.choices if value in need.processes],
        "matches": matches,
        "suggestions": [],
        "invitable_makers": invitations.invitable_makers(user, [m.organisation for m in matches]),
    }
    if manage and not need.hs_id:
        context["suggestions"] = matching.suggest_hs(" ".join([need.title, need.description]))
    return context


class NeedDetailView(LoginRequiredMixin, View):
    template_name = "sourcing/need_detail.html"

    def get(self, request, pk):
        need = need_queryset().filter(pk=pk).first()
        if need is None:
            raise Http404
        if not scoping.can(request.user, scoping.VIEW, need):
            # A maker who may see the need in the marketplace reads it there, buyer hidden as it must be.
            if services.marketplace(request.user).filter(pk=pk).exists():
                return redirect("sourcing:market-detail", pk)
            raise Http404
        return render(request, self.template_name, need_context(request, need))


def new_maker(request, data) -> Organisation:
    """The maker written into the localization form, recorded and its contact invited (staff only)."""
    try:
        return invitations.create_and_invite(
            request.user,
            kind=data["new_maker_kind"],
            name=data["new_maker_name"],
            county=data["new_maker_county"],
            contact_name=data["new_maker_contact"],
            mobile=data["new_maker_mobile"],
            email=data["new_maker_email"],
            base_url=request.build_absolute_uri("/"),
        )
    except invitations.InvitationError as exc:
        raise services.SourcingError(str(exc)) from exc


class NeedStepView(LoginRequiredMixin, View):
    """POST one step: move (to the next status in `to`), localize, withdraw, shortlist, attach."""

    step = ""
    done = {
        "move": "مرحلهٔ نیاز ثبت شد.",
        "localize": "ساخت داخل ثبت شد.",
        "withdraw": "انصراف ثبت شد.",
        "shortlist": "فهرست کوتاه ثبت شد.",
        "attach": "پیوست افزوده شد.",
    }

    def get(self, request, pk):
        return redirect("sourcing:need-detail", pk)

    def form(self, request, need):
        data, files = request.POST, request.FILES
        if self.step == "localize":
            return LocalizeForm(data, prefix="localize", need=need, user=request.user, suggested=suggested_makers(need))
        if self.step == "shortlist":
            return ShortlistForm(data, prefix="shortlist", need=need)
        if self.step == "attach":
            return AttachForm(data, files, prefix="attach")
        return {"move": MoveForm, "withdraw": WithdrawForm}[self.step](data, prefix=self.step)

    def post(self, request, pk):
        user = request.user
        need = scoping.get_scoped_or_404(need_queryset(), user, scoping.VIEW, pk=pk)
        if not may_manage(user, need):
            raise PermissionDenied
        form = self.form(request, need)
        if not form.is_valid():
            messages.error(request, FORM_ERROR)
            return self.again(request, need, form, 400)
        try:
            self.take(request, need, form.cleaned_data)
        except services.NeedConflict as exc:
            messages.error(request, str(exc))
            return self.again(request, need, None, 409)
        except UploadRejected as exc:
            form.add_error("attachments", str(exc))
            return self.again(request, need, form, 400)
        except services.SourcingError as exc:
            messages.error(request, str(exc))
            return self.again(request, need, form, 400)
        messages.success(request, self.done[self.step])
        return redirect(reverse("sourcing:need-detail", args=[need.pk]) + "#pipeline")

    def again(self, request, need, form, status):
        need = need_queryset().get(pk=need.pk)
        bound = {self.step: form} if form is not None else {}
        return render(request, NeedDetailView.template_name, need_context(request, need, bound), status=status)

    def take(self, request, need, data):
        user = request.user
        version = data.get("version")
        if self.step == "move":
            to = request.POST.get("to", "")
            if to not in Status.values or to in (Status.LOCALIZED, Status.WITHDRAWN):
                raise services.SourcingError("مرحلهٔ خواسته‌شده معتبر نیست.")
            services.move(need, user, to, expected_version=version, note=data["note"])
        elif self.step == "localize":
            with transaction.atomic():
                maker = data["maker"] or new_maker(request, data)
                services.move(
                    need,
                    user,
                    Status.LOCALIZED,
                    expected_version=version,
                    note=data["note"],
                    maker=maker,
                    localized_on=data["localized_on"],
                    domestic_price_rial=data["domestic_price_rial"],
                    fx_saved_per_year=data["fx_saved_per_year"],
                )
        elif self.step == "withdraw":
            services.move(
                need,
                user,
                Status.WITHDRAWN,
                expected_version=version,
                withdraw_reason=data["withdraw_reason"],
                withdraw_note=data["withdraw_note"],
                note=data["withdraw_note"],
            )
        elif self.step == "shortlist":
            if version != need.version:
                raise services.NeedConflict()
            services.shortlist(need, user, [i.pk for i in data["interests"]])
        elif self.step == "attach":
            for name, content in data["attachments"]:
                services.attach(need, user, name, content)


class AttachmentDownloadView(LoginRequiredMixin, View):
    """A need's files, only here: to those who see the need whole, and to makers for public needs (an anonymous
    need's drawings may carry the buyer's title block; the organisation passes them on)."""

    def get(self, request, pk, attachment_pk):
        attachment = get_object_or_404(NeedAttachment.objects.select_related("need"), pk=attachment_pk, need_id=pk)
        need = attachment.need
        allowed = scoping.can(request.user, scoping.VIEW, need) or (
            need.visibility == Need.Visibility.PUBLIC and services.marketplace(request.user).filter(pk=pk).exists()
        )
        if not allowed:
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
        )
        response["Cache-Control"] = "private, no-store"
        return response


class FromImportLineView(LoginRequiredMixin, View):
    """«Turn into a need»: a monthly report's imported input becomes a draft need in one step."""

    def get(self, request, line_pk):
        line = scoping.get_scoped_or_404(
            ImportLine.objects.select_related("report"), request.user, scoping.VIEW, pk=line_pk
        )
        return redirect("reporting:report-detail", line.report_id)

    def post(self, request, line_pk):
        line = scoping.get_scoped_or_404(
            ImportLine.objects.select_related("report__organisation"), request.user, scoping.VIEW, pk=line_pk
        )
        try:
            need = services.need_from_import_line(line, request.user)
        except services.SourcingError as exc:
            raise PermissionDenied(str(exc)) from exc
        messages.success(
            request, f"نیاز «{need.title}» از ردیف واردات ساخته شد؛ نوع قلم، مشخصات و پیوست‌ها را کامل و سپس منتشر کنید."
        )
        return redirect("sourcing:need-edit", need.pk)


# ---------------------------------------------------------------- makers: marketplace, interest, serve


def require_market(user) -> None:
    if not (services.maker_organisations(user).exists() or scoping.access_of(user).is_staff):
        raise PermissionDenied(
            "بازار نیازها برای سازندگان ثبت‌شده (اعضای واحدها، شرکت‌های دانش‌بنیان و گروه‌های مهندسی) است."
        )


class MarketListView(LoginRequiredMixin, View):
    template_name = "sourcing/market_list.html"
    sort_options = {"published": ("-published_at",), "title": ("title",), "kind": ("kind",)}

    def get(self, request):
        user = request.user
        require_market(user)
        queryset = services.marketplace(user)
        filterset = MarketFilter(request.GET or None, queryset=queryset, request=request)
        if filterset.is_bound and filterset.is_valid():
            queryset = filterset.qs
        queryset = search_queryset(queryset, request.GET.get("q", ""))
        sort = request.GET.get("sort", "")
        fields = self.sort_options.get(sort.lstrip("-"), self.sort_options["published"])
        queryset = queryset.order_by(*fields, "-pk")
        if request.GET.get("export") == "xlsx":
            return export_list("بازار نیازهای ساخت داخل", market_columns(user), queryset, "rownaq-marketplace.xlsx")
        page = Paginator(queryset, 50).get_page(request.GET.get("page"))
        rows = [(need, services.buyer_label(user, need), services.buyer_visible_to(user, need)) for need in page]
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("export", None)
        return render(
            request,
            self.template_name,
            {
                "rows": rows,
                "page_obj": page,
                "filter": filterset,
                "query": request.GET.get("q", ""),
                "export_url": "?" + urlencode({**params.dict(), "export": "xlsx"}),
                "querystring_without_page": params.urlencode(),
                "total_count": page.paginator.count,
                "interested": set(
                    services.maker_organisations(user)
                    .filter(interests__need__in=[n for n, *_ in rows])
                    .values_list("interests__need", flat=True)
                ),
            },
        )


def market_need(user, pk) -> Need:
    need = services.marketplace(user).filter(pk=pk).first()
    if need is None:
        raise Http404
    return need


class MarketDetailView(LoginRequiredMixin, View):
    template_name = "sourcing/market_detail.html"

    def context(self, request, need, form=None) -> dict:
        user = request.user
        makers = services.maker_organisations(user).exclude(pk=need.organisation_id)
        visible = services.buyer_visible_to(user, need)
        return {
            "need": need,
            "buyer": services.buyer_label(user, need),
            "buyer_visible": visible,
            "attachments": need.attachments.all() if (need.visibility == Need.Visibility.PUBLIC or visible) else [],
            "hidden_attachments": need.attachments.count()
            if not (need.visibility == Need.Visibility.PUBLIC or visible)
            else 0,
            "form": form or (InterestForm(need=need, user=user) if makers.exists() else None),
            "done": list(need.interests.filter(maker__in=makers).select_related("maker")),
            "full_page": scoping.can(user, scoping.VIEW, need),
            "processes": [label for value, label in Process.choices if value in need.processes],
            "open_for_interest": need.status in PUBLISHED_STATUSES,
        }

    def get(self, request, pk):
        require_market(request.user)
        need = market_need(request.user, pk)
        return render(request, self.template_name, self.context(request, need))


class InterestView(MarketDetailView):
    def get(self, request, pk):
        return redirect("sourcing:market-detail", pk)

    def post(self, request, pk):
        user = request.user
        require_market(user)
        need = market_need(user, pk)
        form = InterestForm(request.POST, need=need, user=user)
        if form.is_valid():
            try:
                services.express_interest(need, user, form.cleaned_data["maker"], form.cleaned_data["message"])
            except services.SourcingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "ابراز تمایل شما ثبت شد؛ خریدار و کارشناس سازمان آن را می‌بینند.")
                return redirect("sourcing:market-detail", pk)
        messages.error(request, FORM_ERROR)
        return render(request, self.template_name, self.context(request, need, form), status=400)


def serving_organisations(user):
    """Makers the user may look at as a maker: their own, and (staff) those in their places."""
    own = services.maker_organisations(user).values("pk")
    scoped = scoping.restrict(Organisation.objects.filter(kind__in=services.MAKER_KINDS), user).values("pk")
    return Organisation.objects.filter(Q(pk__in=own) | Q(pk__in=scoped)).order_by("name")


class ServeView(LoginRequiredMixin, View):
    """«Needs I could serve»: the matcher's reverse query for one maker."""

    template_name = "sourcing/serve.html"

    def get(self, request):
        user = request.user
        organisations = serving_organisations(user)
        own = services.maker_organisations(user)
        if not own.exists() and not scoping.access_of(user).is_staff:
            raise PermissionDenied
        chosen = request.GET.get("organisation")
        organisation = None
        if chosen and chosen.isdigit():
            organisation = organisations.filter(pk=int(chosen)).first()
            if organisation is None:
                raise Http404
        elif own.exists():
            organisation = own.order_by("name").first()
        results = []
        if organisation is not None:
            for match in matching.needs_for_maker(organisation, k=30):
                results.append((match, services.buyer_label(user, match.need)))
        return render(
            request,
            self.template_name,
            {
                "organisation": organisation,
                "results": results,
                "choices": organisations[:500] if organisations.count() > 1 else [],
                "good_score": matching.GOOD_MATCH_SCORE,
            },
        )


# ---------------------------------------------------------------- capabilities


class CapabilityListView(LoginRequiredMixin, View):
    template_name = "sourcing/capability_list.html"

    def get(self, request):
        user = request.user
        access = scoping.access_of(user)
        organisations = (
            scoping.restrict(Organisation.objects.filter(kind__in=services.MAKER_KINDS), user)
            .select_related("county", "estate")
            .order_by("name")
        )
        if not access.is_staff:
            own = list(organisations.filter(pk__in=access.organisation_ids)[:2])
            if len(own) == 1:
                return redirect("sourcing:capability-edit", own[0].pk)
            if not own:
                raise PermissionDenied
        query = request.GET.get("q", "")
        organisations = search_queryset(organisations, query)
        profiled = dict(
            Capability.objects.filter(organisation__in=organisations).values_list("organisation", "updated_at")
        )
        page = Paginator(organisations, 50).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        return render(
            request,
            self.template_name,
            {
                "page_obj": page,
                "profiled": profiled,
                "query": query,
                "editable": set(
                    scoping.restrict(
                        Organisation.objects.filter(pk__in=[o.pk for o in page]), user, scoping.CHANGE
                    ).values_list("pk", flat=True)
                ),
                "querystring_without_page": params.urlencode(),
            },
        )


class CapabilityEditView(LoginRequiredMixin, View):
    template_name = "sourcing/capability_form.html"

    def get_organisation(self, request, pk) -> Organisation:
        organisation = scoping.get_scoped_or_404(
            Organisation.objects.filter(kind__in=services.MAKER_KINDS).select_related("county", "estate"),
            request.user,
            scoping.VIEW,
            pk=pk,
        )
        if not services.may_edit_capability(request.user, organisation):
            raise PermissionDenied
        return organisation

    def context(self, organisation, form):
        return {
            "form": form,
            "organisation": organisation,
            "products": organisation.products.select_related("hs").order_by("name"),
        }

    def get(self, request, pk):
        organisation = self.get_organisation(request, pk)
        instance = Capability.objects.filter(organisation=organisation).first()
        return render(request, self.template_name, self.context(organisation, CapabilityForm(instance=instance)))

    def post(self, request, pk):
        organisation = self.get_organisation(request, pk)
        instance = Capability.objects.filter(organisation=organisation).first()
        form = CapabilityForm(request.POST, instance=instance)
        if form.is_valid():
            try:
                services.save_capability(organisation, request.user, form.values(), form.cleaned_data["hs_codes"])
            except services.SourcingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"توانمندی ساخت «{organisation.name}» ذخیره شد.")
                return redirect(reverse("sourcing:serve") + f"?organisation={organisation.pk}")
        messages.error(request, FORM_ERROR)
        return render(request, self.template_name, self.context(organisation, form), status=400)


# ---------------------------------------------------------------- staff: linkage table


def staff_provinces(user):
    """Provinces holding a place the user is assigned to (every province for admins)."""
    return (
        Province.objects.filter(
            scoping.places_q(user, scoping.VIEW, province="pk", county="counties", estate="counties__estates")
        )
        .distinct()
        .order_by("name")
    )


class LinkageView(LoginRequiredMixin, View):
    template_name = "sourcing/linkage.html"

    def get(self, request):
        user = request.user
        if not scoping.access_of(user).is_staff:
            raise PermissionDenied
        provinces = staff_provinces(user)
        code = request.GET.get("province", "")
        province = provinces.filter(code=code).first() if code else provinces.first()
        if province is None:
            raise Http404
        rows = matching.linkage_table(province, scoping.restrict(Organisation.objects.all(), user))
        if request.GET.get("show") == "local":
            rows = [r for r in rows if r.produced_locally]
        if request.GET.get("export") == "xlsx":
            return export_list(
                f"پیوند صنایع {province.name}", linkage_columns(), rows, f"rownaq-linkage-{province.code.lower()}.xlsx"
            )
        params = request.GET.copy()
        params.pop("export", None)
        return render(
            request,
            self.template_name,
            {
                "province": province,
                "provinces": provinces,
                "rows": rows,
                "local_count": sum(1 for r in rows if r.produced_locally),
                "show": request.GET.get("show", ""),
                "export_url": "?" + urlencode({**params.dict(), "export": "xlsx"}),
            },
        )


# ---------------------------------------------------------------- savings dashboard


def savings_figures(needs) -> dict:
    """services.ledger reshaped for the page: totals per currency and each breakdown with readable names."""
    ledger = services.ledger(needs)
    totals = defaultdict(
        lambda: {
            "listed": Decimal(0),
            "listed_count": 0,
            "localized": Decimal(0),
            "localized_count": 0,
            "saved": Decimal(0),
        }
    )
    for row in ledger["listed"]:
        totals[row["currency"]].update(listed=row["value"] or Decimal(0), listed_count=row["count"])
    for row in ledger["localized"]:
        totals[row["currency"]].update(localized=row["value"] or Decimal(0), localized_count=row["count"])
    for row in ledger["saved"]:
        totals[row["currency"]]["saved"] = row["value"] or Decimal(0)
    divisions = IsicCode.division_titles()
    kinds = dict(ItemKind.choices)

    def named(rows, name_of):
        return [
            {
                **row,
                "name": name_of(row["key"]),
                "listed": row["listed"] or Decimal(0),
                "saved": row["saved"] or Decimal(0),
            }
            for row in rows
        ]

    tables = {
        "by_estate": named(ledger["by_estate"], lambda key: key or "بیرون از شهرک‌ها"),
        "by_sector": named(
            ledger["by_sector"],
            lambda key: to_persian_digits(f"{key} — {divisions.get(key) or ''}".strip(" —")) if key else "نامشخص",
        ),
        "by_kind": named(ledger["by_kind"], lambda key: kinds.get(key, key)),
    }
    today = timezone.localdate()
    in_rials = {
        name: fx.total_in_rials([(v[name], c) for c, v in totals.items() if v[name]], today)
        for name in ("listed", "saved")
    }
    return {
        "totals": [{"currency": c, **v} for c, v in sorted(totals.items())],
        "tables": tables,
        "counts": ledger["counts"],
        "in_rials": in_rials,
    }


class SavingsView(LoginRequiredMixin, View):
    template_name = "sourcing/savings.html"

    def get(self, request):
        user = request.user
        access = scoping.access_of(user)
        if not (access.is_staff or access.is_unit_member):
            raise PermissionDenied
        needs = scoping.restrict(Need.objects.all(), user)
        figures = savings_figures(needs)
        unmet = services.unmet_needs(needs, limit=20)
        table = request.GET.get("export")
        if table:
            return self.export(table, figures, unmet)
        currencies = [t["currency"] for t in figures["totals"]]
        currency = request.GET.get("currency")
        if currency not in currencies:
            currency = max(figures["totals"], key=lambda t: t["listed"])["currency"] if currencies else "USD"
        chart = {"currency": currency}
        for key in LEDGER_TABLES:
            rows = [r for r in figures["tables"][key] if r["currency"] == currency]
            chart[key] = {
                "labels": [r["name"] for r in rows],
                "listed": [float(r["listed"]) for r in rows],
                "saved": [float(r["saved"]) for r in rows],
            }
        return render(
            request,
            self.template_name,
            {
                "figures": figures,
                "unmet": unmet,
                "chart": chart,
                "currency": currency,
                "currencies": currencies,
                "tables": [(key, title, figures["tables"][key]) for key, (title, _) in LEDGER_TABLES.items()],
                "status_counts": [(Status(s).label, n) for s, n in figures["counts"].items()],
            },
        )

    def export(self, table, figures, unmet):
        if table == "totals":
            return export_list("جمع ارزی", TOTAL_COLUMNS, figures["totals"], "rownaq-savings-totals.xlsx")
        if table == "unmet":
            return export_list("نیازهای بی‌سازنده", UNMET_COLUMNS, unmet, "rownaq-savings-unmet.xlsx")
        if table == "all":
            wb = Workbook()
            write_sheet(wb, "جمع ارزی", TOTAL_COLUMNS, figures["totals"], first=True)
            for key, (title, header) in LEDGER_TABLES.items():
                write_sheet(wb, title, ledger_columns(header), figures["tables"][key])
            write_sheet(wb, "نیازهای بی‌سازنده", UNMET_COLUMNS, unmet)
            return xlsx_response(workbook_bytes(wb), "rownaq-savings.xlsx")
        if table in LEDGER_TABLES:
            title, header = LEDGER_TABLES[table]
            return export_list(
                title,
                ledger_columns(header),
                figures["tables"][table],
                f"rownaq-savings-{table.replace('_', '-')}.xlsx",
            )
        raise Http404
