"""The HS 2022 -> ISIC Rev.4 chain, on the shipped reference files (pure: no database)."""

import csv
import shutil

import pytest

from rownaq.registry import concordance


@pytest.fixture(scope="module")
def links():
    return concordance.hs2022_to_isic4()


def classes(links, hs):
    return {link.isic: link for link in links.get(hs, [])}


def test_refined_copper_cathodes_are_made_wholly_by_non_ferrous_basic_metals(links):
    cathodes = classes(links, "740311")
    assert set(cathodes) == {"2420"}
    assert cathodes["2420"].partial is False
    assert cathodes["2420"].via == "HS2007 740311 > ISIC3 2720"


def test_copper_ore_comes_from_non_ferrous_mining_in_part(links):
    ore = classes(links, "260300")
    assert "0729" in ore
    assert ore["0729"].partial is True  # ISIC Rev.3 1320 is split between 0729 and mining support 0990


def test_injection_moulds_reach_hand_tools_and_hardware_through_other_special_machinery(links):
    # ISIC Rev.3 2929 "other special-purpose machinery" is split in Rev.4; moulds went to 2593.
    moulds = classes(links, "848071")
    assert set(moulds) == {"2593", "2790", "2826", "2829"}
    assert "2822" not in moulds
    assert all(link.partial for link in moulds.values())
    assert moulds["2593"].via == "HS2007 848071 > ISIC3 2929"
    assert moulds["2826"].via == "HS2007 848071 > ISIC3 2929 > ISIC3.1 2926"


def test_repair_and_installation_classes_are_not_makers_unless_asked(links):
    assert not any(link.isic[:2] in {"33", "95"} for hs_links in links.values() for link in hs_links)
    with_repair = concordance.hs2022_to_isic4(include_repair=True)
    assert "3312" in {link.isic for link in with_repair["848071"]}


def test_split_hs2022_code_gives_partial_links_with_every_hs2007_route(links):
    # HS 2022 010130 (asses) is n:n with HS 2007 010110 and 010190; both lead to ISIC Rev.3 0121.
    hops = concordance.read_hs2022_to_hs2007()["010130"]
    assert {hop.target for hop in hops} == {"010110", "010190"} and all(hop.partial for hop in hops)
    asses = classes(links, "010130")
    assert asses and all(link.partial for link in asses.values())
    assert all(link.via.endswith("(+1)") for link in asses.values())


def test_a_one_to_one_chain_into_one_class_is_complete(links):
    cars = classes(links, "870323")
    assert set(cars) == {"2910"} and not cars["2910"].partial
    cement = classes(links, "252329")
    assert set(cement) == {"2394"} and not cement["2394"].partial


def test_split_hs2022_code_whose_routes_all_end_in_one_class_is_made_wholly_by_it(links):
    # HS 2022 020760 (guinea fowl meat) is split over four HS 2007 codes, all meat of ISIC Rev.3 1511.
    hops = concordance.read_hs2022_to_hs2007()["020760"]
    assert len(hops) == 4 and all(hop.partial for hop in hops)
    guinea_fowl = classes(links, "020760")
    assert set(guinea_fowl) == {"1010"} and not guinea_fowl["1010"].partial
    assert guinea_fowl["1010"].via == "HS2007 020732 > ISIC3 1511 (+3)"


def test_isic_codes_are_zero_padded_strings(links):
    live_horses = classes(links, "010121")
    assert set(live_horses) == {"0141", "0142", "0144"}
    every_class = {link.isic for hs_links in links.values() for link in hs_links}
    assert all(len(code) == 4 and code.isdigit() for code in every_class)
    assert any(code.startswith("0") for code in every_class)
    assert all(len(hs) == 6 and hs.isdigit() for hs in links)


def test_reversed_isic_tables_read_from_the_older_revision():
    rev3_to_rev31 = concordance.read_isic3_to_isic31()
    assert {hop.target for hop in rev3_to_rev31["0112"]} == {"0112", "0113"}  # olives moved to 0113 in Rev.3.1
    rev31_to_rev4 = concordance.read_isic31_to_isic4()
    assert {hop.target for hop in rev31_to_rev4["0111"]} >= {"0111", "0112", "0113"}
    assert all(hop.partial for hop in rev31_to_rev4["0111"])


