"""Form fields for numbers, Jalali dates, reporting months, legal-entity national IDs, attachments and versions.

People type dates in the Jalali calendar with Persian or Latin digits; the fields accept both, store
Gregorian dates / JalaliMonth values, and answer mistakes in Persian with what is wrong.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

from rownaq.core import uploads
from rownaq.core.jalali import JalaliMonth, format_jalali_date, parse_jalali_date
from rownaq.core.national_id import InvalidNationalId, validate_national_id
from rownaq.core.persian import format_number, is_english, parse_number, to_latin_digits, to_persian_digits
from rownaq.core.phone import InvalidMobile, normalize_mobile

__all__ = [
    "AmountField",
    "AttachmentsField",
    "DecimalNumberInput",
    "NumberTextInput",
    "install_persian_numbers",
    "JalaliDateField",
    "JalaliDateInput",
    "JalaliMonthField",
    "JalaliMonthInput",
    "LongListSelect",
    "MobileField",
    "NationalIdField",
    "TimeInput24",
    "VersionField",
]


class NumberTextInput(forms.TextInput):
    """A number box that takes what a Persian keyboard types.

    `type=number` silently drops Persian and Arabic-Indic digits and refuses «٬», so numbers are text inputs that
    open the numeric keyboard on phones (inputmode) and show grouped Persian digits (app.js formats
    `data-number` inputs as the user types). Values are shown as «۴۲٬۰۰۰», never as "42000.00".
    """

    inputmode = "numeric"

    def __init__(self, attrs: dict[str, Any] | None = None, grouping: bool = True) -> None:
        """grouping=False for numbers that are not amounts (a year: «۱۴۰۴», not «۱٬۴۰۴»)."""
        self.grouping = grouping
        defaults = {
            "inputmode": self.inputmode,
            "dir": "ltr",
            "autocomplete": "off",
            "data-number": self.inputmode if grouping else "plain",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            try:
                return format_number(value) if self.grouping else to_persian_digits(value)
            except (ValueError, TypeError, ArithmeticError):
                pass
        return super().format_value(value)


class DecimalNumberInput(NumberTextInput):
    inputmode = "decimal"


class AmountField(forms.DecimalField):
    """An amount (never negative), typed with Persian or Latin digits and thousands separators."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)


class VersionField(forms.IntegerField):
    """The version of a record the user last read (hidden), for refusing a save over someone else's change."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=forms.HiddenInput, min_value=1, **kwargs)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once, at most uploads.MAX_FILES, each checked by core.uploads (size, a kind of `allowed`
    recognised from its first bytes, an extension that agrees); cleans to a list of (name, bytes). Every form that
    takes attachments uses it, so the limits and the Persian messages are the same everywhere."""

    def __init__(self, *, allowed: tuple[uploads.FileKind, ...] = uploads.ALLOWED, **kwargs: Any) -> None:
        self.allowed = allowed
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": uploads.extensions(allowed)}))
        super().__init__(**kwargs)
        self.help_text = (
            f"حداکثر {to_persian_digits(uploads.MAX_FILES)} فایل، هر کدام تا "
            f"{uploads.file_size(settings.ATTACHMENT_MAX_BYTES)}؛ نوع‌های مجاز: "
            f"{uploads.kind_names(allowed)}."
        )

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > uploads.MAX_FILES:
            raise ValidationError(f"حداکثر {to_persian_digits(uploads.MAX_FILES)} فایل را می‌توان پیوست کرد.")
        limit = settings.ATTACHMENT_MAX_BYTES
        checked, errors = [], []
        for upload in files:
            name = (upload.name or "file")[-200:]
            try:
                if upload.size is not None:
                    uploads.check_size(name, upload.size, limit)  # before reading it
                content = upload.read(limit + 1)
                uploads.check_upload(name, content, limit, self.allowed)
            except uploads.UploadRejected as exc:
                errors.append(str(exc))
                continue
            checked.append((name, content))
        if errors:
            raise ValidationError(errors)
        return checked


