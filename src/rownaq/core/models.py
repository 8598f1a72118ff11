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
        settings.AUTH_USER_MODEL,
        verbose_name="کاربر",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
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
        "پیش‌بینی‌شده",
        default=False,
        help_text="تاریخ قمری محاسبه‌شده که هنوز با تقویم رسمی مؤسسهٔ ژئوفیزیک تطبیق نشده است",
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name="فقط برای نهاد",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closures",
        help_text="خالی: همهٔ ادارات تعطیل‌اند",
    )

    class Meta:
        ordering = ["date"]
        verbose_name = "تعطیلی"
        verbose_name_plural = "تعطیلات رسمی و موردی"
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(organisation__isnull=True), name="holiday_one_per_date"
            ),
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
    rial_per_unit = models.DecimalField(
        "ریال برای هر واحد", max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
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


class Job(models.Model):
    """One long piece of work run by the task worker (a roster solve, an import, a press kit, a daily job): who
    asked for it, how far it has got, and how it ended, in Persian. The task framework keeps the task itself
    (django_tasks_db's DBTaskResult, `task_id`); this record keeps what the framework does not: progress, the
    user's cancel, the attempts allowed when a worker dies, and a result the pages can show."""

    class Status(models.TextChoices):
        WAITING = "waiting", "در صف"
        RUNNING = "running", "در حال اجرا"
        DONE = "done", "انجام شد"
        FAILED = "failed", "ناموفق"
        CANCELLED = "cancelled", "لغو شد"

    FINISHED = (Status.DONE, Status.FAILED, Status.CANCELLED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=200, db_index=True)  # the task's module path
    title = models.CharField(max_length=200)
    # what the job works on, "app.model:pk", so a page finds the jobs of its object
    subject = models.CharField(max_length=100, blank=True, db_index=True)
    url = models.CharField(max_length=300, blank=True)  # the subject's page, where the outcome is shown
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=2)
    progress = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    cancel_requested = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED


class WorkerProcess(models.Model):
    """A running task worker, seen every few seconds: a task whose worker has not been seen for a while was
    lost with it (the process was killed or its machine went down) and is retried or marked failed."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"


class JobRun(models.Model):
    """One day's run of a daily job (reminders, digests, backup): scheduled once per job and day (the unique
    constraint keeps two workers from scheduling it twice), run as a task, shown on the health page."""

    name = models.CharField(max_length=100, db_index=True)
    day = models.DateField(null=True)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    scheduled_at = models.DateTimeField(null=True)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    ok = models.BooleanField(default=False)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-day", "-scheduled_at"]
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="jobrun_once_a_day")]

    def __str__(self) -> str:
        return f"{self.name} {self.day}"


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
