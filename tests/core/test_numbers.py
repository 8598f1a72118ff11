"""Numbers typed the Persian way: every number field of every form reads them and shows them back grouped."""

from decimal import Decimal

import pytest
from django import forms
from django.test import Client

from rownaq.core.forms import NumberTextInput
from rownaq.core.persian import parse_number
from rownaq.reporting.forms import ProductionForm


@pytest.mark.parametrize(
    "typed, read",
    [
        ("۱۲۰", "120"),
        ("٥٠", "50"),
        ("۱۲٬۰۰۰", "12000"),
        ("1,200,000", "1200000"),
        ("۱۲۰،۰۰۰", "120000"),
        ("۱۳٫۵", "13.5"),
        ("13.5", "13.5"),
        ("۱۳/۵", "13.5"),
        ("٫۵", "0.5"),
        ("−۴", "-4"),
        (" ۱۲ ۰۰۰ ", "12000"),
    ],
)
def test_persian_arabic_and_latin_numbers_are_read(typed, read):
    assert parse_number(typed) == read


@pytest.mark.parametrize("typed", ["۱۲,۵", "1,20", "1.2.3", "۱۲a", "", "٬", "1,2345"])
def test_ambiguous_or_broken_numbers_are_refused_with_a_persian_reason(typed):
    with pytest.raises(ValueError) as caught:
        parse_number(typed)
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(caught.value))


def test_every_number_form_field_reads_persian_digits_and_grouping():
    class Any(forms.Form):
        count = forms.IntegerField()
        amount = forms.DecimalField(max_digits=12, decimal_places=2)
        ratio = forms.FloatField()

    form = Any({"count": "۱۲٬۰۰۰", "amount": "۴۲٬۰۰۰٫۵", "ratio": "٠٫٢٥"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"count": 12000, "amount": Decimal("42000.5"), "ratio": 0.25}


def test_a_comma_typed_as_a_decimal_point_is_an_error_not_a_different_number():
    class Any(forms.Form):
        amount = forms.DecimalField()

    form = Any({"amount": "۱۲,۵"})
    assert not form.is_valid()
    assert "هر سه رقم" in form.errors["amount"][0]


def test_number_inputs_are_text_with_a_numeric_keyboard_and_show_grouped_persian_digits():
    html = str(forms.IntegerField().widget.render("n", 42000))
    html += str(forms.DecimalField().widget.render("d", Decimal("13.50")))
    assert 'type="number"' not in html
    assert 'inputmode="numeric"' in html and 'inputmode="decimal"' in html
    assert 'value="۴۲٬۰۰۰"' in html and 'value="۱۳٫۵"' in html
    assert isinstance(ProductionForm().fields["quantity"].widget, NumberTextInput)


def test_a_year_is_not_grouped():
    assert 'value="۱۴۰۴"' in NumberTextInput(grouping=False).render("year", 1404)


def test_no_template_asks_the_browser_for_a_number_input():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "src" / "rownaq"
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.html") if 'type="number"' in p.read_text()]
    assert offenders == []


@pytest.mark.django_db
def test_filter_forms_get_the_same_number_inputs(admin_user):
    """django-filter builds number filters from Django's DecimalField: they read Persian digits too."""
    client = Client()
    client.force_login(admin_user)
    response = client.get("/reports/")
    assert response.status_code == 200
    assert 'type="number"' not in response.content.decode()
