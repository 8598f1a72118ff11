"""The sourcing pages: listing a need with its HS code suggested from the text and confirmed, its last three
years' imports and its drawing; editing it; the need list's filters and Excel export; a monthly report's imported
input turned into a need in one step; the capability profile; «needs I could serve»; the linkage table; the
marketplace; and the templates' obedience to the strict CSP."""

from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from rownaq.reporting.models import ImportLine, MonthlyReport
from rownaq.sourcing import services
from rownaq.sourcing.forms import history_years
from rownaq.sourcing.models import Capability, Need
from tests.web.test_static import audit, missing_static_files

from .conftest import PDF, list_need, published

APP_DIR = Path(__file__).resolve().parents[2] / "src" / "rownaq" / "sourcing"
TEMPLATES = sorted((APP_DIR / "templates").rglob("*.html"))


@pytest.mark.django_db
def test_listing_a_need_with_a_suggested_and_confirmed_hs_code(client, makers):
    w = makers
    client.force_login(w.member_a)
    form = client.get(reverse("sourcing:need-create"))
    assert form.status_code == 200 and 'type="hidden" name="organisation"' in form.content.decode()
    fragment = client.get(reverse("sourcing:suggest-hs"), {"title": "قالب تزریق پلاستیک درب بطری"})
    assert 'data-hs-pick="848071"' in fragment.content.decode()
    years = history_years()
    data = {
        "organisation": w.unit_a.pk,
        "title": "قالب تزریق درب بطری ۲۴ کویته",
        "kind": "mould",
        "hs_code": "8480.71",
        "unit": "set",
        "currency": "EUR",
        "visibility": "public",
        "annual_quantity": "۲",
        "annual_fx_value": "۱۲۰٬۰۰۰",
        "imports_0": "110000",
        "imports_2": "۹۰٬۰۰۰",
        "origin_country": "CN",
        "processes": ["mould_making"],
        "target_year": "۱۴۰۵",
        "part_number": "BC-24",
        "attachments": [SimpleUploadedFile("نقشه.pdf", PDF)],
    }
    refused = client.post(reverse("sourcing:need-create"), {**data, "attachments": []})
    assert refused.status_code == 400 and "hs_confirmed" in refused.context["form"].errors
    response = client.post(reverse("sourcing:need-create"), {**data, "hs_confirmed": "on"})
    assert response.status_code == 302
    need = Need.objects.get()
    assert (need.hs_id, need.hs_confirmed, need.status, need.annual_fx_value, need.target_year) == (
        "848071",
        True,
        "draft",
        Decimal("120000"),
        1405,
    )
    assert need.imports_history == {str(years[0]): "110000", str(years[2]): "90000"}
    assert need.attachments.count() == 1 and need.events.get().to_status == "draft"
    page = client.get(response["Location"]).content.decode()
    assert "۱۲۰٬۰۰۰" in page and w.mould_maker.name in page and "نقشه.pdf" in page
    assert f'واردات <span class="num">{"".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in str(years[0]))}</span>' in page


@pytest.mark.django_db
def test_an_unknown_hs_code_is_refused(client, makers):
    client.force_login(makers.member_a)
    response = client.post(
        reverse("sourcing:need-create"),
        {
            "organisation": makers.unit_a.pk,
            "title": "x",
            "kind": "part",
            "hs_code": "999999",
            "hs_confirmed": "on",
            "unit": "pcs",
            "currency": "USD",
            "visibility": "public",
        },
    )
    assert response.status_code == 400 and "فهرست کدهای HS نیست" in str(response.context["form"].errors)


