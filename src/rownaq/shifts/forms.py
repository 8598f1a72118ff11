"""Forms of the shift planner. A unit's records are created for the unit named in the address (checked by the
view); choices are limited to that unit's shifts, posts and workers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from rownaq.core.forms import JalaliDateField, NumberTextInput, TimeInput24
from rownaq.core.jalali import WEEKDAY_NAMES, format_jalali_date
from rownaq.core.persian import clean_user_text, normalize, to_persian_digits

from . import services
from .models import Post, PostDemand, Roster, Shift, Worker, WorkerRequest, split_skills


class HeadCountField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 500)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", NumberTextInput(attrs={"class": "form-control-sm num headcount", "size": 3}))
        super().__init__(**kwargs)


class UnitModelForm(forms.ModelForm):
    """A model form for a record of one unit; `unit` comes from the view, not from the user."""

    def __init__(self, *args, unit=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit or getattr(self.instance, "unit", None)
        self.user = user
        if self.instance.pk is None and unit is not None:
            self.instance.unit = unit


class ShiftForm(UnitModelForm):
    class Meta:
        model = Shift
        fields = ["code", "name", "start", "end", "order"]
        widgets = {"start": TimeInput24(), "end": TimeInput24(), "code": forms.TextInput(attrs={"size": 4})}

    def clean_code(self):
        code = normalize(clean_user_text(self.cleaned_data["code"]))
        clash = Shift.objects.filter(unit=self.unit, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("این نشانه برای نوبت دیگری از همین واحد به کار رفته است.")
        return code

    def clean_name(self):
        return clean_user_text(self.cleaned_data["name"])


class PostForm(UnitModelForm):
    """A post and its head-count per shift: one number for every day, and per weekday where it differs."""

    class Meta:
        model = Post
        fields = ["name", "skill", "hazardous"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.shifts = list(Shift.objects.filter(unit=self.unit)) if self.unit else []
        table = self.instance.need_table() if self.instance.pk else {}
        self.grid = []
        for shift in self.shifts:
            values = [table.get((shift.pk, wd)) for wd in range(7)]
            common = max({v for v in values if v is not None}, key=values.count, default=None)
            all_name = f"need_{shift.pk}"
            self.fields[all_name] = HeadCountField(label=f"{shift.name}: هر روز", initial=common)
            row = {"shift": shift, "all": self[all_name], "days": []}
            for wd in range(7):
                name = f"need_{shift.pk}_{wd}"
                differs = values[wd] if values[wd] is not None and values[wd] != common else None
                self.fields[name] = HeadCountField(label=f"{shift.name}: {WEEKDAY_NAMES[wd]}", initial=differs)
                row["days"].append(self[name])
            self.grid.append(row)

    def clean_name(self):
        name = clean_user_text(self.cleaned_data["name"])
        if Post.objects.filter(unit=self.unit, name=name).exclude(pk=self.instance.pk).exists():
            raise ValidationError("پستی با همین نام در این واحد هست.")
        return name

    def clean_skill(self):
        return clean_user_text(self.cleaned_data["skill"])

    def needs(self) -> dict[tuple[int, int], int]:
        """(shift id, weekday) -> head-count, from the cleaned form."""
        result = {}
        for shift in self.shifts:
            common = self.cleaned_data.get(f"need_{shift.pk}")
            for wd in range(7):
                value = self.cleaned_data.get(f"need_{shift.pk}_{wd}")
                value = common if value is None else value
                if value:
                    result[(shift.pk, wd)] = value
        return result

    def save(self, commit=True):
        post = super().save(commit=True)
        wanted = self.needs()
        existing = {(d.shift_id, d.weekday): d for d in post.demands.all()}
        for key, demand in existing.items():
            if key not in wanted:
                demand.delete()
        for (shift_id, weekday), required in wanted.items():
            demand = existing.get((shift_id, weekday))
            if demand is None:
                PostDemand.objects.create(post=post, shift_id=shift_id, weekday=weekday, required=required)
            elif demand.required != required:
                demand.required = required
                demand.save()
        return post


class WorkerForm(UnitModelForm):
    birth_date = JalaliDateField(
        label="تاریخ تولد", required=False, help_text=Worker._meta.get_field("birth_date").help_text
    )
    hourly_wage = forms.DecimalField(
        label="مزد ساعتی (ریال)",
        max_digits=14,
        decimal_places=0,
        min_value=0,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
    )
    contract_hours = forms.DecimalField(
        label="ساعات قراردادی در هفته",
        max_digits=4,
        decimal_places=1,
        min_value=1,
        max_value=44,
        initial=Decimal(44),
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "decimal"}),
    )

    class Meta:
        model = Worker
        fields = [
            "name",
            "personnel_code",
            "skills",
            "hazardous",
            "birth_date",
            "shift_worker",
            "overtime_consent",
            "contract_hours",
            "hourly_wage",
            "active",
        ]

    def clean_name(self):
        return clean_user_text(self.cleaned_data["name"])

    def clean_skills(self):
        return "، ".join(split_skills(clean_user_text(self.cleaned_data["skills"])))

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and value > dt.date.today():
            raise ValidationError("تاریخ تولد در آینده است.")
        return value


class WorkerBulkForm(forms.Form):
    """Many workers with the same skills and terms at once, one name a line."""

    names = forms.CharField(label="نام کارگران (هر سطر یک نفر)", widget=forms.Textarea(attrs={"rows": 10}))
    skills = forms.CharField(
        label="مهارت‌ها", required=False, max_length=300, help_text="با ویرگول جدا کنید؛ برای همهٔ این کارگران."
    )
    hazardous = forms.BooleanField(label="کار سخت و زیان‌آور", required=False)
    shift_worker = forms.BooleanField(label="کارگر نوبتی", required=False, initial=True)
    contract_hours = forms.DecimalField(
        label="ساعات قراردادی در هفته",
        max_digits=4,
        decimal_places=1,
        min_value=1,
        max_value=44,
        initial=Decimal(44),
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "decimal"}),
    )
    hourly_wage = forms.DecimalField(
        label="مزد ساعتی (ریال)",
        max_digits=14,
        decimal_places=0,
        min_value=0,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
    )

    MAX_LINES = 500

    def clean_names(self):
        names = [clean_user_text(line) for line in self.cleaned_data["names"].splitlines()]
        names = [n for n in names if n]
        if not names:
            raise ValidationError("دست‌کم یک نام بنویسید.")
        if len(names) > self.MAX_LINES:
            raise ValidationError(f"حداکثر {to_persian_digits(self.MAX_LINES)} نفر در هر بار.")
        if any(len(n) > 120 for n in names):
            raise ValidationError("نامی بیش از ۱۲۰ نویسه دارد.")
        return names

    def clean_skills(self):
        return "، ".join(split_skills(clean_user_text(self.cleaned_data["skills"])))


class WorkerRequestForm(forms.ModelForm):
    date = JalaliDateField(label="تاریخ")

    class Meta:
        model = WorkerRequest
        fields = ["date", "kind", "shift", "note"]

    def __init__(self, *args, worker=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.worker = worker
        self.instance.worker = worker
        self.fields["shift"].queryset = Shift.objects.filter(unit=worker.unit)
        self.fields["shift"].empty_label = "— همهٔ نوبت‌های روز —"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == WorkerRequest.Kind.PREFER and not cleaned.get("shift"):
            self.add_error("shift", "نوبتی را که کارگر می‌خواهد انتخاب کنید.")
        if cleaned.get("kind") == WorkerRequest.Kind.DAY_OFF:
            cleaned["shift"] = None
        cleaned["note"] = clean_user_text(cleaned.get("note"))
        return cleaned


def next_saturday(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)


class RosterForm(forms.ModelForm):
    unit = forms.ModelChoiceField(
        label="واحد",
        queryset=None,
        empty_label="— انتخاب واحد —",
        error_messages={
            "invalid_choice": "برنامه‌ریزی برای این واحد در حوزهٔ شما نیست.",
            "required": "واحد را انتخاب کنید.",
        },
    )
    first_date = JalaliDateField(label="از تاریخ", help_text="روز نخست برنامه؛ معمولاً یک شنبه.")
    generate_now = forms.BooleanField(label="همین حالا ساخته شود", required=False, initial=True)
    time_limit = forms.IntegerField(
        label="زمان حل (ثانیه)",
        min_value=1,
        max_value=120,
        required=False,
        help_text="هرچه بیشتر، برنامه بهتر؛ پیش‌فرض ۲۰ ثانیه.",
        widget=NumberTextInput(grouping=False),
    )

    class Meta:
        model = Roster
        fields = ["unit", "title", "first_date", "weeks"]
        widgets = {"weeks": forms.Select(choices=[(n, f"{to_persian_digits(n)} هفته") for n in range(4, 9)])}

    def __init__(self, *args, user=None, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = services.plannable_units(user)
        self.fields["unit"].queryset = units
        if unit is not None:
            self.fields["unit"].initial = unit.pk
        elif units.count() == 1:
            self.fields["unit"].initial = units.first().pk
        self.fields["first_date"].initial = next_saturday()

    def clean_title(self):
        return clean_user_text(self.cleaned_data.get("title"))


class RosterEditForm(forms.ModelForm):
    class Meta:
        model = Roster
        fields = ["title"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_title(self):
        return clean_user_text(self.cleaned_data.get("title"))


class GenerateForm(forms.Form):
    time_limit = forms.IntegerField(
        label="زمان حل (ثانیه)",
        min_value=1,
        max_value=120,
        required=False,
        widget=NumberTextInput(attrs={"class": "form-control-sm"}, grouping=False),
    )


OFF_CHOICE = "off"


class PinForm(forms.Form):
    """One cell set by hand: a worker, a day, and a shift on a post or a day off."""

    worker = forms.ModelChoiceField(
        label="کارگر",
        queryset=Worker.objects.none(),
        error_messages={"invalid_choice": "این کارگر در این برنامه نیست."},
    )
    date = forms.TypedChoiceField(label="روز", coerce=dt.date.fromisoformat)
    cell = forms.ChoiceField(label="نوبت و پست")
    time_limit = forms.IntegerField(
        label="زمان حل (ثانیه)", min_value=1, max_value=120, required=False, widget=NumberTextInput(grouping=False)
    )

    def __init__(self, *args, roster=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = roster
        self.fields["worker"].queryset = services.roster_workers(roster)
        self.fields["date"].choices = [
            (d.isoformat(), f"{WEEKDAY_NAMES[(d.weekday() + 2) % 7]} {format_jalali_date(d)}") for d in roster.dates()
        ]
        choices = [(OFF_CHOICE, "استراحت (بدون نوبت)")]
        for post in Post.objects.filter(unit=roster.unit):
            for shift in Shift.objects.filter(unit=roster.unit):
                choices.append((f"{post.pk}/{shift.pk}", f"{shift.name} — {post.name}"))
        self.fields["cell"].choices = choices

    def clean(self):
        cleaned = super().clean()
        cell = cleaned.get("cell")
        cleaned["shift"] = cleaned["post"] = None
        if cell and cell != OFF_CHOICE:
            post_id, shift_id = (int(part) for part in cell.split("/"))
            cleaned["post"] = Post.objects.get(pk=post_id, unit=self.roster.unit)
            cleaned["shift"] = Shift.objects.get(pk=shift_id, unit=self.roster.unit)
        return cleaned


class UnpinForm(forms.Form):
    worker = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(widget=forms.HiddenInput)
