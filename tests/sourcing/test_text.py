"""Text analysis for the matcher: one key per way of writing a word, part numbers, certificates, lexicon."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rownaq.core.persian import normalize
from rownaq.sourcing import text as T


def word_keys(text: str) -> set[str]:
    return {t for t in T.analyse(text, pairs=False, lexicon=False).terms if t.startswith("w:")}


def test_arabic_letters_digits_and_diacritics_fold_to_one_key():
    assert word_keys("قالب تزريقي") == word_keys("قالب تزریقی")
    assert word_keys("ﻛﺎﺑﻞ برق") == word_keys("کابل برق")  # presentation forms
    assert word_keys("فولاد ۴۱۴۰") == word_keys("فولاد 4140") == word_keys("فولاد ٤١٤٠")
    assert word_keys("آلومینیوم") == word_keys("الومینیوم")
    assert word_keys("قالبِ تزریقِ") == word_keys("قالب تزریق")


def test_zwnj_dropped_or_spaced_plurals_share_the_stem():
    written = ("قالب", "قالب\u200cها", "قالبها", "قالبهای", "قالب\u200cهایی")
    stems = {t.key for w in written for t in T.tokens(w) if t.key}
    assert stems == {"قالب"}
    assert T.key_of("قطعات") == T.key_of("قطعه")
    assert T.key_of("تجهیزات") == T.key_of("تجهیز")
    assert T.key_of("تزریقی") == T.key_of("تزریق")
    assert T.key_of("لاستیکی") == T.key_of("لاستیک")
    # «قالب‌های» written with a space leaves «های» alone: a stopword, not a term.
    assert word_keys("قالب های تزریق") == word_keys("قالب‌های تزریق") == word_keys("قالبهای تزریق")


def test_a_compound_written_as_one_word_meets_it_written_as_two():
    joined = T.analyse("ریختهگری").terms
    spaced = T.analyse("ریخته گری").terms
    zwnj = T.analyse("ریخته\u200cگری").terms
    assert set(joined) & set(spaced) & set(zwnj)


def test_english_spelling_and_suffixes():
    assert T.stem_en("moulds") == T.stem_en("mold") == T.stem_en("molding") == T.stem_en("moulding")
    assert T.stem_en("aluminium") == T.stem_en("aluminum")
    assert T.stem_en("castings") == T.stem_en("casting")
    assert T.stem_en("dies") == "die"
    assert T.stem_en("brass") == "brass"


def test_part_numbers_match_however_they_are_typed():
    target = T.part_number_keys("6205-2RS")
    for typed in ("SKF-6205 2RS", "6205 2RS", "62052rs", "skf 6205.2rs", "SKF-6205-2RS"):
        assert T.part_number_keys(typed) & target, typed
    assert "din933m12" in T.part_number_keys("DIN933-M12")
    assert T.part_number_keys("Atlas Copco") == set()
    # Quantities in Persian text are not part numbers; a part-number field is read as one.
    assert T.part_number_keys("دستگاه تزریق ۲۵۰ تن") == set()
    assert T.part_number_keys("30205", strict=False) == {"30205"}
    # A comma ends a part number.
    assert T.part_number_keys("6201-2RS, 6205-2RS") >= {"62012rs", "62052rs"}


def test_hs_codes_as_typed():
    assert T.hs_digits("8480.71.00") == "84807100"
    assert T.hs_digits("۸۴۸۰۷۱") == "848071"


def test_certificates_in_persian_and_english():
    assert T.certification_keys("داشتن گواهی ISO 9001 الزامی است") == {"iso9001"}
    assert T.certification_keys("دارای گواهینامه ایزو ۱۴۰۰۱") == {"iso14001"}
    assert T.certification_keys("Certified IATF 16949") == {"iatf16949"}


def test_lexicon_links_persian_and_english():
    fa = T.analyse("قالب تزریق پلاستیک از فولاد ابزار").terms
    en = T.analyse("plastic injection moulds, H13 tool steel").terms
    shared = {t for t in fa if t[:2] in ("c:", "p:", "m:")} & set(en)
    assert {"c:mould", "p:injection_moulding", "m:tool_steel"} <= shared


def test_traders_and_repair_shops_are_recognised():
    assert T.looks_like_non_maker("واردات و فروش بلبرینگ SKF")
    assert T.looks_like_non_maker("Repair and overhaul of gearboxes")
    assert not T.looks_like_non_maker("تولید بلبرینگ شیار عمیق")


def test_every_process_has_a_persian_label():
    assert set(T.PROCESS_LABELS_FA) == set(T.PROCESSES)
    assert all(label for label in T.PROCESS_LABELS_FA.values())


TEXT = st.text(
    alphabet=st.sampled_from(
        list("قالبتزریقپلاسیکيكۀ۰۱۲۳٤٥abcXYZ-.,/ ") + ["\u200c", "\u064e", "\u200f", "\ufe8d", "\t"]
    ),
    max_size=40,
)


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_word_by_word_fold_equals_normalising_the_whole_text(text):
    whole = normalize(text).casefold().translate(T._EXTRA_FOLD)
    assert T.fold(text) == re.sub(r"\s+", " ", whole).strip()


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_analysis_is_the_same_for_arabic_and_persian_letters(text):
    arabic = text.replace("ی", "ي").replace("ک", "ك")
    assert T.analyse(arabic).terms == T.analyse(text).terms
