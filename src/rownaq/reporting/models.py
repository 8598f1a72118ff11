"""The monthly report every industrial unit files for a Jalali month, its lines, and its review trail.

The report's figures are confidential to the unit's scope; only the rolled-up statistics (stats.py) leave it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from rownaq.core.jalali import JalaliMonth
from rownaq.core.models import ChangeLogged, TimeStamped
from rownaq.registry.models import HsCode, Organisation, Product

ORG_SCOPE = {
    "province": "organisation__county__province",
    "county": "organisation__county",
    "estate": "organisation__estate",
    "organisation": "organisation",
}
REPORT_SCOPE = {level: f"report__{path}" for level, path in ORG_SCOPE.items()}

NON_NEGATIVE = [MinValueValidator(0)]


class MonthlyReport(ChangeLogged, TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", "پیش‌نویس"
        SUBMITTED = "submitted", "ارسال‌شده"
        RETURNED = "returned", "بازگشت برای اصلاح"
        ACCEPTED = "accepted", "پذیرفته"

    class Source(models.TextChoices):
        WEB = "web", "فرم"
        API = "api", "API"
        IMPORT = "import", "فایل اکسل"

    organisation = models.ForeignKey(
        Organisation, verbose_name="واحد", on_delete=models.PROTECT, related_name="monthly_reports"
    )
    year = models.PositiveSmallIntegerField("سال", validators=[MinValueValidator(1300), MaxValueValidator(1600)])
    month = models.PositiveSmallIntegerField("ماه", validators=[MinValueValidator(1), MaxValueValidator(12)])
    # year * 12 + month - 1: lets range queries over months use one indexed integer.
    period_index = models.PositiveIntegerField(editable=False, db_index=True)
    status = models.CharField("وضعیت", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    source = models.CharField("ورود از", max_length=10, choices=Source.choices, default=Source.WEB)

    shifts_worked = models.PositiveSmallIntegerField(
        "تعداد نوبت کاری", null=True, blank=True, choices=[(1, "۱ نوبت"), (2, "۲ نوبت"), (3, "۳ نوبت")]
    )
    working_days = models.PositiveSmallIntegerField(
        "روزهای کاری", null=True, blank=True, validators=[MaxValueValidator(31)]
    )
    employees_total = models.PositiveIntegerField("کل کارکنان", null=True, blank=True)
    employees_shift1 = models.PositiveIntegerField("کارکنان نوبت ۱", null=True, blank=True)
    employees_shift2 = models.PositiveIntegerField("کارکنان نوبت ۲", null=True, blank=True)
    employees_shift3 = models.PositiveIntegerField("کارکنان نوبت ۳", null=True, blank=True)
    domestic_sales_rial = models.DecimalField(
        "فروش داخلی (ریال)", max_digits=22, decimal_places=0, null=True, blank=True, validators=NON_NEGATIVE
    )
    problems_note = models.TextField("مشکلات و موانع", blank=True)

    warnings = models.JSONField("هشدارها", default=list, blank=True)
    submitted_at = models.DateTimeField("زمان ارسال", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="ارسال‌کننده",
    )
    reviewed_at = models.DateTimeField("زمان بررسی", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="بررسی‌کننده",
    )
    review_comment = models.TextField("نظر بررسی‌کننده", blank=True)
    # Optimistic lock: a save based on an older version is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1)
    # The exact rows this report added to the statistics when accepted, so reopening removes exactly them even if
    # the unit has since moved estate or changed activity.
    contribution = models.JSONField(null=True, blank=True, editable=False)

    audit_exclude = ("created_at", "updated_at", "contribution", "version", "period_index")
    scope_paths = ORG_SCOPE
    member_actions = {"view", "add", "change"}

    class Meta:
        verbose_name = "گزارش ماهانه"
        verbose_name_plural = "گزارش‌های ماهانه"
        ordering = ["-period_index", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "month"], name="one_report_per_unit_month"),
            models.CheckConstraint(name="report_month_in_range", condition=models.Q(month__gte=1, month__lte=12)),
        ]
        indexes = [
            models.Index(fields=["period_index", "status"]),
            # One unit's reports by month and status: completeness asks it of every unit (has it reported this
            # month? anything since six months ago?), and the report form reads the unit's last 12 months.
            models.Index(fields=["organisation", "period_index", "status"], name="report_unit_period_status"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.period.label}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:report-detail", args=[self.pk])

    @property
    def period(self) -> JalaliMonth:
        return JalaliMonth(self.year, self.month)

    @property
    def is_locked(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.ACCEPTED)

    @property
    def employees_by_shift(self) -> list[int | None]:
        return [self.employees_shift1, self.employees_shift2, self.employees_shift3]

    def save(self, *args, **kwargs):
        self.period_index = self.period.index
        super().save(*args, **kwargs)


class ProductionLine(ChangeLogged):
    report = models.ForeignKey(
        MonthlyReport, on_delete=models.CASCADE, related_name="production_lines", verbose_name="گزارش"
    )
    product = models.ForeignKey(Product, verbose_name="محصول", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField("مقدار تولید", max_digits=16, decimal_places=2, validators=NON_NEGATIVE)
    # The capacity the utilisation was computed against, kept so a later licence change does not rewrite history.
    monthly_capacity = models.DecimalField("ظرفیت ماهانه", max_digits=16, decimal_places=2, null=True, blank=True)
    utilisation = models.DecimalField("درصد استفاده از ظرفیت", max_digits=7, decimal_places=1, null=True, blank=True)

    audit_exclude = ()
    audit_parent = "report"
    scope_paths = REPORT_SCOPE
    member_actions = {"view", "add", "change", "delete"}

    class Meta:
        verbose_name = "ردیف تولید"
        verbose_name_plural = "ردیف‌های تولید"
        constraints = [models.UniqueConstraint(fields=["report", "product"], name="one_line_per_product")]

    def __str__(self) -> str:
        return f"{self.product}: {self.quantity}"


class ExportLine(ChangeLogged):
    report = models.ForeignKey(
        MonthlyReport, on_delete=models.CASCADE, related_name="export_lines", verbose_name="گزارش"
    )
    country = models.CharField("کشور مقصد", max_length=2)
    product = models.ForeignKey(
        Product, verbose_name="محصول", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hs = models.ForeignKey(
        HsCode, verbose_name="کد تعرفه", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(
        "مقدار", max_digits=16, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    value = models.DecimalField("ارزش", max_digits=18, decimal_places=2, validators=NON_NEGATIVE)
    currency = models.CharField("ارز", max_length=3)

    audit_exclude = ()
    audit_parent = "report"
    scope_paths = REPORT_SCOPE
    member_actions = {"view", "add", "change", "delete"}

    class Meta:
        verbose_name = "ردیف صادرات"
        verbose_name_plural = "ردیف‌های صادرات"

    def __str__(self) -> str:
        return f"{self.country}: {self.value} {self.currency}"


class ImportLine(ChangeLogged):
    """An imported input of the month; sourcing turns these into localisation needs."""

    report = models.ForeignKey(
        MonthlyReport, on_delete=models.CASCADE, related_name="import_lines", verbose_name="گزارش"
    )
    item = models.CharField("قلم وارداتی", max_length=200)
    hs = models.ForeignKey(
        HsCode, verbose_name="کد تعرفه", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    origin_country = models.CharField("کشور مبدأ", max_length=2, blank=True)
    quantity = models.DecimalField(
        "مقدار", max_digits=16, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    unit = models.CharField("واحد سنجش", max_length=10, choices=Product.Unit.choices, default=Product.Unit.TONNE)
    value = models.DecimalField("ارزش", max_digits=18, decimal_places=2, validators=NON_NEGATIVE)
    currency = models.CharField("ارز", max_length=3)

    audit_exclude = ()
    audit_parent = "report"
    scope_paths = REPORT_SCOPE
    member_actions = {"view", "add", "change", "delete"}

    class Meta:
        verbose_name = "ردیف واردات"
        verbose_name_plural = "ردیف‌های واردات"

    def __str__(self) -> str:
        return self.item


class ReportEvent(models.Model):
    """A step of the review flow: submitted, returned (with the reviewer's comment), accepted, reopened (with
    reason)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "ارسال"
        RETURN = "return", "بازگشت برای اصلاح"
        ACCEPT = "accept", "پذیرش"
        REOPEN = "reopen", "بازگشایی"

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    scope_paths = REPORT_SCOPE
    member_actions = {"view"}

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.report}"


