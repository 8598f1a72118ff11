"""Browser controls in Persian: the file picker, 24-hour time fields, the empty choice of a select, and form errors
with Persian digits (Django's own messages fill limits in with Latin ones)."""

import datetime as dt

from django import forms
from django.template import Context, Template

from rownaq.core.forms import TimeInput24
from tests.persian_text import problems


class SampleForm(forms.Form):
    start = forms.TimeField(label="ساعت شروع", widget=TimeInput24())
    attachment = forms.FileField(label="پیوست", required=False)
    files = forms.FileField(
        label="پیوست‌ها", required=False, widget=type("Many", (forms.FileInput,), {"allow_multiple_selected": True})()
    )
    kind = forms.ChoiceField(label="نوع", choices=[("", "---------"), ("a", "الف")], required=False)
    code = forms.CharField(label="کد", max_length=3, required=False)


def render(form) -> str:
    return Template('{% for field in form %}{% include "web/_form_field.html" %}{% endfor %}').render(
        Context({"form": form})
    )


def test_time_is_24_hour_text_with_persian_digits_and_reads_either_digits():
    html = render(SampleForm(initial={"start": dt.time(16, 5)}))
    assert 'type="text"' in html and 'value="۱۶:۰۵"' in html and 'type="time"' not in html
    for typed in ("۱۶:۰۵", "16:05", "۱۶٫۰۵"):
        form = SampleForm({"start": typed})
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["start"] == dt.time(16, 5)


def test_file_inputs_are_wrapped_in_the_persian_picker():
    html = render(SampleForm())
    assert html.count('<label class="fa-file-input">') == 2
    assert "انتخاب پرونده…" in html and "انتخاب پرونده‌ها…" in html and "پرونده‌ای انتخاب نشده است" in html
    assert not [p for p in problems(html) if "file picker" in p]


def test_no_english_blank_choice_and_persian_digits_in_errors():
    form = SampleForm({"start": "", "code": "ABCDEFG"})
    assert not form.is_valid()
    html = render(form) + Template("{{ form.non_field_errors }}{{ form.code.errors }}").render(Context({"form": form}))
    assert "---------" not in html
    assert "۳" in html and problems(html) == [], problems(html)
