"""Pages of the cases app: the case list, opening a case, its page with the timeline and each role's steps,
attachments served through a scoped view, routing rules, meetings with their resolutions, and statistics.

Every step goes through cases.services; this module only turns requests into calls and answers into pages:
not allowed -> 403, a stale form (the case changed meanwhile) -> 409 with the conflict message, a step that is not
possible now -> 400 with the reason; nothing is saved in any of these.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from rownaq.core import scoping
from rownaq.core.excel import export_list
from rownaq.core.persian import normalize, search_key
from rownaq.core.uploads import UploadRejected
from rownaq.core.views import ScopedDetailView, ScopedFormView, ScopedHistoryView, ScopedListView
from rownaq.registry.services import changeable_units

from . import services
from .filters import CaseFilter, MeetingFilter, RoutingRuleFilter
from .forms import (
    CaseOpenForm,
    CloseReferralForm,
    ConfirmForm,
    FollowUpForm,
    MeetingForm,
    ReferForm,
    RejectForm,
    ResolutionForm,
    ResolutionStatusForm,
    RoutingRuleForm,
    TriageForm,
)
from .models import Case, CaseAttachment, Meeting, Resolution, RoutingRule
from .services import visible_meetings, visible_resolutions
from .tables import CASE_COLUMNS, MEETING_COLUMNS, RULE_COLUMNS, STATISTICS_TABLES, summary_rows


class TextSearchListView(ScopedListView):
    """A scoped list whose free-text search runs over named fields (these models keep no search_text column):
    the query as typed, and normalised (Arabic letters, digits, ZWNJ), must appear in one of them."""

    search_fields: tuple[str, ...] = ()
    normalised_search_fields: tuple[str, ...] = ()
    default_ordering: tuple[str, ...] = ("-pk",)

    def scoped_queryset(self):
        return scoping.restrict(self.base_queryset(), self.request.user, scoping.VIEW)

    def get_queryset(self):
        queryset = self.scoped_queryset()
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)
            if self.filterset.is_bound and self.filterset.is_valid():
                queryset = self.filterset.qs
        queryset = self.search(queryset, self.request.GET.get("q", "").strip())
        return queryset.order_by(*self.sort_fields())

    def search(self, queryset, text: str):
        if not text:
            return queryset
        q = Q()
        for variant in {text, normalize(text)}:
            for field in self.search_fields:
                q |= Q(**{f"{field}__icontains": variant})
        key = search_key(text)
        if key:
            for field in self.normalised_search_fields:
                q |= Q(**{f"{field}__contains": key})
        return queryset.filter(q)

    def sort_fields(self) -> tuple[str, ...]:
        key = self.request.GET.get("sort", "")
        fields = self.sort_options.get(key.lstrip("-"))
        if not fields:
            return self.default_ordering
        descending = key.startswith("-")
        return tuple(("-" + f if descending else f) for f in fields) + ("pk",)


def require_staff(user) -> None:
    if not scoping.access_of(user).is_staff:
        raise PermissionDenied


# ---------------------------------------------------------------- cases


def case_queryset():
    return Case.objects.select_related(
        "organisation__county__province", "organisation__estate", "suggested_body", "created_by"
    )


class CaseListView(TextSearchListView):
    model = Case
    filterset_class = CaseFilter
    template_name = "cases/case_list.html"
    sort_options = {
        "created": ("created_at",),
        "due": ("due_date",),
        "status": ("status",),
        "unit": ("organisation__name",),
        "category": ("category",),
        "code": ("tracking_code",),
    }
    default_ordering = ("-created_at", "-pk")
    search_fields = ("title", "tracking_code")
    normalised_search_fields = ("organisation__search_text",)
    export_columns = CASE_COLUMNS
    export_title = "پرونده‌ها"
    export_filename = "rownaq-cases.xlsx"

    def base_queryset(self):
        return case_queryset().prefetch_related("referrals__body")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_open"] = changeable_units(self.request.user).exists()
        context["today"] = timezone.localdate()
        return context


class CaseCreateView(LoginRequiredMixin, View):
    template_name = "cases/case_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not changeable_units(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def source_report(self, report_id):
        """The monthly report a case is made from, inside the user's scope (else 404)."""
        if not report_id:
            return None
        from rownaq.reporting.models import MonthlyReport

        return scoping.get_scoped_or_404(
            MonthlyReport.objects.select_related("organisation"), self.request.user, scoping.CHANGE, pk=report_id
        )

    def source_lead(self, lead_id):
        """The export lead a case is made from, one the user may change (else 404)."""
        if not lead_id:
            return None
        from rownaq.events.models import Lead

        return scoping.get_scoped_or_404(
            Lead.objects.select_related("seller", "buyer", "meeting"), self.request.user, scoping.CHANGE, pk=lead_id
        )

    def get(self, request):
        report_id, lead_id = request.GET.get("report", ""), request.GET.get("lead", "")
        report = self.source_report(int(report_id)) if report_id.isdecimal() else None
        lead = self.source_lead(int(lead_id)) if lead_id.isdecimal() else None
        initial = (
            services.case_draft_from_report(report) if report else services.case_draft_from_lead(lead) if lead else {}
        )
        return render(
            request,
            self.template_name,
            {"form": CaseOpenForm(user=request.user, initial=initial), "source_report": report, "source_lead": lead},
        )

    def post(self, request):
        form = CaseOpenForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.open_case(
                    data["organisation"],
                    request.user,
                    category=data["category"],
                    title=data["title"],
                    description=data["description"],
                    amount=data["amount"],
                    currency=data["currency"],
                    files=data["attachments"],
                    source_report=self.source_report(data.get("source_report")),
                    source_lead=self.source_lead(data.get("source_lead")),
                )
            except UploadRejected as exc:
                form.add_error("attachments", str(exc))
            except services.CaseNotAllowed as exc:
                form.add_error("organisation", str(exc))
            except services.CaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"پرونده ثبت شد. کد رهگیری: {case.tracking_code}")
                return redirect(case.get_absolute_url())
        messages.error(request, "فرم خطا دارد؛ موارد مشخص‌شده را اصلاح کنید. چیزی ذخیره نشد.")
        return render(request, self.template_name, {"form": form}, status=400)


