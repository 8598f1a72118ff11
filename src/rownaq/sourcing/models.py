"""Domestic sourcing: what factories import (needs), what makers can make (capabilities), the pipeline from a
listed need to an item made at home, and the foreign currency that saves."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from rownaq.core.models import Attachment, ChangeLogged, TimeStamped
from rownaq.core.persian import search_key
from rownaq.core.scoping import unit_paths
from rownaq.registry.models import HsCode, Organisation, Product


class Process(models.TextChoices):
    CASTING = "casting", "ریخته‌گری"
    DIE_CASTING = "die_casting", "دایکاست"
    FORGING = "forging", "آهنگری و فورج"
    MACHINING = "machining", "ماشین‌کاری (تراش، فرز، CNC)"
    INJECTION_MOULDING = "injection_moulding", "تزریق پلاستیک"
    MOULD_MAKING = "mould_making", "قالب‌سازی"
    SHEET_METAL = "sheet_metal", "ورق‌کاری و پرس"
    WELDING = "welding", "جوشکاری"
    HEAT_TREATMENT = "heat_treatment", "عملیات حرارتی"
    SURFACE_TREATMENT = "surface_treatment", "پوشش‌دهی و آبکاری"
    ELECTRONICS_ASSEMBLY = "electronics_assembly", "مونتاژ الکترونیک"
    CHEMICAL_SYNTHESIS = "chemical_synthesis", "سنتز شیمیایی"
    RUBBER = "rubber", "لاستیک و قطعات لاستیکی"
    ASSEMBLY = "assembly", "مونتاژ مکانیکی"
    EXTRUSION = "extrusion", "اکستروژن"
    POWDER_METALLURGY = "powder_metallurgy", "متالورژی پودر"
    TEXTILE = "textile", "نساجی"
    SOFTWARE = "software", "نرم‌افزار و کنترل"


class ItemKind(models.TextChoices):
    RAW_MATERIAL = "raw_material", "مواد اولیه"
    PART = "part", "قطعه"
    MOULD = "mould", "قالب و دای"
    EQUIPMENT = "equipment", "تجهیزات و ماشین‌آلات"
    CONSUMABLE = "consumable", "مواد مصرفی"


class Need(ChangeLogged, TimeStamped):
    """An item a unit imports and wants made at home, followed from listing to localization (or withdrawal)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "پیش‌نویس"
        PUBLISHED = "published", "منتشرشده"
        INTEREST = "interest", "ابراز تمایل سازندگان"
        SHORTLISTED = "shortlisted", "فهرست کوتاه"
        SAMPLE = "sample", "نمونه یا نمونهٔ اولیه"
        TESTED = "tested", "آزمون‌شده"
        CONTRACT = "contract", "قرارداد"
        LOCALIZED = "localized", "ساخت داخل شد"
        WITHDRAWN = "withdrawn", "منصرف‌شده"

    class WithdrawReason(models.TextChoices):
        NOT_NEEDED = "not_needed", "دیگر نیاز نیست"
        SMALL_QUANTITY = "small_quantity", "مقدار کم است"
        ONE_TIME = "one_time", "خرید یک‌باره"
        MADE_BY_ANOTHER = "made_by_another", "سازندهٔ دیگری (بیرون از سامانه) ساخت"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "نام خریدار برای سازندگان ثبت‌شده نمایش داده شود"
        ANONYMOUS = "anonymous", "ناشناس (سازمان واسطهٔ تماس است)"

    organisation = models.ForeignKey(
        Organisation, verbose_name="واحد خریدار", on_delete=models.PROTECT, related_name="needs"
    )
    title = models.CharField("عنوان قلم", max_length=200)
    description = models.TextField("شرح", blank=True)
    kind = models.CharField("نوع قلم", max_length=20, choices=ItemKind.choices)
    hs = models.ForeignKey(
        HsCode, verbose_name="کد تعرفه", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hs_confirmed = models.BooleanField("کد تعرفه تأیید شد", default=False)
    oem = models.CharField("سازندهٔ اصلی (OEM)", max_length=120, blank=True)
    part_number = models.CharField("شمارهٔ فنی قطعه", max_length=120, blank=True)
    origin_country = models.CharField("کشور مبدأ", max_length=2, blank=True)
    specification = models.TextField("مشخصات فنی", blank=True)
    processes = models.JSONField("فرایندهای ساخت", default=list, blank=True)
    audit_choices = {"processes": Process.choices}
    materials = models.CharField("مواد", max_length=300, blank=True)
    annual_quantity = models.DecimalField(
        "مقدار مصرف سالانه", max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    unit = models.CharField("واحد سنجش", max_length=10, choices=Product.Unit.choices, default=Product.Unit.PIECE)
    annual_fx_value = models.DecimalField(
        "ارزش ارزی سالانه", max_digits=18, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField("ارز", max_length=3, default="USD")
    imports_history = models.JSONField("واردات ۳ سال گذشته", default=dict, blank=True, help_text="{سال جلالی: ارزش}")
    target_year = models.PositiveSmallIntegerField(
        "سال هدف ساخت داخل", null=True, blank=True, validators=[MinValueValidator(1400), MaxValueValidator(1500)]
    )
    visibility = models.CharField("نمایش خریدار", max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    status = models.CharField("وضعیت", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    withdraw_reason = models.CharField("دلیل انصراف", max_length=20, choices=WithdrawReason.choices, blank=True)
    withdraw_note = models.CharField("توضیح انصراف", max_length=300, blank=True)
    # Localization result
    maker = models.ForeignKey(
        Organisation,
        verbose_name="سازندهٔ داخلی",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="localized_needs",
    )
    localized_on = models.DateField("تاریخ ساخت داخل", null=True, blank=True)
    domestic_price_rial = models.DecimalField(
        "قیمت داخلی (ریال)", max_digits=22, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    fx_saved_per_year = models.DecimalField(
        "صرفه‌جویی ارزی سالانه",
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    source_import_line = models.ForeignKey(
        "reporting.ImportLine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name="ردیف واردات مبدأ",
    )
    published_at = models.DateTimeField(null=True, blank=True, verbose_name="زمان انتشار")
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1)

    audit_exclude = ("created_at", "updated_at", "search_text", "version")
    scope_paths = {**unit_paths(), "organisation": "organisation"}
    member_actions = {"view", "add", "change"}

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "نیاز وارداتی"
        verbose_name_plural = "نیازهای وارداتی"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sourcing:need-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.DRAFT, self.Status.LOCALIZED, self.Status.WITHDRAWN)

    def save(self, *args, **kwargs):
        self.search_text = search_key(" ".join([self.title, self.description, self.oem, self.part_number]))[:4000]
        super().save(*args, **kwargs)


# A published need is open to makers (listed, matched, interest taken); a closed one can no longer change.
PUBLISHED_STATUSES = (
    Need.Status.PUBLISHED,
    Need.Status.INTEREST,
    Need.Status.SHORTLISTED,
    Need.Status.SAMPLE,
    Need.Status.TESTED,
    Need.Status.CONTRACT,
)
CLOSED_STATUSES = (Need.Status.LOCALIZED, Need.Status.WITHDRAWN)


class NeedAttachment(Attachment):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="attachments")


class NeedEvent(models.Model):
    """A step of a need's pipeline: who moved it, when, from which status to which, and why."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class Capability(ChangeLogged, TimeStamped):
    """What an organisation (factory, knowledge-based company, engineering group) can make."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="capability", verbose_name="واحد"
    )
    summary = models.TextField("توانمندی‌ها (هر سطر یک مورد؛ فارسی یا انگلیسی)", blank=True)
    processes = models.JSONField("فرایندها", default=list, blank=True)
    audit_choices = {"processes": Process.choices}
    materials = models.CharField("مواد", max_length=400, blank=True)
    equipment = models.TextField("تجهیزات", blank=True)
    certifications = models.CharField("گواهی‌ها", max_length=300, blank=True)
    capacity = models.CharField("ظرفیت", max_length=300, blank=True)
    hs_codes = models.ManyToManyField(HsCode, verbose_name="کدهای تعرفهٔ ساخته‌شده", blank=True, related_name="+")
    accepts_new_work = models.BooleanField("پذیرای سفارش جدید", default=True)
    notify = models.BooleanField("خبرم کنید وقتی نیاز مرتبطی ثبت شد", default=True)

    audit_parent = "organisation"
    scope_paths = {**unit_paths(), "organisation": "organisation"}
    member_actions = {"view", "add", "change"}

    class Meta:
        verbose_name = "توانمندی ساخت"
        verbose_name_plural = "توانمندی‌های ساخت"

    def __str__(self) -> str:
        return f"توانمندی {self.organisation}"


class Interest(TimeStamped):
    """A maker's expression of interest in a need; staff move promising ones to the shortlist."""

    class Status(models.TextChoices):
        SENT = "sent", "ارسال‌شده"
        SHORTLISTED = "shortlisted", "در فهرست کوتاه"
        DECLINED = "declined", "رد شده"

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="interests")
    maker = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="interests")
    message = models.TextField("پیام", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SENT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["need", "maker"], name="one_interest_per_maker")]
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.maker} → {self.need}"


class MatchNotice(models.Model):
    """A maker was told about a need that matches it (so the digest never repeats itself)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+")
    maker = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["need", "maker"], name="one_notice_per_pair")]

    def __str__(self) -> str:
        return f"«{self.need}» برای «{self.maker}»"
