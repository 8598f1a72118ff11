"""A unit's three-shift planning data: its shifts (turns), its posts with the head-count each needs per shift and
weekday, its workers and their requests, and the rosters generated for it with their assignments.

Every record belongs to one unit (an industrial organisation) and is scoped through it: the unit's members and
staff of its places plan; others see nothing. The Labour-Law numbers live in labour_law.LabourLawRules, not here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from rownaq.core.jalali import WEEKDAY_NAMES, format_jalali_date
from rownaq.core.models import ChangeLogged, TimeStamped
from rownaq.core.persian import normalize, to_persian_digits
from rownaq.core.scoping import unit_paths
from rownaq.registry.models import Organisation

from .labour_law import IRAN_LABOUR_LAW, MINUTES_PER_DAY, NIGHT, ShiftDefinition

UNIT_SCOPE = {**unit_paths("unit"), "organisation": "unit"}
PLANNER_ACTIONS = {"view", "add", "change", "delete"}
# Organisations that run production and so may plan shifts.
UNIT_KINDS = (Organisation.Kind.UNIT, Organisation.Kind.KNOWLEDGE_BASED, Organisation.Kind.ENGINEERING_GROUP)
# Weekdays in the Iranian order (Saturday first), as PostDemand stores them.
IRANIAN_WEEKDAYS = [(index, name) for index, name in enumerate(WEEKDAY_NAMES)]
FRIDAY = 6
MAX_SHIFT_HOURS = 12


def iranian_weekday(date: dt.date) -> int:
    """Saturday = 0 .. Friday = 6."""
    return (date.weekday() + 2) % 7


def split_skills(text: str) -> list[str]:
    """Skills typed as a list separated by commas (Persian or Latin) or new lines, normalised and deduplicated."""
    parts = []
    for chunk in (text or "").replace("،", ",").replace("\n", ",").split(","):
        skill = normalize(chunk).strip()
        if skill and skill not in parts:
            parts.append(skill)
    return parts


class UnitOwned(models.Model):
    unit = models.ForeignKey(Organisation, verbose_name="واحد", on_delete=models.CASCADE, related_name="+")

    scope_paths = UNIT_SCOPE
    member_actions = PLANNER_ACTIONS

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("shifts:unit", args=[self.unit_id])


class Shift(UnitOwned, ChangeLogged, TimeStamped):
    """One of the unit's turns, e.g. morning 06-14, evening 14-22, night 22-06, or a 12-hour day/night pattern."""

    code = models.CharField("نشانه", max_length=4, help_text="یک یا دو حرف که در جدول برنامه دیده می‌شود؛ مانند «ص».")
    name = models.CharField("نام نوبت", max_length=60)
    start = models.TimeField("ساعت شروع")
    end = models.TimeField("ساعت پایان", help_text="اگر پیش از ساعت شروع باشد، پایان در روز بعد است.")
    order = models.PositiveSmallIntegerField("ترتیب", default=0)

    audit_parent = "unit"

    class Meta:
        ordering = ["unit", "order", "start", "pk"]
        verbose_name = "نوبت کاری"
        verbose_name_plural = "نوبت‌های کاری"
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="shift_code_unique_in_unit")]

    def __str__(self) -> str:
        return f"{self.name} ({to_persian_digits(f'{self.start:%H:%M}–{self.end:%H:%M}')})"

    @property
    def minutes(self) -> int:
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        return (end - start) % MINUTES_PER_DAY

    @property
    def hours_label(self) -> str:
        hours = Decimal(self.minutes) / 60
        return to_persian_digits(f"{hours.normalize():f}")

    def definition(self) -> ShiftDefinition:
        return ShiftDefinition(str(self.pk), self.start, self.minutes)

    @property
    def is_night(self) -> bool:
        """Art. 53: any part of the shift between 22:00 and 06:00 is night work."""
        return self.definition().is_night_work(IRAN_LABOUR_LAW)

    @property
    def night_hours_label(self) -> str:
        hours = Decimal(self.definition().night_minutes(IRAN_LABOUR_LAW)) / 60
        return to_persian_digits(f"{hours.normalize():f}")

    @property
    def turn_label(self) -> str:
        turn = self.definition().turn()
        return {"morning": "صبح", "evening": "عصر", NIGHT: "شب"}[turn]

    def clean(self):
        if self.start is not None and self.end is not None:
            if self.minutes == 0:
                raise ValidationError({"end": "ساعت پایان با ساعت شروع یکی است."})
            if self.minutes > MAX_SHIFT_HOURS * 60:
                raise ValidationError({"end": f"نوبت بیش از {to_persian_digits(MAX_SHIFT_HOURS)} ساعت است."})