def case_forms(case: Case, user) -> dict:
    """Fresh forms for each step, carrying the case's current version."""
    version = {"version": case.version}
    suggested = [case.suggested_body_id] if case.suggested_body_id else []
    return {
        "triage": TriageForm(prefix="triage", initial={**version, "category": case.category}),
        "refer": ReferForm(prefix="refer", initial={**version, "bodies": suggested}),
        "reject": RejectForm(prefix="reject", initial=version),
        "follow_up": FollowUpForm(prefix="follow_up"),
        "confirm": ConfirmForm(prefix="confirm", initial=version),
    }


def case_context(request, case: Case, bound: dict | None = None) -> dict:
    user = request.user
    today = timezone.localdate()
    forms = case_forms(case, user)
    close_forms = {
        r.pk: CloseReferralForm(prefix=f"close-{r.pk}", initial={"version": case.version})
        for r in services.closable_referrals(user, case)
    }
    for key, form in (bound or {}).items():
        if isinstance(key, tuple):
            close_forms[key[1]] = form
        else:
            forms[key] = form
    referrals = list(case.referrals.select_related("body"))
    for referral in referrals:
        referral.overdue = referral.is_open and referral.due_date < today
        referral.close_form = close_forms.get(referral.pk)
    rule = services.find_rule(case.category, case.organisation)
    return {
        "object": case,
        "case": case,
        "today": today,
        "steps": services.allowed_steps(user, case),
        "referrals": referrals,
        "follow_ups": case.follow_ups.select_related("actor", "on_behalf_of"),
        "attachments": case.attachments.all(),
        "forms": forms,
        "rule": rule,
        "overdue": case.is_open and case.due_date is not None and case.due_date < today,
        "resolutions": visible_resolutions(user).filter(case=case).select_related("meeting", "body"),
        "meetings": scoping.restrict(case.meetings.all(), user),
        "is_staff": services.is_case_staff(user, case),
    }


