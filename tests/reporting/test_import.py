"""Bulk import of a month's reports from Excel: all or nothing, bad rows named; re-import changes nothing."""

from io import BytesIO

import pytest
from openpyxl import Workbook

from rownaq.reporting import importer
from rownaq.reporting.models import MonthlyReport


def workbook(month, reports, production=(), exports=()):
    wb = Workbook()
    ws = wb.active
    ws.title = "گزارش‌ها"
    ws.append(["شناسه ملی", "ماه", "نوبت کاری", "روزهای کاری", "کل کارکنان", "کارکنان نوبت ۱"])
    for row in reports:
        ws.append(row)
    ws = wb.create_sheet("تولید")
    ws.append(["شناسه ملی", "ماه", "محصول", "مقدار"])
    for row in production:
        ws.append(row)
    ws = wb.create_sheet("صادرات")
    ws.append(["شناسه ملی", "ماه", "کشور", "کد تعرفه", "مقدار", "ارزش", "ارز"])
    for row in exports:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def period(month):
    return f"{month.year}/{month.month:02d}"


def test_valid_file_creates_and_submits_reports(world, period):
    data = workbook(
        period,
        [[world.unit_a.national_id, period, 3, 24, 90, 30], [world.unit_b.national_id, period, 2, 22, 40, 20]],
        production=[[world.unit_a.national_id, period, "قالب تزريق پلاستيك", 8]],  # Arabic letters
        exports=[[world.unit_a.national_id, period, "سوريه", "848071", 2, 48000, "USD"]],
    )
    plan = importer.plan_import(data, world.staff_province)
    assert plan.report.ok, plan.report.errors
    importer.apply_import(plan, world.staff_province)
    reports = MonthlyReport.objects.order_by("organisation__name")
    assert [r.status for r in reports] == ["submitted", "submitted"]
    a = MonthlyReport.objects.get(organisation=world.unit_a)
    assert a.source == "import" and a.production_lines.get().quantity == 8
    assert a.export_lines.get().country == "SY"
    again = importer.plan_import(data, world.staff_province)  # the same file again: locked months
    assert not again.report.ok


def test_bad_rows_are_named_and_nothing_is_written(world, period):
    data = workbook(
        period,
        [
            [world.unit_a.national_id, period, 3, 24, 90, 30],
            [world.unit_b.national_id, "1404/13", 2, 22, 40, 20],
            [world.unit_c.national_id, period, 5, 22, 40, 20],
        ],
    )
    plan = importer.plan_import(data, world.staff_province)
    rows = {(e.row, e.column) for e in plan.report.errors}
    assert (3, "ماه") in rows
    assert any(row == 4 for row, _ in rows)  # unit C is outside East Azerbaijan, and shifts 5 is invalid
    with pytest.raises(ValueError):
        importer.apply_import(plan, world.staff_province)
    assert not MonthlyReport.objects.exists()


def test_formulas_and_unknown_products_are_refused(world, period):
    data = workbook(period, [[world.unit_a.national_id, period, "=1+2", 24, 90, 30]])
    plan = importer.plan_import(data, world.staff_province)
    assert [(e.row, e.column) for e in plan.report.errors] == [(2, "نوبت کاری")]
    data = workbook(
        period,
        [[world.unit_a.national_id, period, 3, 24, 90, 30]],
        production=[[world.unit_a.national_id, period, "محصول ناشناخته", 3]],
    )
    plan = importer.plan_import(data, world.staff_province)
    assert [(e.sheet, e.row, e.column) for e in plan.report.errors] == [("تولید", 2, "محصول")]


def test_sample_workbook_is_readable(world):
    plan = importer.plan_import(importer.sample_workbook(), world.admin)
    assert all(e.column == "شناسه ملی" for e in plan.report.errors)
