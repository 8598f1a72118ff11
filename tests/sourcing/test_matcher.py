"""The matcher on small hand-made catalogues: ranking, reasons, updates, the reverse query, HS suggestions."""

import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from rownaq.sourcing.ranking.profiles import Capacity, MakerProfile, Need, Product, isic_by_hs
from rownaq.sourcing.ranking.search import Matcher

HS_TO_ISIC = {"848071": {"2593", "2829"}, "848210": {"2814"}, "392690": {"2220"}, "732393": {"2599"}}

MOULD_MAKER = MakerProfile(
    id="en-mould",
    name="Sahand Precision Tooling Co.",
    province="THR",
    estate="THR-01",
    lines=[
        "Design and manufacture of plastic injection moulds, hot runner, up to 16 cavities",
        "In-house 5-axis CNC milling and wire EDM",
    ],
    processes=["mould_and_die_making", "cnc_machining", "edm"],
    materials=["H13 hot work steel"],
    certifications=["ISO 9001"],
    capacity=[Capacity(12, "set", "injection moulds")],
    products=[Product("Plastic injection moulds", "848071")],
    isic=["2593"],
    localizations=4,
)
ISIC_ONLY_MAKER = MakerProfile(
    id="en-tooling",
    name="Aras Tooling",
    province="EAZ",
    estate="EAZ-02",
    lines=["Precision tooling and fixtures made to drawing"],
    isic=["2593"],
)
CAKE_MOULDS = MakerProfile(
    id="cake",
    name="صنایع ظروف آشپزخانه",
    province="EAZ",
    estate="EAZ-01",
    lines=["تولید قالب کیک و قالب شیرینی از استیل", "ظروف آشپزخانه استیل"],
    products=[Product("قالب کیک", "732393")],
)
MOULD_TRADER = MakerProfile(
    id="trader",
    name="بازرگانی قالب پارس",
    province="EAZ",
    estate="EAZ-01",
    lines=["واردات و فروش قالب تزریق پلاستیک از چین", "نمایندگی فروش قالب‌های تزریقی"],
)
PLASTIC_PARTS = MakerProfile(
    id="plastic",
    name="پلاستیک نوین",
    province="EAZ",
    estate="EAZ-01",
    lines=["تولید قطعات پلاستیکی تزریقی برای لوازم خانگی"],
    processes=["injection_moulding"],
    products=[Product("قطعات پلاستیکی", "392690")],
)
BEARINGS = MakerProfile(
    id="bearings",
    name="یاتاقان‌سازی آذر",
    province="EAZ",
    estate="EAZ-01",
    lines=["تولید بلبرینگ شیار عمیق با شماره فنی 6205-2RS, 6206-2RS معادل SKF"],
    processes=["grinding", "heat_treatment"],
    products=[Product("بلبرینگ", "848210")],
)
CATALOGUE = [MOULD_MAKER, ISIC_ONLY_MAKER, CAKE_MOULDS, MOULD_TRADER, PLASTIC_PARTS, BEARINGS]

MOULD_NEED = Need(
    id="need-mould",
    title="قالب تزریق پلاستیک",
    description="قالب ۸ کویته درب بطری؛ نقشه موجود است.",
    kind="mould_die",
    hs="8480.71.00",
    province="EAZ",
    estate="EAZ-01",
    quantity=2,
    unit="set",
)


@pytest.fixture
def matcher():
    m = Matcher(HS_TO_ISIC)
    m.add_many(CATALOGUE)
    return m


def ids(matches):
    return [m.maker_id for m in matches]


def test_a_persian_mould_need_finds_the_english_mould_maker_with_its_reasons(matcher):
    results = matcher.search(MOULD_NEED, k=10)
    assert results[0].maker_id == "en-mould"
    reasons = " | ".join(results[0].reasons)
    assert "کد HS یکسان با محصول سازنده: ۸۴۸۰۷۱" in reasons
    assert "ISIC ۲۵۹۳" in reasons and "HS→ISIC" in reasons
    assert "قالب" in reasons and "mould" not in reasons.casefold()  # linked to the English profile, shown in Persian
    assert "قالب‌سازی" in reasons  # a shared process, in Persian
    assert "ظرفیت سالانه ۱۲ دستگاه" in reasons
    assert "۴ سابقه داخلی‌سازی" in reasons
    assert results[0].score > results[1].score


def test_the_isic_link_alone_brings_a_maker_and_says_so(matcher):
    by_id = {m.maker_id: m for m in matcher.search(MOULD_NEED, k=10)}
    assert "en-tooling" in by_id
    assert any("ISIC ۲۵۹۳" in r for r in by_id["en-tooling"].reasons)


def test_cake_moulds_and_traders_rank_below_real_mould_makers(matcher):
    ranking = ids(matcher.search(MOULD_NEED, k=10))
    assert ranking.index("en-mould") < ranking.index("trader")
    assert "cake" not in ranking[:2]
    trader = next(m for m in matcher.search(MOULD_NEED, k=10) if m.maker_id == "trader")
    assert any("فروش، واردات یا تعمیر" in r for r in trader.reasons)


def test_same_estate_is_a_reason(matcher):
    need = replace(MOULD_NEED, estate="THR-01", province="THR")
    top = matcher.search(need, k=1)[0]
    assert top.maker_id == "en-mould"
    assert "در همان شهرک صنعتی خریدار" in top.reasons