class CaseDetailView(ScopedDetailView):
    model = Case
    template_name = "cases/case_detail.html"

    def base_queryset(self):
        return case_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(case_context(self.request, self.object))
        return context


class CaseHistoryView(ScopedHistoryView):
    model = Case


def render_case(request, case: Case, bound: dict, status: int):
    case = case_queryset().get(pk=case.pk)
    return render(request, "cases/case_detail.html", case_context(request, case, bound), status=status)


class CaseStepView(LoginRequiredMixin, View):
    """POST one step on a case (triage, refer, reject, follow_up, close_referral, confirm)."""

    step = ""
    forms = {
        "triage": TriageForm,
        "refer": ReferForm,
        "reject": RejectForm,
        "follow_up": FollowUpForm,
        "close_referral": CloseReferralForm,
        "confirm": ConfirmForm,
    }
    done = {
        "triage": "بررسی اولیه ثبت شد.",
        "refer": "پرونده ارجاع شد.",
        "reject": "پرونده رد شد.",
        "follow_up": "پیگیری ثبت شد.",
        "close_referral": "نتیجهٔ ارجاع ثبت شد.",
        "confirm": "پاسخ واحد ثبت شد.",
    }

    def get(self, request, pk, referral_pk=None):
        return redirect("cases:case-detail", pk)

    def may_take(self, user, case, referral) -> bool:
        """Who may take the step at all (the services check it again, with the case's state)."""
        staff = services.is_case_staff(user, case)
        if self.step in ("triage", "refer", "reject"):
            return staff
        if self.step == "confirm":
            return services.is_unit_member(user, case)
        if self.step == "close_referral":
            return staff or services.is_body_member(user, referral)
        return staff or services.is_unit_member(user, case) or services.body_of(user, case) is not None

    def post(self, request, pk, referral_pk=None):
        user = request.user
        case = scoping.get_scoped_or_404(case_queryset(), user, scoping.VIEW, pk=pk)
        referral = get_object_or_404(case.referrals.select_related("body"), pk=referral_pk) if referral_pk else None
        if not self.may_take(user, case, referral):
            raise PermissionDenied
        prefix = f"close-{referral.pk}" if referral else self.step
        key = ("close", referral.pk) if referral else self.step
        form = self.forms[self.step](request.POST, request.FILES, prefix=prefix)
        if not form.is_valid():
            messages.error(request, "فرم خطا دارد؛ موارد مشخص‌شده را اصلاح کنید. چیزی ذخیره نشد.")
            return render_case(request, case, {key: form}, 400)
        try:
            self.take(user, case, referral, form.cleaned_data)
        except services.CaseNotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        except services.CaseConflict as exc:
            messages.error(request, str(exc))
            # The form keeps what the user wrote and now carries the current version: having seen the page as it
            # is now, they may send it again.
            data = request.POST.copy()
            data[f"{prefix}-version"] = str(Case.objects.values_list("version", flat=True).get(pk=case.pk))
            return render_case(request, case, {key: self.forms[self.step](data, prefix=prefix)}, 409)
        except UploadRejected as exc:
            form.add_error("attachments", str(exc))
            return render_case(request, case, {key: form}, 400)
        except services.CaseError as exc:
            messages.error(request, str(exc))
            return render_case(request, case, {key: form}, 400)
        messages.success(request, self.done[self.step])
        return redirect(reverse("cases:case-detail", args=[case.pk]) + "#timeline")

    def take(self, user, case, referral, data):
        version = data.get("version")
        if self.step == "triage":
            services.triage(case, user, expected_version=version, category=data["category"], note=data["note"])
        elif self.step == "refer":
            services.refer(case, user, list(data["bodies"]), expected_version=version, note=data["note"])
        elif self.step == "reject":
            services.reject(case, user, reason=data["reason"], expected_version=version)
        elif self.step == "follow_up":
            with transaction.atomic():
                services.add_follow_up(case, user, data["text"])
                for name, content in data["attachments"]:
                    services.attach(case, user, name, content)
        elif self.step == "close_referral":
            services.close_referral(
                referral, user, outcome=data["outcome"], resolved=data["result"] == "resolved", expected_version=version
            )
        elif self.step == "confirm":
            services.confirm(
                case,
                user,
                satisfaction=data.get("satisfaction"),
                comment=data["comment"],
                solved=data["solved"] == "yes",
                expected_version=version,
            )


