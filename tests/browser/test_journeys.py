"""The registry's main journeys, driven in a real Chromium against the live server (offline, RTL, Persian)."""

import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from rownaq.core.national_id import is_valid_national_id, make_national_id
from rownaq.registry.models import Organisation, Product
from rownaq.registry.services import ORGANISATION_COLUMNS, ORGANISATION_HEADERS, PRODUCT_HEADERS
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIST_URL = "/registry/organisations/"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fa(value) -> str:
    return str(value).translate(str.maketrans("0123456789", PERSIAN_DIGITS))


def listed_names(page) -> list[str]:
    return page.locator("[data-testid=organisation-table] tbody td:first-child a").all_inner_texts()


# ---------------------------------------------------------------- 1. login


def test_staff_logs_in_and_sees_dashboard_wrong_password_is_refused_in_persian(world, page):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", world.staff_province.username)
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    error = page.locator("form .alert-danger")
    expect(error).to_be_visible()
    assert re.search(r"[\u0600-\u06FF]{3}", error.inner_text()), error.inner_text()
    assert not re.search(r"[A-Za-z]{3}", error.inner_text()), error.inner_text()
    expect(error).to_contain_text("گذرواژه")
    assert "/accounts/login/" in page.url

    login(page, world.staff_province.username)
    expect(page.locator("h1")).to_have_text("پیشخوان")
    # Unit A and B, the chamber and IRNA are in East Azerbaijan; unit C (Tehran) is not.
    expect(page.get_by_test_id("count-organisations")).to_have_text("۴")
    expect(page.locator("nav .dropdown-toggle")).to_contain_text(world.staff_province.username)
    assert page.locator("html").get_attribute("dir") == "rtl"


# ---------------------------------------------------------------- 2. search


def test_search_with_arabic_yeh_and_no_zwnj_finds_the_unit(world, page):
    login(page, world.staff_province.username)
    page.goto(LIST_URL)
    page.fill("#id_q", "قالبسازي")  # Arabic yeh (U+064A), no ZWNJ
    page.press("#id_q", "Enter")
    page.wait_for_url(re.compile(r"[?&]q="))
    assert listed_names(page) == [world.unit_a.name]
    expect(page.get_by_test_id("result-count")).to_have_text("۱")


# ---------------------------------------------------------------- 3. create


def test_create_unit_rejects_a_bad_national_id_then_saves_with_product_and_history(world, page):
    bad_id = "10101010100"
    assert not is_valid_national_id(bad_id)
    good_id = make_national_id("1040404040")
    name = "صنایع آزمون فرم (نمونه)"
    before = Organisation.objects.count()

    login(page, world.staff_province.username)
    page.goto(LIST_URL)
    page.get_by_role("link", name="ثبت سازمان یا واحد جدید").click()
    page.wait_for_url("**/registry/organisations/new/")
    page.select_option("#id_kind", "unit")
    page.fill("#id_name", name)
    page.select_option("#id_county", str(world.tabriz.pk))
    page.select_option("#id_estate", str(world.salimi.pk))
    page.fill("#id_national_id", bad_id)
    page.fill("#id_licence_date", "۱۴۰۲/۰۵/۱۷")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="ذخیره").click()

    error = page.locator("#id_national_id_error")
    expect(error).to_contain_text("رقم کنترل")
    expect(page.locator(".alert-danger").first).to_contain_text("چیزی ذخیره نشد")
    assert Organisation.objects.count() == before
    assert not Organisation.objects.filter(name=name).exists()

    page.fill("#id_national_id", good_id)
    page.fill("#id_products-0-name", "قالب دایکست")
    page.fill("#id_products-0-hs", "848071")
    page.fill("#id_products-0-annual_capacity", "250")
    page.select_option("#id_products-0-unit", "set")
    page.get_by_role("button", name="ذخیره").click()

    page.wait_for_url(re.compile(r"/registry/organisations/\d+/$"))
    created = Organisation.objects.get(national_id=good_id)
    assert created.name == name and created.estate == world.salimi
    assert str(created.licence_date) == "2023-08-08"  # 1402/05/17
    product = Product.objects.get(organisation=created)
    assert (product.name, product.hs_id, product.annual_capacity) == ("قالب دایکست", "848071", 250)
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("dd", has_text="۱۴۰۲/۰۵/۱۷")).to_be_visible()
    national_id = page.get_by_test_id("national-id")
    expect(national_id).to_have_text(fa(good_id))
    # Numbers are LTR inside the RTL grid; they must stay beside their label, not drop to a line of their own.
    label_box = page.locator("dt", has_text="شناسهٔ ملی").bounding_box()
    assert abs(national_id.bounding_box()["y"] - label_box["y"]) < 2, (label_box, national_id.bounding_box())
    expect(page.get_by_test_id("products")).to_contain_text("قالب دایکست")
    page.screenshot(path="/tmp/rownaq-detail.png", full_page=True)

    page.goto(LIST_URL)
    page.fill("#id_q", "آزمون فرم")
    page.press("#id_q", "Enter")
    page.wait_for_url(re.compile(r"[?&]q="))
    assert listed_names(page) == [name]
    page.get_by_role("link", name=name).click()
    page.get_by_role("link", name="سابقهٔ تغییرات").click()
    page.wait_for_url(f"**/registry/organisations/{created.pk}/history/")
    create_row = page.get_by_test_id("history").locator("tbody tr", has_text="ایجاد").filter(has_text=name).first
    expect(create_row).to_contain_text(world.staff_province.username)