@pytest.mark.django_db
def test_editing_a_need_keeps_its_version_and_refuses_a_stale_form(client, makers):
    w = makers
    need = list_need(w)
    client.force_login(w.member_a)
    url = reverse("sourcing:need-edit", args=[need.pk])
    data = {
        "title": "قالب تزریق درب بطری (اصلاح)",
        "kind": "mould",
        "unit": "set",
        "currency": "EUR",
        "visibility": "anonymous",
        "hs_code": "848071",
        "hs_confirmed": "on",
        "version": need.version,
    }
    assert client.post(url, data).status_code == 302
    need.refresh_from_db()
    assert (need.title, need.visibility, need.version) == ("قالب تزریق درب بطری (اصلاح)", "anonymous", 2)
    stale = client.post(url, {**data, "title": "دیر رسید"})
    assert stale.status_code == 409 and Need.objects.get(pk=need.pk).title == "قالب تزریق درب بطری (اصلاح)"
    services.move(need, w.member_a, "withdrawn", withdraw_reason="one_time")
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_the_need_list_filters_and_exports(client, makers):
    w = makers
    list_need(w, title="قالب تزریق الف")
    published(w, title="بلبرینگ SKF 6205", kind="part", hs=None)
    client.force_login(w.staff_province)
    url = reverse("sourcing:need-list")
    assert client.get(url).context["total_count"] == 2
    assert [n.title for n in client.get(url, {"status": "published"}).context["object_list"]] == ["بلبرینگ SKF 6205"]
    assert client.get(url, {"hs": "8480"}).context["total_count"] == 1
    assert client.get(url, {"q": "بلبرينگ"}).context["total_count"] == 1, "Arabic ي finds Persian ی"
    assert client.get(url, {"estate": w.salimi.pk, "kind": "mould"}).context["total_count"] == 1
    sheet = load_workbook(BytesIO(client.get(url, {"export": "xlsx", "kind": "part"}).content)).active
    assert [c.value for c in sheet[2]][:2] == ["بلبرینگ SKF 6205", w.unit_a.name]


@pytest.mark.django_db
def test_an_imported_input_becomes_a_need_in_one_step(client, makers):
    w = makers
    report = MonthlyReport.objects.create(organisation=w.unit_a, year=1403, month=4)
    line = ImportLine.objects.create(
        report=report,
        item="قالب تزریق پلاستیک",
        hs=w.hs,
        origin_country="CN",
        quantity=Decimal("1"),
        unit="set",
        value=Decimal("10000"),
        currency="EUR",
    )
    client.force_login(w.member_a)
    page = client.get(reverse("reporting:report-detail", args=[report.pk])).content.decode()
    button = reverse("sourcing:from-import-line", args=[line.pk])
    assert button in page and "تبدیل به نیاز ساخت داخل" in page
    response = client.post(button)
    need = Need.objects.get(source_import_line=line)
    assert response["Location"] == reverse("sourcing:need-edit", args=[need.pk])
    # one mould bought this month and nothing before: one mould a year, not twelve; a mould, not a raw material
    assert (need.title, need.hs_id, need.annual_fx_value, need.annual_quantity, need.kind, need.organisation) == (
        "قالب تزریق پلاستیک",
        "848071",
        Decimal("10000"),
        Decimal("1"),
        "mould",
        w.unit_a,
    )
    assert client.post(button).status_code == 302 and Need.objects.count() == 1, "one line, one need"
    page = client.get(reverse("reporting:report-detail", args=[report.pk])).content.decode()
    assert reverse("sourcing:need-detail", args=[need.pk]) in page and button not in page
    client.force_login(w.staff_marand_readonly)
    assert client.post(button).status_code == 404
    client.force_login(w.member_b)
    assert client.post(button).status_code == 404


@pytest.mark.django_db
def test_the_capability_profile_and_the_needs_a_maker_could_serve(client, makers):
    w = makers
    need = published(w)
    client.force_login(w.maker)
    assert client.get(reverse("sourcing:capability-list"))["Location"] == reverse(
        "sourcing:capability-edit", args=[w.mould_maker.pk]
    )
    edit = reverse("sourcing:capability-edit", args=[w.mould_maker.pk])
    assert "848071" in client.get(edit).content.decode()
    response = client.post(
        edit,
        {
            "summary": "قالب تزریق پلاستیک و قالب دایکاست",
            "processes": ["mould_making"],
            "hs_codes": "848071، 848041",
            "materials": "فولاد H13",
            "notify": "on",
            "accepts_new_work": "on",
        },
    )
    assert response.status_code == 302
    capability = Capability.objects.get(organisation=w.mould_maker)
    assert sorted(capability.hs_codes.values_list("code", flat=True)) == ["848041", "848071"]
    bad = client.post(edit, {"summary": "x", "hs_codes": "123456"})
    assert bad.status_code == 400 and "۱۲۳۴۵۶" in bad.content.decode()
    serve = client.get(response["Location"])
    assert serve.status_code == 200
    results = serve.context["results"]
    assert [m.need for m, _ in results] == [need]
    assert results[0][1] == w.unit_a.name


