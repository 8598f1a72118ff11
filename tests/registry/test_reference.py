"""Loading the reference codes into the database and asking who makes what."""

import io
import time

import pytest
from django.core.management import call_command

from rownaq.registry.models import HsCode, HsIsicLink, IsicCode
from rownaq.registry.reference import hs_codes_for_isic, isic_classes_for_hs, load_reference_codes, normalise_code

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """One load for the module (about 2 s); removed afterwards so other modules start from an empty table."""
    with django_db_blocker.unblock():
        started = time.monotonic()
        counts = load_reference_codes()
        counts["seconds"] = time.monotonic() - started
        yield counts
        HsIsicLink.objects.all().delete()
        HsCode.objects.all().delete()
        IsicCode.objects.all().delete()


def test_load_fills_every_level(loaded):
    assert loaded["seconds"] < 20
    assert IsicCode.objects.filter(level=IsicCode.Level.SECTION).count() == 21
    assert IsicCode.objects.filter(level=IsicCode.Level.DIVISION).count() == 88
    assert IsicCode.objects.filter(level=IsicCode.Level.CLASS).count() == 419
    assert HsCode.objects.filter(level=2).count() == 97
    assert HsCode.objects.filter(level=4).count() == 1229
    assert HsCode.objects.filter(level=6).count() == 5613
    assert HsIsicLink.objects.count() == loaded["links"] > 15000
    assert loaded["linked_subheadings"] > 5500
    assert 0 < loaded["partial_links"] < loaded["links"]


def test_codes_have_parents_sections_and_persian_titles(loaded):
    moulds = HsCode.objects.select_related("parent__parent").get(code="848071")
    assert (moulds.parent.code, moulds.parent.parent.code, moulds.parent.parent.parent) == ("8480", "84", None)
    assert moulds.section == "XVI"
    machinery = HsCode.objects.get(code="84")
    assert machinery.title_fa.startswith("راکتورهای هسته\u200cای")
    assert machinery.title == machinery.title_fa
    assert HsCode.objects.get(code="01").parent is None
    assert HsCode.objects.filter(level=2).exclude(title_fa="").count() == 97

    copper = IsicCode.objects.select_related("parent__parent__parent").get(code="2420")
    assert copper.parent.parent.parent.code == "C"
    assert copper.section == "C"
    assert copper.title_fa == "ساخت فلزات پایه\u0654 گران\u200cبها و سایر فلزات غیرآهنی"
    assert IsicCode.objects.get(code="0111").parent_id == "011"
    assert not IsicCode.objects.filter(level__lte=2, title_fa="").exists()


def test_second_load_updates_in_place_and_never_duplicates(loaded):
    ids_before = set(HsIsicLink.objects.values_list("pk", flat=True))
    IsicCode.objects.filter(code="2420").update(title_en="edited", title_fa="ویرایش")
    IsicCode.objects.filter(code="0111").update(title_fa="کشت غلات")  # a Persian title the project does not ship
    HsIsicLink.objects.filter(hs_id="740311", isic_id="2420").update(partial=True, via="edited")
    HsIsicLink.objects.create(hs_id="740311", isic_id="0111", via="stale")

    counts = load_reference_codes()

    assert {key: counts[key] for key in counts if key in loaded} == {k: v for k, v in loaded.items() if k != "seconds"}
    assert IsicCode.objects.count() == 766 and HsCode.objects.count() == 6939
    assert set(HsIsicLink.objects.values_list("pk", flat=True)) == ids_before
    copper = IsicCode.objects.get(code="2420")
    assert copper.title_en == "Manufacture of basic precious and other non-ferrous metals"
    assert copper.title_fa != "ویرایش"
    assert IsicCode.objects.get(code="0111").title_fa == "کشت غلات"
    cathodes = HsIsicLink.objects.get(hs_id="740311", isic_id="2420")
    assert (cathodes.partial, cathodes.via) == (False, "HS2007 740311 > ISIC3 2720")
    assert not HsIsicLink.objects.filter(via="stale").exists()


def test_who_makes_injection_moulds(loaded):
    makers = isic_classes_for_hs("848071")
    assert [isic.code for isic in makers] == ["2593", "2790", "2826", "2829"]
    assert all(isic.subheadings == 1 and isic.complete_subheadings == 0 for isic in makers)
    assert [isic.code for isic in isic_classes_for_hs("8480.71")] == [isic.code for isic in makers]
    assert [isic.code for isic in isic_classes_for_hs("۸۴۸۰۷۱")] == [isic.code for isic in makers]


def test_who_makes_a_heading_or_a_chapter_aggregates_its_subheadings(loaded):
    copper_heading = {isic.code: isic for isic in isic_classes_for_hs("7403")}
    assert "2420" in copper_heading
    assert copper_heading["2420"].subheadings == HsCode.objects.filter(code__startswith="7403", level=6).count()
    chapter = {isic.code for isic in isic_classes_for_hs("84")}
    assert {"2811", "2813", "2819", "2822", "2824", "2825"} <= chapter
    assert len(chapter) == len(set(chapter))
    assert not isic_classes_for_hs("").exists()
    assert not isic_classes_for_hs("848").exists()


def test_what_an_industry_makes(loaded):
    copper_products = {hs.code: hs for hs in hs_codes_for_isic("2420")}
    assert "740311" in copper_products and copper_products["740311"].complete_classes == 1
    assert all(len(code) == 6 for code in copper_products)
    basic_metals = {hs.code for hs in hs_codes_for_isic("24")}
    assert set(copper_products) <= basic_metals
    assert "720839" in basic_metals
    assert "740311" in {hs.code for hs in hs_codes_for_isic("C")}
    assert "740311" not in {hs.code for hs in hs_codes_for_isic("A")}
    assert not hs_codes_for_isic("24201").exists()


def test_normalise_code():
    assert normalise_code(" 8480.71 ") == "848071"
    assert normalise_code("۲۴۲۰") == "2420"
    assert normalise_code("c") == "C"
    assert normalise_code(None) == ""


def test_command_prints_counts_on_one_line(loaded):
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    text = out.getvalue().strip()
    assert "\n" not in text
    assert "classes 419" in text and "subheadings 5613" in text and f"links {loaded['links']}" in text
