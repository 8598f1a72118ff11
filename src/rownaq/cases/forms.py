"""Forms of the cases app. Choices are limited to the user's scope; uploads are checked by what they are (size,
type from the first bytes, an extension that agrees) before anything is saved."""

from __future__ import annotations

from django import forms

from rownaq.core import scoping
from rownaq.core.forms import AmountField, AttachmentsField, JalaliDateField, VersionField
from rownaq.core.geo import LEADING_CURRENCIES, currency_name
from rownaq.core.persian import clean_user_text, to_persian_digits
from rownaq.places.services import edited_places
from rownaq.registry.forms import offer_units
from rownaq.registry.models import Organisation
from rownaq.registry.services import changeable_units

from . import services
from .models import Case, Category, Meeting, Resolution, RoutingRule


def agencies():
    return Organisation.objects.filter(kind=Organisation.Kind.AGENCY).order_by("name")


# ---------------------------------------------------------------- opening a case


CURRENCY_CHOICES = [(code, currency_name(code)) for code in LEADING_CURRENCIES[:5]]


class CaseOpenForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="واحد", queryset=Organisation.objects.none(), empty_label="— انتخاب واحد —"
    )
    category = forms.ChoiceField(label="دستهٔ مشکل", choices=[("", "— انتخاب دسته —"), *Category.choices])
    title = forms.CharField(label="عنوان", max_length=200)
    description = forms.CharField(
        label="شرح مشکل",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="مشکل، اقدام‌های انجام‌شده و درخواست خود را بنویسید.",
    )
    amount = AmountField(label="مبلغ مورد نظر (در صورت وجود)", required=False, max_digits=20, decimal_places=0)
    currency = forms.ChoiceField(label="ارز مبلغ", choices=CURRENCY_CHOICES, initial="IRR")
    attachments = AttachmentsField(label="پیوست‌ها")
    source_report = forms.IntegerField(required=False, widget=forms.HiddenInput)
    source_lead = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # A unit member opens cases for their own unit: it is chosen for them.
        self.own_unit = offer_units(self.fields["organisation"], user, changeable_units(user))

    def clean_title(self):
        return clean_user_text(self.cleaned_data["title"])

    def clean_description(self):
        return clean_user_text(self.cleaned_data["description"])


# ---------------------------------------------------------------- steps on a case