@pytest.mark.django_db
def test_the_linkage_page_and_its_export(client, makers):
    w = makers
    report = MonthlyReport.objects.create(organisation=w.unit_b, year=1403, month=5, status="accepted")
    ImportLine.objects.create(report=report, item="قالب تزریق پلاستیک", hs=w.hs, value=Decimal("30000"), currency="EUR")
    client.force_login(w.staff_province)
    response = client.get(reverse("sourcing:linkage"))
    html = response.content.decode()
    assert response.context["province"] == w.eaz and response.context["local_count"] == 1
    assert w.unit_b.name in html and w.mould_maker.name in html and 'data-testid="makes-the-code"' in html
    sheet = load_workbook(BytesIO(client.get(reverse("sourcing:linkage"), {"export": "xlsx"}).content)).active
    assert sheet["A2"].value == "قالب تزریق پلاستیک" and sheet["F2"].value == "بله"
    client.force_login(w.staff_salimi)
    rows = client.get(reverse("sourcing:linkage")).context["rows"]
    assert rows == [], "unit B's imports are outside the Salimi estate"
    client.force_login(w.staff_other_province)
    assert client.get(reverse("sourcing:linkage"), {"province": "EAZ"}).status_code == 404


@pytest.mark.django_db
def test_the_linkage_table_sums_only_what_the_viewer_may_see(client, makers):
    """Issue 15 finding 4: Salimi's expert saw province-wide sums (and item names, drafts included) beside only
    unit A, so subtracting A's own figures gave unit B's imports away. Every figure now comes from the viewer's
    scope and from accepted reports only."""
    w = makers
    mine = MonthlyReport.objects.create(organisation=w.unit_a, year=1403, month=5, status="accepted")
    ImportLine.objects.create(report=mine, item="قالب تزریق پلاستیک", hs=w.hs, value=Decimal("100"), currency="EUR")
    draft = MonthlyReport.objects.create(organisation=w.unit_a, year=1403, month=6)
    ImportLine.objects.create(report=draft, item="پیش‌نویس محرمانه", value=Decimal("7"), currency="USD")
    theirs = MonthlyReport.objects.create(organisation=w.unit_b, year=1403, month=5, status="accepted")
    ImportLine.objects.create(
        report=theirs, item="قالب تزریق پلاستیک B", hs=w.hs, value=Decimal("30000"), currency="EUR"
    )
    ImportLine.objects.create(report=theirs, item="گرانول سری", value=Decimal("5000"), currency="USD")
    client.force_login(w.staff_salimi)
    response = client.get(reverse("sourcing:linkage"))
    rows = response.context["rows"]
    assert [(r.importers, r.values) for r in rows] == [([w.unit_a], {"EUR": Decimal("100")})]
    html = response.content.decode()
    assert "گرانول سری" not in html and "پیش‌نویس محرمانه" not in html and "30,000" not in html
    sheet = load_workbook(BytesIO(client.get(reverse("sourcing:linkage"), {"export": "xlsx"}).content)).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "100 EUR" in cells and "30,100" not in cells and "گرانول سری" not in cells
    client.force_login(w.staff_province)
    values = {frozenset(r.importers): r.values for r in client.get(reverse("sourcing:linkage")).context["rows"]}
    assert values[frozenset({w.unit_a, w.unit_b})] == {"EUR": Decimal("30100")}


