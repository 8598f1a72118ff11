"""Jalali months and dates: boundaries, leap years, parsing and formatting."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rownaq.core.jalali import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    JalaliMonth,
    format_jalali_date,
    format_jalali_datetime,
    parse_jalali_date,
    weekday_name,
)

UTC = dt.UTC

months = st.builds(JalaliMonth, st.integers(1, 9376), st.integers(1, 12))
user_months = st.builds(JalaliMonth, st.integers(1200, 1600), st.integers(1, 12))
# 1200/01/01 .. 1600/12/29: the years parse_jalali_date accepts.
user_dates = st.dates(min_value=dt.date(1821, 3, 21), max_value=dt.date(2222, 3, 20))


# --- JalaliMonth: calendar facts -----------------------------------------------------------------------


def test_names():
    assert len(MONTH_NAMES) == 12
    assert MONTH_NAMES[0] == "فروردین" and MONTH_NAMES[11] == "اسفند"
    assert WEEKDAY_NAMES[0] == "شنبه" and WEEKDAY_NAMES[6] == "جمعه"
    assert weekday_name(dt.date(2025, 3, 22)) == "شنبه"
    assert weekday_name(dt.date(2025, 3, 21)) == "جمعه"


@pytest.mark.parametrize(
    ("year", "esfand_days"),
    [(1399, 30), (1400, 29), (1402, 29), (1403, 30), (1404, 29), (1408, 30)],
)
def test_esfand_has_30_days_only_in_leap_years(year, esfand_days):
    assert JalaliMonth(year, 12).days == esfand_days


@pytest.mark.parametrize(("month", "days"), [(1, 31), (6, 31), (7, 30), (11, 30)])
def test_month_lengths(month, days):
    assert JalaliMonth(1403, month).days == days


def test_year_change():
    esfand = JalaliMonth(1403, 12)
    farvardin = JalaliMonth(1404, 1)
    assert esfand.next() == farvardin
    assert farvardin.previous() == esfand
    assert esfand.last_day() == dt.date(2025, 3, 20)
    assert farvardin.first_day() == dt.date(2025, 3, 21)  # Nowruz 1404
    assert esfand < farvardin


@given(months)
def test_months_are_contiguous(month):
    assert month.last_day() + dt.timedelta(days=1) == month.next().first_day()


@given(months)
def test_days_matches_the_gregorian_span(month):
    assert (month.last_day() - month.first_day()).days + 1 == month.days


@given(months)
def test_from_date_finds_the_month_of_its_first_and_last_day(month):
    assert JalaliMonth.from_date(month.first_day()) == month
    assert JalaliMonth.from_date(month.last_day()) == month
    assert month.contains(month.last_day())
    assert not month.contains(month.last_day() + dt.timedelta(days=1))


def test_from_date_of_an_aware_datetime_uses_tehran_time():
    # 21:00 UTC on 20 March 2025 is 00:30 on 1 Farvardin 1404 in Tehran.
    moment = dt.datetime(2025, 3, 20, 21, 0, tzinfo=UTC)
    assert JalaliMonth.from_date(moment) == JalaliMonth(1404, 1)
    assert JalaliMonth.from_date(moment.date()) == JalaliMonth(1403, 12)


def test_today_is_a_month_around_now():
    today = JalaliMonth.today()
    assert today.first_day() - dt.timedelta(days=1) <= dt.date.today() <= today.last_day() + dt.timedelta(days=1)


@pytest.mark.parametrize(("year", "month"), [(1403, 0), (1403, 13), (0, 1), (9378, 1), (-1, 5)])
def test_invalid_months_are_rejected(year, month):
    with pytest.raises(ValueError):
        JalaliMonth(year, month)


@pytest.mark.parametrize(("year", "month"), [("1403", 1), (1403, 1.0), (True, 1)])
def test_non_integer_parts_are_rejected(year, month):
    with pytest.raises(TypeError):
        JalaliMonth(year, month)


def test_calendar_end_has_no_next_month():
    with pytest.raises(ValueError):
        JalaliMonth(9377, 12).next()
    with pytest.raises(ValueError):
        JalaliMonth(1, 1).previous()


# --- JalaliMonth: arithmetic ---------------------------------------------------------------------------


def test_arithmetic():
    esfand = JalaliMonth(1403, 12)
    assert esfand + 1 == JalaliMonth(1404, 1)
    assert 1 + esfand == JalaliMonth(1404, 1)
    assert esfand + 12 == JalaliMonth(1404, 12)
    assert esfand - 12 == JalaliMonth(1402, 12)
    assert esfand - 13 == JalaliMonth(1402, 11)
    assert JalaliMonth(1404, 2) - esfand == 2
    assert esfand - JalaliMonth(1404, 2) == -2
    with pytest.raises(TypeError):
        esfand + 1.5
    with pytest.raises(TypeError):
        esfand - "1"


@given(user_months, st.integers(-2000, 2000))
def test_adding_then_subtracting(month, count):
    moved = month + count
    assert moved - month == count
    assert moved - count == month
    assert (moved > month) == (count > 0)


def test_range_is_inclusive():
    months_ = list(JalaliMonth.range(JalaliMonth(1403, 11), JalaliMonth(1404, 2)))
    assert months_ == [JalaliMonth(1403, 11), JalaliMonth(1403, 12), JalaliMonth(1404, 1), JalaliMonth(1404, 2)]
    assert list(JalaliMonth.range(JalaliMonth(1404, 2), JalaliMonth(1404, 1))) == []


@given(user_months, st.integers(0, 40))
def test_range_length(start, count):
    end = start + count
    listed = list(JalaliMonth.range(start, end))
    assert len(listed) == count + 1
    assert listed == sorted(listed)
    assert all(b == a.next() for a, b in zip(listed, listed[1:]))


def test_due_date_is_a_day_of_the_next_month():
    assert JalaliMonth(1403, 12).due_date() == dt.date(2025, 3, 30)  # 1404/01/10
    assert JalaliMonth(1403, 11).due_date(30) == dt.date(2025, 3, 20)  # 1403/12/30, a leap Esfand
    with pytest.raises(ValueError):
        JalaliMonth(1404, 11).due_date(30)  # Esfand 1404 has 29 days
    with pytest.raises(ValueError):
        JalaliMonth(1404, 1).due_date(0)


# --- JalaliMonth: text ---------------------------------------------------------------------------------


def test_label_and_code():
    esfand = JalaliMonth(1403, 12)
    assert esfand.label == "اسفند ۱۴۰۳"
    assert esfand.code == "1403-12"
    assert JalaliMonth(1404, 1).code == "1404-01"
    assert str(esfand) == "1403-12"


@pytest.mark.parametrize(
    "text", ["1403/12", "1403-12", "۱۴۰۳/۱۲", "١٤٠٣-١٢", " 1403 / 12 ", "اسفند ۱۴۰۳", "اسفند 1403"]
)
def test_parse_month(text):
    assert JalaliMonth.parse(text) == JalaliMonth(1403, 12)


@given(user_months)
def test_parse_month_round_trips(month):
    assert JalaliMonth.parse(month.code) == month
    assert JalaliMonth.parse(month.label) == month


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "ماه را وارد کنید"),
        ("1403", "ماه معتبری نیست"),
        ("1403/13", "ماه ۱۳ وجود ندارد"),
        ("1403/0", "ماه ۰ وجود ندارد"),
        ("2025/03", "خارج از بازهٔ ۱۲۰۰ تا ۱۶۰۰"),
        ("ابان 1403", "ماه معتبری نیست"),
        ("1403/12/01", "ماه معتبری نیست"),
    ],
)
def test_parse_month_explains_bad_input(text, phrase):
    with pytest.raises(ValueError) as caught:
        JalaliMonth.parse(text)
    assert phrase in str(caught.value)


# --- dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1403/12/30", dt.date(2025, 3, 20)),
        ("۱۴۰۳/۱۲/۳۰", dt.date(2025, 3, 20)),
        ("١٤٠٣/١٢/٣٠", dt.date(2025, 3, 20)),
        ("1403-1-5", dt.date(2024, 3, 24)),
        ("  1404/01/01 ", dt.date(2025, 3, 21)),
        ("\u200f1399/12/30\u200f", dt.date(2021, 3, 20)),
    ],
)
def test_parse_jalali_date(text, expected):
    assert parse_jalali_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1404/12/30", "تاریخ ۱۴۰۴/۱۲/۳۰ وجود ندارد؛ اسفند ۱۴۰۴ ۲۹ روز است."),
        ("1400/12/30", "تاریخ ۱۴۰۰/۱۲/۳۰ وجود ندارد؛ اسفند ۱۴۰۰ ۲۹ روز است."),
        ("1403/7/31", "تاریخ ۱۴۰۳/۰۷/۳۱ وجود ندارد؛ مهر ۱۴۰۳ ۳۰ روز است."),
        ("1403/01/00", "تاریخ ۱۴۰۳/۰۱/۰۰ وجود ندارد؛ فروردین ۱۴۰۳ ۳۱ روز است."),
    ],
)
def test_days_that_do_not_exist_are_explained(text, message):
    with pytest.raises(ValueError) as caught:
        parse_jalali_date(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "تاریخ را وارد کنید"),
        ("   ", "تاریخ را وارد کنید"),
        ("1403/12", "تاریخ معتبری نیست"),
        ("1403 12 01", "تاریخ معتبری نیست"),
        ("1403/12/01/5", "تاریخ معتبری نیست"),
        ("فردا", "تاریخ معتبری نیست"),
        ("1403/13/01", "ماه ۱۳ وجود ندارد"),
        ("2025/03/20", "خارج از بازهٔ ۱۲۰۰ تا ۱۶۰۰"),
        ("1199/12/29", "خارج از بازهٔ ۱۲۰۰ تا ۱۶۰۰"),
        ("1601/01/01", "خارج از بازهٔ ۱۲۰۰ تا ۱۶۰۰"),
    ],
)
def test_bad_dates_are_explained(text, phrase):
    with pytest.raises(ValueError) as caught:
        parse_jalali_date(text)
    assert phrase in str(caught.value)


def test_echoed_input_is_cleaned_and_short():
    with pytest.raises(ValueError) as caught:
        parse_jalali_date("\u202e" + "x" * 500)
    message = str(caught.value)
    assert "\u202e" not in message
    assert len(message) < 120


@given(user_dates)
def test_format_then_parse_round_trips(day):
    assert parse_jalali_date(format_jalali_date(day)) == day
    assert parse_jalali_date(format_jalali_date(day, persian_digits=False)) == day


def test_format_jalali_date():
    assert format_jalali_date(dt.date(2025, 3, 19)) == "۱۴۰۳/۱۲/۲۹"
    assert format_jalali_date(dt.date(2024, 3, 24), persian_digits=False) == "1403/01/05"
    # An aware datetime is dated on Tehran's clock.
    assert format_jalali_date(dt.datetime(2025, 3, 20, 21, 0, tzinfo=UTC)) == "۱۴۰۴/۰۱/۰۱"


def test_format_jalali_datetime_converts_to_tehran():
    assert format_jalali_datetime(dt.datetime(2025, 3, 19, 10, 35, tzinfo=UTC)) == "۱۴۰۳/۱۲/۲۹ ۱۴:۰۵"
    assert format_jalali_datetime(dt.datetime(2025, 3, 19, 21, 0, tzinfo=UTC)) == "۱۴۰۳/۱۲/۳۰ ۰۰:۳۰"
    # Iran kept daylight saving time until 2022 (+04:30 in summer): the zone database, not a fixed offset.
    summer_2020 = dt.datetime(2020, 6, 1, 12, 0, tzinfo=UTC)
    assert format_jalali_datetime(summer_2020, persian_digits=False) == "1399/03/12 16:30"
    # Naive datetimes are taken as Tehran time already.
    assert format_jalali_datetime(dt.datetime(2025, 3, 19, 14, 5)) == "۱۴۰۳/۱۲/۲۹ ۱۴:۰۵"
    with pytest.raises(TypeError):
        format_jalali_datetime(dt.date(2025, 3, 19))