class TriageForm(forms.Form):
    version = VersionField()
    category = forms.ChoiceField(label="دستهٔ درست پرونده", choices=Category.choices)
    note = forms.CharField(label="یادداشت بررسی اولیه", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_note(self):
        return clean_user_text(self.cleaned_data["note"])


class ReferForm(forms.Form):
    version = VersionField()
    bodies = forms.ModelMultipleChoiceField(
        label="نهادهای مسئول",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "دست‌کم یک نهاد مسئول را انتخاب کنید."},
    )
    note = forms.CharField(label="توضیح ارجاع", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = agencies()

    def clean_note(self):
        return clean_user_text(self.cleaned_data["note"])


class RejectForm(forms.Form):
    version = VersionField()
    reason = forms.CharField(label="دلیل رد پرونده", widget=forms.Textarea(attrs={"rows": 2}))

    def clean_reason(self):
        return clean_user_text(self.cleaned_data["reason"])


class FollowUpForm(forms.Form):
    text = forms.CharField(label="متن پیگیری", widget=forms.Textarea(attrs={"rows": 3}))
    attachments = AttachmentsField(label="پیوست‌ها")

    def clean_text(self):
        return clean_user_text(self.cleaned_data["text"])


class CloseReferralForm(forms.Form):
    version = VersionField()
    result = forms.ChoiceField(
        label="نتیجه",
        widget=forms.RadioSelect,
        initial="resolved",
        choices=[("resolved", "مشکل حل شد"), ("rejected", "رسیدگی ممکن نیست (رد)")],
    )
    outcome = forms.CharField(label="شرح اقدام یا دلیل رد", widget=forms.Textarea(attrs={"rows": 2}))

    def clean_outcome(self):
        return clean_user_text(self.cleaned_data["outcome"])


class ConfirmForm(forms.Form):
    version = VersionField()
    solved = forms.ChoiceField(
        label="آیا مشکل حل شد؟",
        widget=forms.RadioSelect,
        initial="yes",
        choices=[("yes", "بله؛ پرونده بسته شود"), ("no", "خیر؛ مشکل حل نشده است")],
    )
    satisfaction = forms.TypedChoiceField(
        label="میزان رضایت",
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        choices=[(n, f"{'۰۱۲۳۴۵'[n]}") for n in range(1, 6)],
        help_text="۱ کمترین و ۵ بیشترین رضایت",
    )
    comment = forms.CharField(
        label="توضیح",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="اگر مشکل حل نشده است، بنویسید چرا.",
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["comment"] = clean_user_text(cleaned.get("comment"))
        if cleaned.get("solved") == "yes" and not cleaned.get("satisfaction"):
            self.add_error("satisfaction", "میزان رضایت را از ۱ تا ۵ انتخاب کنید.")
        if cleaned.get("solved") == "no" and not cleaned["comment"]:
            self.add_error("comment", "بنویسید چرا مشکل حل نشده است.")
        return cleaned


# ---------------------------------------------------------------- routing rules


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["category", "province", "county", "estate", "body", "working_days", "active", "note"]
        help_texts = {
            "province": "برای قاعدهٔ استانی فقط استان را انتخاب کنید؛ با انتخاب شهرستان یا شهرک، استان خودکار پر می‌شود.",
            "working_days": "روزهای کاری، بی‌احتساب جمعه‌ها و تعطیلات رسمی.",
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        provinces, counties, estates = edited_places(user)
        self.fields["province"].queryset = provinces
        self.fields["county"].queryset = counties.select_related("province")
        self.fields["estate"].queryset = estates.select_related("county")
        self.fields["body"].queryset = agencies()
        self.fields["province"].empty_label = "— همه‌جا —" if scoping.access_of(user).is_admin else "—"
        self.fields["county"].empty_label = "— همهٔ شهرستان‌ها —"
        self.fields["estate"].empty_label = "— همهٔ شهرک‌ها —"

    def clean_note(self):
        return clean_user_text(self.cleaned_data["note"])

    def clean(self):
        cleaned = super().clean()
        province, county, estate = cleaned.get("province"), cleaned.get("county"), cleaned.get("estate")
        if estate is not None:
            if county is not None and estate.county_id != county.pk:
                self.add_error("estate", "این شهرک در شهرستان انتخاب‌شده نیست.")
                return cleaned
            county = cleaned["county"] = estate.county
        if county is not None:
            if province is not None and county.province_id != province.pk:
                self.add_error("county", "این شهرستان در استان انتخاب‌شده نیست.")
                return cleaned
            province = cleaned["province"] = county.province
        error = services.place_error(self.user, province, county, estate)
        if error:
            self.add_error("estate" if estate else "county" if county else "province", error)
        return cleaned


# ---------------------------------------------------------------- meetings


class MeetingForm(forms.ModelForm):
    date = JalaliDateField(label="تاریخ")

    class Meta:
        model = Meeting
        fields = ["title", "date", "province", "county", "agenda", "attendees", "attendee_names", "minutes"]
        widgets = {
            "agenda": forms.CheckboxSelectMultiple,
            "attendees": forms.CheckboxSelectMultiple,
            "attendee_names": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        provinces, counties, _ = edited_places(user)
        self.fields["province"].queryset = provinces
        self.fields["county"].queryset = counties.select_related("province")
        visible = scoping.restrict(Case.objects.all(), user)
        self.fields["agenda"].queryset = (
            Case.objects.filter(pk__in=visible.values("pk")).select_related("organisation").order_by("-created_at")
        )
        self.fields["agenda"].label_from_instance = lambda c: (
            f"{to_persian_digits(c.tracking_code)} — {c.title} ({c.organisation})"
        )
        self.fields["attendees"].queryset = agencies()
        if provinces.count() == 1 and not self.instance.pk:
            self.fields["province"].initial = provinces.first().pk

    def clean_title(self):
        return clean_user_text(self.cleaned_data["title"])

    def clean(self):
        cleaned = super().clean()
        province, county = cleaned.get("province"), cleaned.get("county")
        if county is not None and province is not None and county.province_id != province.pk:
            self.add_error("county", "این شهرستان در استان انتخاب‌شده نیست.")
        elif province is not None:
            if not scoping.covers(self.user, province.pk, county.pk if county else None):
                self.add_error("county" if county else "province", "ثبت جلسه در این مکان در حوزهٔ شما نیست.")
        for name in ("attendee_names", "minutes"):
            cleaned[name] = clean_user_text(cleaned.get(name))
        return cleaned


class ResolutionForm(forms.ModelForm):
    deadline = JalaliDateField(label="مهلت")

    class Meta:
        model = Resolution
        fields = ["text", "body", "deadline", "case"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"case": "پروندهٔ مربوط (از دستور جلسه)"}

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = agencies()
        self.fields["case"].queryset = meeting.agenda.all() if meeting is not None else Case.objects.none()
        self.fields["case"].required = False
        self.fields["case"].label_from_instance = lambda c: f"{to_persian_digits(c.tracking_code)} — {c.title}"

    def clean_text(self):
        return clean_user_text(self.cleaned_data["text"])


class ResolutionStatusForm(forms.Form):
    status = forms.ChoiceField(label="وضعیت", choices=Resolution.Status.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="گزارش پیگیری", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_note(self):
        return clean_user_text(self.cleaned_data["note"])
