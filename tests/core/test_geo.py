"""Countries and currencies: the shipped lists, Persian names, Persian sort order and matching typed names."""

import pytest

from rownaq.core.geo import (
    COUNTRY_CHOICES,
    CURRENCY_CHOICES,
    countries,
    country_name,
    currencies,
    currency_name,
    find_country,
    is_country,
    is_currency,
    persian_sort_key,
)
from rownaq.core.persian import search_key

LEADING = ["IRR", "USD", "EUR", "CNY", "AED", "TRY", "RUB", "IQD"]
ARABIC_LETTERS = "\u064a\u0643\u0649\u0629"  # ي ك ى ة


def test_every_iso_country_is_listed_once():
    codes = [code for code, _ in COUNTRY_CHOICES]
    assert len(codes) >= 245
    assert len(codes) == len(set(codes)) == len(countries())
    assert all(len(code) == 2 and code.isascii() and code.isupper() for code in codes)
    for code in ("IR", "SY", "IQ", "AF", "TR", "AM", "AZ", "RU", "CN", "AE", "DE", "US", "SS", "PS"):
        assert is_country(code)


def test_persian_names_use_persian_letters_and_are_distinct():
    names = [name for _, name in COUNTRY_CHOICES] + [name for _, name in CURRENCY_CHOICES]
    assert not [name for name in names if set(name) & set(ARABIC_LETTERS)]
    fa_keys = [search_key(country.name_fa) for country in countries().values()]
    assert len(fa_keys) == len(set(fa_keys))


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("SY", "سوریه"),
        ("IQ", "عراق"),
        ("AF", "افغانستان"),
        ("TR", "ترکیه"),
        ("AZ", "جمهوری آذربایجان"),
        ("AE", "امارات متحده عربی"),
        ("US", "ایالات متحدهٔ آمریکا"),
        ("IN", "هند"),
    ],
)
def test_country_names(code, name):
    assert country_name(code) == name


def test_country_name_accepts_any_case_and_returns_unknown_codes_unchanged():
    assert country_name("sy") == "سوریه"
    assert country_name("ZZ") == "ZZ"
    assert country_name("") == ""
    assert countries()["SY"].name_en == "Syria"


def test_is_country_is_strict_about_the_stored_form():
    assert not is_country("sy")
    assert not is_country(" SY")
    assert not is_country("ZZ")
    assert not is_country(None)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("SY", "SY"),
        (" iq ", "IQ"),
        ("Syria", "SY"),
        ("Syrian Arab Republic", "SY"),
        ("IRAQ", "IQ"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Russian Federation", "RU"),
        ("United States of America", "US"),
        ("سوريه", "SY"),  # Arabic yeh
        ("تركيه", "TR"),  # Arabic kaf and yeh
        ("ترکیه", "TR"),
        ("عراق", "IQ"),
        ("امارات", "AE"),
        ("امارات متحده عربي", "AE"),
        ("آمریکا", "US"),
        ("امريكا", "US"),
        ("ایالات متحده آمریکا", "US"),  # no hamza on heh
        ("روسیه", "RU"),
        ("روسيه", "RU"),
        ("جمهوري آذربايجان", "AZ"),
        ("آذربایجان", "AZ"),
        ("کره جنوبی", "KR"),
        ("سریلانکا", "LK"),  # no ZWNJ
        ("سری لانکا", "LK"),  # a space instead of ZWNJ
        ("افغانستان", "AF"),
    ],
)
def test_find_country(text, code):
    assert find_country(text) == code


@pytest.mark.parametrize("text", ["", "   ", "ZZ", "Atlantis", "آتلانتیس", None])
def test_find_country_unknown(text):
    assert find_country(text) is None


def test_find_country_finds_every_listed_name():
    for country in countries().values():
        assert find_country(country.name_fa) == country.code
        assert find_country(country.name_en) == country.code


def test_countries_are_in_persian_alphabetical_order():
    names = [name for _, name in COUNTRY_CHOICES]
    assert names == sorted(names, key=persian_sort_key)
    assert names.index("بلغارستان") < names.index("پاکستان") < names.index("تاجیکستان")
    assert names[0].startswith("آ")
    assert names[-1].startswith("ی")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("بلغارستان", "پاکستان"),
        ("پاکستان", "تاجیکستان"),
        ("جیبوتی", "چاد"),
        ("چین", "حبشه"),
        ("زیمبابوه", "ژاپن"),
        ("ژاپن", "سوریه"),
        ("کویت", "گرجستان"),
        ("گینه", "لبنان"),
        ("ونزوئلا", "هند"),
        ("هند", "یمن"),
        ("آلمان", "اتریش"),
        ("جزایر کوک", "جزایرکوکوس"),
    ],
)
def test_persian_sort_key_orders_letters(before, after):
    assert persian_sort_key(before) < persian_sort_key(after)


def test_persian_sort_key_ignores_arabic_letters_and_zwnj():
    assert persian_sort_key("تركيه")[:2] == persian_sort_key("ترکیه")[:2]
    assert persian_sort_key("سری\u200cلانکا")[:2] == persian_sort_key("سریلانکا")[:2]


def test_currency_choices_start_with_the_main_currencies_in_order():
    codes = [code for code, _ in CURRENCY_CHOICES]
    assert codes[: len(LEADING)] == LEADING
    assert len(codes) == len(set(codes)) == len(currencies()) == 27
    rest = [name for code, name in CURRENCY_CHOICES if code not in LEADING]
    assert rest == sorted(rest, key=persian_sort_key)


def test_currency_names_and_minor_units():
    assert currency_name("IRR") == "ریال"
    assert currency_name("USD") == "دلار آمریکا"
    assert currency_name("cny") == "یوان چین"
    assert currency_name("TRY") == "لیر ترکیه"
    assert currency_name("XYZ") == "XYZ"
    assert currencies()["IQD"].minor_units == 3
    assert currencies()["JPY"].minor_units == 0
    assert currencies()["EUR"].minor_units == 2
    assert is_currency("AED")
    assert not is_currency("aed")
    assert not is_currency("XYZ")