def test_part_number_normalisation_links_skf_forms(matcher):
    need = Need(id="n-bearing", title="بلبرينگ", part_number="SKF-6205 2RS", oem="SKF")
    top = matcher.search(need, k=3)[0]
    assert top.maker_id == "bearings"
    assert any(r.startswith("شماره فنی منطبق") for r in top.reasons)


def test_arabic_letters_zwnj_and_typos_still_match(matcher):
    for title in ("قالبهاي تزريق پلاستيك", "قالب‌های تزریقی پلاستیکی", "قالب تذریق پلاستیک"):
        need = Need(id="n", title=title, hs="848071")
        assert ids(matcher.search(need, k=3))[0] == "en-mould", title


def test_search_without_hs_reads_the_code_from_the_text(matcher):
    need = Need(id="n", title="plastic injection mould")
    top = matcher.search(need, k=1)[0]
    assert top.maker_id == "en-mould"
    need = Need(id="n", title="بلبرینگ شیار عمیق")
    assert matcher.search(need, k=1)[0].maker_id == "bearings"


def test_province_filter_for_the_linkage_table(matcher):
    assert set(ids(matcher.search(MOULD_NEED, k=10, province="EAZ"))) <= {
        "en-tooling",
        "cake",
        "trader",
        "plastic",
        "bearings",
    }


def test_incremental_add_update_remove_is_visible_at_once(matcher):
    need = Need(id="n-valve", title="شیر توپی استیل ۲ اینچ", hs="848180")
    assert "valves" not in ids(matcher.search(need))
    maker = MakerProfile(id="valves", name="شیرسازی سهند", lines=["ساخت شیر توپی استیل"])
    started = time.perf_counter()
    matcher.add(maker)
    assert ids(matcher.search(need))[0] == "valves"
    assert time.perf_counter() - started < 1.0
    # Changing the profile replaces its old words.
    matcher.add(replace(maker, lines=["ساخت فنر لول"]))
    assert "valves" not in ids(matcher.search(need))
    assert ids(matcher.search(Need(id="n-spring", title="فنر لول فشاری")))[0] == "valves"
    assert matcher.remove("valves") and not matcher.remove("valves")
    assert "valves" not in ids(matcher.search(Need(id="n-spring", title="فنر لول فشاری")))
    assert len(matcher) == len(CATALOGUE)
    # compact() folds the updates into the numpy segment without changing any result.
    before = [(m.maker_id, m.score) for m in matcher.search(MOULD_NEED)]
    matcher.compact()
    assert [(m.maker_id, m.score) for m in matcher.search(MOULD_NEED)] == before


def test_reverse_query_ranks_the_needs_a_maker_could_serve(matcher):
    needs = [
        Need(id="bearing", title="بلبرینگ 6205", hs="848210"),
        MOULD_NEED,
        Need(id="cake", title="قالب کیک استیل", hs="732393"),
    ]
    served = matcher.needs_for(MOULD_MAKER, needs, k=3)
    assert served[0].need_id == "need-mould"
    assert any("۸۴۸۰۷۱" in r for r in served[0].reasons)
    assert "bearing" not in [n.need_id for n in served[:1]]


def test_reverse_query_scores_agree_with_search(matcher):
    from_search = {m.maker_id: m.score for m in matcher.search(MOULD_NEED, k=10)}
    for profile in CATALOGUE:
        reverse = matcher.needs_for(profile, [MOULD_NEED])
        if profile.id in from_search:
            assert reverse and reverse[0].score == pytest.approx(from_search[profile.id], rel=1e-3)


def test_suggest_hs_from_the_makers_products(matcher):
    matcher.add(
        MakerProfile(
            id="fa-mould",
            name="قالب‌سازی آتیه",
            lines=["طراحی و ساخت قالب‌های تزریق پلاستیک"],
            products=[Product("قالب تزریق پلاستیک", "848071")],
        )
    )
    assert matcher.suggest_hs("قالب تزريقي پلاستيك")[0][0] == "848071"
    assert matcher.suggest_hs("بلبرینگ")[0][0] == "848210"
    code, score = matcher.suggest_hs("injection mould")[0]
    assert code == "848071" and 0 < score <= 1
    assert matcher.suggest_hs("") == []


def test_empty_and_edge_cases():
    empty = Matcher()
    assert empty.search(MOULD_NEED) == [] and empty.suggest_hs("قالب") == []
    m = Matcher()
    m.add(MakerProfile(id="x"))
    assert m.search(Need(id="n", title="")) == []
    assert m.search(MOULD_NEED, k=0) == []


def test_profiles_and_needs_from_dicts():
    maker = MakerProfile.from_dict(
        {
            "id": "m",
            "name": "n",
            "capacity": [{"amount": 5, "unit": "t", "label": "x"}],
            "products": [{"name": "p", "hs": "848071"}],
            "unknown": 1,
        }
    )
    assert maker.capacity[0] == Capacity(5.0, "t", "x") and maker.products[0] == Product("p", "848071")
    need = Need.from_dict({"id": "n", "title": "t", "split": "dev", "slices": ["typos"]})
    assert need.title == "t"


def test_isic_by_hs_takes_the_concordance_links():
    class Link:
        def __init__(self, isic):
            self.isic = isic

    assert isic_by_hs({"848071": [Link("2593"), Link("2829")]}) == {"848071": frozenset({"2593", "2829"})}


def test_the_matcher_is_pure_python_without_django():
    code = (
        "import sys, rownaq.sourcing.ranking.search, rownaq.sourcing.text; "
        "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": src}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "-c", code], check=False, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
