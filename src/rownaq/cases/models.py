"""Factory problems (cases) driven through defined processes with partner bodies, with follow-up until solved;
and the meetings (e.g. the provincial production-facilitation council) whose resolutions are followed up too."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from rownaq.core.models import Attachment, ChangeLogged, TimeStamped
from rownaq.core.persian import to_persian_digits
from rownaq.core.scoping import unit_paths
from rownaq.places.models import County, Estate, Province
from rownaq.registry.models import Organisation


class Category(models.TextChoices):
    MARKET = "market", "بازار و فروش"
    EXPORT = "export", "صادرات"
    RAW_MATERIAL = "raw_material", "تأمین مواد اولیه"
    FX = "fx", "تخصیص ارز"
    FINANCE = "finance", "بانکی و تأمین مالی"
    CUSTOMS = "customs", "گمرک"
    TAX = "tax", "مالیات"
    INSURANCE = "insurance", "بیمه"
    ENERGY = "energy", "انرژی (برق، گاز، آب)"
    LICENSING = "licensing", "مجوزها"
    LABOUR = "labour", "نیروی کار"
    OTHER = "other", "سایر"


class RoutingRule(ChangeLogged, TimeStamped):
    """A defined process: cases of this category (and, optionally, this province, county or estate) go to this body,
    which has this many working days to act. The most specific active rule wins (estate, county, province, any).

    The province is derived from the county or estate when they are given; it lets each province's staff keep
    province-wide rules that do not reach into another province's cases."""

    category = models.CharField("دسته", max_length=20, choices=Category.choices)
    province = models.ForeignKey(
        Province, verbose_name="استان", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    county = models.ForeignKey(County, verbose_name="شهرستان", null=True, blank=True, on_delete=models.CASCADE)
    estate = models.ForeignKey(Estate, verbose_name="شهرک", null=True, blank=True, on_delete=models.CASCADE)
    body = models.ForeignKey(
        Organisation,
        verbose_name="نهاد مسئول",
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Organisation.Kind.AGENCY},
        related_name="routing_rules",
    )
    working_days = models.PositiveSmallIntegerField(
        "مهلت (روز کاری)", validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    active = models.BooleanField("فعال", default=True)
    note = models.CharField("توضیح", max_length=300, blank=True)

    scope_paths = {"province": "province", "county": "county", "estate": "estate"}
    scope_public_view = True

    class Meta:
        ordering = ["category", "province", "county", "estate"]
        verbose_name = "قاعدهٔ ارجاع"
        verbose_name_plural = "قواعد ارجاع (فرایندهای تعریف‌شده)"

    def __str__(self) -> str:
        place = self.estate or self.county or self.province or "همه‌جا"
        return f"{self.get_category_display()} / {place} → {self.body}"

    def save(self, *args, **kwargs):
        if self.estate_id:
            self.county_id = self.estate.county_id
        if self.county_id:
            self.province_id = self.county.province_id
        super().save(*args, **kwargs)

    @property
    def specificity(self) -> int:
        return 3 if self.estate_id else 2 if self.county_id else 1 if self.province_id else 0


class Case(ChangeLogged, TimeStamped):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "ثبت‌شده"
        TRIAGED = "triaged", "بررسی اولیه شد"
        REFERRED = "referred", "ارجاع‌شده"
        IN_PROGRESS = "in_progress", "در حال پیگیری"
        RESOLVED = "resolved", "حل‌شده"
        REJECTED = "rejected", "ردشده"
        CLOSED = "closed", "بسته‌شده"

    OPEN_STATUSES = (Status.SUBMITTED, Status.TRIAGED, Status.REFERRED, Status.IN_PROGRESS)

    tracking_code = models.CharField("کد رهگیری", max_length=20, unique=True, null=True, blank=True, editable=False)
    organisation = models.ForeignKey(Organisation, verbose_name="واحد", on_delete=models.PROTECT, related_name="cases")
    category = models.CharField("دسته", max_length=20, choices=Category.choices, db_index=True)
    title = models.CharField("عنوان", max_length=200)
    description = models.TextField("شرح مشکل")
    amount = models.DecimalField(
        "مبلغ مورد نظر", max_digits=20, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField("ارز", max_length=3, blank=True, default="IRR")
    status = models.CharField("وضعیت", max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="ثبت‌کننده"
    )
    suggested_body = models.ForeignKey(
        Organisation,
        verbose_name="نهاد پیشنهادی (قواعد)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField("مهلت رسیدگی", null=True, blank=True)
    source_report = models.ForeignKey(
        "reporting.MonthlyReport",
        verbose_name="گزارش ماهانه‌ای که مشکل در آن آمد",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    source_lead = models.ForeignKey(
        "events.Lead",
        verbose_name="فرصت صادراتی‌ای که پیگیری‌اش به کمک نیاز داشت",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    escalated_at = models.DateTimeField("زمان ارجاع به مقام بالاتر", null=True, blank=True)
    resolved_at = models.DateTimeField("زمان حل", null=True, blank=True)
    closed_at = models.DateTimeField("زمان بستن", null=True, blank=True)
    outcome = models.TextField("نتیجه یا دلیل رد", blank=True)
    # Set when the case reaches an outcome: solved (True) or rejected (False); kept after the unit closes it.
    was_resolved = models.BooleanField("حل شد", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        "رضایت واحد (۱ تا ۵)", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    # Optimistic lock for edits of the case itself (triage, outcome): a stale form gets a conflict message.
    version = models.PositiveIntegerField(default=1)

    audit_exclude = ("created_at", "updated_at", "version")
    scope_paths = {**unit_paths(), "organisation": ("organisation", "referrals__body")}
    member_actions = {"view", "add", "change"}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "پرونده"
        verbose_name_plural = "پرونده‌ها"

    def __str__(self) -> str:
        return f"{to_persian_digits(self.tracking_code) or '—'} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Referral(ChangeLogged, TimeStamped):
    """A case sent to one responsible body, with its own deadline and outcome."""

    class Status(models.TextChoices):
        OPEN = "open", "در انتظار اقدام"
        IN_PROGRESS = "in_progress", "در حال اقدام"
        RESOLVED = "resolved", "حل‌شده"
        REJECTED = "rejected", "ردشده"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals", verbose_name="پرونده")
    body = models.ForeignKey(
        Organisation, verbose_name="نهاد مسئول", on_delete=models.PROTECT, related_name="referrals"
    )
    due_date = models.DateField("مهلت")
    status = models.CharField("وضعیت", max_length=20, choices=Status.choices, default=Status.OPEN)
    reminded_at = models.DateTimeField(null=True, blank=True, verbose_name="زمان یادآوری")
    escalated_at = models.DateTimeField(null=True, blank=True, verbose_name="زمان ارجاع به سطح بالاتر")
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name="زمان بستن")

    audit_parent = "case"
    scope_paths = {**unit_paths("case__organisation"), "organisation": ("case__organisation", "body")}
    member_actions = {"view"}

    class Meta:
        verbose_name = "ارجاع"
        verbose_name_plural = "ارجاع‌ها"
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["case", "body"], name="one_referral_per_body")]

    def __str__(self) -> str:
        return f"{to_persian_digits(self.case.tracking_code)} → {self.body}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)


class FollowUp(models.Model):
    """One entry of a case's timeline: a comment, a step of the flow, a referral, a reminder or an escalation."""

    class Kind(models.TextChoices):
        COMMENT = "comment", "پیگیری"
        STATUS = "status", "تغییر وضعیت"
        REFERRAL = "referral", "ارجاع"
        REMINDER = "reminder", "یادآوری"
        ESCALATION = "escalation", "ارجاع به مقام بالاتر"
        ATTACHMENT = "attachment", "پیوست"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COMMENT)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="از طرف"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    text = models.TextField()

    scope_paths = {**unit_paths("case__organisation"), "organisation": ("case__organisation", "case__referrals__body")}
    member_actions = {"view"}

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:50]}"