class AttachmentDownloadView(LoginRequiredMixin, View):
    """Attachments are served only here, to those who may see the case; never by a storage URL."""

    def get(self, request, pk, attachment_pk):
        attachment = scoping.get_scoped_or_404(
            CaseAttachment.objects.all(), request.user, scoping.VIEW, pk=attachment_pk, case_id=pk
        )
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
        )
        response["Cache-Control"] = "private, no-store"
        return response


# ---------------------------------------------------------------- routing rules


class RuleListView(TextSearchListView):
    model = RoutingRule
    filterset_class = RoutingRuleFilter
    template_name = "cases/rule_list.html"
    sort_options = {
        "category": ("category", "province__name", "county__name", "estate__name"),
        "body": ("body__name", "category"),
        "days": ("working_days", "category"),
    }
    default_ordering = ("category", "province__name", "county__name", "estate__name", "pk")
    search_fields = ("body__name", "note", "county__name", "estate__name")
    export_columns = RULE_COLUMNS
    export_title = "قواعد ارجاع"
    export_filename = "rownaq-routing-rules.xlsx"

    def base_queryset(self):
        return RoutingRule.objects.select_related("province", "county", "estate", "body")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        editable = set(scoping.restrict(RoutingRule.objects.all(), user, scoping.CHANGE).values_list("pk", flat=True))
        context["editable"] = editable
        return context


class RuleFormView(ScopedFormView):
    model = RoutingRule
    form_class = RoutingRuleForm
    template_name = "cases/rule_form.html"

    def get_success_url(self):
        return reverse("cases:rule-list")


class RuleHistoryView(ScopedHistoryView):
    model = RoutingRule


# ---------------------------------------------------------------- meetings


class MeetingListView(TextSearchListView):
    model = Meeting
    filterset_class = MeetingFilter
    template_name = "cases/meeting_list.html"
    sort_options = {"date": ("date",), "title": ("title",)}
    default_ordering = ("-date", "-pk")
    search_fields = ("title",)
    export_columns = MEETING_COLUMNS
    export_title = "جلسات"
    export_filename = "rownaq-meetings.xlsx"

    def base_queryset(self):
        return Meeting.objects.select_related("province", "county")

    def scoped_queryset(self):
        return visible_meetings(self.request.user).select_related("province", "county")


class MeetingFormView(ScopedFormView):
    model = Meeting
    form_class = MeetingForm
    template_name = "cases/meeting_form.html"

    def get_success_url(self):
        return self.object.get_absolute_url()

    def form_valid(self, form):
        meeting = form.save(commit=False)
        try:
            self.object = services.save_meeting(
                meeting,
                self.request.user,
                agenda=list(form.cleaned_data["agenda"]),
                attendees=list(form.cleaned_data["attendees"]),
            )
        except services.CaseError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, f"جلسهٔ «{self.object}» ذخیره شد.")
        return redirect(self.get_success_url())


class MeetingDetailView(LoginRequiredMixin, View):
    template_name = "cases/meeting_detail.html"

    def get_meeting(self, request, pk) -> Meeting:
        return get_object_or_404(visible_meetings(request.user).select_related("province", "county"), pk=pk)

    def context(self, request, meeting, resolution_form=None, status_forms=None) -> dict:
        user = request.user
        whole = scoping.can(user, scoping.VIEW, meeting)
        manage = services.can_manage_meeting(user, meeting)
        resolutions = list(visible_resolutions(user).filter(meeting=meeting).select_related("body", "case"))
        today = timezone.localdate()
        for resolution in resolutions:
            resolution.overdue = resolution.status == Resolution.Status.PENDING and resolution.deadline < today
            resolution.may_set = services.can_set_resolution_status(user, resolution)
            resolution.status_form = (status_forms or {}).get(resolution.pk) or ResolutionStatusForm(
                prefix=f"resolution-{resolution.pk}", initial={"status": resolution.status}
            )
        return {
            "object": meeting,
            "meeting": meeting,
            "whole": whole,
            "can_manage": manage,
            "agenda": scoping.restrict(meeting.agenda.select_related("organisation"), user),
            "attendees": meeting.attendees.all(),
            "resolutions": resolutions,
            "resolution_form": resolution_form or ResolutionForm(prefix="resolution", meeting=meeting),
        }

    def get(self, request, pk):
        meeting = self.get_meeting(request, pk)
        return render(request, self.template_name, self.context(request, meeting))


