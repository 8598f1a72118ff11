"""Issue 5's journey in real Chromium: a factory in the Salimi estate lists a foreign injection mould with a PDF
drawing, its HS code suggested from the text and confirmed; the matcher shows a mould maker from another estate
with its reasons; the maker (a member of it) finds the need in the marketplace and expresses interest; staff move
the item through the shortlist, sample, test and contract to localized with the FX saved; the savings dashboard
shows the FX saved."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from rownaq.sourcing import matching
from rownaq.sourcing.models import Need
from tests.conftest import login
from tests.sourcing.conftest import PDF, makers  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_matcher():
    matching.reset()
    yield
    matching.reset()


def logout(page):
    page.context.clear_cookies()


def test_a_foreign_mould_is_listed_matched_made_at_home_and_counted(makers, page, guard):  # noqa: F811
    w = makers
    title = "قالب تزریق پلاستیک درب بطری ۲۴ کویته"

    # The factory lists the mould: the HS code comes from the text, the unit is chosen for it.
    login(page, "unit.a")
    page.goto("/sourcing/")
    page.get_by_test_id("new-need").click()
    page.wait_for_url("**/sourcing/new/")
    page.select_option("#id_kind", "mould")
    page.fill("#id_title", title)
    page.fill("#id_description", "قالب هات‌رانر برای درب بطری آب معدنی؛ تاکنون از چین وارد می‌شد.")
    page.get_by_test_id("suggest-hs").click()
    pick = page.locator("[data-hs-pick='848071']")
    expect(pick).to_be_visible()
    pick.click()
    expect(page.locator("#id_hs_code")).to_have_value("848071")
    expect(page.locator("#id_hs_confirmed")).to_be_checked()
    page.check("input[name=processes][value=mould_making]")
    page.fill("#id_materials", "فولاد H13")
    page.fill("#id_annual_quantity", "۲")
    page.select_option("#id_unit", "set")
    page.fill("#id_annual_fx_value", "۱۲۰٬۰۰۰")
    page.select_option("#id_currency", "EUR")
    page.select_option("#id_origin_country", "CN")
    page.set_input_files(
        "#id_attachments", files=[{"name": "نقشه-قالب.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.click("[data-testid=need-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/sourcing/\d+/$"))
    need = Need.objects.get(title=title)
    assert (need.hs_id, need.hs_confirmed, need.organisation) == ("848071", True, w.unit_a)
    expect(page.get_by_test_id("status")).to_have_text("پیش‌نویس")
    expect(page.get_by_test_id("attachments")).to_contain_text("نقشه-قالب.pdf")
    assert page.locator("html").get_attribute("dir") == "rtl"

    # Published: the matcher shows the mould maker of the Marand estate first, with its reasons.
    page.click("[data-step=published]")
    expect(page.get_by_test_id("status")).to_have_text("منتشرشده")
    first = page.get_by_test_id("match").first
    expect(first).to_contain_text(w.mould_maker.name)
    expect(first).to_contain_text(w.marand_estate.name)
    reasons = first.get_by_test_id("reasons")
    expect(reasons).to_contain_text("کد HS یکسان با محصول سازنده")
    expect(reasons).to_contain_text("فرایند مشترک")
    assert w.mould_maker.estate != w.unit_a.estate

    # The maker finds it in the marketplace, reads the drawing and expresses interest.
    logout(page)
    login(page, "maker.marand")
    page.goto("/sourcing/market/")
    page.get_by_role("link", name=title).click()
    page.wait_for_url(f"**/sourcing/market/{need.pk}/")
    expect(page.get_by_test_id("buyer")).to_have_text(w.unit_a.name)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="نقشه-قالب.pdf").click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read() == PDF
    page.fill("#id_message", "قالب ۳۲ کویته با راهگاه گرم ساخته‌ایم؛ نمونه‌کار داریم.")
    page.click("[data-testid=interest] button[type=submit]")
    expect(page.get_by_test_id("interest-done")).to_contain_text(w.mould_maker.name)

    # Staff take it through the shortlist, the sample, the test and the contract to localized.
    logout(page)
    login(page, "staff.salimi")
    page.goto(f"/sourcing/{need.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("ابراز تمایل سازندگان")
    expect(page.get_by_test_id("interests")).to_contain_text("نمونه‌کار داریم")
    page.get_by_test_id("shortlist-form").locator("input[type=checkbox]").first.check()
    page.click("[data-testid=shortlist-form] button[type=submit]")
    expect(page.get_by_test_id("status")).to_have_text("فهرست کوتاه")
    for step, label in (("sample", "نمونه یا نمونهٔ اولیه"), ("tested", "آزمون‌شده"), ("contract", "قرارداد")):
        page.click(f"[data-step={step}]")
        expect(page.get_by_test_id("status")).to_have_text(label)
    form = page.get_by_test_id("localize-form")
    form.locator("#id_localize-maker").select_option(str(w.mould_maker.pk))
    form.locator("#id_localize-localized_on").fill("1403/05/01")
    page.keyboard.press("Escape")
    form.locator("#id_localize-domestic_price_rial").fill("۴۸٬۰۰۰٬۰۰۰٬۰۰۰")
    form.locator("#id_localize-fx_saved_per_year").fill("۹۵٬۰۰۰")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("status")).to_have_text("ساخت داخل شد")
    expect(page.get_by_test_id("fx-saved")).to_contain_text("۹۵٬۰۰۰")
    expect(page.get_by_test_id("timeline")).to_contain_text("ساخت داخل شد")
    need.refresh_from_db()
    assert (need.status, need.maker, need.fx_saved_per_year) == ("localized", w.mould_maker, Decimal("95000"))

    # The savings dashboard shows the FX saved, in a table and a chart.
    page.goto("/sourcing/savings/")
    expect(page.get_by_test_id("saved-EUR")).to_have_text("۹۵٬۰۰۰")
    expect(page.get_by_test_id("by_kind")).to_contain_text("قالب و دای")
    page.wait_for_function("() => window.Chart && Chart.getChart('savings-by-kind-chart') !== undefined")