def test_products_wits_leaves_unclassified_get_no_links(links):
    assert concordance.read_hs2007_to_isic3()["050210"] == "9999"
    assert "050210" not in links
    assert "999999" not in links


def test_coverage_of_hs2022(links):
    hs6 = [record.code for record in concordance.read_hs2022_structure() if record.level == 6]
    numbers = concordance.coverage(links, hs6)
    assert numbers["hs6"] == 5613
    assert numbers["hs6_with_isic4"] >= 5500
    assert numbers["hs6_with_manufacturing_isic4"] >= 5100
    assert 1000 <= numbers["hs6_with_complete_link"] < numbers["hs6_with_isic4"]


def test_hs_structure_records():
    records = {record.code: record for record in concordance.read_hs2022_structure()}
    levels = [record.level for record in records.values()]
    assert (levels.count(2), levels.count(4), levels.count(6)) == (97, 1229, 5613)
    assert records["01"] == concordance.CodeRecord("01", 2, None, "I", "Animals; live")
    assert records["848071"].parent == "8480" and records["8480"].parent == "84"
    assert records["848071"].section == "XVI"
    assert records["99"].section == ""  # "TOTAL" in the file is no HS section
    assert "77" not in records and "TOTAL" not in records


def test_isic_structure_records():
    records = {record.code: record for record in concordance.read_isic4_structure()}
    levels = [record.level for record in records.values()]
    assert (levels.count(1), levels.count(2), levels.count(3), levels.count(4)) == (21, 88, 238, 419)
    assert records["0111"] == concordance.CodeRecord(
        "0111", 4, "011", "A", "Growing of cereals (except rice), leguminous crops and oil seeds"
    )
    assert records["011"].parent == "01" and records["01"].parent == "A" and records["A"].parent is None
    assert records["2420"].section == "C" and records["0729"].section == "B"


def test_persian_titles_cover_sections_divisions_and_demo_classes():
    titles = concordance.read_isic4_titles_fa()
    structure = {record.code: record for record in concordance.read_isic4_structure()}
    assert set(titles) <= set(structure)
    assert {code for code, record in structure.items() if record.level <= 2} <= set(titles)
    demo = (
        "1010 1050 1061 1071 1104 1311 1392 1512 2011 2023 2211 2219 2220 2310 2394 2395 2410 2420 2431 2511 "
        "2512 2592 2593 2599 2710 2732 2750 2811 2813 2814 2815 2819 2822 2824 2825 2910 2920 2930 3100 0729"
    )
    assert set(demo.split()) <= set(titles)
    assert titles["24"] == "ساخت فلزات پایه"
    assert titles["25"] == "ساخت محصولات فلزی فابریکی به\u200cجز ماشین\u200cآلات و تجهیزات"
    assert titles["29"] == "ساخت وسایل نقلیه\u0654 موتوری، تریلر و نیم\u200cتریلر"
    for text in titles.values():
        assert "ي" not in text and "ك" not in text  # Persian yeh and keheh, not the Arabic letters


def test_persian_titles_of_every_hs_chapter():
    titles = concordance.read_hs_chapter_titles_fa()
    assert {f"{chapter:02d}" for chapter in range(1, 98)} <= set(titles)
    assert titles["77"] == "(رزرو)"
    assert titles["84"].startswith("راکتورهای هسته\u200cای")
    assert all(text and "ي" not in text and "ك" not in text for text in titles.values())


def test_data_dir_argument_reads_another_copy(tmp_path, links):
    shutil.copytree(concordance.DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / concordance.HS2022_TO_HS2007
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle) if row[0] != "740311"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows + [["740311", "740200", "1:1"]])
    changed = concordance.hs2022_to_isic4(tmp_path / "data")
    assert {link.via for link in changed["740311"]} == {"HS2007 740200 > ISIC3 2720"}
    assert changed["848071"] == links["848071"]