class ResolutionCreateView(MeetingDetailView):
    def get(self, request, pk):
        return redirect("cases:meeting-detail", pk)

    def post(self, request, pk):
        meeting = self.get_meeting(request, pk)
        if not services.can_manage_meeting(request.user, meeting):
            raise PermissionDenied
        form = ResolutionForm(request.POST, prefix="resolution", meeting=meeting)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_resolution(
                    meeting,
                    request.user,
                    text=data["text"],
                    body=data["body"],
                    deadline=data["deadline"],
                    case=data.get("case"),
                )
            except services.CaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "مصوبه ثبت شد.")
                return redirect("cases:meeting-detail", meeting.pk)
        messages.error(request, "فرم خطا دارد؛ موارد مشخص‌شده را اصلاح کنید. چیزی ذخیره نشد.")
        return render(request, self.template_name, self.context(request, meeting, resolution_form=form), status=400)


class ResolutionStatusView(MeetingDetailView):
    def get(self, request, pk):
        resolution = get_object_or_404(visible_resolutions(request.user), pk=pk)
        return redirect("cases:meeting-detail", resolution.meeting_id)

    def post(self, request, pk):
        resolution = get_object_or_404(visible_resolutions(request.user).select_related("meeting", "body"), pk=pk)
        if not services.can_set_resolution_status(request.user, resolution):
            raise PermissionDenied
        form = ResolutionStatusForm(request.POST, prefix=f"resolution-{resolution.pk}")
        if form.is_valid():
            try:
                services.set_resolution_status(
                    resolution, request.user, form.cleaned_data["status"], form.cleaned_data["note"]
                )
            except services.CaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "وضعیت مصوبه ثبت شد.")
                return redirect(reverse("cases:meeting-detail", args=[resolution.meeting_id]) + "#resolutions")
        meeting = self.get_meeting(request, resolution.meeting_id)
        return render(
            request, self.template_name, self.context(request, meeting, status_forms={resolution.pk: form}), status=400
        )


# ---------------------------------------------------------------- statistics


class StatisticsView(LoginRequiredMixin, View):
    template_name = "cases/statistics.html"

    def get(self, request):
        require_staff(request.user)
        figures = services.statistics_for(
            scoping.restrict(Case.objects.all(), request.user), scoping.restrict(Resolution.objects.all(), request.user)
        )
        table = request.GET.get("export")
        if table in STATISTICS_TABLES:
            title, columns = STATISTICS_TABLES[table]
            rows = summary_rows(figures) if table == "summary" else figures[table]
            return export_list(title, columns, rows, f"rownaq-cases-{table.replace('_', '-')}.xlsx")
        chart = {
            "by_body": {
                "labels": [r["name"] for r in figures["by_body"]],
                "open": [r["open"] for r in figures["by_body"]],
                "overdue": [r["overdue"] for r in figures["by_body"]],
            },
            "by_category": {
                "labels": [r["name"] for r in figures["by_category"]],
                "open": [r["open"] for r in figures["by_category"]],
                "total": [r["total"] for r in figures["by_category"]],
            },
            "by_estate": {
                "labels": [r["name"] for r in figures["by_estate"]],
                "open": [r["open"] for r in figures["by_estate"]],
            },
        }
        recent = (
            scoping.restrict(case_queryset(), request.user)
            .filter(resolved_at__isnull=False)
            .order_by("-resolved_at")[:10]
        )
        return render(
            request,
            self.template_name,
            {"figures": figures, "chart": chart, "recent": recent, "summary": summary_rows(figures)},
        )
