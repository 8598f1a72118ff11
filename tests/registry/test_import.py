"""Excel import of organisations and products: all-or-nothing, every bad row named by sheet, row and column."""

from io import BytesIO

import pytest
from openpyxl import Workbook

from rownaq.core.importing import ImportFileError
from rownaq.core.models import ChangeRecord
from rownaq.core.national_id import make_national_id
from rownaq.registry import services
from rownaq.registry.models import Organisation, Product

ORG_HEADERS = [
    "نام",
    "نوع",
    "شناسه ملی",
    "شهرستان",
    "شهرک",
    "کد آیسیک",
    "تاریخ پروانه",
    "تعداد کارکنان",
    "وضعیت",
    "تعداد نوبت",
    "صادرکننده",
]
PRODUCT_HEADERS = ["شناسه ملی واحد", "نام محصول", "کد تعرفه", "ظرفیت سالانه", "واحد سنجش"]


def workbook(org_rows, product_rows=(), org_headers=ORG_HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "واحدها"
    ws.append(org_headers)
    for row in org_rows:
        ws.append(row)
    ws2 = wb.create_sheet("محصولات")
    ws2.append(PRODUCT_HEADERS)
    for row in product_rows:
        ws2.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def good_row(name, seed, county="تبریز", estate="سلیمی"):
    return [name, "واحد صنعتی", make_national_id(seed), county, estate, "2822", "1402/05/17", 35, "فعال", 3, "بله"]


@pytest.fixture
def valid_file():
    return workbook(
        [good_row("ریخته‌گری نمونهٔ یک", "2012345601"), good_row("قالب‌سازی نمونهٔ دو", "2012345602")],
        [[make_national_id("2012345601"), "قالب تزریق", "8480.71", 12, "دستگاه"]],
    )


def test_valid_file_is_planned_then_applied(world, valid_file):
    plan = services.plan_import(valid_file, world.staff_province)
    assert plan.report.ok, plan.report.errors
    assert Organisation.objects.filter(name="ریخته‌گری نمونهٔ یک").count() == 0  # planning writes nothing
    services.apply_import(plan)
    first = Organisation.objects.get(national_id=make_national_id("2012345601"))
    assert first.estate == world.salimi and first.usual_shifts == 3 and first.is_exporter
    assert first.licence_date.isoformat() == "2023-08-08"  # 1402/05/17
    assert Product.objects.get(organisation=first).hs_id == "848071"


def test_two_bad_rows_import_nothing_and_name_row_and_column(world):
    bad_id = make_national_id("2012345603")[:-1] + str((int(make_national_id("2012345603")[-1]) + 1) % 10)
    rows = [
        good_row("واحد خوب یک", "2012345601"),
        ["واحد بد یک", "واحد صنعتی", bad_id, "تبریز", "", "", "", "", "فعال", 2, "خیر"],
        good_row("واحد خوب دو", "2012345602"),
        [
            "واحد بد دو",
            "واحد صنعتی",
            make_national_id("2012345604"),
            "شهرستان ناموجود",
            "",
            "",
            "",
            10,
            "فعال",
            4,
            "خیر",
        ],
    ]
    plan = services.plan_import(workbook(rows), world.staff_province)
    where = {(e.row, e.column) for e in plan.report.errors}
    assert (3, "شناسه ملی") in where
    assert (5, "شهرستان") in where and (5, "تعداد نوبت") in where
    assert {e.row for e in plan.report.errors} == {3, 5}
    with pytest.raises(ValueError):
        services.apply_import(plan)
    assert not Organisation.objects.filter(name__startswith="واحد خوب").exists()


@pytest.mark.parametrize(
    "cell, column",
    [
        ('=HYPERLINK("http://x")', "نام"),
        ("abc", "تعداد کارکنان"),
        (-3, "تعداد کارکنان"),
        ("1402/13/01", "تاریخ پروانه"),
        ("1404/12/30", "تاریخ پروانه"),  # 1404 is not a leap year: Esfand has 29 days
    ],
)
def test_wrong_types_formulas_and_impossible_dates_are_reported(world, cell, column):
    row = good_row("واحد آزمون", "2012345605")
    row[ORG_HEADERS.index(column)] = cell
    plan = services.plan_import(workbook([row]), world.staff_province)
    assert [e.row for e in plan.report.errors] == [2]
    assert not plan.report.ok


def test_arabic_letters_and_missing_zwnj_in_place_names_are_understood(world):
    row = good_row("واحد آزمون", "2012345606", county="تبريز", estate="شهرك صنعتي سليمي")
    plan = services.plan_import(workbook([row]), world.staff_province)
    assert plan.report.ok, plan.report.errors
    assert plan.organisations[0].values["estate"] == world.salimi


def test_duplicate_national_id_in_the_file_is_an_error(world):
    rows = [good_row("یک", "2012345607"), good_row("دو", "2012345607")]
    plan = services.plan_import(workbook(rows), world.staff_province)
    assert [(e.row, e.column) for e in plan.report.errors] == [(3, "شناسه ملی")]


def test_staff_cannot_import_outside_their_places(world, valid_file):
    plan = services.plan_import(valid_file, world.staff_other_province)
    assert {e.column for e in plan.report.errors} >= {"شهرستان"}


def test_existing_unit_is_updated_not_duplicated(world):
    row = good_row("نام تازهٔ واحد الف", "2012345609")
    row[2] = world.unit_a.national_id
    plan = services.plan_import(workbook([row]), world.staff_province)
    assert plan.report.ok, plan.report.errors
    report = services.apply_import(plan)
    world.unit_a.refresh_from_db()
    assert world.unit_a.name == "نام تازهٔ واحد الف" and report.updated == ["نام تازهٔ واحد الف"]
    change = ChangeRecord.objects.filter(object_id=str(world.unit_a.pk), action="update").latest("at")
    assert change.before["name"] != change.after["name"]


def test_product_for_unknown_unit_is_an_error(world):
    data = workbook([], [["10100000006", "محصول", "848071", 1, "تن"]])
    plan = services.plan_import(data, world.staff_province)
    assert [(e.sheet, e.row, e.column) for e in plan.report.errors] == [("محصولات", 2, "شناسه ملی واحد")]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"this is not a spreadsheet", "اکسل"),
        (b"PK\x03\x04 broken zip", "خراب"),
    ],
)
def test_unreadable_files_get_a_clear_message(world, data, message):
    with pytest.raises(ImportFileError, match=message):
        services.plan_import(data, world.staff_province)


def test_oversized_file_is_refused(world, settings, valid_file):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ImportFileError, match="مگابایت"):
        services.plan_import(valid_file, world.staff_province)


def test_missing_sheet_is_refused(world):
    wb = Workbook()
    wb.active.title = "Sheet1"
    buffer = BytesIO()
    wb.save(buffer)
    with pytest.raises(ImportFileError, match="واحدها"):
        services.plan_import(buffer.getvalue(), world.staff_province)


def test_a_failure_while_writing_leaves_nothing_behind(world, valid_file, monkeypatch):
    plan = services.plan_import(valid_file, world.staff_province)
    original = Product.save

    def explode(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Product, "save", explode)
    with pytest.raises(RuntimeError):
        services.apply_import(plan)
    monkeypatch.setattr(Product, "save", original)
    assert not Organisation.objects.filter(national_id=make_national_id("2012345601")).exists()


def test_template_file_round_trips(world):
    plan = services.plan_import(services.import_template(), world.admin)
    # The sample row names a real county and estate only when the demo data is loaded; here it reports them.
    assert all(e.row == 2 for e in plan.report.errors)