def _reads_persian_numbers(to_python):
    def to_python_with_persian_digits(self, value):
        if isinstance(value, str) and value.strip():
            try:
                value = parse_number(value)
            except ValueError as error:
                raise ValidationError(str(error), code="invalid") from error
        return to_python(self, value)

    to_python_with_persian_digits.reads_persian_numbers = True
    return to_python_with_persian_digits


def install_persian_numbers() -> None:
    """Teach Django's number form fields, once at start-up, to read and show numbers the Persian way.

    Every number a person types reaches one of IntegerField, DecimalField or FloatField: model forms, filter
    forms (django-filter builds its number filters from these), hand-written forms. Changing their default
    widget and their parsing here is one rule in one place, where a project base form would leave filters and
    any form not derived from it with the browser's `type=number`. Fields given an explicit widget (hidden
    inputs) keep it. The admin keeps its own widgets.
    """
    forms.IntegerField.widget = NumberTextInput
    forms.FloatField.widget = DecimalNumberInput
    forms.DecimalField.widget = DecimalNumberInput
    for field_class in (forms.IntegerField, forms.FloatField, forms.DecimalField):
        to_python = field_class.__dict__["to_python"]
        if not getattr(to_python, "reads_persian_numbers", False):
            field_class.to_python = _reads_persian_numbers(to_python)


