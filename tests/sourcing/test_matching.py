"""The matcher's Django adapter: profiles read from Organisation + Capability + Products, ranked makers with
Persian reasons (never the buyer), a changed profile found by the next search (through the commit signal in this
process, and through the tables' signature when another process changed it), «needs I could serve», HS codes read
from text, and the province's linkage table."""

import time
from decimal import Decimal

import pytest

from rownaq.registry.models import Organisation, Product
from rownaq.reporting.models import ImportLine, MonthlyReport
from rownaq.sourcing import matching, services
from rownaq.sourcing.models import Capability, Need

from .conftest import anonymous_need, list_need, published

pytestmark = pytest.mark.django_db


def ids(matches):
    return [m.organisation.pk for m in matches]


def test_a_profile_is_capability_products_isic_localizations_and_place(makers):
    w = makers
    Product.objects.create(
        organisation=w.mould_maker, name="قالب دایکاست", hs=w.hs_die, annual_capacity=30, unit=Product.Unit.SET
    )
    Need.objects.filter(pk=list_need(w, unit=w.unit_b, user=w.member_b).pk).update(
        status=Need.Status.LOCALIZED, maker=w.mould_maker
    )
    profile = matching.profile_of(w.mould_maker)
    assert profile.id == str(w.mould_maker.pk)
    assert (profile.province, profile.estate) == ("EAZ", str(w.marand_estate.pk))
    assert "طراحی و ساخت قالب تزریق پلاستیک تا ۳۲ کویته با راهگاه گرم" in profile.lines
    assert "۴۰ دست قالب در سال" in profile.lines
    assert set(profile.processes) == {"mould_and_die_making", "machining"}
    assert profile.materials == ("فولاد H13", "فولاد 1.2311") and profile.certifications == ("ISO 9001",)
    assert {(p.name, p.hs) for p in profile.products} == {
        ("قالب دایکاست", "848041"),
        ("", "848071"),
    }  # no English title as a name
    assert profile.capacity[0].amount == 30 and profile.capacity[0].unit == "set"
    assert profile.isic == ("2822",) and profile.localizations == 1


def test_makers_for_a_need_are_ranked_with_reasons_and_never_the_buyer(makers):
    w = makers
    need = published(w)
    matches = matching.makers_for(need)
    assert ids(matches)[0] == w.mould_maker.pk
    assert w.unit_a.pk not in ids(matches), "the buyer makes injection moulds too, but it is the buyer"
    best = matches[0]
    assert best.good and best.score >= matching.GOOD_MATCH_SCORE
    text = " | ".join(best.reasons)
    assert "کد HS یکسان با محصول سازنده: ۸۴۸۰۷۱" in text
    assert "قالب‌سازی" in text and "واژه‌های مشترک" in text
    assert "در همان شهرک" not in text, "the maker is in Marand, the buyer in Salimi"
    cake = [m for m in matches if m.organisation == w.cake]
    assert not cake or cake[0].score < best.score / 5


def test_reasons_name_codes_by_the_registrys_persian_titles_never_english_ones(makers):
    w = makers
    text = " | ".join(matching.makers_for(published(w))[0].reasons)
    assert "(ساخت ماشین‌آلات)" in text and "ISIC" in text  # an ISIC class named by its division
    for english in ("Manufacture", "Moulds", "Moulding", "machinery", "injection"):
        assert english not in text, text


def test_a_maker_that_takes_no_new_work_is_not_suggested(makers):
    w = makers
    need = published(w)
    Capability.objects.filter(organisation=w.mould_maker).update(accepts_new_work=False)
    assert w.mould_maker.pk not in ids(matching.makers_for(need))
    assert w.mould_maker.pk in ids(matching.makers_for(need, only_accepting=False))


def test_a_changed_capability_is_found_by_the_next_search(makers, django_capture_on_commit_callbacks):
    w = makers
    need = published(
        w, title="پروانهٔ توربین بادی کامپوزیتی", hs=None, kind="part", processes=[], materials="", description=""
    )
    assert w.unit_b.pk not in ids(matching.makers_for(need))  # builds the index
    start = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.save_capability(w.unit_b, w.member_b, {"summary": "ساخت پروانهٔ توربین بادی کامپوزیتی"})
    assert callbacks, "the signal re-indexes the maker on commit"
    found = matching.makers_for(need)
    elapsed = time.perf_counter() - start
    assert ids(found)[0] == w.unit_b.pk and elapsed < 1.0
    assert any("توربین" in reason for reason in found[0].reasons)


def test_a_change_made_by_another_process_is_found_through_the_signature(makers):
    w = makers
    need = published(w, title="پروانهٔ توربین بادی", hs=None, kind="part", processes=[], materials="", description="")
    matching.makers_for(need)
    # As another web worker would: the row changes, this process's signals are not told.
    Capability.objects.create(organisation=w.unit_c, summary="ساخت پروانهٔ توربین بادی")
    assert ids(matching.makers_for(need))[0] == w.unit_c.pk
    # A deleted product is a deleted row: the index is rebuilt without it.
    Product.objects.filter(organisation=w.unit_a).delete()
    Capability.objects.filter(organisation=w.unit_c).delete()
    assert w.unit_c.pk not in ids(matching.makers_for(need))


