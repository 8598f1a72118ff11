import pytest

from rownaq.core.phone import InvalidMobile, normalize_mobile


@pytest.mark.parametrize(
    "typed",
    [
        "09141234567",
        "۰۹۱۴۱۲۳۴۵۶۷",
        "٠٩١٤١٢٣٤٥٦٧",
        "0914 123 4567",
        "۰۹۱۴-۱۲۳-۴۵۶۷",
        "+989141234567",
        "00989141234567",
        "989141234567",
        "9141234567",
        "\u200e0914 123 4567",
    ],
)
def test_an_iranian_mobile_is_accepted_in_any_digits_and_form(typed):
    assert normalize_mobile(typed) == "09141234567"


@pytest.mark.parametrize(
    "typed",
    [
        "0914123456",
        "091412345678",
        "04134567890",
        "08141234567",
        "+449141234567",
        "0914123456a",
        "۰۹۱۴۱۲۳۴۵۶",
    ],
)
def test_anything_else_is_refused_with_a_persian_message(typed):
    with pytest.raises(InvalidMobile, match="۰۹"):
        normalize_mobile(typed)