class LongListSelect(forms.Select):
    """A select over a fixed list (every country, the currencies): its options are turned into HTML once per process and
    reused, and each render only marks the chosen one. Django's Select renders every option through a template,
    about 0.1 ms each: the report form's four country lists (~1,000 options) cost more than the rest of the page.
    Grouped choices are left to Django's own rendering."""

    _rendered: dict[tuple, list[tuple[str, str, str]]] = {}

    def render(self, name, value, attrs=None, renderer=None):
        choices = tuple(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        options = self._rendered.get(choices)
        if options is None:
            options = [(str(v), option_html(v, label, False), option_html(v, label, True)) for v, label in choices]
            if len(self._rendered) < 32:  # a handful of fixed lists; never one entry per request
                self._rendered[choices] = options
        chosen = set(self.format_value(value))
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final["multiple"] = True
        body = "".join(selected if v in chosen else plain for v, plain, selected in options)
        return mark_safe(f'<select name="{escape(name)}"{flatatt(final)}>{body}</select>')


# The widget templates that are Django's input.html (with attrs.html) and nothing else.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)
DJANGO_FORMS_TEMPLATES = str(Path(forms.__file__).resolve().parent / "templates")


class FormRenderer(TemplatesSetting):
    """Django's form rendering through the templates (the project overrides some), except the plain <input>
    widgets, written here exactly as Django's input.html and attrs.html write them: through the template engine
    each costs ~0.25 ms, and the report form has ~50. Used only while those templates are Django's own: a project
    override of any of them is rendered by its template as usual."""

    _own: dict[str, bool] = {}

    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES and self.is_djangos(template_name):
            return mark_safe(input_html(context["widget"]))
        return super().render(template_name, context, request)

    def is_djangos(self, template_name: str) -> bool:
        if template_name not in self._own:
            self._own[template_name] = all(
                str(Path(self.get_template(name).origin.name).resolve()).startswith(DJANGO_FORMS_TEMPLATES)
                for name in (template_name, "django/forms/widgets/input.html", "django/forms/widgets/attrs.html")
            )
        return self._own[template_name]


def input_html(widget: dict) -> str:
    value = widget["value"]
    parts = [f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"']
    if value is not None:
        parts.append(f' value="{conditional_escape(value)}"')
    for name, attr in widget["attrs"].items():
        if attr is not False:
            parts.append(
                f" {conditional_escape(name)}"
                if attr is True
                else f' {conditional_escape(name)}="{conditional_escape(attr)}"'
            )
    parts.append(">")
    return "".join(parts)


def option_html(value, label, selected: bool) -> str:
    """One <option> as web/templates/django/forms/widgets/select_option.html writes it: a dash for Django's
    "---------", lang="en" on an English label."""
    label = "—" if label == "---------" else label
    return format_html(
        '<option value="{}"{}{}>{}</option>',
        value,
        " selected" if selected else "",
        mark_safe(' lang="en"') if is_english(label) else "",
        label,
    )


class TimeInput24(forms.TimeInput):
    """A time of day as 24-hour «۰۸:۳۰» in a text box, not the browser's time control (which shows AM/PM and Latin
    digits under a Persian page). Shown with Persian digits; Persian or Latin digits typed are read alike."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "dir": "ltr",
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": "۰۸:۳۰",
            "pattern": "[0-9۰-۹٠-٩]{1,2}[:٫.][0-9۰-۹٠-٩]{2}",
            "size": 5,
            "maxlength": 5,
            "title": "ساعت ۲۴ ساعته، مانند ۰۸:۳۰ یا ۱۶:۴۵",
        }
        super().__init__({**defaults, **(attrs or {})}, format="%H:%M")

    def format_value(self, value: Any) -> str | None:
        return to_persian_digits(super().format_value(value)) if value not in (None, "") else None

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str):
            value = to_latin_digits(value).strip().replace("٫", ":").replace(".", ":")
        return value


class JalaliDateInput(forms.TextInput):
    """Text input the vendored Jalali date picker attaches to (it looks for `data-jdp`).

    Values are rendered with Latin digits ("1403/01/15"), the format the picker reads and writes; the
    field accepts Persian digits as well.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "data-jdp": True,
            "autocomplete": "off",
            "dir": "ltr",
            "placeholder": "۱۴۰۳/۰۱/۱۵",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return format_jalali_date(value, persian_digits=False)
        return super().format_value(value)


class JalaliMonthInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"autocomplete": "off", "dir": "ltr", "placeholder": "۱۴۰۳/۱۲"}
        super().__init__({**defaults, **(attrs or {})})


class JalaliDateField(forms.Field):
    """A Jalali date typed as text, cleaned to a Gregorian `datetime.date`."""

    widget = JalaliDateInput
    default_error_messages = {
        "invalid": "تاریخ معتبر نیست؛ آن را به شکل ۱۴۰۳/۰۱/۱۵ بنویسید.",
        "required": "تاریخ را وارد کنید.",
    }

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return parse_jalali_date(value)
        except ValueError as error:
            # parse_jalali_date says exactly what is wrong (e.g. Esfand has 29 days this year).
            raise ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            return format_jalali_date(value, persian_digits=False)
        return value


class JalaliMonthField(forms.Field):
    """A reporting month typed as "1403/12" (or with Persian digits), cleaned to a JalaliMonth."""

    widget = JalaliMonthInput
    default_error_messages = {
        "invalid": "ماه معتبر نیست؛ آن را به شکل ۱۴۰۳/۱۲ بنویسید.",
        "required": "ماه را وارد کنید.",
    }

    def to_python(self, value: Any) -> JalaliMonth | None:
        if value in self.empty_values:
            return None
        if isinstance(value, JalaliMonth):
            return value
        if not isinstance(value, str):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return JalaliMonth.parse(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, JalaliMonth):
            return to_persian_digits(f"{value.year:04d}/{value.month:02d}")
        return value


class MobileField(forms.CharField):
    """An Iranian mobile number, typed any way people type it (core.phone), cleaned to 09xxxxxxxxx; empty when
    not required."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return ""
        try:
            return normalize_mobile(value)
        except InvalidMobile as error:
            raise ValidationError(error.message, code="invalid") from error


class NationalIdField(forms.CharField):
    """Legal-entity national ID; cleans to the canonical 11 ASCII digits or says what is wrong."""

    default_error_messages = {"required": "شناسهٔ ملی را وارد کنید."}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("dir", "ltr")
        attrs.setdefault("inputmode", "numeric")
        attrs.setdefault("autocomplete", "off")
        return attrs

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            return validate_national_id(value)
        except InvalidNationalId as error:
            raise ValidationError(error.message, code=error.reason) from error
