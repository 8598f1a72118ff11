from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views import View

from rownaq.core import scoping
from rownaq.core.jalali import JalaliMonth
from rownaq.core.views import ExcelImportView, ScopedDetailView, ScopedHistoryView, ScopedListView
from rownaq.registry.models import Organisation

from . import completeness, importer, services
from .filters import ReportFilter
from .forms import ExportFormSet, ImportFormSet, ProductionFormSet, ReportForm, ReviewForm
from .models import ExportLine, ImportLine, MonthlyReport
from .tables import REPORT_COLUMNS


def _period_from(request, default: JalaliMonth) -> JalaliMonth:
    text = request.GET.get("period") or request.POST.get("period")
    if not text:
        return default
    try:
        return JalaliMonth.parse(text)
    except ValueError as exc:
        messages.error(request, str(exc))
        return default


EXPLANATION_PREFIX = "explain:"


def explanations_from(data) -> dict[str, str]:
    """The unit's answers to plausibility questions, posted as explain:<warning key>."""
    return {
        name[len(EXPLANATION_PREFIX) :]: value for name, value in data.items() if name.startswith(EXPLANATION_PREFIX)
    }


class ReportListView(ScopedListView):
    model = MonthlyReport
    filterset_class = ReportFilter
    template_name = "reporting/report_list.html"
    sort_options = {
        "period": ("-period_index", "organisation__name"),
        "unit": ("organisation__name", "-period_index"),
        "status": ("status", "-period_index"),
        "submitted": ("submitted_at",),
    }
    export_columns = REPORT_COLUMNS
    export_title = "گزارش‌های ماهانه"
    export_filename = "rownaq-monthly-reports.xlsx"
    search_field = "organisation__search_text"

    def base_queryset(self):
        return MonthlyReport.objects.select_related("organisation__estate", "organisation__county")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["units"] = scoping.restrict(
            Organisation.objects.filter(kind=Organisation.Kind.UNIT), user, scoping.CHANGE
        ).order_by("name")[:500]
        context["default_period"] = services.latest_reportable_month()
        return context


class ReportHistoryView(ScopedHistoryView):
    model = MonthlyReport


class ReportStartView(LoginRequiredMixin, View):
    """Open (or create) a unit's report for a month and go to its form."""

    def post(self, request):
        units = scoping.restrict(Organisation.objects.filter(kind=Organisation.Kind.UNIT), request.user, scoping.CHANGE)
        organisation = get_object_or_404(units, pk=request.POST.get("organisation"))
        period = _period_from(request, services.latest_reportable_month())
        try:
            report = services.start_report(organisation, period, request.user)
        except services.FlowError as exc:
            messages.error(request, str(exc))
            return redirect("reporting:report-list")
        return redirect("reporting:report-edit", report.pk)


