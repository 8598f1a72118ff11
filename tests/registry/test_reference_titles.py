"""Persian names of the reference codes: every HS section and chapter and every ISIC section and division has one
(registry/data/*-fa.csv, the project's own), and pages and statistics that show a chapter or a division name it in
Persian."""

from decimal import Decimal

from rownaq.core.persian import has_persian_letters
from rownaq.registry import concordance
from rownaq.registry.models import HsCode, IsicCode
from tests.reporting.conftest import accepted, month, more_units  # noqa: F401 - fixtures


def test_every_hs_section_and_chapter_has_a_persian_title():
    sections = concordance.read_hs2022_sections()
    titles = concordance.read_hs_section_titles_fa()
    assert len(sections) == 21 and set(titles) == set(sections)
    chapters = {r.code for r in concordance.read_hs2022_structure() if r.level == 2}
    chapter_titles = concordance.read_hs_chapter_titles_fa()
    assert len(chapters) >= 96 and chapters <= set(chapter_titles)
    assert set(chapter_titles) == {f"{n:02d}" for n in range(1, 98)} | {"99"}  # 77: reserved in HS 2022
    for title in (*titles.values(), *chapter_titles.values()):
        assert has_persian_letters(title), title


def test_every_isic_section_and_division_has_a_persian_title():
    titles = concordance.read_isic4_titles_fa()
    wanted = {r.code for r in concordance.read_isic4_structure() if r.level <= 2}
    assert len(wanted) == 21 + 88
    assert not wanted - set(titles), sorted(wanted - set(titles))
    assert all(has_persian_letters(titles[code]) for code in wanted)


def test_the_hs_page_names_the_section_and_marks_an_english_title(world, client):
    HsCode.objects.filter(code="84").update(title_fa="راکتورهای هسته‌ای، دیگ‌های بخار، ماشین‌آلات")
    client.force_login(world.staff_province)
    page = client.get(f"/registry/hs/{world.hs.code}/").content.decode()
    assert "ماشین‌آلات و وسایل مکانیکی؛ تجهیزات برقی" in page  # section XVI
    assert 'فصل <span class="num">۸۴</span>: راکتورهای هسته‌ای، دیگ‌های بخار، ماشین‌آلات' in page
    assert '<span lang="en" dir="ltr">Moulds for injection' in page  # no Persian title for the subheading


def test_a_class_known_only_in_english_is_named_by_its_division(world, client):
    client.force_login(world.staff_province)
    page = client.get(f"/registry/organisations/{world.unit_a.pk}/").content.decode()
    assert "Manufacture of metal-forming machinery" in page  # ISIC 2822 has no Persian title here
    assert 'قسمت <span class="num">۲۸</span>: ساخت ماشین‌آلات' in page


def test_statistics_name_chapters_and_divisions_in_persian(world, month, more_units, client):  # noqa: F811 (fixtures)
    HsCode.objects.filter(code="84").update(title_fa="راکتورهای هسته‌ای، دیگ‌های بخار، ماشین‌آلات")
    IsicCode.objects.filter(code="28").update(title_fa="ساخت ماشین‌آلات و تجهیزات طبقه‌بندی‌نشده")
    sale = {"country": "IQ", "hs": world.hs, "value": Decimal(1000), "currency": "USD"}
    for unit in more_units[:3]:
        accepted(unit, month, world.admin, employees=20, exports=[sale])
    client.force_login(world.staff_province)
    page = client.get(f"/reports/dashboard/?level=province&id={world.eaz.pk}&period={month.code}").content.decode()
    assert "راکتورهای هسته‌ای، دیگ‌های بخار، ماشین‌آلات" in page
    assert "ساخت ماشین‌آلات و تجهیزات طبقه‌بندی‌نشده" in page
    assert "Machinery" not in page