def test_another_process_s_change_is_searchable_within_a_second(makers, monkeypatch):
    w = makers
    monkeypatch.setattr(matching, "CHECK_EVERY", 0.5)  # as in production
    need = published(w, title="پروانهٔ توربین بادی", hs=None, kind="part", processes=[], materials="", description="")
    matching.makers_for(need)
    start = time.perf_counter()
    Capability.objects.create(organisation=w.unit_c, summary="ساخت پروانهٔ توربین بادی")
    while w.unit_c.pk not in ids(matching.makers_for(need)):
        assert time.perf_counter() - start < 1.0, "not searchable within 1 s"
        time.sleep(0.05)


def test_a_closed_organisation_leaves_the_index(makers, django_capture_on_commit_callbacks):
    w = makers
    need = published(w)
    assert w.mould_maker.pk in ids(matching.makers_for(need))
    with django_capture_on_commit_callbacks(execute=True):
        w.mould_maker.status = "closed"
        w.mould_maker.save()
    assert w.mould_maker.pk not in ids(matching.makers_for(need))


def test_needs_for_a_maker(makers):
    w = makers
    mould = published(w)
    other = published(
        w, title="پارچهٔ نبافته پلی‌پروپیلن", hs=None, kind="raw_material", processes=[], materials="", description=""
    )
    found = matching.needs_for_maker(w.mould_maker)
    assert [m.need for m in found] == [mould]
    assert other not in [m.need for m in found]
    assert any("۸۴۸۰۷۱" in r for r in found[0].reasons)
    assert matching.needs_for_maker(w.unit_a) == [], "never the maker's own needs"


def test_reasons_never_place_an_anonymous_buyer(makers):
    w = makers
    need = anonymous_need(w)
    Capability.objects.create(organisation=w.unit_a, summary="x")  # unit A is not the maker here; a Salimi maker:
    from rownaq.registry.models import Organisation

    neighbour = Organisation.objects.create(
        kind="unit", name="قالب‌سازی سلیمی", county=w.tabriz, estate=w.salimi, national_id="10606060606"
    )
    Capability.objects.create(organisation=neighbour, summary="ساخت قالب تزریق پلاستیک", processes=["mould_making"])
    owner_view = matching.makers_for(need)
    assert any("همان شهرک" in r for m in owner_view if m.organisation == neighbour for r in m.reasons)
    for match in matching.needs_for_maker(neighbour):
        assert not any("همان شهرک" in r for r in match.reasons)
    for match in matching.makers_for(need, hide_estate=True):
        assert not any("همان شهرک" in r for r in match.reasons)


def test_suggest_hs_reads_the_code_from_the_text(makers):
    w = makers
    suggestions = matching.suggest_hs("قالب تزریق پلاستیک درب بطری")
    assert suggestions and suggestions[0][0] == w.hs
    assert 0 < suggestions[0][1] <= 1
    assert matching.suggest_hs("   ") == []


def test_the_linkage_table_finds_imports_already_made_in_the_province(makers):
    w = makers
    # Only accepted reports count (issue 15, finding 4).
    report = MonthlyReport.objects.create(organisation=w.unit_b, year=1403, month=5, status="accepted")
    ImportLine.objects.create(
        report=report,
        item="قالب تزریق پلاستیک",
        hs=w.hs,
        origin_country="CN",
        value=Decimal("30000"),
        currency="EUR",
        quantity=1,
        unit="set",
    )
    ImportLine.objects.create(
        report=report, item="گرانول پلی‌کربنات", origin_country="KR", value=Decimal("5000"), currency="USD"
    )
    tehran_report = MonthlyReport.objects.create(organisation=w.unit_c, year=1403, month=5, status="accepted")
    ImportLine.objects.create(
        report=tehran_report, item="قالب تزریق پلاستیک", hs=w.hs, value=Decimal("1"), currency="EUR"
    )
    rows = matching.linkage_table(w.eaz, Organisation.objects.all())
    by_item = {r.item: r for r in rows}
    mould = by_item["قالب تزریق پلاستیک"]
    assert mould.importers == [w.unit_b] and mould.values == {"EUR": Decimal("30000")}
    assert mould.produced_locally and mould.hs == w.hs
    assert {m.organisation for m in mould.makers} >= {w.mould_maker, w.unit_a}
    assert all(m.organisation.county.province == w.eaz for m in mould.makers), "makers of the province only"
    assert not by_item["گرانول پلی‌کربنات"].produced_locally
    assert rows[0] is mould, "what is already made in the province comes first"
