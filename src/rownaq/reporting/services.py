"""Monthly report operations: drafting, validating, the review flow, and keeping the statistics current.

Views, the API, imports and commands call these. Every flow step runs in one transaction, and accepting or
reopening a report updates the rolled-up statistics (stats.apply_contribution) inside that same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rownaq.core import scoping
from rownaq.core.jalali import JalaliMonth
from rownaq.core.persian import clean_user_text
from rownaq.notify.models import Kind
from rownaq.notify.services import members_of, notify

from . import checks, publication, stats
from .models import ExportLine, ImportLine, MonthlyReport, ProductionLine, ReportEvent

Status = MonthlyReport.Status
HISTORY_MONTHS = 12


class FlowError(Exception):
    """A flow step that is not allowed now; the message is for the user."""


class ReportInvalid(FlowError):
    def __init__(self, errors: list[checks.Issue]):
        self.errors = errors
        super().__init__("گزارش خطا دارد: " + "؛ ".join(e.message for e in errors))


class NeedsExplanation(FlowError):
    """Figures that do not fit the unit's history or capacity: the unit explains each before it can submit."""

    def __init__(self, warnings: list[checks.Issue]):
        self.warnings = warnings
        super().__init__(
            "ارقامی از این گزارش با سابقه یا ظرفیت اسمی واحد نمی‌خواند؛ پیش از ارسال، کنار هر "
            "مورد توضیح دهید (مثلاً سفارش ویژه یا اصلاح ظرفیت)."
        )


class VersionConflict(FlowError):
    def __init__(self):
        super().__init__(
            "این گزارش در این فاصله توسط کاربر دیگری تغییر کرده است؛ صفحه را دوباره باز کنید و "
            "تغییرات خود را دوباره وارد کنید."
        )


def due_day() -> int:
    return getattr(settings, "REPORT_DUE_DAY", 10)


def current_month() -> JalaliMonth:
    return JalaliMonth.today()


def period_error(period: JalaliMonth) -> str | None:
    """Why a report for `period` cannot be kept, or None (checks.period_error: an ended month, not too early)."""
    issue = checks.period_error(period, current_month())
    return issue.message if issue else None


def latest_reportable_month() -> JalaliMonth:
    """The month units are expected to report now: the previous Jalali month."""
    return current_month().previous()


# ---------------------------------------------------------------- reading


def figures_of(report: MonthlyReport) -> checks.ReportFigures:
    return checks.ReportFigures(
        period=report.period,
        shifts_worked=report.shifts_worked,
        working_days=report.working_days,
        employees_total=report.employees_total,
        employees_by_shift=report.employees_by_shift,
        domestic_sales=report.domestic_sales_rial,
        production=[
            checks.ProductionFigure(line.product.name, line.quantity, line.monthly_capacity)
            for line in report.production_lines.select_related("product")
        ],
        exports=[
            checks.MoneyFigure(line.country, line.value, line.currency, line.quantity)
            for line in report.export_lines.all()
        ],
        imports=[
            checks.MoneyFigure(line.item, line.value, line.currency, line.quantity)
            for line in report.import_lines.all()
        ],
    )


def previous_reports(organisation, period: JalaliMonth, months: int = HISTORY_MONTHS):
    return (
        MonthlyReport.objects.filter(
            organisation=organisation,
            period_index__lt=period.index,
            period_index__gte=period.index - months,
            status__in=[Status.SUBMITTED, Status.ACCEPTED],
        )
        .prefetch_related("production_lines__product", "export_lines", "import_lines")
        .order_by("period_index")
    )


def history_series(organisation, period: JalaliMonth, previous=None) -> dict[str, list[float]]:
    """The unit's own figures over the previous 12 months, by the keys checks.soft_warnings uses. `previous`: the
    previous_reports queryset when the caller reads it for something else too (it is then read once)."""
    series: dict[str, list[float]] = {}
    for report in previous if previous is not None else previous_reports(organisation, period):

        def add(key, value):
            if value is not None:
                series.setdefault(key, []).append(float(value))

        add("employees_total", report.employees_total)
        add("working_days", report.working_days)
        exports = list(report.export_lines.all())
        imports = list(report.import_lines.all())
        if exports:
            add("export_value", sum(line.value for line in exports))
        if imports:
            add("import_value", sum(line.value for line in imports))
        for line in report.production_lines.all():
            add(f"production:{line.product.name}", line.quantity)
    return series