class CaseAttachment(Attachment):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")

    scope_paths = {**unit_paths("case__organisation"), "organisation": ("case__organisation", "case__referrals__body")}
    member_actions = {"view"}


class Meeting(ChangeLogged, TimeStamped):
    """A meeting such as the provincial production-facilitation council: cases on its agenda and its resolutions."""

    title = models.CharField("عنوان", max_length=200)
    date = models.DateField("تاریخ")
    province = models.ForeignKey(Province, verbose_name="استان", on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey(
        County, verbose_name="شهرستان (برای جلسهٔ شهرستانی)", null=True, blank=True, on_delete=models.PROTECT
    )
    agenda = models.ManyToManyField(Case, verbose_name="پرونده‌های دستور جلسه", blank=True, related_name="meetings")
    attendees = models.ManyToManyField(Organisation, verbose_name="نهادهای حاضر", blank=True, related_name="+")
    attendee_names = models.TextField("حاضران (نام و سمت)", blank=True)
    minutes = models.TextField("خلاصهٔ مذاکرات", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="ثبت‌کننده"
    )

    scope_paths = {"province": "province", "county": "county", "organisation": "attendees"}
    member_actions = {"view"}

    class Meta:
        ordering = ["-date"]
        verbose_name = "جلسه"
        verbose_name_plural = "جلسات"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cases:meeting-detail", args=[self.pk])


class Resolution(ChangeLogged, TimeStamped):
    """A meeting's decision, assigned to a body with a deadline, followed up to implemented or not."""

    class Status(models.TextChoices):
        PENDING = "pending", "در دست اقدام"
        IMPLEMENTED = "implemented", "اجراشده"
        NOT_IMPLEMENTED = "not_implemented", "اجرانشده"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions", verbose_name="جلسه")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="resolutions", verbose_name="پرونده"
    )
    text = models.TextField("متن مصوبه")
    body = models.ForeignKey(
        Organisation, verbose_name="نهاد مسئول", on_delete=models.PROTECT, related_name="resolutions"
    )
    deadline = models.DateField("مهلت")
    status = models.CharField("وضعیت", max_length=20, choices=Status.choices, default=Status.PENDING)
    follow_up_note = models.TextField("گزارش پیگیری", blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, verbose_name="زمان یادآوری")

    audit_parent = "meeting"
    scope_paths = {
        "province": "meeting__province",
        "county": "meeting__county",
        "organisation": ("body", "case__organisation"),
    }
    member_actions = {"view", "change"}

    class Meta:
        ordering = ["deadline"]
        verbose_name = "مصوبه"
        verbose_name_plural = "مصوبات"

    def __str__(self) -> str:
        return self.text[:80]
