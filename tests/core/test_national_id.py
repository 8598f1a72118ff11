"""Legal-entity national ID: check digit, shape rules and Persian messages."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rownaq.core.national_id import (
    InvalidNationalId,
    is_valid_national_id,
    make_national_id,
    validate_national_id,
)

# Worked by hand for 1086014260?:
#   digits 1 0 8 6 0 1 4 2 6 0, t = d9 + 2 = 2
#   (1+2)*29=87  (0+2)*27=54  (8+2)*23=230  (6+2)*19=152  (0+2)*17=34
#   (1+2)*29=87  (4+2)*27=162 (2+2)*23=92   (6+2)*19=152  (0+2)*17=34
#   sum = 1084, 1084 % 11 = 6 (11 * 98 = 1078)  ->  10860142606
HAND_COMPUTED = "10860142606"
# And for 1086014263?, where the remainder is 10 and so the check digit is 0:
#   t = 3 + 2 = 5; 6*29 + 5*27 + 13*23 + 11*19 + 5*17 + 6*29 + 9*27 + 7*23 + 11*19 + 8*17
#   = 174 + 135 + 299 + 209 + 85 + 174 + 243 + 161 + 209 + 136 = 1825; 1825 % 11 = 10 -> 0
HAND_COMPUTED_REMAINDER_TEN = "10860142630"

ten_digits = st.text(alphabet="0123456789", min_size=10, max_size=10).filter(
    lambda s: len(set(s)) > 1 and s[3:9] != "000000"
)


@pytest.mark.parametrize("national_id", [HAND_COMPUTED, HAND_COMPUTED_REMAINDER_TEN])
def test_hand_computed_ids_are_valid(national_id):
    assert validate_national_id(national_id) == national_id
    assert is_valid_national_id(national_id)


def test_make_national_id_appends_the_check_digit():
    assert make_national_id("1086014260") == HAND_COMPUTED
    assert make_national_id("1086014263") == HAND_COMPUTED_REMAINDER_TEN
    assert make_national_id("۱۰۸۶۰۱۴۲۶۰") == HAND_COMPUTED


@pytest.mark.parametrize(
    "written",
    [
        "۱۰۸۶۰۱۴۲۶۰۶",  # Persian digits
        "١٠٨٦٠١٤٢٦٠٦",  # Arabic-Indic digits
        "  10860142606 ",
        "\u200f10860142606\u200e",  # bidi marks from text copied out of a Persian document
        10860142606,
    ],
)
def test_accepted_spellings_give_the_canonical_id(written):
    assert validate_national_id(written) == HAND_COMPUTED


@pytest.mark.parametrize("last_digit", [d for d in "0123456789" if d != HAND_COMPUTED[-1]])
def test_wrong_check_digit_is_rejected(last_digit):
    with pytest.raises(InvalidNationalId) as caught:
        validate_national_id(HAND_COMPUTED[:-1] + last_digit)
    assert caught.value.reason == "check_digit"
    assert "رقم کنترل" in str(caught.value)


@pytest.mark.parametrize(
    ("written", "reason", "phrase"),
    [
        ("", "empty", "وارد کنید"),
        (None, "empty", "وارد کنید"),
        ("1086014260", "length", "باید ۱۱ رقم باشد؛ ۱۰ رقم"),
        ("108601426061", "length", "۱۲ رقم"),
        ("1086-0142606", "not_digits", "فقط از رقم"),
        ("1086 0142606", "not_digits", "فقط از رقم"),
        ("1086014260x", "not_digits", "فقط از رقم"),
        ("¹0860142606", "not_digits", "فقط از رقم"),  # superscript one passes str.isdigit()
        ("11111111111", "repeated", "تکراری"),
        ("00000000000", "repeated", "تکراری"),
    ],
)
def test_malformed_ids_say_what_is_wrong(written, reason, phrase):
    with pytest.raises(InvalidNationalId) as caught:
        validate_national_id(written)
    assert caught.value.reason == reason
    assert phrase in caught.value.message
    assert isinstance(caught.value, ValueError)


def test_zero_middle_is_rejected_even_with_a_correct_check_digit():
    from rownaq.core.national_id import _check_digit

    first10 = "1010000000"
    candidate = first10 + str(_check_digit(first10))
    with pytest.raises(InvalidNationalId) as caught:
        validate_national_id(candidate)
    assert caught.value.reason == "middle_zeros"
    with pytest.raises(InvalidNationalId):
        make_national_id(first10)


def test_make_national_id_rejects_bad_prefixes():
    with pytest.raises(InvalidNationalId):
        make_national_id("108601426")
    with pytest.raises(InvalidNationalId):
        # 3333333333 gets check digit 3 (8 * 230 = 1840 = 11 * 167 + 3): eleven equal digits.
        make_national_id("3333333333")


def test_is_valid_national_id():
    assert not is_valid_national_id(None)
    assert not is_valid_national_id("10860142605")


@given(ten_digits)
def test_made_ids_validate_and_keep_their_prefix(first10):
    national_id = make_national_id(first10)
    assert national_id[:10] == first10
    assert validate_national_id(national_id) == national_id


@given(ten_digits, st.integers(1, 9))
def test_any_other_last_digit_is_rejected(first10, shift):
    national_id = make_national_id(first10)
    wrong = national_id[:10] + str((int(national_id[10]) + shift) % 10)
    assert not is_valid_national_id(wrong)


@given(st.text(max_size=14))
def test_validation_never_fails_with_another_error(text):
    try:
        result = validate_national_id(text)
    except InvalidNationalId:
        return
    assert len(result) == 11 and result.isascii() and result.isdigit()
