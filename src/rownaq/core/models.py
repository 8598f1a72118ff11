import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.validators import MinValueValidator
from django.db import models


class TimeStamped(models.Model):
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    class Meta:
        abstract = True


class ChangeLogged(models.Model):
    """Models whose every create, update and delete is written to ChangeRecord (see core.audit).

    `audit_exclude` names fields kept out of the record (derived search keys, timestamps).
    `audit_parent` names a foreign key whose object's history should also show this record's changes.
    `audit_choices` gives the labels of values a field keeps without choices of its own (a JSON list of codes).
    """

    audit_exclude: tuple[str, ...] = ("created_at", "updated_at")
    audit_parent: str | None = None
    audit_choices: dict = {}

    class Meta:
        abstract = True


class ChangeRecord(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "ایجاد"
        UPDATE = "update", "ویرایش"
        DELETE = "delete", "حذف"

    at = models.DateTimeField("زمان", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="کاربر", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("عمل", max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField("شیء", max_length=300)
    # The object whose history also lists this change (a product's organisation, say).
    parent_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent_object_id = models.CharField(max_length=64, blank=True, db_index=True)
    before = models.JSONField("پیش از تغییر", null=True, blank=True)
    after = models.JSONField("پس از تغییر", null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "سابقهٔ تغییر"
        verbose_name_plural = "سوابق تغییر"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field whose value differs."""
        before, after = self.before or {}, self.after or {}
        names = sorted(set(before) | set(after))
        return [(n, before.get(n), after.get(n)) for n in names if before.get(n) != after.get(n)]


class Holiday(models.Model):
    """A day off besides Fridays, counted against every deadline: an official holiday (solar or lunar, from
    core/data/holidays, lunar ones projected until the official calendar is published), or a one-off closure that
    staff add (air pollution, a snow day) for every office or for one body."""

    class Kind(models.TextChoices):
        SOLAR = "solar", "رسمی (خورشیدی)"
        LUNAR = "lunar", "رسمی (قمری)"
        CLOSURE = "closure", "تعطیلی موردی"

    date = models.DateField("تاریخ")
    title = models.CharField("مناسبت", max_length=200)
    kind = models.CharField("نوع", max_length=10, choices=Kind.choices, default=Kind.CLOSURE)
    projected = models.BooleanField(
        "پیش‌بینی‌شده", default=False,
        help_text="تاریخ قمری محاسبه‌شده که هنوز با تقویم رسمی مؤسسهٔ ژئوفیزیک تطبیق نشده است")
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name="فقط برای نهاد", null=True, blank=True, on_delete=models.CASCADE,
        related_name="closures", help_text="خالی: همهٔ ادارات تعطیل‌اند")

    class Meta:
        ordering = ["date"]
        verbose_name = "تعطیلی"
        verbose_name_plural = "تعطیلات رسمی و موردی"
        constraints = [
            models.UniqueConstraint(fields=["date"], condition=models.Q(organisation__isnull=True),
                                    name="holiday_one_per_date"),
            models.UniqueConstraint(fields=["date", "organisation"], name="closure_one_per_body_and_date"),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def dates(cls) -> set:
        """Days every office is off (official holidays and closures for all); a body's own closures are not here."""
        return set(cls.objects.filter(organisation__isnull=True).values_list("date", flat=True))


class ExchangeRate(models.Model):
    """How many rials one unit of a currency was worth from a date on, with where the figure came from (the
    Central Bank's published rate, the exchange centre's, ...). Totals in one currency use the rate in force at
    the end of the month they total (core.fx)."""

    currency = models.CharField("ارز", max_length=3)
    rial_per_unit = models.DecimalField("ریال برای هر واحد", max_digits=16, decimal_places=2,
                                        validators=[MinValueValidator(Decimal("0.01"))])
    valid_from = models.DateField("معتبر از")
    source = models.CharField("منبع", max_length=200)

    class Meta:
        ordering = ["currency", "-valid_from"]
        verbose_name = "نرخ ارز"
        verbose_name_plural = "نرخ‌های ارز"
        constraints = [models.UniqueConstraint(fields=["currency", "valid_from"], name="one_rate_per_day")]

    def __str__(self) -> str:
        return f"{self.currency} {self.rial_per_unit} ({self.valid_from})"


class FailedLogin(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=45, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class JobRun(models.Model):
    """One run of a background job (reminders, digests), for the health page."""

    name = models.CharField(max_length=100, db_index=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    ok = models.BooleanField(default=False)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"{self.name} {self.started_at}"


def attachment_upload_to(instance, filename: str) -> str:
    return f"{instance._meta.app_label}/{instance._meta.model_name}/{filename}"


class Attachment(models.Model):
    """An uploaded file checked by core.uploads. Stored under an unguessable name of the system's own (the user's
    name is kept only as a label) and served only through scoped download views, never by its storage URL."""

    file = models.FileField(upload_to=attachment_upload_to)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def store(self, name: str, data: bytes, kind, user) -> None:
        """Save the checked file and this record (kind: the core.uploads.FileKind the check returned)."""
        self.original_name = name[:255]
        self.content_type = kind.content_type
        self.size = len(data)
        self.uploaded_by = user if user is not None and user.pk else None
        self.file.save(f"{uuid.uuid4().hex}{kind.extensions[0]}", ContentFile(data), save=False)
        self.save()
