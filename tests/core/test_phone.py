import pytest

from rownaq.core.phone import InvalidMobile, international_mobile, normalize_mobile


@pytest.mark.parametrize(
    "typed",
    [
        "09121234567",
        "9121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷",
        "0912-123-4567",
        "(0912) 123 4567",
    ],
)
def test_iranian_mobile_numbers_are_accepted_in_any_digits_and_form(typed):
    assert normalize_mobile(typed) == "09121234567"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "0912123456",
        "091212345678",
        "08121234567",
        "02112345678",
        "+449121234567",
        "+98212345678",
        "0912abc4567",
        "۰۹۱۲۱۲۳۴۵۶",
        "98912123456",
    ],
)
def test_other_numbers_are_refused_with_a_persian_reason(typed):
    with pytest.raises(InvalidMobile) as error:
        normalize_mobile(typed)
    assert "شمارهٔ همراه" in error.value.message


def test_gateways_get_the_international_form():
    assert international_mobile("۰۹۳۵۱۱۱۲۲۳۳") == "989351112233"
