"""Bulk import of a month's reports from one Excel file (e.g. sent by an estate's office): all or nothing.

Sheets: «گزارش‌ها» (one row per unit and month), «تولید» (per product), «صادرات», «واردات». Every row is checked
first, with the same hard rules as the form; the reports are written and submitted only when no row has an error.
Re-importing the same file changes nothing: a report is identified by the unit's national ID and the month.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from rownaq.core import scoping
from rownaq.core.geo import find_country, is_currency
from rownaq.core.importing import (
    Importer,
    ImportReport,
    decimal_or_none,
    digits,
    is_formula,
    open_workbook,
    sheet_rows,
    text,
)
from rownaq.core.jalali import JalaliMonth
from rownaq.core.persian import search_key
from rownaq.registry.models import HsCode, Organisation

from . import checks, services
from .models import MonthlyReport

REPORTS = ("گزارش‌ها", "گزارشها", "reports")
PRODUCTION = ("تولید", "production")
EXPORTS = ("صادرات", "exports")
IMPORTS = ("واردات", "imports")
KEY_HEADERS = {"شناسه ملی": "national_id", "national_id": "national_id", "ماه": "period", "period": "period"}
REPORT_HEADERS = {
    **KEY_HEADERS,
    "نوبت کاری": "shifts_worked",
    "روزهای کاری": "working_days",
    "کل کارکنان": "employees_total",
    "کارکنان نوبت ۱": "employees_shift1",
    "کارکنان نوبت ۲": "employees_shift2",
    "کارکنان نوبت ۳": "employees_shift3",
    "فروش داخلی (ریال)": "domestic_sales_rial",
    "فروش داخلی": "domestic_sales_rial",
    "مشکلات": "problems_note",
}
PRODUCTION_HEADERS = {**KEY_HEADERS, "محصول": "product", "مقدار": "quantity"}
EXPORT_HEADERS = {
    **KEY_HEADERS,
    "کشور": "country",
    "کد تعرفه": "hs",
    "مقدار": "quantity",
    "ارزش": "value",
    "ارز": "currency",
}
IMPORT_HEADERS = {
    **KEY_HEADERS,
    "قلم": "item",
    "کد تعرفه": "hs",
    "کشور مبدأ": "origin_country",
    "مقدار": "quantity",
    "ارزش": "value",
    "ارز": "currency",
}
# The Persian column title of each field, for error messages.
LABELS = {
    field: header
    for headers in (IMPORT_HEADERS, EXPORT_HEADERS, PRODUCTION_HEADERS, REPORT_HEADERS)
    for header, field in headers.items()
    if not header.isascii()
}
INTEGER_FIELDS = (
    "shifts_worked",
    "working_days",
    "employees_total",
    "employees_shift1",
    "employees_shift2",
    "employees_shift3",
)


@dataclass
class PlannedReport:
    row: int
    organisation: Organisation
    period: JalaliMonth
    values: dict
    production: dict = field(default_factory=dict)  # product -> quantity
    exports: list = field(default_factory=list)
    imports: list = field(default_factory=list)


@dataclass
class ReportImportPlan:
    report: ImportReport = field(default_factory=ImportReport)
    reports: dict = field(default_factory=dict)  # (org id, period index) -> PlannedReport


def plan_import(data: bytes, user) -> ReportImportPlan:
    workbook = open_workbook(data)
    plan = ReportImportPlan()
    errors = plan.report
    units = scoping.restrict(Organisation.objects.filter(kind=Organisation.Kind.UNIT), user, scoping.CHANGE)
    current = services.current_month()

    def key_of(sheet, number, raw):
        national_id = digits(raw.get("national_id"))
        organisation = units.filter(national_id=national_id).first() if national_id else None
        if organisation is None:
            errors.add(sheet, number, "شناسه ملی", f"واحدی با شناسهٔ «{national_id}» در حوزهٔ شما نیست.")
        try:
            period = JalaliMonth.parse(text(raw.get("period")))
        except ValueError as exc:
            errors.add(sheet, number, "ماه", str(exc))
            period = None
        return organisation, period

    def formulas(sheet, number, raw) -> bool:
        bad = [column for column, value in raw.items() if is_formula(value)]
        for column in bad:
            errors.add(sheet, number, LABELS.get(column, column), "فرمول پذیرفته نیست؛ مقدار را بنویسید.")
        return bool(bad)

    sheet = REPORTS[0]
    for number, raw in sheet_rows(workbook, REPORTS, REPORT_HEADERS):
        if formulas(sheet, number, raw):
            continue
        organisation, period = key_of(sheet, number, raw)
        values = {}
        for name in INTEGER_FIELDS + ("domestic_sales_rial",):
            try:
                value = decimal_or_none(raw.get(name))
                if value is not None and value != int(value):
                    raise ValueError("باید عدد صحیح باشد")
                values[name] = int(value) if value is not None and name in INTEGER_FIELDS else value
            except ValueError as exc:
                errors.add(sheet, number, LABELS[name], f"{exc}.")
        values["problems_note"] = text(raw.get("problems_note"))
        if organisation is None or period is None:
            continue
        key = (organisation.pk, period.index)
        if key in plan.reports:
            errors.add(
                sheet, number, "ماه", f"گزارش این واحد برای این ماه در ردیف {plan.reports[key].row} هم آمده است."
            )
            continue
        existing = MonthlyReport.objects.filter(organisation=organisation, period_index=period.index).first()
        if existing is not None and existing.is_locked:
            errors.add(sheet, number, "ماه", f"گزارش {period.label} این واحد ارسال یا پذیرفته شده و قفل است.")
        plan.reports[key] = PlannedReport(number, organisation, period, values)

    def planned_for(sheet, number, raw):
        organisation, period = key_of(sheet, number, raw)
        if organisation is None or period is None:
            return None
        planned = plan.reports.get((organisation.pk, period.index))
        if planned is None:
            errors.add(sheet, number, "ماه", "ردیف این واحد و ماه در برگهٔ «گزارش‌ها» نیست.")
        return planned

    sheet = PRODUCTION[0]
    for number, raw in sheet_rows(workbook, PRODUCTION, PRODUCTION_HEADERS, required=False):
        if formulas(sheet, number, raw) or (planned := planned_for(sheet, number, raw)) is None:
            continue
        name = search_key(text(raw.get("product")))
        product = next((p for p in planned.organisation.products.all() if search_key(p.name) == name), None)
        if product is None:
            errors.add(sheet, number, "محصول", f"محصول «{text(raw.get('product'))}» در شناسنامهٔ واحد نیست.")
            continue
        try:
            planned.production[product] = decimal_or_none(raw.get("quantity"))
        except ValueError as exc:
            errors.add(sheet, number, "مقدار", f"{exc}.")

    for sheet_names, headers, target in ((EXPORTS, EXPORT_HEADERS, "exports"), (IMPORTS, IMPORT_HEADERS, "imports")):
        sheet = sheet_names[0]
        for number, raw in sheet_rows(workbook, sheet_names, headers, required=False):
            if formulas(sheet, number, raw) or (planned := planned_for(sheet, number, raw)) is None:
                continue
            line = {}
            try:
                line["value"] = decimal_or_none(raw.get("value"))
                line["quantity"] = decimal_or_none(raw.get("quantity"))
            except ValueError as exc:
                errors.add(sheet, number, "ارزش", f"{exc}.")
                continue
            if line["value"] is None:
                errors.add(sheet, number, "ارزش", "ارزش خالی است.")
            currency = text(raw.get("currency")).upper()
            if not is_currency(currency):
                errors.add(sheet, number, "ارز", f"ارز «{currency}» شناخته نیست (مثلاً USD، EUR، AED).")
            line["currency"] = currency
            hs = digits(raw.get("hs")).replace(".", "")
            line["hs"] = HsCode.objects.filter(code=hs).first() if hs else None
            if hs and line["hs"] is None:
                errors.add(sheet, number, "کد تعرفه", f"کد تعرفهٔ {hs} در جدول HS 2022 نیست.")
            country_field = "country" if target == "exports" else "origin_country"
            country_text = text(raw.get(country_field))
            country = find_country(country_text) if country_text else ""
            if target == "exports" and not country or country is None:
                errors.add(sheet, number, "کشور", f"کشور «{country_text}» شناخته نیست.")
            line[country_field] = country or ""
            if target == "imports":
                line["item"] = text(raw.get("item"))
                if not line["item"]:
                    errors.add(sheet, number, "قلم", "نام قلم وارداتی خالی است.")
            getattr(planned, target).append(line)

    # The same hard rules as the form, per report.
    for planned in plan.reports.values():
        figures = checks.ReportFigures(
            period=planned.period,
            shifts_worked=planned.values.get("shifts_worked"),
            working_days=planned.values.get("working_days"),
            employees_total=planned.values.get("employees_total"),
            employees_by_shift=[planned.values.get(f"employees_shift{i}") for i in (1, 2, 3)],
            domestic_sales=planned.values.get("domestic_sales_rial"),
            production=[checks.ProductionFigure(p.name, q, p.monthly_capacity) for p, q in planned.production.items()],
            exports=[
                checks.MoneyFigure(line["country"], line["value"], line["currency"], line["quantity"])
                for line in planned.exports
            ],
            imports=[
                checks.MoneyFigure(line["item"], line["value"], line["currency"], line["quantity"])
                for line in planned.imports
            ],
        )
        for issue in checks.hard_errors(figures, current):
            errors.add(REPORTS[0], planned.row, LABELS.get(issue.field, issue.field), issue.message)
    return plan


def apply_import(plan: ReportImportPlan, user) -> ImportReport:
    """Write and submit every planned report in one transaction."""
    if not plan.report.ok:
        raise ValueError("an import with errors is never applied")
    with transaction.atomic():
        for planned in plan.reports.values():
            report = services.start_report(planned.organisation, planned.period, user, MonthlyReport.Source.IMPORT)
            for name, value in planned.values.items():
                setattr(report, name, value)
            report.source = MonthlyReport.Source.IMPORT
            report.save()
            services.set_production(report, planned.production)
            services.replace_lines(report, exports=planned.exports, imports=planned.imports)
            try:
                services.submit(report, user)
            except services.NeedsExplanation:
                # an import cannot answer plausibility questions: the unit (or staff) explains them on the form
                plan.report.created.append(f"{report} — ذخیره شد ولی ارسال نشد: ارقام غیرعادی توضیح می‌خواهد")
                continue
            plan.report.created.append(str(report))
    return plan.report


def sample_workbook() -> bytes:
    from openpyxl import Workbook

    from rownaq.core.excel import Column, workbook_bytes, write_sheet

    period = services.latest_reportable_month().code.replace("-", "/")
    sheets = [
        (
            REPORTS[0],
            {
                "شناسه ملی": "10100000006",
                "ماه": period,
                "نوبت کاری": 3,
                "روزهای کاری": 26,
                "کل کارکنان": 120,
                "کارکنان نوبت ۱": 50,
                "کارکنان نوبت ۲": 40,
                "کارکنان نوبت ۳": 30,
                "فروش داخلی (ریال)": 25_000_000_000,
                "مشکلات": "",
            },
        ),
        (PRODUCTION[0], {"شناسه ملی": "10100000006", "ماه": period, "محصول": "قالب تزریق پلاستیک", "مقدار": 9}),
        (
            EXPORTS[0],
            {
                "شناسه ملی": "10100000006",
                "ماه": period,
                "کشور": "سوریه",
                "کد تعرفه": "848071",
                "مقدار": 2,
                "ارزش": 48000,
                "ارز": "EUR",
            },
        ),
        (
            IMPORTS[0],
            {
                "شناسه ملی": "10100000006",
                "ماه": period,
                "قلم": "فولاد قالب 1.2311",
                "کد تعرفه": "722490",
                "کشور مبدأ": "آلمان",
                "مقدار": 3,
                "ارزش": 21000,
                "ارز": "EUR",
            },
        ),
    ]
    wb = Workbook()
    for index, (title, row) in enumerate(sheets):
        write_sheet(wb, title, [Column(h, lambda r, h=h: r[h]) for h in row], [row], first=index == 0)
    return workbook_bytes(wb)


# The Excel import of monthly reports, run as tasks (core/tasks.py) from ReportImportView.
REPORT_IMPORTER = Importer(
    plan=plan_import, apply=apply_import, preview_template="reporting/report_import_preview.html"
)