def history_table(organisation, period: JalaliMonth, previous=None) -> dict:
    """The previous 12 months beside the entry form: {"months": [...], "rows": {key: [value or None, ...]}}."""
    months = [period - n for n in range(HISTORY_MONTHS, 0, -1)]
    reports = {
        r.period_index: r for r in (previous if previous is not None else previous_reports(organisation, period))
    }
    rows: dict[str, list] = {
        "shifts_worked": [],
        "working_days": [],
        "employees_total": [],
        "employees_shift1": [],
        "employees_shift2": [],
        "employees_shift3": [],
        "domestic_sales_rial": [],
    }
    production: dict[int, list] = {}
    for index, month in enumerate(months):
        report = reports.get(month.index)
        for key in rows:
            rows[key].append(getattr(report, key) if report else None)
        if report:
            for line in report.production_lines.all():
                production.setdefault(line.product_id, [None] * len(months))[index] = line.quantity
    return {"months": months, "rows": rows, "production": production}


def labelled_values(months: list[JalaliMonth], values: list) -> list[dict]:
    """[{"month": label, "value": value or None}] newest first, for the history beside a figure."""
    return [{"month": month, "value": value} for month, value in reversed(list(zip(months, values)))]


def labelled_history(history: dict, field: str) -> list[dict] | None:
    values = history["rows"].get(field)
    return labelled_values(history["months"], values) if values is not None else None


ERROR_SECTIONS = {"employees_by_shift": "employees_shift1", "domestic_sales": "domestic_sales_rial"}


def errors_by_section(errors) -> dict[str, list[str]]:
    """Submission errors by the form field (or section: production, exports, imports) they belong beside."""
    grouped: dict[str, list[str]] = {}
    for error in errors:
        grouped.setdefault(ERROR_SECTIONS.get(error.field, error.field), []).append(error.message)
    return grouped


WARNING_SECTIONS = {"export_value": "exports", "import_value": "imports"}


def plausibility_questions(report: MonthlyReport, explanations: dict[str, str], previous=None) -> dict[str, list[dict]]:
    """The saved figures' plausibility warnings, by the field they stand beside, each with the explanation the
    unit has typed so far (kept when the form comes back)."""
    _errors, warnings = validate(report, previous)
    stored = {w.get("key"): w.get("explanation", "") for w in report.warnings or []}
    questions: dict[str, list[dict]] = {}
    for warning in warnings:
        questions.setdefault(WARNING_SECTIONS.get(warning.field, warning.field), []).append(
            {
                "key": warning.key,
                "message": warning.message,
                "explanation": explanations.get(warning.key, stored.get(warning.key, "")),
            }
        )
    return questions


def validate(report: MonthlyReport, previous=None) -> tuple[list[checks.Issue], list[checks.Issue]]:
    figures = figures_of(report)
    errors = checks.hard_errors(figures, current_month())
    warnings = checks.soft_warnings(figures, history_series(report.organisation, report.period, previous))
    return errors, warnings


# ---------------------------------------------------------------- drafting


def open_report(organisation, period: JalaliMonth, user, source=MonthlyReport.Source.WEB) -> tuple[MonthlyReport, bool]:
    """The unit's report for the month and whether this call created it (as an empty draft). Two callers at once
    get the same report: the unique key makes the second wait for the first and then read its row."""
    if (error := period_error(period)) is not None:
        raise FlowError(error)
    return MonthlyReport.objects.get_or_create(
        organisation=organisation,
        year=period.year,
        month=period.month,
        defaults={"source": source, "shifts_worked": organisation.usual_shifts},
    )


def start_report(organisation, period: JalaliMonth, user, source=MonthlyReport.Source.WEB) -> MonthlyReport:
    """The unit's report for the month, created as an empty draft if it does not exist yet."""
    return open_report(organisation, period, user, source)[0]


def assert_editable(report: MonthlyReport) -> None:
    if report.status not in (Status.DRAFT, Status.RETURNED):
        raise FlowError(f"گزارش در وضعیت «{report.get_status_display()}» است و قابل ویرایش نیست.")


def claim_version(report: MonthlyReport, expected_version: int | None) -> None:
    """Bump the version if it is still the one the editor started from, atomically; otherwise a conflict."""
    if expected_version is None:
        expected_version = report.version
    updated = MonthlyReport.objects.filter(pk=report.pk, version=expected_version).update(version=expected_version + 1)
    if not updated:
        raise VersionConflict()
    report.version = expected_version + 1


