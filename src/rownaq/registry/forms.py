from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory

from rownaq.core import scoping
from rownaq.core.deletion import deletion_blocker
from rownaq.core.forms import JalaliDateField, MobileField, NationalIdField
from rownaq.core.persian import clean_user_text, digits_only
from rownaq.places.models import County, Estate
from rownaq.places.services import edited_places

from .models import HsCode, IsicCode, Membership, Organisation, Product

TEXT_FIELDS = ("name", "name_en", "address", "description", "operator", "phone")


def hs_code_from_text(text: str) -> HsCode:
    """«۸۴۸۰.۷۱», "8480 71" and "848071" all name HS 848071."""
    digits = digits_only(text)
    if len(digits) not in (2, 4, 6):
        raise ValidationError("کد تعرفه باید ۲، ۴ یا ۶ رقم باشد (مثلاً ۸۴۸۰۷۱).")
    try:
        return HsCode.objects.get(code=digits)
    except HsCode.DoesNotExist as exc:
        raise ValidationError(f"کد تعرفهٔ {digits} در جدول HS 2022 نیست.") from exc


def offer_units(field, user, units):
    """Offer `units` in an organisation field. A unit member (with no editing rights) whose unit is among them has it
    chosen for them, the field hidden; that unit is returned (None when the user chooses)."""
    field.queryset = units
    own = list(units.filter(pk__in=scoping.access_of(user).organisation_ids)[:2])
    if len(own) != 1 or scoping.edits_somewhere(user):
        return None
    field.initial = own[0].pk
    field.widget = forms.HiddenInput()
    return own[0]


class HsCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"dir": "ltr", "placeholder": "۸۴۸۰۷۱"})

    def prepare_value(self, value):
        if isinstance(value, HsCode):
            return value.code
        if isinstance(value, str) and value.isdigit() and len(value) > 6:
            return value
        if isinstance(value, (int, str)) and value:
            return HsCode.objects.filter(pk=value).values_list("code", flat=True).first() or value
        return value

    def clean(self, value):
        value = super().clean(value)
        return hs_code_from_text(value) if value else None


class CleanTextMixin:
    """Store what the user wrote, minus control characters and stray spaces."""

    def _clean_fields(self):
        super()._clean_fields()
        for name in TEXT_FIELDS:
            if isinstance(self.cleaned_data.get(name), str):
                self.cleaned_data[name] = clean_user_text(self.cleaned_data[name])


class OrganisationForm(CleanTextMixin, forms.ModelForm):
    national_id = NationalIdField(label="شناسهٔ ملی", required=False)
    licence_date = JalaliDateField(label="تاریخ پروانه", required=False)
    knowledge_based_expiry = JalaliDateField(label="اعتبار گواهی دانش‌بنیان تا", required=False)

    class Meta:
        model = Organisation
        fields = [
            "kind",
            "name",
            "name_en",
            "national_id",
            "county",
            "estate",
            "address",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "isic",
            "licence_number",
            "licence_date",
            "employees",
            "status",
            "usual_shifts",
            "is_exporter",
            "knowledge_based_certified",
            "knowledge_based_expiry",
            "closes_thursday",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "address": forms.TextInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        access = scoping.access_of(user)
        self.fields["isic"].queryset = IsicCode.objects.filter(level=IsicCode.Level.CLASS)
        self.fields["county"].queryset = County.objects.select_related("province")
        self.fields["estate"].queryset = Estate.objects.select_related("county")
        if not access.is_admin:
            # Staff may place organisations only inside the places they edit; members may not move theirs.
            _, counties, estates = edited_places(user)
            if self.instance.pk and self.instance.pk in access.organisation_ids:
                counties = counties | County.objects.filter(pk=self.instance.county_id).distinct()
                estates = estates | Estate.objects.filter(pk=self.instance.estate_id)
            self.fields["county"].queryset = counties.distinct()
            self.fields["estate"].queryset = estates.distinct()
        if self.instance.pk and not scoping.may_oversee(user, self.instance):
            # Staff decisions need editing rights over this unit's own place, and are never taken on one's own unit.
            for name in ("kind", "county", "estate", "status"):
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        estate, county = cleaned.get("estate"), cleaned.get("county")
        if estate and not county:
            cleaned["county"] = county = estate.county
        self._check_place_is_editable(county, estate)
        return cleaned

    def _check_place_is_editable(self, county, estate):
        """The county list alone is not enough: an estate's expert is offered the estate's county, but an
        organisation there outside the estate is outside their scope (the API refuses the same)."""
        if county is None:
            return
        allowed = scoping.may_edit_place(self.user, county, estate)
        unchanged = (
            self.instance.pk is not None
            and county.pk == self.instance.county_id
            and (getattr(estate, "pk", None) == self.instance.estate_id)
        )
        if not (allowed or unchanged):
            self.add_error(
                "estate" if scoping.edits_estates(self.user) else "county", "این مکان در حوزهٔ ویرایش شما نیست."
            )


class ProductForm(CleanTextMixin, forms.ModelForm):
    hs = HsCodeField(label="کد تعرفه (HS)", required=False)

    class Meta:
        model = Product
        fields = ["name", "hs", "annual_capacity", "unit"]


class BaseProductFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """A product that reports still name cannot be deleted: say so beside it, keep everything typed."""
        super().clean()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form) and form.instance.pk:
                reason = deletion_blocker(form.instance)
                if reason:
                    form.add_error(None, reason)


ProductFormSet = inlineformset_factory(
    Organisation,
    Product,
    form=ProductForm,
    formset=BaseProductFormSet,
    extra=2,
    can_delete=True,
    min_num=0,
    validate_min=False,
)


class InvitationForm(forms.Form):
    name = forms.CharField(label="نام و نام خانوادگی", max_length=150)
    mobile = MobileField(label="تلفن همراه", help_text="مانند ۰۹۱۲۳۴۵۶۷۸۹")
    email = forms.EmailField(
        label="رایانامه",
        help_text="پیوند دعوت به این نشانی فرستاده می‌شود.",
        widget=forms.EmailInput(attrs={"dir": "ltr"}),
    )
    role = forms.ChoiceField(label="نقش", choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label="گذرواژه", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="تکرار گذرواژه", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", "دو گذرواژه یکی نیستند.")
        return cleaned
