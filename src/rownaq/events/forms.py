"""Forms of tours, stages, visits, invitations, matchmaking and export meetings. Each form is given the user, so
its choices stay inside the user's scope (core.scoping) and the stage or meeting it belongs to."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q

from rownaq.core import scoping
from rownaq.core.forms import JalaliDateField, MobileField, TimeInput24
from rownaq.core.persian import clean_user_text, to_latin_digits, to_persian_digits
from rownaq.places.models import Estate
from rownaq.registry.forms import HsCodeField, hs_code_from_text
from rownaq.registry.models import Organisation

from . import services
from .models import (
    ExportMeeting,
    FactSheetConsent,
    ForeignPartner,
    Invitation,
    Lead,
    MatchSlot,
    Participant,
    Tour,
    TourStage,
    Visit,
)


def _country_choices():
    from rownaq.core.geo import COUNTRY_CHOICES

    return [("", "—")] + list(COUNTRY_CHOICES)


def _currency_choices():
    from rownaq.core.geo import CURRENCY_CHOICES

    return list(CURRENCY_CHOICES)


class CleanTextForm:
    """Store what the user wrote, minus control characters and stray spaces."""

    text_fields: tuple[str, ...] = ()

    def _clean_fields(self):
        super()._clean_fields()
        for name in self.text_fields:
            if isinstance(self.cleaned_data.get(name), str):
                self.cleaned_data[name] = clean_user_text(self.cleaned_data[name])


# ---------------------------------------------------------------- tours and stages


class TourForm(CleanTextForm, forms.ModelForm):
    text_fields = ("title", "description")

    class Meta:
        model = Tour
        fields = ["title", "province", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = services.organiser_provinces(user)


class StageForm(CleanTextForm, forms.ModelForm):
    text_fields = ("meeting_point",)
    date = JalaliDateField(label="تاریخ")
    meeting_latitude = forms.DecimalField(
        label="عرض جغرافیایی محل گردهمایی",
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        help_text="خالی بماند تا موقعیت شهرک به کار رود.",
    )
    meeting_longitude = forms.DecimalField(
        label="طول جغرافیایی محل گردهمایی",
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        help_text="خالی بماند تا موقعیت شهرک به کار رود.",
    )

    class Meta:
        model = TourStage
        fields = [
            "number",
            "date",
            "estate",
            "meeting_point",
            "meeting_latitude",
            "meeting_longitude",
            "start_time",
            "end_time",
            "speed_kmh",
        ]
        widgets = {"start_time": TimeInput24(), "end_time": TimeInput24()}

    def __init__(self, *args, user=None, tour=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tour = tour or self.instance.tour
        self.fields["estate"].queryset = Estate.objects.filter(county__province=self.tour.province_id).select_related(
            "county"
        )
        for name in ("meeting_latitude", "meeting_longitude"):
            self.fields[name].widget.attrs["dir"] = "ltr"

    def clean_number(self):
        number = self.cleaned_data["number"]
        taken = TourStage.objects.filter(tour=self.tour, number=number).exclude(pk=self.instance.pk)
        if number < 1:
            raise ValidationError("شمارهٔ مرحله باید از ۱ شروع شود.")
        if taken.exists():
            raise ValidationError("این شماره را مرحلهٔ دیگری از همین تور دارد.")
        return number

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "ساعت پایان باید پس از ساعت شروع باشد.")
        estate = cleaned.get("estate")
        for name, default in (
            ("meeting_latitude", getattr(estate, "latitude", None)),
            ("meeting_longitude", getattr(estate, "longitude", None)),
        ):
            if cleaned.get(name) is None and name not in self.errors:
                if default is None:
                    self.add_error(name, "این شهرک موقعیت ثبت‌شده ندارد؛ موقعیت محل گردهمایی را وارد کنید.")
                else:
                    cleaned[name] = default
        return cleaned


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["organisation", "duration_minutes", "opens", "closes", "pinned_position"]
        widgets = {"opens": TimeInput24(), "closes": TimeInput24()}
        help_texts = {"pinned_position": "خالی بماند تا رونق ترتیب را خودش بچیند؛ عدد ۱ یعنی نخستین بازدید."}

    def __init__(self, *args, user=None, stage=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage or self.instance.stage
        units = scoping.restrict(services.estate_units(self.stage), user)
        taken = self.stage.visits.exclude(pk=self.instance.pk).values("organisation")
        self.fields["organisation"].queryset = units.exclude(pk__in=taken)
        if self.instance.pk:
            self.fields["organisation"].disabled = True

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", "پایان ساعت کاری باید پس از آغاز آن باشد.")
        position = cleaned.get("pinned_position")
        if position is not None:
            others = self.stage.visits.exclude(pk=self.instance.pk)
            count = others.count() + 1
            if not 1 <= position <= count:
                self.add_error("pinned_position", f"جایگاه باید بین ۱ و {to_persian_digits(count)} باشد.")
            elif others.filter(pinned_position=position).exists():
                self.add_error("pinned_position", "بازدید دیگری به این جایگاه سنجاق شده است.")
        return cleaned


# ---------------------------------------------------------------- invitations and coverage


class InvitationForm(CleanTextForm, forms.Form):
    """Invite an existing organisation or user, or anyone by name and e-mail."""

    text_fields = ("name",)
    INVITABLE_KINDS = (
        Organisation.Kind.MEDIA,
        Organisation.Kind.KNOWLEDGE_BASED,
        Organisation.Kind.ENGINEERING_GROUP,
        Organisation.Kind.AGENCY,
        Organisation.Kind.UNIT,
    )
    ROLE_BY_KIND = {
        Organisation.Kind.MEDIA: Invitation.Role.JOURNALIST,
        Organisation.Kind.KNOWLEDGE_BASED: Invitation.Role.KNOWLEDGE_BASED,
        Organisation.Kind.ENGINEERING_GROUP: Invitation.Role.ENGINEERING,
    }

    role = forms.ChoiceField(
        label="نقش", choices=[("", "— بر پایهٔ نوع سازمان —")] + Invitation.Role.choices, required=False
    )
    organisation = forms.ModelChoiceField(label="سازمان", queryset=Organisation.objects.none(), required=False)
    username = forms.CharField(label="نام کاربری در رونق", required=False, max_length=150)
    name = forms.CharField(label="نام مدعو", required=False, max_length=200)
    email = forms.EmailField(label="رایانامه", required=False)
    mobile = MobileField(
        label="همراه (برای عضویت در سازمان)",
        required=False,
        help_text="مدعوی که کاربر رونق نیست با شمارهٔ همراه به عضویت سازمانش هم دعوت می‌شود.",
    )

    def __init__(self, *args, user=None, stage=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.fields["mobile"].widget.attrs.update({"dir": "ltr", "inputmode": "tel"})
        self.fields["organisation"].queryset = scoping.restrict(
            Organisation.objects.filter(kind__in=self.INVITABLE_KINDS), user
        ).order_by("kind", "name")
        self.fields["username"].widget.attrs["dir"] = "ltr"
        self.fields["email"].widget.attrs["dir"] = "ltr"

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist as exc:
            raise ValidationError("کاربری با این نام کاربری نیست.") from exc

    def clean(self):
        cleaned = super().clean()
        organisation, user = cleaned.get("organisation"), cleaned.get("username")
        if self.errors:
            return cleaned
        if not (organisation or user or cleaned.get("name")):
            raise ValidationError("سازمان، کاربر یا نام مدعو را وارد کنید.")
        if user is not None and organisation is None:
            # A journalist (or a maker's member) invited by username is invited as their organisation's person.
            organisation = cleaned["organisation"] = invitee_organisation(user, self.INVITABLE_KINDS)
        if cleaned.get("mobile") and (user or not organisation or not cleaned.get("name") or not cleaned.get("email")):
            raise ValidationError(
                "دعوت به عضویت برای کسی است که کاربر رونق نیست: سازمان، نام، رایانامه و همراه او را بنویسید."
            )
        cleaned["name"] = cleaned.get("name") or (user.get_full_name() or user.username if user else organisation.name)
        cleaned["email"] = (
            cleaned.get("email") or (user.email if user else "") or (organisation.email if organisation else "")
        )
        if not cleaned.get("role"):
            cleaned["role"] = self.ROLE_BY_KIND.get(getattr(organisation, "kind", None), Invitation.Role.OFFICIAL)
        return cleaned


def invitee_organisation(user, kinds) -> Organisation | None:
    """The organisation a person invited by username speaks for: their media outlet first, else their one other
    membership of an invitable kind; None when that is not clear."""
    memberships = list(Organisation.objects.filter(memberships__user=user, kind__in=kinds).distinct()[:5])
    outlets = [o for o in memberships if o.kind == Organisation.Kind.MEDIA]
    if len(outlets) == 1:
        return outlets[0]
    return memberships[0] if len(memberships) == 1 else None


class CoverageForm(CleanTextForm, forms.Form):
    text_fields = ("title",)
    outlet = forms.ModelChoiceField(label="رسانه", queryset=Organisation.objects.none())
    title = forms.CharField(label="عنوان", max_length=300)
    url = forms.URLField(label="پیوند", max_length=200, assume_scheme="https")
    published_on = JalaliDateField(label="تاریخ انتشار")

    def __init__(self, *args, user=None, stage=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = services.coverage_outlets(user, stage)
        self.fields["url"].widget.attrs["dir"] = "ltr"


class ConsentForm(forms.ModelForm):
    class Meta:
        model = FactSheetConsent
        fields = ["products", "shifts", "employees", "exports", "localized_items", "imported_inputs"]


# ---------------------------------------------------------------- matchmaking


class SlotsForm(forms.Form):
    start = forms.TimeField(label="از ساعت", widget=TimeInput24())
    end = forms.TimeField(label="تا ساعت", widget=TimeInput24())
    length_minutes = forms.IntegerField(label="طول هر نوبت (دقیقه)", min_value=5, max_value=120, initial=20)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", "پایان باید پس از آغاز باشد.")
        return cleaned


class BookingForm(CleanTextForm, forms.Form):
    text_fields = ("topic",)
    slot = forms.ModelChoiceField(label="نوبت", queryset=MatchSlot.objects.none())
    requester = forms.ModelChoiceField(label="از طرف", queryset=Organisation.objects.none())
    counterpart = forms.ModelChoiceField(label="دیدار با", queryset=Organisation.objects.none())
    topic = forms.CharField(label="موضوع", max_length=300, required=False)

    def __init__(self, *args, user=None, stage=None, **kwargs):
        super().__init__(*args, **kwargs)
        units, companies = services.stage_parties(stage)
        own = services.bookable_parties(user, stage)
        self.fields["slot"].queryset = stage.slots.all()
        self.fields["slot"].label_from_instance = lambda slot: to_persian_digits(
            f"{slot.starts:%H:%M} تا {slot.ends:%H:%M}"
        )
        self.fields["requester"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in own]).order_by("name")
        self.fields["counterpart"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in units + companies]
        ).order_by("name")
        if len(own) == 1:
            self.fields["requester"].initial = own[0].pk


# ---------------------------------------------------------------- export meetings


class ExportMeetingForm(CleanTextForm, forms.ModelForm):
    text_fields = ("title", "location", "notes")
    country = forms.ChoiceField(label="کشور هدف", choices=_country_choices)
    date = JalaliDateField(label="تاریخ")

    class Meta:
        model = ExportMeeting
        fields = ["title", "country", "date", "province", "location", "organizers", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "organizers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = services.organiser_provinces(user)
        # Organisers are partner bodies (the Chamber of Commerce and the like) the user can see.
        organizers = scoping.restrict(Organisation.objects.filter(kind=Organisation.Kind.AGENCY), user)
        if self.instance.pk:
            # By pk: restrict() answers a distinct queryset to non-admins, which `|` cannot join to a plain one.
            organizers = Organisation.objects.filter(
                Q(pk__in=organizers.values("pk")) | Q(pk__in=self.instance.organizers.values("pk"))
            )
        self.fields["organizers"].queryset = organizers.distinct().order_by("name")


class ParticipantForm(forms.Form):
    organisation = forms.ModelChoiceField(label="واحد", queryset=Organisation.objects.none())
    offered_hs = forms.CharField(
        label="محصولات عرضه‌شده (کدهای HS، با ویرگول جدا)", required=False, max_length=500, help_text="مثلاً ۸۴۸۰۷۱، ۳۹۲۳"
    )

    def __init__(self, *args, user=None, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        taken = meeting.participants.values("organisation")
        self.fields["organisation"].queryset = (
            scoping.restrict(
                Organisation.objects.filter(kind__in=[Organisation.Kind.UNIT, Organisation.Kind.KNOWLEDGE_BASED]), user
            )
            .exclude(pk__in=taken)
            .order_by("name")
        )
        self.fields["offered_hs"].widget.attrs["dir"] = "ltr"

    def clean_offered_hs(self):
        text = to_latin_digits(self.cleaned_data["offered_hs"] or "")
        parts = [p.strip() for p in text.replace("،", ",").replace(";", ",").split(",") if p.strip()]
        codes, errors = [], []
        for part in parts:
            try:
                codes.append(hs_code_from_text(part))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return codes

    def save(self) -> Participant:
        participant = Participant.objects.create(meeting=self.meeting, organisation=self.cleaned_data["organisation"])
        participant.offered_hs.set(self.cleaned_data["offered_hs"])
        return participant


class PartnerForm(CleanTextForm, forms.ModelForm):
    text_fields = ("name", "company", "contact")
    country = forms.ChoiceField(label="کشور", choices=_country_choices)

    class Meta:
        model = ForeignPartner
        fields = ["name", "company", "country", "contact"]


class LeadForm(CleanTextForm, forms.ModelForm):
    text_fields = ("product", "next_step")
    hs = HsCodeField(label="محصول (HS)", required=False)
    currency = forms.ChoiceField(label="ارز", choices=_currency_choices, initial="USD")

    class Meta:
        model = Lead
        fields = ["seller", "buyer", "hs", "product", "quantity", "value", "currency", "next_step"]

    def __init__(self, *args, user=None, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seller"].queryset = Organisation.objects.filter(
            pk__in=meeting.participants.values("organisation")
        ).order_by("name")
        self.fields["buyer"].queryset = meeting.partners.all()
        self.fields["currency"].initial = "USD"


class LeadStatusForm(CleanTextForm, forms.Form):
    text_fields = ("lost_reason", "next_step")
    status = forms.ChoiceField(label="وضعیت", choices=Lead.Status.choices)
    lost_reason = forms.CharField(label="دلیل ازدست‌رفتن", max_length=300, required=False)
    next_step = forms.CharField(label="گام بعدی", max_length=300, required=False)