# ---------------------------------------------------------------- 4. import

IMPORT_HEADERS = ["نام", "نوع", "شناسه ملی", "شهرستان", "شهرک", "کد آیسیک", "تعداد کارکنان", "تعداد نوبت", "صادرکننده"]
PRODUCT_SHEET_HEADERS = ["شناسه ملی واحد", "نام محصول", "کد تعرفه", "ظرفیت سالانه", "واحد سنجش"]


def import_rows(bad: bool) -> list[list]:
    ids = [make_national_id(seed) for seed in ("1060606060", "1070707070", "1080808080", "1090909090", "1121212121")]
    wrong_check_digit = ids[3][:10] + str((int(ids[3][10]) + 1) % 10)
    assert not is_valid_national_id(wrong_check_digit)
    return [
        ["ورود آزمایشی یکم", "واحد صنعتی", ids[0], "تبریز", "سلیمی", "2822", 12, 1, "بله"],
        ["ورود آزمایشی دوم", "واحد صنعتی", ids[1], "تبريز", "شهرک صنعتی سلیمی", "2822", 30, 2, "خیر"],
        ["ورود آزمایشی سوم", "واحد صنعتی", ids[2], "مرند", "", "2822", 8, 3, ""],
        ["ورود آزمایشی چهارم", "واحد صنعتی", wrong_check_digit if bad else ids[3], "تبریز", "", "", 5, 1, "خیر"],
        ["ورود آزمایشی پنجم", "واحد صنعتی", ids[4], "مرند", "", "", 9, 4 if bad else 2, "خیر"],
    ]


