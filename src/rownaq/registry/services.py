"""Registry operations: saving organisations with their products, Excel export and all-or-nothing Excel import.

Views, the API and commands call these; they never call each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook

from rownaq.core import scoping
from rownaq.core.excel import Column, workbook_bytes, write_sheet
from rownaq.core.importing import (
    Importer,
    ImportReport,
    date_or_none,
    decimal_or_none,
    digits,
    is_formula,
    open_workbook,
    sheet_rows,
    text,
)
from rownaq.core.national_id import InvalidNationalId, validate_national_id
from rownaq.core.persian import search_key
from rownaq.places.models import County, Estate

from .models import HsCode, IsicCode, Organisation, Product


def save_organisation(form, product_formset=None) -> Organisation:
    with transaction.atomic():
        organisation = form.save()
        if product_formset is not None:
            product_formset.instance = organisation
            product_formset.save()
    return organisation


# ---------------------------------------------------------------- export

ORGANISATION_COLUMNS = [
    Column("نام", lambda o: o.name, 40),
    Column("نوع", lambda o: o.get_kind_display()),
    Column("شناسه ملی", lambda o: o.national_id, 14),
    Column("استان", lambda o: o.county.province.name),
    Column("شهرستان", lambda o: o.county.name),
    Column("شهرک", lambda o: o.estate.name if o.estate else None, 26),
    Column("کد آیسیک", lambda o: o.isic_id, 10),
    Column("شماره پروانه", lambda o: o.licence_number),
    Column("تاریخ پروانه", lambda o: o.licence_date, 12),
    Column("تعداد کارکنان", lambda o: o.employees, 10),
    Column("وضعیت", lambda o: o.get_status_display(), 10),
    Column("تعداد نوبت", lambda o: o.usual_shifts, 8),
    Column("صادرکننده", lambda o: o.is_exporter, 8),
    Column("دانش‌بنیان", lambda o: o.knowledge_based_certified, 8),
    Column("نشانی", lambda o: o.address, 40),
    Column("تلفن", lambda o: o.phone, 14),
]

PRODUCT_COLUMNS = [
    Column("شناسه ملی واحد", lambda p: p.organisation.national_id, 14),
    Column("نام واحد", lambda p: p.organisation.name, 40),
    Column("نام محصول", lambda p: p.name, 30),
    Column("کد تعرفه", lambda p: p.hs_id, 10),
    Column("ظرفیت سالانه", lambda p: p.annual_capacity, 14),
    Column("واحد سنجش", lambda p: p.get_unit_display(), 10),
]


def organisation_export_queryset(queryset):
    return queryset.select_related("county__province", "estate", "isic")


def import_template() -> bytes:
    """An empty workbook with the columns the import reads, and one sample row each (marked as sample)."""
    wb = Workbook()
    sample_org = {
        "نام": "صنایع نمونه (نمونه)",
        "نوع": "واحد صنعتی",
        "شناسه ملی": "10100000006",
        "شهرستان": "تبریز",
        "شهرک": "شهرک صنعتی سلیمی",
        "کد آیسیک": "2593",
        "شماره پروانه": "12345",
        "تاریخ پروانه": "1401/02/15",
        "تعداد کارکنان": 40,
        "وضعیت": "فعال",
        "تعداد نوبت": 2,
        "صادرکننده": "بله",
        "نشانی": "",
        "تلفن": "",
    }
    write_sheet(
        wb, ORGANISATIONS_SHEET[0], [Column(h, lambda r, h=h: r.get(h)) for h in sample_org], [sample_org], first=True
    )
    sample_product = {
        "شناسه ملی واحد": "10100000006",
        "نام محصول": "قالب تزریق پلاستیک",
        "کد تعرفه": "848071",
        "ظرفیت سالانه": 120,
        "واحد سنجش": "دستگاه",
    }
    write_sheet(wb, PRODUCTS_SHEET[0], [Column(h, lambda r, h=h: r.get(h)) for h in sample_product], [sample_product])
    return workbook_bytes(wb)


# ---------------------------------------------------------------- import

ORGANISATIONS_SHEET = ("واحدها", "organisations", "سازمان‌ها")
PRODUCTS_SHEET = ("محصولات", "products")
ORGANISATION_HEADERS = {
    "نام": "name",
    "name": "name",
    "نوع": "kind",
    "kind": "kind",
    "شناسه ملی": "national_id",
    "national_id": "national_id",
    "شهرستان": "county",
    "county": "county",
    "شهرک": "estate",
    "estate": "estate",
    "کد آیسیک": "isic",
    "isic": "isic",
    "شماره پروانه": "licence_number",
    "تاریخ پروانه": "licence_date",
    "تعداد کارکنان": "employees",
    "employees": "employees",
    "وضعیت": "status",
    "status": "status",
    "تعداد نوبت": "usual_shifts",
    "shifts": "usual_shifts",
    "صادرکننده": "is_exporter",
    "نشانی": "address",
    "تلفن": "phone",
}
PRODUCT_HEADERS = {
    "شناسه ملی واحد": "national_id",
    "national_id": "national_id",
    "نام محصول": "name",
    "name": "name",
    "کد تعرفه": "hs",
    "hs": "hs",
    "ظرفیت سالانه": "annual_capacity",
    "capacity": "annual_capacity",
    "واحد سنجش": "unit",
    "unit": "unit",
}
YES = {"بله", "آری", "هست", "دارد", "1", "true", "yes", "y", "x", "✓"}
NO = {"خیر", "نه", "نیست", "ندارد", "0", "false", "no", "n", ""}


def _choice(value: str, choices) -> str | None:
    """Match a Persian label or a code, ignoring Arabic letters, ZWNJ and spacing."""
    key = search_key(value)
    for code, label in choices:
        if key in (search_key(str(code)), search_key(str(label))):
            return code
    return None


def changeable_units(user):
    """Units the user may act for (open a case, list a need): their own (members) or those in the places they edit
    (staff)."""
    return (
        scoping.restrict(Organisation.objects.filter(kind=Organisation.Kind.UNIT), user, scoping.CHANGE)
        .select_related("county", "estate")
        .order_by("name")
    )


@dataclass
class PlannedRow:
    row: int
    values: dict
    existing: object | None = None


@dataclass
class ImportPlan:
    report: ImportReport = field(default_factory=ImportReport)
    organisations: list[PlannedRow] = field(default_factory=list)
    products: list[PlannedRow] = field(default_factory=list)


class _Places:
    """Counties and estates by normalised name, loaded once per import."""

    def __init__(self):
        self.counties: dict[str, list[County]] = {}
        for county in County.objects.select_related("province"):
            self.counties.setdefault(search_key(county.name), []).append(county)
        self.estates: dict[str, list[Estate]] = {}
        for estate in Estate.objects.select_related("county"):
            self.estates.setdefault(search_key(estate.name), []).append(estate)
            # «سلیمی» alone finds «شهرک صنعتی سلیمی».
            for prefix in ("شهرک صنعتی", "ناحیه صنعتی", "ناحیهٔ صنعتی"):
                if estate.name.startswith(prefix):
                    self.estates.setdefault(search_key(estate.name[len(prefix) :]), []).append(estate)


def plan_import(data: bytes, user) -> ImportPlan:
    """Read and validate every row; nothing is written. Raises ImportFileError for an unreadable file."""
    workbook = open_workbook(data)
    plan = ImportPlan()
    report = plan.report
    places = _Places()
    # An import sets kind, place and status: staff decisions, so only units the user oversees are updated.
    editable = scoping.overseeable(Organisation.objects.all(), user, scoping.CHANGE)
    sheet = ORGANISATIONS_SHEET[0]
    seen_ids: dict[str, int] = {}
    file_ids: set[str] = set()

    for number, raw in sheet_rows(workbook, ORGANISATIONS_SHEET, ORGANISATION_HEADERS):
        before = len(report.errors)
        for column, value in raw.items():
            if is_formula(value):
                report.add(sheet, number, column, "فرمول پذیرفته نیست؛ مقدار را بنویسید.")
        if len(report.errors) > before:
            continue
        values: dict = {}
        values["name"] = text(raw.get("name"))
        if not values["name"]:
            report.add(sheet, number, "نام", "نام خالی است.")
        kind_text = text(raw.get("kind")) or "واحد صنعتی"
        values["kind"] = _choice(kind_text, Organisation.Kind.choices)
        if values["kind"] is None:
            report.add(sheet, number, "نوع", f"نوع «{kind_text}» شناخته نیست.")
        national_id = digits(raw.get("national_id"))
        values["national_id"] = None
        if national_id:
            try:
                values["national_id"] = validate_national_id(national_id)
            except InvalidNationalId as exc:
                report.add(sheet, number, "شناسه ملی", str(exc))
            else:
                if values["national_id"] in seen_ids:
                    report.add(
                        sheet, number, "شناسه ملی", f"این شناسه در ردیف {seen_ids[values['national_id']]} هم آمده است."
                    )
                seen_ids[values["national_id"]] = number
                file_ids.add(values["national_id"])
        elif values["kind"] == Organisation.Kind.UNIT:
            report.add(sheet, number, "شناسه ملی", "شناسهٔ ملی واحد صنعتی الزامی است.")
        county_name = text(raw.get("county"))
        matches = places.counties.get(search_key(county_name), [])
        values["county"] = matches[0] if len(matches) == 1 else None
        if not county_name:
            report.add(sheet, number, "شهرستان", "شهرستان خالی است.")
        elif not matches:
            report.add(sheet, number, "شهرستان", f"شهرستان «{county_name}» یافت نشد.")
        elif len(matches) > 1:
            report.add(sheet, number, "شهرستان", f"چند شهرستان با نام «{county_name}» هست.")
        estate_name = text(raw.get("estate"))
        values["estate"] = None
        if estate_name:
            candidates = [
                e
                for e in places.estates.get(search_key(estate_name), [])
                if values["county"] is None or e.county_id == values["county"].pk
            ]
            if len(candidates) == 1:
                values["estate"] = candidates[0]
            else:
                report.add(sheet, number, "شهرک", f"شهرک «{estate_name}» در این شهرستان یافت نشد.")
        isic = digits(raw.get("isic"))
        values["isic"] = None
        if isic:
            values["isic"] = IsicCode.objects.filter(code=isic.zfill(4), level=IsicCode.Level.CLASS).first()
            if values["isic"] is None:
                report.add(sheet, number, "کد آیسیک", f"کد آیسیک {isic} یک ردهٔ چهاررقمی معتبر نیست.")
        values["licence_number"] = text(raw.get("licence_number"))
        try:
            values["licence_date"] = date_or_none(raw.get("licence_date"))
        except ValueError as exc:
            report.add(sheet, number, "تاریخ پروانه", str(exc))
        try:
            employees = decimal_or_none(raw.get("employees"))
            if employees is not None and (employees < 0 or employees != int(employees)):
                raise ValueError("باید عدد صحیح نامنفی باشد")
            values["employees"] = int(employees) if employees is not None else None
        except ValueError as exc:
            report.add(sheet, number, "تعداد کارکنان", f"تعداد کارکنان: {exc}.")
        status_text = text(raw.get("status")) or "فعال"
        values["status"] = _choice(status_text, Organisation.Status.choices)
        if values["status"] is None:
            report.add(sheet, number, "وضعیت", f"وضعیت «{status_text}» شناخته نیست (فعال، نیمه‌فعال، راکد، تعطیل).")
        shifts = digits(raw.get("usual_shifts"))
        values["usual_shifts"] = None
        if shifts:
            if shifts in ("1", "2", "3"):
                values["usual_shifts"] = int(shifts)
            else:
                report.add(sheet, number, "تعداد نوبت", "تعداد نوبت باید ۱، ۲ یا ۳ باشد.")
        exporter = search_key(text(raw.get("is_exporter")))
        values["is_exporter"] = exporter in {search_key(y) for y in YES}
        if not values["is_exporter"] and exporter not in {search_key(n) for n in NO}:
            report.add(sheet, number, "صادرکننده", "برای «صادرکننده» بله یا خیر بنویسید.")
        values["address"] = text(raw.get("address"))
        values["phone"] = text(raw.get("phone"))

        existing = None
        if values["national_id"]:
            existing = Organisation.objects.filter(national_id=values["national_id"]).first()
        if existing is not None and not editable.filter(pk=existing.pk).exists():
            report.add(sheet, number, "شناسه ملی", "این واحد پیش‌تر ثبت شده و در حوزهٔ ویرایش شما نیست.")
        if existing is None and values.get("county") is not None:
            if not scoping.may_edit_place(user, values["county"], values.get("estate")):
                report.add(sheet, number, "شهرستان", "ثبت واحد در این شهرستان/شهرک در حوزهٔ شما نیست.")
        if len(report.errors) == before:
            candidate = existing or Organisation()
            for name, value in values.items():
                setattr(candidate, name, value)
            try:
                candidate.full_clean(validate_unique=False)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    report.add(sheet, number, name, " ".join(messages))
        plan.organisations.append(PlannedRow(number, values, existing))

    sheet = PRODUCTS_SHEET[0]
    seen_products: dict[tuple[str, str], int] = {}
    for number, raw in sheet_rows(workbook, PRODUCTS_SHEET, PRODUCT_HEADERS, required=False):
        before = len(report.errors)
        values = {}
        national_id = digits(raw.get("national_id"))
        values["national_id"] = national_id
        if not national_id:
            report.add(sheet, number, "شناسه ملی واحد", "شناسهٔ ملی واحد خالی است.")
        elif national_id not in file_ids and not editable.filter(national_id=national_id).exists():
            report.add(sheet, number, "شناسه ملی واحد", "واحدی با این شناسه در فایل یا در حوزهٔ شما نیست.")
        values["name"] = text(raw.get("name"))
        if not values["name"]:
            report.add(sheet, number, "نام محصول", "نام محصول خالی است.")
        key = (national_id, search_key(values["name"]))
        if key in seen_products:
            report.add(sheet, number, "نام محصول", f"این محصول در ردیف {seen_products[key]} هم آمده است.")
        seen_products[key] = number
        hs = digits(raw.get("hs")).replace(".", "")
        values["hs"] = None
        if hs:
            values["hs"] = HsCode.objects.filter(code=hs).first()
            if values["hs"] is None:
                report.add(sheet, number, "کد تعرفه", f"کد تعرفهٔ {hs} در جدول HS 2022 نیست.")
        try:
            capacity = decimal_or_none(raw.get("annual_capacity"))
            if capacity is not None and capacity < 0:
                raise ValueError("منفی است")
            values["annual_capacity"] = capacity
        except ValueError as exc:
            report.add(sheet, number, "ظرفیت سالانه", f"ظرفیت سالانه {exc}.")
        unit_text = text(raw.get("unit")) or "تن"
        values["unit"] = _choice(unit_text, Product.Unit.choices)
        if values["unit"] is None:
            report.add(sheet, number, "واحد سنجش", f"واحد سنجش «{unit_text}» شناخته نیست.")
        if len(report.errors) == before:
            plan.products.append(PlannedRow(number, values))
    return plan


def apply_import(plan: ImportPlan) -> ImportReport:
    """Write a plan that has no errors, in one transaction: a failure anywhere leaves nothing behind."""
    if not plan.report.ok:
        raise ValueError("an import with errors is never applied")
    report = plan.report
    with transaction.atomic():
        by_national_id: dict[str, Organisation] = {}
        for planned in plan.organisations:
            organisation = planned.existing or Organisation()
            for name, value in planned.values.items():
                setattr(organisation, name, value)
            organisation.full_clean()
            organisation.save()
            (report.updated if planned.existing else report.created).append(organisation.name)
            if organisation.national_id:
                by_national_id[organisation.national_id] = organisation
        for planned in plan.products:
            values = dict(planned.values)
            national_id = values.pop("national_id")
            organisation = by_national_id.get(national_id) or Organisation.objects.get(national_id=national_id)
            product = Product.objects.filter(organisation=organisation, name=values["name"]).first()
            created = product is None
            product = product or Product(organisation=organisation)
            for name, value in values.items():
                setattr(product, name, value)
            product.full_clean()
            product.save()
            (report.created if created else report.updated).append(f"{organisation.name} / {product.name}")
    return report


# The Excel import of organisations and products, run as tasks (core/tasks.py) from OrganisationImportView.
ORGANISATION_IMPORTER = Importer(
    plan=plan_import,
    apply=lambda plan, user: apply_import(plan),
    preview_template="registry/organisation_import_preview.html",
)


def registry_summary(user) -> dict:
    """Counts for the home page, inside the user's scope."""
    from django.db.models import Count

    visible = scoping.restrict(Organisation.objects.all(), user)
    units = visible.filter(kind=Organisation.Kind.UNIT)
    by_status = dict(units.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_shifts = dict(units.order_by().values("usual_shifts").annotate(n=Count("pk")).values_list("usual_shifts", "n"))
    return {
        "organisations": visible.count(),
        "units": units.count(),
        "status": [(label, by_status.get(code, 0)) for code, label in Organisation.Status.choices],
        "shifts": [(n, by_shifts.get(n, 0)) for n in (1, 2, 3)],
        "exporters": units.filter(is_exporter=True).count(),
        "knowledge_based": visible.filter(kind=Organisation.Kind.KNOWLEDGE_BASED).count(),
        "estates": Estate.objects.filter(organisations__in=visible).distinct().count(),
    }
