"""Jalali/national-ID form fields and the Persian template filters (builtins, no {% load %} needed)."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template

from rownaq.core.forms import JalaliDateField, JalaliDateInput, JalaliMonthField, NationalIdField
from rownaq.core.jalali import JalaliMonth

VALID_NATIONAL_ID = "10860142606"  # hand-computed in test_national_id.py


class ReportForm(forms.Form):
    visited_on = JalaliDateField()
    follow_up_on = JalaliDateField(required=False)
    period = JalaliMonthField()
    national_id = NationalIdField()


# --- JalaliDateField ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1403/12/30", "۱۴۰۳/۱۲/۳۰", " ١٤٠٣-١٢-٣٠ "])
def test_jalali_date_field_cleans_to_a_gregorian_date(text):
    assert JalaliDateField().clean(text) == dt.date(2025, 3, 20)


def test_jalali_date_field_explains_a_day_that_does_not_exist():
    with pytest.raises(ValidationError) as caught:
        JalaliDateField().clean("1404/12/30")
    assert caught.value.messages == ["تاریخ ۱۴۰۴/۱۲/۳۰ وجود ندارد؛ اسفند ۱۴۰۴ ۲۹ روز است."]
    assert caught.value.error_list[0].code == "invalid"


def test_jalali_date_field_required_and_optional():
    with pytest.raises(ValidationError) as caught:
        JalaliDateField().clean("")
    assert caught.value.messages == ["تاریخ را وارد کنید."]
    assert JalaliDateField(required=False).clean("") is None


def test_jalali_date_field_accepts_dates():
    assert JalaliDateField().clean(dt.date(2025, 3, 20)) == dt.date(2025, 3, 20)


def test_jalali_date_input_hooks_the_date_picker():
    html = JalaliDateInput().render("visited_on", dt.date(2025, 3, 19))
    assert " data-jdp" in html
    assert 'autocomplete="off"' in html
    assert 'dir="ltr"' in html
    assert 'placeholder="۱۴۰۳/۰۱/۱۵"' in html
    # The picker reads and writes Latin digits.
    assert 'value="1403/12/29"' in html


def test_jalali_date_input_attrs_can_be_overridden():
    html = JalaliDateInput(attrs={"placeholder": "تاریخ بازدید", "class": "form-control"}).render("d", None)
    assert 'placeholder="تاریخ بازدید"' in html and 'class="form-control"' in html and "data-jdp" in html


def test_unbound_form_shows_the_initial_date_in_jalali():
    form = ReportForm(initial={"visited_on": dt.date(2025, 3, 19), "period": JalaliMonth(1403, 12)})
    assert form["visited_on"].value() == "1403/12/29"
    assert 'value="1403/12/29"' in str(form["visited_on"])
    assert 'value="۱۴۰۳/۱۲"' in str(form["period"])


def test_same_date_typed_differently_is_not_a_change():
    form = ReportForm(
        initial={
            "visited_on": dt.date(2025, 3, 19),
            "period": JalaliMonth(1403, 12),
            "national_id": VALID_NATIONAL_ID,
        },
        data={"visited_on": "۱۴۰۳/۱۲/۲۹", "period": "۱۴۰۳/۱۲", "national_id": "۱۰۸۶۰۱۴۲۶۰۶"},
    )
    assert form.is_valid(), form.errors
    assert form.changed_data == []


def test_bound_form_cleans_every_field():
    form = ReportForm(
        data={"visited_on": "1403/1/5", "follow_up_on": "", "period": "1403-12", "national_id": " ۱۰۸۶۰۱۴۲۶۰۶ "}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "visited_on": dt.date(2024, 3, 24),
        "follow_up_on": None,
        "period": JalaliMonth(1403, 12),
        "national_id": VALID_NATIONAL_ID,
    }


def test_bound_form_keeps_what_the_user_typed_on_error():
    form = ReportForm(data={"visited_on": "1404/12/30", "period": "1403/13", "national_id": "10860142605"})
    assert not form.is_valid()
    assert 'value="1404/12/30"' in str(form["visited_on"])
    assert form.errors["period"] == ["ماه ۱۳ وجود ندارد؛ ماه باید بین ۱ تا ۱۲ باشد."]
    assert "رقم کنترل" in form.errors["national_id"][0]


# --- JalaliMonthField and NationalIdField ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["1403/12", "۱۴۰۳-۱۲", "اسفند ۱۴۰۳"])
def test_jalali_month_field(text):
    assert JalaliMonthField().clean(text) == JalaliMonth(1403, 12)


def test_jalali_month_field_errors():
    with pytest.raises(ValidationError) as caught:
        JalaliMonthField().clean("")
    assert caught.value.messages == ["ماه را وارد کنید."]
    with pytest.raises(ValidationError):
        JalaliMonthField().clean("1403")
    assert JalaliMonthField(required=False).clean("") is None


def test_national_id_field_returns_the_canonical_id():
    assert NationalIdField().clean("١٠٨٦٠١٤٢٦٠٦") == VALID_NATIONAL_ID


@pytest.mark.parametrize(
    ("written", "code"),
    [("10860142605", "check_digit"), ("1086014260", "length"), ("108601426O6", "not_digits")],
)
def test_national_id_field_errors_carry_the_reason(written, code):
    with pytest.raises(ValidationError) as caught:
        NationalIdField().clean(written)
    assert caught.value.error_list[0].code == code


def test_national_id_field_required_and_optional():
    with pytest.raises(ValidationError) as caught:
        NationalIdField().clean("   ")
    assert caught.value.messages == ["شناسهٔ ملی را وارد کنید."]
    assert NationalIdField(required=False).clean("") == ""


def test_national_id_input_is_left_to_right():
    html = str(ReportForm()["national_id"])
    assert 'dir="ltr"' in html and 'inputmode="numeric"' in html


# --- template filters -----------------------------------------------------------------------------------


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_filters_are_builtins_and_render_persian_digits():
    assert render("{{ n|fa }}", n=1403) == "۱۴۰۳"
    assert render("{{ n|fanum }}", n=1234567) == "۱٬۲۳۴٬۵۶۷"
    assert render("{{ n|fanum:2 }}", n=Decimal("1234.5")) == "۱٬۲۳۴٫۵۰"
    assert render('{{ n|fanum:"0" }}', n=2.5) == "۳"


def test_date_filters():
    assert render("{{ d|jdate }}", d=dt.date(2025, 3, 19)) == "۱۴۰۳/۱۲/۲۹"
    moment = dt.datetime(2025, 3, 19, 10, 35, tzinfo=dt.UTC)
    assert render("{{ t|jdatetime }}", t=moment) == "۱۴۰۳/۱۲/۲۹ ۱۴:۰۵"
    assert render("{{ t|jdate }}", t=dt.datetime(2025, 3, 20, 21, 0, tzinfo=dt.UTC)) == "۱۴۰۴/۰۱/۰۱"
    assert render("{{ d|jdatetime }}", d=dt.date(2025, 3, 19)) == "۱۴۰۳/۱۲/۲۹"


def test_month_filter():
    assert render("{{ m|jmonth }}", m=JalaliMonth(1403, 12)) == "اسفند ۱۴۰۳"
    assert render("{{ m|jmonth }}", m=(1404, 1)) == "فروردین ۱۴۰۴"
    assert render("{{ m|jmonth }}", m="1404-02") == "اردیبهشت ۱۴۰۴"


@pytest.mark.parametrize("name", ["fa", "fanum", "jdate", "jdatetime", "jmonth"])
def test_missing_values_show_a_dash(name):
    assert render(f"{{{{ v|{name} }}}}", v=None) == "—"


def test_odd_values_do_not_break_the_page():
    assert render("{{ v|fanum }}", v="abc") == "abc"
    assert render("{{ v|fanum:'x' }}", v=12) == "۱۲"
    assert render("{{ v|jdate }}", v="2025-03-19") == "۲۰۲۵-۰۳-۱۹"
    assert render("{{ v|jmonth }}", v=(1403, 13)) == "(۱۴۰۳, ۱۳)"
    assert render("{{ v|jmonth }}", v="نامعلوم") == "نامعلوم"


def test_filters_keep_autoescaping():
    assert render("{{ v|fa }}", v="<b>12</b>") == "&lt;b&gt;۱۲&lt;/b&gt;"


class CountryForm(forms.Form):
    from rownaq.core.forms import LongListSelect as _Select

    CHOICES = [("", "---------"), ("IQ", "عراق"), ("TR", "ترکیه"), ("A&B", "<آ>"), ("XK", "Kosovo")]
    country = forms.ChoiceField(choices=CHOICES, widget=_Select(attrs={"data-searchable": "نام کشور"}))
    plain = forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs={"data-searchable": "نام کشور"}))


@pytest.mark.parametrize("value", ["TR", "", "A&B", "XK", "XX"])
def test_a_long_list_select_renders_what_djangos_select_does(value):
    from django.test.html import parse_html

    form = CountryForm(data={"country": value, "plain": value})
    ours = parse_html(str(form["country"]))
    djangos = parse_html(str(form["plain"]).replace("plain", "country"))
    assert ours == djangos
    assert str(form["country"]).count(" selected") == (value in ("TR", "", "A&B", "XK"))
    assert 'lang="en"' in str(form["country"]) and "---------" not in str(form["country"])


class EveryInput(forms.Form):
    from rownaq.core.forms import NumberTextInput as _Number

    title = forms.CharField(max_length=20, help_text="راهنما")
    note = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"placeholder": 'a "quoted" <b>', "dir": "ltr"})
    )
    count = forms.IntegerField(min_value=0)
    amount = forms.DecimalField(required=False, widget=_Number())
    email = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
    agree = forms.BooleanField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "title": "<x> & «y»",
            "note": "",
            "count": "-1",
            "amount": "۱٬۲۰۰",
            "email": "bad",
            "secret": 'p"w',
            "version": "3",
            "agree": "on",
        },
    ],
)
def test_the_fast_input_rendering_writes_what_djangos_templates_write(data):
    from django.forms.renderers import TemplatesSetting

    from rownaq.core.forms import FormRenderer

    fast, templates = FormRenderer(), TemplatesSetting()
    assert fast.is_djangos("django/forms/widgets/text.html")  # the fast path is taken, not the templates
    form = EveryInput(data, initial={"title": "آغاز", "version": 1, "day": dt.date(2026, 12, 7)})
    form.is_valid()
    for field in form:
        attrs = field.build_widget_attrs({"id": field.auto_id, "class": "form-control"})
        widget = field.field.widget
        assert widget.render(field.html_name, field.value(), attrs, fast) == widget.render(
            field.html_name, field.value(), attrs, templates
        ), field.name
