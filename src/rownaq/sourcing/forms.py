"""Forms of the sourcing app: a need (with its HS code confirmed by the user, the last three years' imports and
its drawings), a maker's capability profile, and each step of the pipeline. Choices are limited to the user's
scope; uploads are checked by what they are before anything is saved."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from rownaq.core import scoping
from rownaq.core.forms import (
    AmountField,
    AttachmentsField,
    JalaliDateField,
    MobileField,
    NumberTextInput,
    VersionField,
)
from rownaq.core.geo import COUNTRY_CHOICES, CURRENCY_CHOICES
from rownaq.core.jalali import JalaliMonth
from rownaq.core.persian import clean_user_text, digits_only, search_key, to_latin_digits, to_persian_digits
from rownaq.core.uploads import DRAWINGS
from rownaq.places.models import County
from rownaq.registry import invitations
from rownaq.registry.forms import offer_units
from rownaq.registry.models import HsCode, Organisation
from rownaq.registry.services import changeable_units

from . import services
from .models import Capability, Interest, Need, Process

FX_CURRENCIES = [(code, name) for code, name in CURRENCY_CHOICES if code != "IRR"][:12]


# ---------------------------------------------------------------- fields


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", NumberTextInput(grouping=False))
        super().__init__(min_value=1400, max_value=1500, **kwargs)


class HsCodeField(forms.CharField):
    """An HS code typed as 6 digits (dots, spaces and Persian digits allowed); cleans to the HsCode."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"dir": "ltr", "inputmode": "numeric", "placeholder": "۸۴۸۰۷۱", "autocomplete": "off"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        digits = digits_only(value)
        if not digits:
            return None
        code = HsCode.objects.filter(code=digits[:6]).first()
        if code is None:
            raise ValidationError(f"کد تعرفهٔ «{to_persian_digits(digits)}» در فهرست کدهای HS نیست.")
        return code


class HsCodesField(forms.CharField):
    """Several HS codes separated by commas or spaces; cleans to a list of HsCode."""

    def clean(self, value):
        value = super().clean(value)
        codes = [
            c for c in to_latin_digits(value or "").replace("،", " ").replace(",", " ").replace(".", "").split() if c
        ]
        found = HsCode.objects.in_bulk([c[:6] for c in codes])
        missing = [c for c in codes if c[:6] not in found]
        if missing:
            raise ValidationError(
                "این کدها در فهرست کدهای HS نیستند: " + "، ".join(to_persian_digits(c) for c in missing)
            )
        return [found[c[:6]] for c in dict.fromkeys(codes)]


# ---------------------------------------------------------------- a need


def history_years() -> list[int]:
    """The last three whole Jalali years, newest first."""
    year = JalaliMonth.today().year
    return [year - 1, year - 2, year - 3]


class NeedForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label="واحد خریدار", queryset=Organisation.objects.none(), empty_label="— انتخاب واحد —"
    )
    hs_code = HsCodeField(
        label="کد تعرفه (HS)",
        required=False,
        help_text="رونق از روی عنوان و شرح پیشنهاد می‌دهد؛ کد را بررسی و تأیید کنید.",
    )
    origin_country = forms.ChoiceField(label="کشور مبدأ", required=False, choices=[("", "—"), *COUNTRY_CHOICES])
    processes = forms.MultipleChoiceField(
        label="فرایندهای ساخت", choices=Process.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    annual_quantity = AmountField(label="مقدار مصرف سالانه", required=False, max_digits=16, decimal_places=2)
    annual_fx_value = AmountField(label="ارزش ارزی سالانه", required=False, max_digits=18, decimal_places=2)
    currency = forms.ChoiceField(label="ارز", choices=FX_CURRENCIES, initial="USD")
    target_year = YearField(label="سال هدف ساخت داخل", required=False)
    attachments = AttachmentsField(label="نقشه‌ها، عکس‌ها و PDF", allowed=DRAWINGS)
    version = VersionField(required=False)

    class Meta:
        model = Need
        fields = [
            "organisation",
            "title",
            "kind",
            "description",
            "hs_code",
            "hs_confirmed",
            "oem",
            "part_number",
            "origin_country",
            "specification",
            "processes",
            "materials",
            "annual_quantity",
            "unit",
            "annual_fx_value",
            "currency",
            "target_year",
            "visibility",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "specification": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
            "part_number": forms.TextInput(attrs={"dir": "ltr"}),
            "oem": forms.TextInput(attrs={"dir": "auto"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.years = history_years()
        for index, year in enumerate(self.years):
            self.fields[f"imports_{index}"] = AmountField(
                label=f"واردات سال {to_persian_digits(year)}", required=False, max_digits=18, decimal_places=2
            )
        history = (self.instance.imports_history or {}) if self.instance.pk else {}
        for index, year in enumerate(self.years):
            if str(year) in history:
                self.initial[f"imports_{index}"] = history[str(year)]
        if self.instance.pk:
            self.initial["hs_code"] = self.instance.hs_id or ""
            self.initial["version"] = self.instance.version
            del self.fields["organisation"]
            self.own_unit = self.instance.organisation
        else:
            # A unit member lists needs for its own unit: it is chosen for them.
            self.own_unit = offer_units(self.fields["organisation"], user, changeable_units(user))
        self.fields["hs_confirmed"].label = "کد تعرفه را بررسی کردم و درست است"
        self.fields["kind"].choices = [("", "— انتخاب نوع —"), *[c for c in self.fields["kind"].choices if c[0] != ""]]
        self.fields["materials"].help_text = "با ویرگول جدا کنید؛ مثلاً: فولاد H13، پلی‌کربنات"

    @property
    def history_fields(self):
        return [self[f"imports_{index}"] for index in range(len(self.years))]

    def clean_title(self):
        return clean_user_text(self.cleaned_data["title"])

    def clean_description(self):
        return clean_user_text(self.cleaned_data["description"])

    def clean_specification(self):
        return clean_user_text(self.cleaned_data["specification"])

    def clean(self):
        cleaned = super().clean()
        hs = cleaned.get("hs_code")
        if hs is not None and not cleaned.get("hs_confirmed"):
            self.add_error("hs_confirmed", "کد تعرفه را تأیید کنید (یا خالی بگذارید تا بعداً تعیین شود).")
        unit = self.instance.organisation if self.instance.pk else cleaned.get("organisation")
        if cleaned.get("visibility") == Need.Visibility.ANONYMOUS and unit is not None:
            self._keep_anonymous(unit, cleaned)
        return cleaned

    def _keep_anonymous(self, unit: Organisation, cleaned: dict) -> None:
        """An anonymous need must not name its buyer in what makers read (text and file names)."""
        texts = [
            cleaned.get(name) or ""
            for name in ("title", "description", "specification", "oem", "part_number", "materials")
        ]
        texts += [name for name, _ in cleaned.get("attachments") or []]
        haystack = search_key(" ".join(texts))
        needles = [search_key(unit.name.replace("(نمونه)", "")), unit.national_id or ""]
        if unit.name_en:
            needles.append(search_key(unit.name_en.replace("(sample)", "")))
        if any(needle and len(needle) >= 4 and needle in haystack for needle in needles):
            self.add_error(
                "visibility",
                "نیاز ناشناس است ولی نام یا شناسهٔ ملی واحد در متن یا نام پیوست‌ها آمده "
                "است؛ آن را بردارید یا نمایش نام خریدار را انتخاب کنید.",
            )

    def values(self) -> dict:
        """The need's fields for services.create_need / update_need."""
        data = self.cleaned_data
        names = [
            "title",
            "kind",
            "description",
            "hs_confirmed",
            "oem",
            "part_number",
            "origin_country",
            "specification",
            "processes",
            "materials",
            "annual_quantity",
            "unit",
            "annual_fx_value",
            "currency",
            "target_year",
            "visibility",
        ]
        values = {name: data.get(name) for name in names}
        values["hs"] = data.get("hs_code")
        values["hs_confirmed"] = bool(values["hs"] and data.get("hs_confirmed"))
        values["origin_country"] = values["origin_country"] or ""
        values["materials"] = clean_user_text(values["materials"])
        values["oem"] = clean_user_text(values["oem"])
        values["part_number"] = clean_user_text(values["part_number"])
        values["imports_history"] = {
            str(year): str(data[f"imports_{index}"])
            for index, year in enumerate(self.years)
            if data.get(f"imports_{index}") is not None
        }
        return values


# ---------------------------------------------------------------- steps on a need


class MoveForm(forms.Form):
    version = VersionField()
    note = forms.CharField(label="توضیح", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_note(self):
        return clean_user_text(self.cleaned_data["note"])


class LocalizeForm(MoveForm):
    maker = forms.ModelChoiceField(
        label="سازندهٔ داخلی", queryset=Organisation.objects.none(), required=False, empty_label="— انتخاب سازنده —"
    )
    new_maker_name = forms.CharField(label="یا سازندهٔ تازه (هنوز در رونق نیست): نام", required=False, max_length=200)
    new_maker_kind = forms.ChoiceField(
        label="نوع سازندهٔ تازه",
        required=False,
        choices=[(k, Organisation.Kind(k).label) for k in invitations.NEW_MAKER_KINDS],
    )
    new_maker_county = forms.ModelChoiceField(
        label="شهرستان سازندهٔ تازه", required=False, queryset=County.objects.none()
    )
    new_maker_contact = forms.CharField(label="نام رابط سازنده (دعوت می‌شود)", required=False, max_length=150)
    new_maker_mobile = MobileField(label="تلفن همراه رابط", required=False)
    new_maker_email = forms.EmailField(
        label="رایانامهٔ رابط", required=False, widget=forms.EmailInput(attrs={"dir": "ltr"})
    )
    localized_on = JalaliDateField(label="تاریخ ساخت داخل")
    domestic_price_rial = AmountField(label="قیمت داخلی (ریال)", max_digits=22, decimal_places=0)
    fx_saved_per_year = AmountField(label="صرفه‌جویی ارزی سالانه", max_digits=18, decimal_places=2)

    NEW_MAKER_FIELDS = (
        "new_maker_name",
        "new_maker_kind",
        "new_maker_county",
        "new_maker_contact",
        "new_maker_mobile",
        "new_maker_email",
    )
    field_order = [
        "version",
        "maker",
        *NEW_MAKER_FIELDS,
        "localized_on",
        "domestic_price_rial",
        "fx_saved_per_year",
        "note",
    ]

    def clean(self):
        cleaned = super().clean()
        new_name = clean_user_text(cleaned.get("new_maker_name") or "")
        if cleaned.get("maker") and new_name:
            raise ValidationError("یا سازنده‌ای از فهرست انتخاب کنید یا سازندهٔ تازه بنویسید، نه هر دو.")
        if not cleaned.get("maker") and not new_name:
            self.add_error("maker", "سازندهٔ داخلی را انتخاب کنید یا سازندهٔ تازه را بنویسید.")
        if new_name:
            for name in ("new_maker_county", "new_maker_contact", "new_maker_mobile", "new_maker_email"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, "برای ثبت و دعوت سازندهٔ تازه لازم است.")
        cleaned["new_maker_name"] = new_name
        return cleaned

    def __init__(self, *args, need: Need, user, suggested=(), **kwargs):
        """Makers to choose from: those who showed interest, those the matcher suggests (`suggested`, ids), and
        the makers in the user's own scope."""
        super().__init__(*args, **kwargs)
        interested = Organisation.objects.filter(interests__need=need).values("pk")
        scoped = scoping.restrict(Organisation.objects.filter(kind__in=services.MAKER_KINDS), user).values("pk")
        self.fields["maker"].queryset = (
            Organisation.objects.filter(kind__in=services.MAKER_KINDS)
            .filter(Q(pk__in=interested) | Q(pk__in=scoped) | Q(pk__in=list(suggested)))
            .exclude(pk=need.organisation_id)
            .order_by("name")
        )
        self.fields["fx_saved_per_year"].label = f"صرفه‌جویی ارزی سالانه ({need.currency})"
        counties = invitations.counties_to_invite_in(user)
        if counties.exists():
            self.fields["new_maker_county"].queryset = counties
        else:  # members of the buyer choose among registered makers; staff may record a new one
            for name in self.NEW_MAKER_FIELDS:
                del self.fields[name]
        shortlisted = need.interests.filter(status=Interest.Status.SHORTLISTED).values_list("maker", flat=True)
        if len(shortlisted) == 1:
            self.initial.setdefault("maker", shortlisted[0])
        if need.annual_fx_value:
            self.initial.setdefault("fx_saved_per_year", f"{need.annual_fx_value.normalize():,f}")


class WithdrawForm(MoveForm):
    withdraw_reason = forms.ChoiceField(
        label="دلیل انصراف", choices=[("", "— انتخاب دلیل —"), *Need.WithdrawReason.choices]
    )
    withdraw_note = forms.CharField(label="توضیح انصراف", required=False, max_length=300)

    field_order = ["version", "withdraw_reason", "withdraw_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]

    def clean_withdraw_note(self):
        return clean_user_text(self.cleaned_data["withdraw_note"])


class ShortlistForm(MoveForm):
    interests = forms.ModelMultipleChoiceField(
        label="سازندگان فهرست کوتاه",
        queryset=Interest.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "دست‌کم یک سازنده را انتخاب کنید."},
    )

    field_order = ["version", "interests"]

    def __init__(self, *args, need: Need, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]
        self.fields["interests"].queryset = need.interests.select_related("maker")
        self.fields["interests"].label_from_instance = lambda interest: interest.maker.name


class AttachForm(forms.Form):
    attachments = AttachmentsField(label="افزودن پیوست", required=True, allowed=DRAWINGS)


class InterestForm(forms.Form):
    maker = forms.ModelChoiceField(label="از طرف", queryset=Organisation.objects.none(), empty_label=None)
    message = forms.CharField(
        label="پیام به خریدار (از طریق سازمان)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="توانمندی، نمونه‌کارها و زمان تحویل پیشنهادی خود را بنویسید.",
    )

    def __init__(self, *args, need: Need, user, **kwargs):
        super().__init__(*args, **kwargs)
        makers = services.maker_organisations(user).exclude(pk=need.organisation_id).order_by("name")
        self.fields["maker"].queryset = makers
        if makers.count() == 1:
            self.fields["maker"].widget = forms.HiddenInput()
            self.fields["maker"].initial = makers.first().pk

    def clean_message(self):
        return clean_user_text(self.cleaned_data["message"])


# ---------------------------------------------------------------- a maker's capability


class CapabilityForm(forms.ModelForm):
    processes = forms.MultipleChoiceField(
        label="فرایندها", choices=Process.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    hs_codes = HsCodesField(
        label="کدهای تعرفهٔ محصولاتی که می‌سازید",
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "placeholder": "۸۴۸۰۷۱، ۸۴۸۰۴۱"}),
        help_text="با ویرگول جدا کنید. محصولات ثبت‌شدهٔ واحد در سامانه هم خودبه‌خود به حساب می‌آیند.",
    )

    class Meta:
        model = Capability
        fields = [
            "summary",
            "processes",
            "materials",
            "equipment",
            "certifications",
            "capacity",
            "hs_codes",
            "accepts_new_work",
            "notify",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "equipment": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": "هر سطر یک توانمندی؛ مثلاً «طراحی و ساخت قالب تزریق پلاستیک تا ۱۶ کویته».",
            "materials": "با ویرگول جدا کنید؛ مثلاً: فولاد H13، آلومینیوم، پلی‌آمید",
            "certifications": "با ویرگول جدا کنید؛ مثلاً: ISO 9001، IATF 16949",
            "capacity": "مثلاً «۲۰ دست قالب در سال»",
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["hs_codes"] = ", ".join(self.instance.hs_codes.values_list("code", flat=True))

    def clean(self):
        cleaned = super().clean()
        for name in ("summary", "materials", "equipment", "certifications", "capacity"):
            if name in cleaned:
                cleaned[name] = clean_user_text(cleaned[name])
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "summary",
                "processes",
                "materials",
                "equipment",
                "certifications",
                "capacity",
                "accepts_new_work",
                "notify",
            )
        }