@pytest.mark.django_db
def test_the_marketplace_and_expressing_interest(client, makers):
    w = makers
    need = published(w)
    draft = list_need(w, title="پیش‌نویس")
    client.force_login(w.maker)
    response = client.get(reverse("sourcing:market"))
    assert [n.pk for n, *_ in response.context["rows"]] == [need.pk]
    assert draft.title not in response.content.decode()
    url = reverse("sourcing:market-interest", args=[need.pk])
    assert client.post(url, {"maker": w.mould_maker.pk, "message": "ساخته‌ایم"}).status_code == 302
    need.refresh_from_db()
    assert need.status == "interest" and need.interests.get().maker == w.mould_maker
    again = client.post(url, {"maker": w.mould_maker.pk})
    assert again.status_code == 400 and "پیش‌تر" in again.content.decode()
    assert client.get(reverse("sourcing:market"), {"stage": "later"}).context["total_count"] == 0
    client.force_login(w.member_a)
    own = client.post(url, {"maker": w.unit_a.pk})
    assert own.status_code == 400 and need.interests.count() == 1
    page = client.get(need.get_absolute_url()).content.decode()
    assert "ساخته‌ایم" in page and 'data-testid="shortlist-form"' in page


def test_there_are_templates():
    assert len(TEMPLATES) >= 10


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_template_is_allowed_by_a_strict_csp_and_needs_no_internet(template):
    text = template.read_text(encoding="utf-8")
    result = audit(text)
    assert (result.inline_scripts, result.inline_styles, result.event_handlers, result.external_urls) == (0, [], [], [])
    assert missing_static_files(text) == []


def test_the_scripts_are_our_own_static_files():
    charts = (APP_DIR / "static" / "sourcing" / "savings_charts.js").read_text(encoding="utf-8")
    assert "savings-data" in charts and "http" not in charts
    picker = (APP_DIR / "static" / "sourcing" / "sourcing.js").read_text(encoding="utf-8")
    assert "data-hs-pick" in picker and "http" not in picker


@pytest.mark.django_db
def test_a_need_from_an_import_line_counts_the_units_real_imports_of_the_year(client, makers):
    """Steel bought in three of the last twelve months (accepted reports), one of them in dollars, one draft
    month ignored: the yearly figures are the sums of what was really imported, in the line's currency."""
    from rownaq.reporting.models import MonthlyReport as Report

    w = makers
    hs, _ = w.hs.__class__.objects.get_or_create(
        code="722490", defaults={"level": 6, "section": "XV", "title_en": "Other alloy steel"}
    )
    lines = []
    for year, month, status, value, currency in [
        (1403, 1, "accepted", "5000", "EUR"),
        (1403, 2, "accepted", "7000", "EUR"),
        (1403, 3, "accepted", "900", "USD"),
        (1403, 4, "draft", "99999", "EUR"),
        (1402, 3, "accepted", "123456", "EUR"),
    ]:
        report = Report.objects.create(organisation=w.unit_a, year=year, month=month, status=status)
        lines.append(
            ImportLine.objects.create(
                report=report,
                item="فولاد قالب",
                hs=hs,
                quantity=Decimal("2"),
                unit="t",
                value=Decimal(value),
                currency=currency,
            )
        )
    latest = Report.objects.create(organisation=w.unit_a, year=1403, month=5, status="submitted")
    line = ImportLine.objects.create(
        report=latest,
        item="فولاد قالب ۱.۲۳۱۱",
        hs=hs,
        quantity=Decimal("3"),
        unit="t",
        value=Decimal("8000"),
        currency="EUR",
    )
    client.force_login(w.member_a)
    client.post(reverse("sourcing:from-import-line", args=[line.pk]))
    need = Need.objects.get(source_import_line=line)
    assert need.kind == "raw_material"
    assert need.annual_fx_value == Decimal("20000")  # 5,000 + 7,000 + 8,000 EUR (the USD month is not added)
    assert need.annual_quantity == Decimal("9")  # 2 + 2 + 2 + 3 tonnes
    assert "۴ ماه" in need.description


def test_the_kind_of_an_item_follows_its_hs_code():
    from rownaq.sourcing.item_kinds import kind_for_hs

    assert kind_for_hs("848071") == "mould" and kind_for_hs("8207.30") == "mould"
    assert kind_for_hs("۸۴۸۰.۷۱") == "mould"  # typed in Persian digits, the same code
    assert kind_for_hs("390110") == "raw_material" and kind_for_hs("722490") == "raw_material"
    assert kind_for_hs("392690") == "part" and kind_for_hs("848310") == "part" and kind_for_hs("870899") == "part"
    assert kind_for_hs("847989") == "equipment" and kind_for_hs("340319") == "consumable"
    assert kind_for_hs("") == "part"
