"""Persian normalisation: one spelling per word for comparison, the user's spelling for storage."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rownaq.core.persian import (
    ZWNJ,
    clean_user_text,
    digits_only,
    format_number,
    normalize,
    search_key,
    search_terms,
    to_latin_digits,
    to_persian_digits,
)

# Text that looks like what users paste: Persian and Arabic letters, marks, digits, spaces, ZWNJ,
# bidi junk, presentation forms and punctuation, mixed with Latin.
PERSIAN_ALPHABET = (
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآ"
    "يىكةأإٱؤئۀء"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u0640"
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789"
    " \t\n\u00a0\u200c\u200c\u200b\u200d\u200e\u200f\u202b\u202e\u2067\ufeff\x00\x85"
    "ﻛﺘﺎﺏﯼﻻﷲ\ufe70\ufe7c"
    "،؛؟«».,-_/()!"
    "AbCzİß"
)
persian_text = st.text(alphabet=PERSIAN_ALPHABET, max_size=40)
any_text = st.text(max_size=40)


# --- normalize -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    ["آذربایجانشرقی", "آذربايجان شرقي", "آذربایجان\u200cشرقی", " آذربایجانِ  شرقی ", "آذربایجان-شرقی"],
)
def test_spellings_of_east_azerbaijan_share_one_search_key(spelling):
    assert search_key(spelling) == "آذربایجانشرقی"


def test_arabic_yeh_and_kaf_become_persian():
    assert normalize("كيك") == "کیک"
    assert normalize("موسى") == "موسی"
    assert normalize("ڪتاب") == "کتاب"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("مُحَمَّد", "محمد"),
        ("سـلام", "سلام"),  # tatweel
        ("رحمٰن", "رحمن"),  # superscript alef
        ("أحمد إمام ٱلله", "احمد امام الله"),
        ("مؤسسه", "موسسه"),
        ("مدرسة", "مدرسه"),
        ("خانهٔ ملت", "خانه ملت"),
        ("خانۀ ملت", "خانه ملت"),
    ],
)
def test_diacritics_and_hamza_forms_are_folded(written, expected):
    assert normalize(written) == expected


def test_alef_madda_is_kept_even_when_typed_decomposed():
    assert normalize("آب") == "آب"
    assert normalize("ا\u0653ب") == "آب"


def test_persian_letters_pass_through_unchanged():
    sentence = "پژوهشگاه چرم‌سازی گیلان؛ مسئول: ژاله آقایی"
    assert normalize(sentence) == sentence


def test_digits_become_ascii():
    assert normalize("۱۴۰۳ و ١٤٠٣ و 1403") == "1403 و 1403 و 1403"


def test_presentation_forms_are_folded_to_letters():
    assert normalize("ﻛﺘﺎﺏ") == "کتاب"
    assert normalize("ﯼ") == "ی"  # Farsi yeh, isolated form
    assert normalize("ﻻ") == "لا"
    assert normalize("ب\ufe7cب") == "بب"  # isolated shadda form leaves no stray space


def test_invisible_and_bidi_characters_are_removed():
    assert normalize("\u202eسلام\u202c\u200b \u200fدنیا\ufeff\u2067") == "سلام دنیا"
    assert normalize("a\x00b\x1bc\x85d") == "abcd"  # C0 and C1 controls, NEL included


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("می\u200c\u200cروم", "می\u200cروم"),
        ("می\u200c روم", "می روم"),
        ("\u200cمی\u200cروم\u200c", "می\u200cروم"),
        ("کتاب \u200c \u200c ها", "کتاب ها"),
    ],
)
def test_zwnj_is_kept_once_between_letters_only(written, expected):
    assert normalize(written) == expected


def test_whitespace_is_collapsed():
    assert normalize("  سلام\t\t دنیا\n\nو\u00a0ما  ") == "سلام دنیا و ما"


@given(persian_text)
def test_normalize_is_idempotent_on_persian_text(text):
    once = normalize(text)
    assert normalize(once) == once


@given(any_text)
def test_normalize_is_idempotent_on_any_text(text):
    once = normalize(text)
    assert normalize(once) == once


@given(persian_text)
def test_normalized_text_is_tidy(text):
    result = normalize(text)
    assert result == result.strip(" " + ZWNJ)
    assert "  " not in result
    assert not set(result) & set("يكى۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩\u200b\u200d\u200e\u200f\u202e\ufeff\u0640\t\n")


# --- search_key and search_terms ----------------------------------------------------------------------


def test_search_key_ignores_case_and_punctuation():
    assert search_key("Tabriz Petrochemical Co.") == search_key("tabriz-petrochemical co")
    assert search_key("«شرکت» صنایع، (تبریز)؛ سهامی‌عام؟") == "شرکتصنایعتبریزسهامیعام"


@given(persian_text)
def test_search_key_is_idempotent(text):
    key = search_key(text)
    assert search_key(key) == key


@given(any_text)
def test_search_key_is_idempotent_on_any_text(text):
    key = search_key(text)
    assert search_key(key) == key


@given(persian_text)
def test_search_key_has_no_separators_and_ignores_spacing(text):
    key = search_key(text)
    assert " " not in key and ZWNJ not in key
    assert search_key(text.replace(" ", ZWNJ)) == key


def test_search_terms_split_on_space_zwnj_and_punctuation():
    assert search_terms("شركت «پتروشیمی» تبریز، سهامی‌عام") == ["شرکت", "پتروشیمی", "تبریز", "سهامی", "عام"]
    assert search_terms("Iran-Khodro IRAN khodro") == ["iran", "khodro"]
    assert search_terms(" ،، ") == []


@given(persian_text)
def test_search_terms_are_pieces_of_the_search_key(text):
    key = search_key(text)
    terms = search_terms(text)
    assert len(terms) == len(set(terms))
    for term in terms:
        assert term and term in key


# --- digits and numbers --------------------------------------------------------------------------------


def test_digit_conversion():
    assert to_persian_digits("1403/12 و ١٤") == "۱۴۰۳/۱۲ و ۱۴"
    assert to_persian_digits(1234) == "۱۲۳۴"
    assert to_persian_digits(None) == ""
    assert to_latin_digits("۱۴۰۳/١٢") == "1403/12"


def test_digits_only_keeps_the_digits_of_a_typed_code_in_any_script():
    assert digits_only("۸۴۸۰.۷۱") == digits_only("8480 71") == digits_only("٨٤٨٠-٧١") == "848071"
    assert digits_only("HS ۸۴۸۰") == "8480"
    assert digits_only("²³ ١٢") == "12"  # str.isdigit takes superscripts; no code is written with them
    assert digits_only(None) == digits_only("") == digits_only("کد") == ""
    assert digits_only(848071) == "848071"


@given(st.integers())
def test_digit_conversion_round_trips(number):
    assert to_latin_digits(to_persian_digits(number)) == str(number)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, None, "۰"),
        (999, None, "۹۹۹"),
        (1234567, None, "۱٬۲۳۴٬۵۶۷"),
        (-1234, None, "-۱٬۲۳۴"),
        (Decimal("1234.5"), None, "۱٬۲۳۴٫۵"),
        (Decimal("1234.5"), 2, "۱٬۲۳۴٫۵۰"),
        (Decimal("2.5"), 0, "۳"),  # half-up, not banker's rounding
        (0.1, None, "۰٫۱"),
        (1234567.891, 2, "۱٬۲۳۴٬۵۶۷٫۸۹"),
        (-0.001, 2, "۰٫۰۰"),  # no "-0"
        (Decimal("1E+3"), None, "۱٬۰۰۰"),
        ("۱۲۳۴۵", None, "۱۲٬۳۴۵"),
        (None, None, "—"),
        (None, 2, "—"),
    ],
)
def test_format_number_persian(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_number_latin():
    assert format_number(Decimal("-1234567.5"), 2, persian=False) == "-1,234,567.50"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), Decimal("NaN"), "abc"])
def test_format_number_rejects_non_numbers(bad):
    with pytest.raises(ValueError):
        format_number(bad)


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_format_number_only_adds_separators(number):
    text = format_number(number)
    assert to_latin_digits(text).replace("٬", "") == str(number)


# --- clean_user_text -----------------------------------------------------------------------------------


def test_clean_user_text_keeps_the_users_letters():
    assert clean_user_text("  علي  كريمي ") == "علي كريمي"


def test_clean_user_text_removes_bidi_and_control_characters():
    assert clean_user_text("شرکت\u202e تبریز\x00\u200f") == "شرکت تبریز"


def test_clean_user_text_keeps_lines_but_not_runs_of_blank_lines():
    assert clean_user_text("خط اول  \r\n\r\n\r\n\r\n\tخط دوم\n") == "خط اول\n\nخط دوم"


def test_clean_user_text_of_nothing():
    assert clean_user_text(None) == ""
    assert clean_user_text(" \u200c\u200f ") == ""


@given(persian_text)
def test_clean_user_text_is_idempotent(text):
    once = clean_user_text(text)
    assert clean_user_text(once) == once


# ---------------------------------------------------------------- digits inside sentences


@pytest.mark.parametrize(
    "text, shown",
    [
        ("عددی بین ۰ و 30 وارد کنید", "عددی بین ۰ و ۳۰ وارد کنید"),
        ("استفاده از ظرفیت 670.4٪ است", "استفاده از ظرفیت ۶۷۰٫۴٪ است"),
        ("صفحهٔ 2 از 3", "صفحهٔ ۲ از ۳"),
        ("ماه 1405/07", "ماه ۱۴۰۵/۰۷"),
        ("(10 روز کاری)", "(۱۰ روز کاری)"),
        ("مبلغ 1,234,567 ریال", "مبلغ ۱٬۲۳۴٬۵۶۷ ریال"),
        (
            "استاندارد ISO 9001 و قطعهٔ M12 و a1@b2.ir و http://x.ir/1",
            "استاندارد ISO 9001 و قطعهٔ M12 و a1@b2.ir و http://x.ir/1",
        ),
        ("Ensure this value is at most 30.", "Ensure this value is at most 30."),
        ("", ""),
    ],
)
def test_persian_digits_in_text(text, shown):
    from rownaq.core.persian import persian_digits_in_text

    assert persian_digits_in_text(text) == shown