def import_workbook(bad: bool) -> bytes:
    assert set(IMPORT_HEADERS) <= set(ORGANISATION_HEADERS)
    assert set(PRODUCT_SHEET_HEADERS) <= set(PRODUCT_HEADERS)
    rows = import_rows(bad)
    wb = Workbook()
    units = wb.active
    units.title = "واحدها"
    units.append(IMPORT_HEADERS)
    for row in rows:
        units.append(row)
    products = wb.create_sheet("محصولات")
    products.append(PRODUCT_SHEET_HEADERS)
    products.append([rows[0][2], "قالب فلزی", "848071", 40, "دستگاه"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(page, data: bytes, name: str) -> None:
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": XLSX, "buffer": data}])
    page.get_by_role("button", name="بررسی و پیش‌نمایش").click()
    page.wait_for_load_state()


def test_import_with_two_bad_rows_writes_nothing_then_corrected_file_is_imported(world, page, task_worker):
    names = [row[0] for row in import_rows(bad=False)]
    before = Organisation.objects.count()
    login(page, world.staff_province.username)
    page.goto(LIST_URL)
    page.get_by_role("link", name="ورود از اکسل").click()
    page.wait_for_url("**/registry/organisations/import/")

    upload(page, import_workbook(bad=True), "units-with-errors.xlsx")
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("هیچ ردیفی ثبت نشد")
    rows = [[cell.strip() for cell in row.locator("td").all_inner_texts()] for row in errors.locator("tbody tr").all()]
    assert [row[:3] for row in rows] == [["واحدها", "۵", "شناسه ملی"], ["واحدها", "۶", "تعداد نوبت"]], rows
    assert "رقم کنترل" in rows[0][3]
    assert "۱، ۲ یا ۳" in rows[1][3]
    expect(page.get_by_test_id("import-preview")).to_have_count(0)
    page.screenshot(path="/tmp/rownaq-import-errors.png", full_page=True)
    assert Organisation.objects.count() == before
    assert not Organisation.objects.filter(name__in=names).exists()
    assert not Product.objects.filter(name="قالب فلزی").exists()

    upload(page, import_workbook(bad=False), "units-fixed.xlsx")
    preview = page.get_by_test_id("import-preview")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("۵ واحد و ۱ محصول")
    for name in names:
        expect(preview).to_contain_text(name)
    assert Organisation.objects.count() == before  # a preview writes nothing either
    page.get_by_role("button", name="تأیید و ثبت").click()
    expect(page.get_by_test_id("import-applied")).to_contain_text("ورود اطلاعات انجام شد")
    page.goto(LIST_URL)

    assert Organisation.objects.count() == before + 5
    assert Product.objects.filter(name="قالب فلزی", organisation__name=names[0]).exists()
    page.fill("#id_q", "ورود آزمایشی")
    page.press("#id_q", "Enter")
    page.wait_for_url(re.compile(r"[?&]q="))
    assert sorted(listed_names(page)) == sorted(names)


# ---------------------------------------------------------------- 5. export


def test_export_holds_exactly_the_filtered_rows(world, page):
    second = Organisation.objects.create(
        name="پرس‌کاری سلیمی (نمونه)",
        county=world.tabriz,
        estate=world.salimi,
        national_id=make_national_id("1131313131"),
        usual_shifts=2,
        employees=45,
    )
    login(page, world.staff_province.username)
    page.goto(LIST_URL)
    page.select_option("#id_estate", str(world.salimi.pk))  # data-autosubmit submits the filter
    page.wait_for_url(re.compile(rf"[?&]estate={world.salimi.pk}"))
    shown = listed_names(page)
    assert sorted(shown) == sorted([world.unit_a.name, second.name])

    with page.expect_download() as download_info:
        page.get_by_test_id("export").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as handle:
        wb = load_workbook(io.BytesIO(handle.read()))
    ws = wb.active
    assert ws.sheet_view.rightToLeft
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == [column.header for column in ORGANISATION_COLUMNS]
    assert rows[0][0] == "نام" and rows[0][2] == "شناسه ملی"
    body = rows[1:]
    assert sorted(row[0] for row in body) == sorted(shown)
    assert {row[5] for row in body} == {world.salimi.name}
    assert {row[2] for row in body} == {world.unit_a.national_id, second.national_id}


# ---------------------------------------------------------------- 6. member scope


def test_unit_member_sees_only_their_organisation_and_404_for_another(world, page, guard):
    login(page, world.member_a.username)
    page.goto(LIST_URL)
    assert listed_names(page) == [world.unit_a.name]
    expect(page.get_by_test_id("result-count")).to_have_text("۱")

    other = f"/registry/organisations/{world.unit_b.pk}/"
    guard.allow_console_error(re.escape(other) + "$")
    response = page.goto(other)
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(world.unit_b.name)
    page.screenshot(path="/tmp/rownaq-404.png")


# ---------------------------------------------------------------- 7. date picker, offline


def test_jalali_date_picker_opens_from_vendored_script(world, page):
    scripts = []
    page.on("response", lambda r: scripts.append((r.url, r.status)) if "jalalidatepicker" in r.url else None)
    login(page, world.staff_province.username)
    page.goto("/registry/organisations/new/")
    picker = page.locator("jdp-container")
    expect(picker).to_have_count(0)
    page.click("#id_licence_date")
    expect(picker).to_be_visible()
    expect(picker).to_contain_text(re.compile(f"[{PERSIAN_DIGITS}]"))
    page.screenshot(path="/tmp/rownaq-datepicker.png")
    assert any(url.endswith(".js") and status == 200 for url, status in scripts), scripts
    assert all(re.match(r"https?://(localhost|127\.0\.0\.1)[:/]", url) for url, _ in scripts), scripts
