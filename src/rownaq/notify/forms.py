from django import forms

from rownaq.core.forms import MobileField

from .models import Kind


class PreferenceForm(forms.Form):
    mobile = MobileField(label="شمارهٔ همراه", required=False, help_text="مثلاً ۰۹۱۲۳۴۵۶۷۸۹ یا ‎+۹۸۹۱۲۳۴۵۶۷۸۹‎")
    by_email = forms.BooleanField(label="اعلان با رایانامه", required=False)
    by_sms = forms.BooleanField(label="اعلان با پیامک", required=False)
    daily_digest = forms.BooleanField(label="یک پیام خلاصه در روز به جای پیام‌های جدا", required=False)
    muted_kinds = forms.MultipleChoiceField(
        label="این‌ها را با رایانامه و پیامک نفرست",
        required=False,
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean()
        if data.get("by_sms") and not data.get("mobile") and "mobile" not in self.errors:
            self.add_error("mobile", "برای دریافت پیامک، شمارهٔ همراه را وارد کنید.")
        return data