class ReportDetailView(ScopedDetailView):
    model = MonthlyReport
    template_name = "reporting/report_detail.html"

    def base_queryset(self):
        return MonthlyReport.objects.select_related(
            "organisation__estate", "organisation__county__province", "submitted_by", "reviewed_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        reviewer = scoping.may_oversee(self.request.user, report)
        context.update(
            production=report.production_lines.select_related("product"),
            exports=report.export_lines.select_related("hs"),
            imports=report.import_lines.select_related("hs"),
            events=report.events.select_related("actor"),
            cases=scoping.restrict(report.cases.all(), self.request.user),
            can_edit=context["can_change"]
            and report.status in (MonthlyReport.Status.DRAFT, MonthlyReport.Status.RETURNED),
            can_review=reviewer and report.status == MonthlyReport.Status.SUBMITTED,
            can_reopen=reviewer and report.status == MonthlyReport.Status.ACCEPTED,
            review_form=ReviewForm(),
            deadline=services.deadline(report.period),
        )
        return context


class ReportEditView(LoginRequiredMixin, View):
    template_name = "reporting/report_form.html"

    def get_report(self):
        report = scoping.get_scoped_or_404(
            MonthlyReport.objects.select_related("organisation"),
            self.request.user,
            scoping.CHANGE,
            pk=self.kwargs["pk"],
        )
        return report

    def products(self, report):
        return list(report.organisation.products.order_by("name"))

    def formsets(self, report, data=None):
        quantities = {line.product_id: line.quantity for line in report.production_lines.all()}
        production = ProductionFormSet(
            data,
            prefix="production",
            initial=[{"product_id": p.pk, "quantity": quantities.get(p.pk)} for p in self.products(report)],
        )
        exports = ExportFormSet(
            data, prefix="exports", queryset=ExportLine.objects.filter(report=report).select_related("hs")
        )
        imports = ImportFormSet(
            data, prefix="imports", queryset=ImportLine.objects.filter(report=report).select_related("hs")
        )
        return production, exports, imports

    def render(self, report, form, production, exports, imports, errors=(), status=200, explanations=None):
        products = {p.pk: p for p in self.products(report)}
        previous = services.previous_reports(report.organisation, report.period)  # read once, for both
        history = services.history_table(report.organisation, report.period, previous)
        questions = services.plausibility_questions(report, explanations or {}, previous)
        errors_by_section = services.errors_by_section(errors)
        for name, messages_ in errors_by_section.items():
            if name in form.fields and form.is_bound:
                for message in messages_:
                    form.add_error(name, message)
        header_rows = [
            (field, services.labelled_history(history, field.name), questions.get(field.name, []))
            for field in form.visible_fields()
        ]
        production_rows = []
        for f in production:
            product = products.get(int(f["product_id"].value() or 0))
            past = history["production"].get(product.pk if product else 0, [None] * len(history["months"]))
            production_rows.append(
                (
                    f,
                    product,
                    services.labelled_values(history["months"], past),
                    questions.get(f"production:{product.name}", []) if product else [],
                )
            )
        return render(
            self.request,
            self.template_name,
            {
                "report": report,
                "form": form,
                "production": production,
                "production_rows": production_rows,
                "header_rows": header_rows,
                "exports": exports,
                "imports": imports,
                "history": history,
                "flow_errors": [
                    e
                    for e in errors
                    if services.ERROR_SECTIONS.get(e.field, e.field) not in form.fields
                    and e.field not in ("production", "exports", "imports")
                ],
                "errors_by_section": errors_by_section,
                "questions": questions,
                "deadline": services.deadline(report.period),
            },
            status=status,
        )

    def bound_header(self, report, errors):
        """The header form as saved, bound so that submission errors stand next to their fields."""
        unbound = ReportForm(instance=report)
        form = ReportForm({name: unbound[name].value() for name in unbound.fields}, instance=report)
        form.is_valid()
        return form

    def get(self, request, pk):
        report = self.get_report()
        if report.is_locked:
            return redirect("reporting:report-detail", report.pk)
        return self.render(report, ReportForm(instance=report), *self.formsets(report))

    def post(self, request, pk):
        report = self.get_report()
        action = request.POST.get("action", "save")
        try:
            services.assert_editable(report)
        except services.FlowError as exc:
            messages.error(request, str(exc))
            return redirect("reporting:report-detail", report.pk)
        if action == "copy":
            if services.copy_previous_month(report):
                messages.success(request, "ارقام آخرین گزارش پیشین به‌عنوان شروع کپی شد؛ آن‌ها را بازبینی کنید.")
            else:
                messages.warning(request, "گزارش پیشینی برای کپی کردن نیست.")
            return redirect("reporting:report-edit", report.pk)
        form = ReportForm(request.POST, instance=report)
        production, exports, imports = self.formsets(report, request.POST)
        if not (form.is_valid() and production.is_valid() and exports.is_valid() and imports.is_valid()):
            messages.error(request, "فرم خطا دارد؛ موارد مشخص‌شده را اصلاح کنید. چیزی ذخیره نشد.")
            return self.render(report, form, production, exports, imports, status=400)
        try:
            with transaction.atomic():
                services.claim_version(report, form.cleaned_data["version"])
                form.instance.version = report.version
                report = form.save()
                products = {p.pk: p for p in self.products(report)}
                services.set_production(
                    report,
                    {
                        products[f.cleaned_data["product_id"]]: f.cleaned_data.get("quantity")
                        for f in production
                        if f.cleaned_data.get("product_id") in products
                    },
                )
                for formset in (exports, imports):
                    for line in formset.save(commit=False):
                        line.report = report
                        line.save()
                    for line in formset.deleted_objects:
                        line.delete()
        except services.VersionConflict as exc:
            messages.error(request, str(exc))
            return self.render(report, form, production, exports, imports, status=409)
        if action == "submit":
            explanations = explanations_from(request.POST)
            try:
                services.submit(report, request.user, explanations)
            except services.ReportInvalid as exc:
                messages.error(request, "گزارش ذخیره شد ولی به دلیل خطا ارسال نشد؛ خطاها کنار هر بخش آمده است.")
                report.refresh_from_db()
                return self.render(
                    report, self.bound_header(report, exc.errors), *self.formsets(report), errors=exc.errors, status=400
                )
            except services.NeedsExplanation as exc:
                messages.warning(request, "گزارش ذخیره شد ولی هنوز ارسال نشد: " + str(exc))
                report.refresh_from_db()
                return self.render(
                    report, ReportForm(instance=report), *self.formsets(report), status=400, explanations=explanations
                )
            messages.success(request, "گزارش برای بررسی ارسال شد.")
            return redirect("reporting:report-detail", report.pk)
        messages.success(request, "پیش‌نویس ذخیره شد.")
        return redirect("reporting:report-edit", report.pk)


class ReportActionView(LoginRequiredMixin, View):
    """Submit, return, accept or reopen a report."""

    def post(self, request, pk, action):
        report = scoping.get_scoped_or_404(MonthlyReport.objects.all(), request.user, scoping.VIEW, pk=pk)
        comment = request.POST.get("comment", "")
        try:
            if action == "submit":
                if not scoping.can(request.user, scoping.CHANGE, report):
                    raise PermissionDenied
                try:
                    services.submit(report, request.user)
                except services.NeedsExplanation as exc:
                    messages.warning(request, str(exc))
                    return redirect("reporting:report-edit", report.pk)
                messages.success(request, "گزارش برای بررسی ارسال شد.")
            elif action == "return":
                services.return_for_correction(report, request.user, comment)
                messages.success(request, "گزارش برای اصلاح به واحد بازگردانده شد.")
            elif action == "accept":
                services.accept(report, request.user, acknowledge_warnings=request.POST.get("acknowledge") == "on")
                messages.success(request, "گزارش پذیرفته شد و در آمار آمد.")
            elif action == "reopen":
                services.reopen(report, request.user, comment)
                messages.success(request, "گزارش بازگشایی شد.")
            else:
                raise PermissionDenied
        except services.ReportInvalid as exc:
            for error in exc.errors:
                messages.error(request, error.message)
        except services.FlowError as exc:
            messages.error(request, str(exc))
        return redirect("reporting:report-detail", report.pk)


class CompletenessView(LoginRequiredMixin, View):
    template_name = "reporting/completeness.html"

    def get(self, request):
        access = scoping.access_of(request.user)
        if not access.is_staff:
            raise PermissionDenied
        period = _period_from(request, services.latest_reportable_month())
        group = request.GET.get("by", "county")
        if group not in ("county__province", "county", "estate"):
            group = "county"
        units = completeness.expected_units(request.user)
        due_day = services.due_day()
        rows = completeness.completeness(units, period, due_day, group)
        totals = completeness.CompletenessRow(
            None, "جمع", sum(r.expected for r in rows), sum(r.received for r in rows), sum(r.on_time for r in rows)
        )
        return render(
            request,
            self.template_name,
            {
                "period": period,
                "group": group,
                "rows": rows,
                "totals": totals,
                "due": period.due_date(due_day),
                "overdue": completeness.overdue_units(units, period, due_day, timezone.localdate())[:300],
                "silent": completeness.silent_units(units, period)[:300],
            },
        )


def report_url(report) -> str:
    return reverse("reporting:report-detail", args=[report.pk])


class ReportImportView(ExcelImportView):
    model = MonthlyReport
    template_name = "reporting/report_import.html"
    success_url = reverse_lazy("reporting:report-list")
    template_filename = "rownaq-monthly-reports-template.xlsx"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.access_of(request.user).is_staff:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    importer = "rownaq.reporting.importer.REPORT_IMPORTER"

    def sample(self):
        return importer.sample_workbook()