class ReminderLog(models.Model):
    """One reminder e-mail sent, so the daily command never sends the same reminder twice."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period_index = models.PositiveIntegerField()
    kind = models.CharField(max_length=10)  # "before" or "after" the due day
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "period_index", "kind"], name="one_reminder_per_kind")
        ]


class StatCounters(models.Model):
    """The additive counters of a statistics cell (StatCell, ProvinceStatCell): what accepting a report adds and
    reopening it takes away (stats.STAT_COUNTERS lists them from here)."""

    units = models.IntegerField(default=0)
    units_shift1 = models.IntegerField(default=0)
    units_shift2 = models.IntegerField(default=0)
    units_shift3 = models.IntegerField(default=0)
    employees = models.BigIntegerField(default=0)
    # Utilisation: sum and count of per-unit averages, and their distribution in five bands.
    utilisation_sum = models.DecimalField(max_digits=20, decimal_places=1, default=Decimal(0))
    utilisation_units = models.IntegerField(default=0)
    band_0_50 = models.IntegerField(default=0)
    band_50_75 = models.IntegerField(default=0)
    band_75_100 = models.IntegerField(default=0)
    band_100_120 = models.IntegerField(default=0)
    band_over_120 = models.IntegerField(default=0)
    exporting_units = models.IntegerField(default=0)

    class Meta:
        abstract = True


class StatCell(StatCounters):
    """Accepted reports rolled up by estate (or none), ISIC division and month, kept current in the same
    transaction that accepts or reopens a report, so statistics are live without a nightly batch."""

    period_index = models.PositiveIntegerField()
    province_id = models.BigIntegerField()
    county_id = models.BigIntegerField()
    estate_id = models.BigIntegerField()  # 0: outside any estate
    division = models.CharField(max_length=2)  # "" when the unit has no ISIC class

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period_index", "estate_id", "county_id", "division"], name="stat_cell_key")
        ]
        indexes = [
            models.Index(fields=["province_id", "period_index"]),
            models.Index(fields=["county_id", "period_index"]),
            models.Index(fields=["estate_id", "period_index"]),
        ]


class TradeFigures(models.Model):
    """What a trade cell (TradeCell, ProvinceTradeCell) breaks its sum down by besides place and month (flow,
    country, HS chapter, currency), and the sum: `value`, with `units` counting the reports (one per unit and
    month) that contribute to it."""

    class Flow(models.TextChoices):
        EXPORT = "export", "صادرات"
        IMPORT = "import", "واردات"

    flow = models.CharField(max_length=6, choices=Flow.choices)
    country = models.CharField(max_length=2)  # destination for exports, origin for imports ("" unknown)
    hs_chapter = models.CharField(max_length=2)
    currency = models.CharField(max_length=3)
    value = models.DecimalField(max_digits=22, decimal_places=2, default=Decimal(0))
    units = models.IntegerField(default=0)

    class Meta:
        abstract = True


class TradeCell(TradeFigures):
    """Exports by destination and HS chapter, and imported inputs by HS chapter, in each currency, rolled up like
    StatCell."""

    period_index = models.PositiveIntegerField()
    province_id = models.BigIntegerField()
    county_id = models.BigIntegerField()
    estate_id = models.BigIntegerField()
    division = models.CharField(max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "flow",
                    "period_index",
                    "estate_id",
                    "county_id",
                    "division",
                    "country",
                    "hs_chapter",
                    "currency",
                ],
                name="trade_cell_key",
            )
        ]
        indexes = [
            models.Index(fields=["flow", "province_id", "period_index"]),
            models.Index(fields=["flow", "county_id", "period_index"]),
            models.Index(fields=["flow", "estate_id", "period_index"]),
        ]


class ProvinceStatCell(StatCounters):
    """StatCell summed over a province's counties and estates (province x ISIC division x month), kept current by
    the same upsert in the same transaction. National and province views read these: about 31 x 25 rows a month
    instead of every estate's (measured at 100,000 units: the national 24-month trend went from ~540 ms to ~11
    ms; BENCHMARKS.md)."""

    period_index = models.PositiveIntegerField()
    province_id = models.BigIntegerField()
    division = models.CharField(max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period_index", "province_id", "division"], name="province_stat_cell_key")
        ]
        indexes = [models.Index(fields=["province_id", "period_index"])]


class ProvinceTradeCell(TradeFigures):
    """TradeCell summed over a province's counties and estates, kept current like ProvinceStatCell."""

    period_index = models.PositiveIntegerField()
    province_id = models.BigIntegerField()
    division = models.CharField(max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["flow", "period_index", "province_id", "division", "country", "hs_chapter", "currency"],
                name="province_trade_cell_key",
            )
        ]
        indexes = [models.Index(fields=["flow", "province_id", "period_index"])]


class DisclosurePattern(models.Model):
    """A month's disclosure pattern (publication.py): the published cells to hide and why, computed from the
    month's accepted reports as they stood at `stamp`. Shared by every web worker; computed once per change of the
    month's accepted reports (in the task worker for large months), so no request waits for it."""

    kind = models.CharField(max_length=5)  # "stat" or "trade"
    period_index = models.PositiveIntegerField()
    stamp = models.CharField(max_length=64)  # the accepted reports and the rules it was computed for (a hash)
    hidden = models.JSONField(default=list)  # [[cell key, reason], ...]; keys as nested lists
    reports = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "period_index"], name="disclosure_pattern_month")]

    def __str__(self):
        return f"{self.kind} {JalaliMonth.from_index(self.period_index).code}"
