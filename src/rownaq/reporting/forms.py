from django import forms

from rownaq.core.forms import LongListSelect, VersionField
from rownaq.core.persian import clean_user_text
from rownaq.registry.forms import HsCodeField

from .models import ExportLine, ImportLine, MonthlyReport

# a long list (every country): app.js puts a search box before it that narrows the options as one types
SEARCHABLE = LongListSelect(attrs={"data-searchable": "نام کشور را بنویسید"})


def _currency_choices():
    from rownaq.core.geo import CURRENCY_CHOICES

    return [("", "—")] + list(CURRENCY_CHOICES)


def _country_choices():
    from rownaq.core.geo import COUNTRY_CHOICES

    return [("", "—")] + list(COUNTRY_CHOICES)


class ReportForm(forms.ModelForm):
    """The header of the monthly report; production, exports and imports are formsets beside it."""

    version = VersionField()

    class Meta:
        model = MonthlyReport
        fields = [
            "shifts_worked",
            "working_days",
            "employees_total",
            "employees_shift1",
            "employees_shift2",
            "employees_shift3",
            "domestic_sales_rial",
            "problems_note",
        ]
        widgets = {"problems_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for name in ("shifts_worked", "working_days", "employees_total"):
            self.fields[name].required = True
        self.fields["working_days"].widget.attrs["max"] = self.instance.period.days

    def clean_problems_note(self):
        return clean_user_text(self.cleaned_data["problems_note"])


class ProductionForm(forms.Form):
    """One licensed product's output for the month."""

    product_id = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.DecimalField(label="مقدار تولید", required=False, min_value=0, max_digits=16, decimal_places=2)


ProductionFormSet = forms.formset_factory(ProductionForm, extra=0)


class LineForm(forms.ModelForm):
    """An export or import line; its HS code is shown from the line's own (select_related) code, not looked up
    again for every row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.hs_id:
            self.initial["hs"] = self.instance.hs  # HsCodeField shows its code without a query


class ExportLineForm(LineForm):
    hs = HsCodeField(label="کد تعرفه", required=False)
    country = forms.ChoiceField(label="کشور مقصد", choices=_country_choices, widget=SEARCHABLE)
    currency = forms.ChoiceField(label="ارز", choices=_currency_choices, widget=LongListSelect)

    class Meta:
        model = ExportLine
        fields = ["country", "hs", "quantity", "value", "currency"]


class ImportLineForm(LineForm):
    hs = HsCodeField(label="کد تعرفه", required=False)
    origin_country = forms.ChoiceField(label="کشور مبدأ", choices=_country_choices, required=False, widget=SEARCHABLE)
    currency = forms.ChoiceField(label="ارز", choices=_currency_choices, widget=LongListSelect)

    class Meta:
        model = ImportLine
        fields = ["item", "hs", "origin_country", "quantity", "unit", "value", "currency"]

    def clean_item(self):
        return clean_user_text(self.cleaned_data["item"])


ExportFormSet = forms.modelformset_factory(ExportLine, form=ExportLineForm, extra=1, can_delete=True)
ImportFormSet = forms.modelformset_factory(ImportLine, form=ImportLineForm, extra=1, can_delete=True)


class ReviewForm(forms.Form):
    comment = forms.CharField(label="توضیح", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PeriodForm(forms.Form):
    """Choose a unit and a month to report."""

    period = forms.CharField(label="ماه (مثلاً ۱۴۰۴/۰۷)")