def require_own_products(organisation, products) -> None:
    """A report's production and export lines name only the unit's own products (never another company's)."""
    if any(product is not None and product.organisation_id != organisation.pk for product in products):
        raise FlowError("محصول انتخاب‌شده در شناسنامهٔ این واحد نیست.")


def set_production(report: MonthlyReport, quantities: dict) -> None:
    """quantities: {product: Decimal or None}; a None removes the product's line."""
    require_own_products(report.organisation, quantities)
    for product, quantity in quantities.items():
        if quantity is None:
            ProductionLine.objects.filter(report=report, product=product).delete()
            continue
        capacity = product.monthly_capacity
        ProductionLine.objects.update_or_create(
            report=report,
            product=product,
            defaults={
                "quantity": quantity,
                "monthly_capacity": capacity,
                "utilisation": checks.utilisation_percent(quantity, capacity),
            },
        )


def replace_lines(report: MonthlyReport, exports: list[dict] | None = None, imports: list[dict] | None = None):
    if exports is not None:
        require_own_products(report.organisation, [values.get("product") for values in exports])
        report.export_lines.all().delete()
        ExportLine.objects.bulk_create([ExportLine(report=report, **values) for values in exports])
        for line in report.export_lines.all():  # bulk_create skips signals: record the new lines
            line.save()
    if imports is not None:
        report.import_lines.all().delete()
        for values in imports:
            ImportLine.objects.create(report=report, **values)


def copy_previous_month(report: MonthlyReport) -> bool:
    """Start a draft from the unit's latest earlier report (header, production, exports, imports)."""
    assert_editable(report)
    source = (
        MonthlyReport.objects.filter(organisation=report.organisation, period_index__lt=report.period_index)
        .order_by("-period_index")
        .first()
    )
    if source is None:
        return False
    with transaction.atomic():
        for name in (
            "shifts_worked",
            "working_days",
            "employees_total",
            "employees_shift1",
            "employees_shift2",
            "employees_shift3",
            "domestic_sales_rial",
        ):
            setattr(report, name, getattr(source, name))
        if report.working_days and report.working_days > report.period.days:
            report.working_days = report.period.days
        report.save()
        set_production(report, {line.product: line.quantity for line in source.production_lines.all()})
        replace_lines(
            report,
            exports=[
                {
                    "country": line.country,
                    "product": line.product,
                    "hs": line.hs,
                    "quantity": line.quantity,
                    "value": line.value,
                    "currency": line.currency,
                }
                for line in source.export_lines.all()
            ],
            imports=[
                {
                    "item": line.item,
                    "hs": line.hs,
                    "origin_country": line.origin_country,
                    "quantity": line.quantity,
                    "unit": line.unit,
                    "value": line.value,
                    "currency": line.currency,
                }
                for line in source.import_lines.all()
            ],
        )
    return True


# ---------------------------------------------------------------- the review flow


def _event(report, action, user, comment=""):
    ReportEvent.objects.create(report=report, action=action, actor=user if user and user.pk else None, comment=comment)


def submit(report: MonthlyReport, user, explanations: dict[str, str] | None = None) -> list[checks.Issue]:
    """Send the report for review. Hard errors block it; an implausible figure blocks it until the unit explains
    it (explanations: {warning key: text}); the warnings and explanations are stored for the reviewer."""
    explanations = {key: clean_user_text(text).strip() for key, text in (explanations or {}).items()}
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        assert_editable(report)
        errors, warnings = validate(report)
        if errors:
            raise ReportInvalid(errors)
        if any(not explanations.get(w.key) for w in warnings):
            raise NeedsExplanation(warnings)
        report.status = Status.SUBMITTED
        report.warnings = [
            {"key": w.key, "field": w.field, "message": w.message, "code": w.code, "explanation": explanations[w.key]}
            for w in warnings
        ]
        report.submitted_at = timezone.now()
        report.submitted_by = user if user and user.pk else None
        report.version += 1
        report.save()
        _event(report, ReportEvent.Action.SUBMIT, user)
    return warnings