class Post(UnitOwned, ChangeLogged, TimeStamped):
    """A line or post that needs people on each shift; a worker takes it when they have its skill."""

    name = models.CharField("نام پست یا خط", max_length=120)
    skill = models.CharField(
        "مهارت لازم", max_length=80, blank=True, help_text="خالی یعنی هر کارگری می‌تواند این پست را بگیرد."
    )
    hazardous = models.BooleanField(
        "سخت و زیان‌آور",
        default=False,
        help_text="فقط کارگرانی که کار سخت و زیان‌آور دارند این پست را می‌گیرند و هر نوبت آن حداکثر ۶ ساعت است "
        "(ماده ۵۲ قانون کار).",
    )

    audit_parent = "unit"

    class Meta:
        ordering = ["unit", "name", "pk"]
        verbose_name = "پست کاری"
        verbose_name_plural = "پست‌های کاری"
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="post_name_unique_in_unit")]

    def __str__(self) -> str:
        return self.name

    @property
    def skill_key(self) -> str:
        return normalize(self.skill or "").strip()

    def need_table(self) -> dict[tuple[int, int], int]:
        """(shift id, weekday) -> head-count."""
        return {(d.shift_id, d.weekday): d.required for d in self.demands.all()}


class PostDemand(ChangeLogged):
    """How many people a post needs on one shift of one weekday."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="demands", verbose_name="پست")
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="demands", verbose_name="نوبت")
    weekday = models.PositiveSmallIntegerField("روز هفته", choices=IRANIAN_WEEKDAYS)
    required = models.PositiveSmallIntegerField("تعداد لازم", validators=[MaxValueValidator(500)])

    audit_parent = "post"
    scope_paths = {**unit_paths("post__unit"), "organisation": "post__unit"}
    member_actions = PLANNER_ACTIONS

    class Meta:
        ordering = ["post", "shift", "weekday"]
        verbose_name = "نیاز نفر"
        verbose_name_plural = "نیاز نفرات"
        constraints = [models.UniqueConstraint(fields=["post", "shift", "weekday"], name="one_demand_per_cell")]

    def __str__(self) -> str:
        return f"{self.post} / {self.shift.name} / {WEEKDAY_NAMES[self.weekday]}: {to_persian_digits(self.required)}"


class Worker(UnitOwned, ChangeLogged, TimeStamped):
    name = models.CharField("نام و نام خانوادگی", max_length=120)
    personnel_code = models.CharField("کد پرسنلی", max_length=20, blank=True)
    skills = models.CharField(
        "مهارت‌ها",
        max_length=300,
        blank=True,
        help_text="با ویرگول جدا کنید؛ کارگر پست‌هایی را می‌گیرد که مهارتشان را دارد.",
    )
    hazardous = models.BooleanField(
        "کار سخت و زیان‌آور",
        default=False,
        help_text="حداکثر ۶ ساعت در روز و ۳۶ ساعت در هفته؛ بدون اضافه‌کاری (مواد ۵۲ و ۶۱).",
    )
    birth_date = models.DateField(
        "تاریخ تولد", null=True, blank=True, help_text="برای کارگران زیر ۱۸ سال: بدون کار شبانه و اضافه‌کاری (ماده ۸۳)."
    )
    shift_worker = models.BooleanField(
        "کارگر نوبتی", default=True, help_text="در نوبت‌های صبح، عصر و شب می‌چرخد (ماده ۵۵)."
    )
    overtime_consent = models.BooleanField("موافقت با اضافه‌کاری", default=False, help_text="ماده ۵۹")
    contract_hours = models.DecimalField(
        "ساعات قراردادی در هفته",
        max_digits=4,
        decimal_places=1,
        default=Decimal(44),
        validators=[MinValueValidator(1), MaxValueValidator(44)],
    )
    hourly_wage = models.DecimalField(
        "مزد ساعتی (ریال)", max_digits=14, decimal_places=0, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    active = models.BooleanField("فعال", default=True)

    audit_parent = "unit"

    class Meta:
        ordering = ["unit", "name", "pk"]
        verbose_name = "کارگر"
        verbose_name_plural = "کارگران"

    def __str__(self) -> str:
        return self.name

    @property
    def skill_set(self) -> frozenset[str]:
        return frozenset(split_skills(self.skills))

    def age_on(self, date: dt.date) -> int | None:
        if self.birth_date is None:
            return None
        years = date.year - self.birth_date.year
        if (date.month, date.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def is_under_18(self, on: dt.date) -> bool:
        """Under the young-worker age on that day (Art. 83); a roster asks about its first day, so a worker who
        turns 18 during it is held to the young-worker rules for all of it."""
        age = self.age_on(on)
        return age is not None and age < IRAN_LABOUR_LAW.young_worker_age

    @property
    def under_18_today(self) -> bool:
        return self.is_under_18(dt.date.today())

    def may_take(self, post: Post) -> bool:
        """Skill and hazard agree: hazardous posts go only to workers held to the hazardous-work limits."""
        if post.hazardous != self.hazardous:
            return False
        return not post.skill_key or post.skill_key in self.skill_set


class WorkerRequest(ChangeLogged, TimeStamped):
    """A worker's day off (kept as a rule) or wish to work or avoid a shift on a date (weighed as a goal)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", "مرخصی / روز استراحت"
        PREFER = "prefer", "تمایل به این نوبت"
        AVOID = "avoid", "عدم تمایل به این نوبت"

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="requests", verbose_name="کارگر")
    date = models.DateField("تاریخ")
    kind = models.CharField("نوع درخواست", max_length=10, choices=Kind.choices, default=Kind.DAY_OFF)
    shift = models.ForeignKey(
        Shift, verbose_name="نوبت", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField("توضیح", max_length=200, blank=True)

    audit_parent = "worker"
    scope_paths = {**unit_paths("worker__unit"), "organisation": "worker__unit"}
    member_actions = PLANNER_ACTIONS

    class Meta:
        ordering = ["worker", "date", "pk"]
        verbose_name = "درخواست کارگر"
        verbose_name_plural = "درخواست‌های کارگران"

    def __str__(self) -> str:
        what = self.get_kind_display()
        if self.shift_id:
            what += f" ({self.shift.name})"
        return f"{self.worker}: {what} {format_jalali_date(self.date)}"

    def get_absolute_url(self) -> str:
        return reverse("shifts:worker-edit", args=[self.worker_id])


class Roster(UnitOwned, ChangeLogged, TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", "پیش‌نویس"
        GENERATED = "generated", "تولیدشده"
        APPROVED = "approved", "تأییدشده"

    title = models.CharField("عنوان", max_length=200, blank=True)
    first_date = models.DateField("از تاریخ")
    weeks = models.PositiveSmallIntegerField(
        "تعداد هفته", default=4, validators=[MinValueValidator(4), MaxValueValidator(8)]
    )
    status = models.CharField("وضعیت", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    summary = models.JSONField("خلاصهٔ حل", default=dict, blank=True)
    generated_at = models.DateTimeField("زمان تولید", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="ایجادکننده",
    )

    audit_exclude = ("created_at", "updated_at", "summary")

    class Meta:
        ordering = ["-first_date", "-pk"]
        verbose_name = "برنامهٔ نوبت‌کاری"
        verbose_name_plural = "برنامه‌های نوبت‌کاری"

    def __str__(self) -> str:
        return self.title or f"برنامهٔ {self.unit} از {format_jalali_date(self.first_date)}"

    def get_absolute_url(self) -> str:
        return reverse("shifts:roster-detail", args=[self.pk])

    @property
    def horizon(self) -> int:
        return self.weeks * 7

    @property
    def last_date(self) -> dt.date:
        return self.first_date + dt.timedelta(days=self.horizon - 1)

    def dates(self) -> list[dt.date]:
        return [self.first_date + dt.timedelta(days=day) for day in range(self.horizon)]

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class Assignment(ChangeLogged):
    """One worker's cell of a roster on one day: a shift on a post, or a day off pinned by hand (no shift).

    The shift's start and length are kept as they were when the roster was made, so later changes to the unit's
    shifts do not rewrite the hours (and premiums) of a past roster."""

    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="assignments", verbose_name="برنامه")
    worker = models.ForeignKey(Worker, verbose_name="کارگر", on_delete=models.PROTECT, related_name="assignments")
    date = models.DateField("تاریخ")
    shift = models.ForeignKey(
        Shift, verbose_name="نوبت", null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    post = models.ForeignKey(
        Post, verbose_name="پست", null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    start = models.TimeField("شروع", null=True, blank=True)
    minutes = models.PositiveSmallIntegerField("مدت (دقیقه)", default=0)
    pinned = models.BooleanField("تثبیت دستی", default=False)

    audit_parent = "roster"
    scope_paths = {**unit_paths("roster__unit"), "organisation": "roster__unit"}
    member_actions = {"view"}

    class Meta:
        ordering = ["roster", "date", "worker"]
        verbose_name = "خانهٔ برنامه"
        verbose_name_plural = "خانه‌های برنامه"
        constraints = [models.UniqueConstraint(fields=["roster", "worker", "date"], name="one_cell_per_worker_day")]

    def __str__(self) -> str:
        what = f"{self.shift.name} / {self.post}" if self.shift_id else "استراحت"
        return f"{self.worker} {format_jalali_date(self.date)}: {what}"

    @property
    def is_off(self) -> bool:
        return self.shift_id is None

    @property
    def turn(self) -> str:
        """morning, evening or night (the Law's turn windows), or off."""
        return "off" if self.shift_id is None else self.definition().turn()

    def definition(self) -> ShiftDefinition | None:
        if self.shift_id is None:
            return None
        return ShiftDefinition(f"{self.post_id}/{self.shift_id}", self.start, self.minutes)
