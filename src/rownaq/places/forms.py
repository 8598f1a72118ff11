from django import forms

from rownaq.core.persian import clean_user_text

from .models import County, Estate
from .services import edited_counties


class EstateForm(forms.ModelForm):
    class Meta:
        model = Estate
        fields = ["county", "name", "name_en", "kind", "operator", "area_hectares", "latitude", "longitude", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        counties = edited_counties(user)
        if self.instance.pk is not None:
            # An estate's own expert edits it without being able to move it to another county.
            counties = counties | County.objects.filter(pk=self.instance.county_id)
        self.fields["county"].queryset = counties.select_related("province").distinct()

    def clean_name(self):
        return clean_user_text(self.cleaned_data["name"])