def _require_reviewer(report: MonthlyReport, user) -> None:
    if scoping.may_oversee(user, report):
        return
    if scoping.is_own(user, report):
        raise FlowError("گزارش واحدی را که خودتان عضو آن هستید نمی‌توانید بررسی کنید؛ بررسی با کارشناس دیگری است.")
    if not scoping.edits_somewhere(user):  # only to word the refusal
        raise FlowError("بررسی گزارش‌ها کار کارشناسان سازمان است.")
    raise FlowError("این گزارش در حوزهٔ بررسی شما نیست.")


def return_for_correction(report: MonthlyReport, user, comment: str) -> None:
    comment = (comment or "").strip()
    if not comment:
        raise FlowError("برای بازگرداندن گزارش، توضیح بررسی‌کننده الزامی است.")
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        _require_reviewer(report, user)
        if report.status != Status.SUBMITTED:
            raise FlowError("فقط گزارش ارسال‌شده را می‌توان بازگرداند.")
        report.status = Status.RETURNED
        report.review_comment = comment
        report.reviewed_at = timezone.now()
        report.reviewed_by = user
        report.version += 1
        report.save()
        _event(report, ReportEvent.Action.RETURN, user, comment)
        notify(
            members_of(report.organisation),
            Kind.REPORT_RETURNED,
            f"گزارش {report.period.label} برای اصلاح بازگشت",
            comment,
            reverse("reporting:report-edit", args=[report.pk]),
            report.organisation,
        )


WARNINGS_ACKNOWLEDGED = "ارقام غیرعادی با توضیح واحد بررسی و تأیید شد."


def accept(report: MonthlyReport, user, acknowledge_warnings: bool = False) -> None:
    """Accept a submitted report into the statistics. A report with implausible figures is accepted only when the
    reviewer says they read the unit's explanations (acknowledge_warnings), and the acceptance records it."""
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        _require_reviewer(report, user)
        if report.status != Status.SUBMITTED:
            raise FlowError("فقط گزارش ارسال‌شده را می‌توان پذیرفت.")
        if report.warnings and not acknowledge_warnings:
            raise FlowError(
                "این گزارش ارقام غیرعادی دارد؛ توضیح واحد را بخوانید و پیش از پذیرش، تأیید آن را علامت بزنید."
            )
        report.status = Status.ACCEPTED
        report.reviewed_at = timezone.now()
        report.reviewed_by = user
        report.version += 1
        report.save()
        stats.apply_report(report, sign=+1)
        publication.after_change(report.period_index)
        _event(report, ReportEvent.Action.ACCEPT, user, WARNINGS_ACKNOWLEDGED if report.warnings else "")
        notify(
            members_of(report.organisation),
            Kind.REPORT_ACCEPTED,
            f"گزارش {report.period.label} پذیرفته شد",
            "",
            report.get_absolute_url(),
            report.organisation,
        )
        follow_usual_shifts(report)


def follow_usual_shifts(report: MonthlyReport) -> None:
    """The registry's usual shift count follows the unit's latest accepted report, with the month it changed;
    an older month accepted late changes nothing."""
    organisation = report.organisation
    latest = (
        MonthlyReport.objects.filter(organisation=organisation, status=Status.ACCEPTED)
        .order_by("-period_index")
        .first()
    )
    if latest is None or latest.pk != report.pk or not report.shifts_worked:
        return
    if organisation.usual_shifts != report.shifts_worked:
        organisation.usual_shifts = report.shifts_worked
        organisation.usual_shifts_since = report.period.first_day()
        organisation.save(update_fields=["usual_shifts", "usual_shifts_since", "updated_at"])


def reopen(report: MonthlyReport, user, reason: str) -> None:
    """Unlock an accepted report for correction; its figures leave the statistics until it is accepted again."""
    reason = (reason or "").strip()
    if not reason:
        raise FlowError("بازگشایی گزارش پذیرفته‌شده بدون ذکر دلیل ممکن نیست.")
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        _require_reviewer(report, user)
        if report.status != Status.ACCEPTED:
            raise FlowError("فقط گزارش پذیرفته‌شده را می‌توان بازگشایی کرد.")
        stats.apply_report(report, sign=-1)
        publication.after_change(report.period_index)
        report.status = Status.RETURNED
        report.review_comment = reason
        report.version += 1
        report.save()
        _event(report, ReportEvent.Action.REOPEN, user, reason)


@dataclass
class Deadline:
    period: JalaliMonth
    due: object  # date

    @property
    def overdue(self) -> bool:
        return timezone.localdate() > self.due


def deadline(period: JalaliMonth) -> Deadline:
    return Deadline(period, period.due_date(due_day()))
