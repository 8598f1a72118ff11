from django import forms

from rownaq.core.phone import InvalidMobile, normalize_mobile

from .models import Kind


class PreferenceForm(forms.Form):
    mobile = forms.CharField(label="شمارهٔ همراه", required=False, max_length=20,
                             help_text="مثلاً ۰۹۱۲۳۴۵۶۷۸۹ یا ‎+۹۸۹۱۲۳۴۵۶۷۸۹‎",
                             widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}))
    by_email = forms.BooleanField(label="اعلان با رایانامه", required=False)
    by_sms = forms.BooleanField(label="اعلان با پیامک", required=False)
    daily_digest = forms.BooleanField(label="یک پیام خلاصه در روز به جای پیام‌های جدا", required=False)
    muted_kinds = forms.MultipleChoiceField(label="این‌ها را با رایانامه و پیامک نفرست", required=False,
                                            choices=Kind.choices, widget=forms.CheckboxSelectMultiple)

    def clean_mobile(self):
        value = self.cleaned_data["mobile"]
        if not value.strip():
            return ""
        try:
            return normalize_mobile(value)
        except InvalidMobile as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean(self):
        data = super().clean()
        if data.get("by_sms") and not data.get("mobile") and "mobile" not in self.errors:
            self.add_error("mobile", "برای دریافت پیامک، شمارهٔ همراه را وارد کنید.")
        return data
