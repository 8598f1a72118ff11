"""Media tours in stages across estates (journalists, knowledge-based companies and engineering groups invited),
and export meetings for target countries with their leads."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from rownaq.core.models import ChangeLogged, TimeStamped
from rownaq.core.persian import to_persian_digits
from rownaq.core.scoping import unit_paths
from rownaq.places.models import LATITUDE, LONGITUDE, Estate, Province
from rownaq.registry.models import HsCode, Organisation


class Tour(ChangeLogged, TimeStamped):
    title = models.CharField("عنوان برنامه", max_length=200)
    province = models.ForeignKey(Province, verbose_name="استان", on_delete=models.PROTECT, related_name="+")
    description = models.TextField("هدف و توضیح", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="ثبت‌کننده"
    )

    scope_paths = {"province": "province"}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "تور رسانه‌ای"
        verbose_name_plural = "تورهای رسانه‌ای"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:tour-detail", args=[self.pk])


class TourStage(ChangeLogged, TimeStamped):
    """A visit day to one estate or complex: a set of units, a meeting point, a start and an end time."""

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="stages", verbose_name="تور")
    number = models.PositiveSmallIntegerField("مرحله")
    date = models.DateField("تاریخ")
    estate = models.ForeignKey(Estate, verbose_name="شهرک یا مجتمع", on_delete=models.PROTECT, related_name="+")
    meeting_point = models.CharField("محل گردهمایی", max_length=200)
    meeting_latitude = models.DecimalField(
        "عرض جغرافیایی محل گردهمایی", max_digits=9, decimal_places=6, validators=LATITUDE
    )
    meeting_longitude = models.DecimalField(
        "طول جغرافیایی محل گردهمایی", max_digits=9, decimal_places=6, validators=LONGITUDE
    )
    start_time = models.TimeField("ساعت شروع")
    end_time = models.TimeField("ساعت پایان")
    speed_kmh = models.PositiveSmallIntegerField(
        "سرعت میانگین حرکت (کیلومتر بر ساعت)", default=40, validators=[MinValueValidator(5), MaxValueValidator(120)]
    )
    planned_at = models.DateTimeField("زمان آخرین برنامه‌ریزی", null=True, blank=True)
    plan_problems = models.JSONField(default=list, blank=True, verbose_name="مشکلات برنامه‌ریزی")

    audit_parent = "tour"
    # Invited organisations and the visited units see the stage (its programme, press kit and matchmaking).
    scope_paths = {"province": "tour__province", "organisation": ("invitations__organisation", "visits__organisation")}
    member_actions = {"view"}

    class Meta:
        ordering = ["tour", "number"]
        constraints = [models.UniqueConstraint(fields=["tour", "number"], name="stage_number_unique")]
        verbose_name = "مرحلهٔ تور"
        verbose_name_plural = "مراحل تور"

    def __str__(self) -> str:
        return f"{self.tour} — مرحلهٔ {to_persian_digits(self.number)}"

    def get_absolute_url(self) -> str:
        return reverse("events:stage-detail", args=[self.pk])


class Visit(ChangeLogged):
    stage = models.ForeignKey(TourStage, on_delete=models.CASCADE, related_name="visits", verbose_name="مرحله")
    organisation = models.ForeignKey(
        Organisation, verbose_name="واحد", on_delete=models.PROTECT, related_name="tour_visits"
    )
    duration_minutes = models.PositiveSmallIntegerField(
        "مدت بازدید (دقیقه)", default=40, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    opens = models.TimeField("آغاز ساعت کاری واحد", default="08:00")
    closes = models.TimeField("پایان ساعت کاری واحد", default="16:00")
    pinned_position = models.PositiveSmallIntegerField("جایگاه سنجاق‌شده", null=True, blank=True)
    position = models.PositiveSmallIntegerField("ترتیب", null=True, blank=True)
    arrival = models.TimeField("رسیدن", null=True, blank=True)
    departure = models.TimeField("ترک", null=True, blank=True)

    audit_parent = "stage"
    scope_paths = {
        "province": "stage__tour__province",
        "organisation": ("organisation", "stage__invitations__organisation"),
    }
    member_actions = {"view"}

    class Meta:
        verbose_name = "بازدید"
        verbose_name_plural = "بازدیدها"
        ordering = ["stage", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["stage", "organisation"], name="visit_once_per_stage")]

    def __str__(self) -> str:
        return f"{self.organisation}"


class Invitation(TimeStamped):
    class Role(models.TextChoices):
        JOURNALIST = "journalist", "خبرنگار"
        KNOWLEDGE_BASED = "knowledge_based", "شرکت دانش‌بنیان"
        ENGINEERING = "engineering", "گروه مهندسی"
        OFFICIAL = "official", "مسئول"

    class Rsvp(models.TextChoices):
        PENDING = "pending", "بی‌پاسخ"
        YES = "yes", "می‌آیم"
        NO = "no", "نمی‌آیم"

    stage = models.ForeignKey(TourStage, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField("نقش", max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name="سازمان", null=True, blank=True, on_delete=models.PROTECT, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="کاربر",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    name = models.CharField("نام مدعو", max_length=200)
    email = models.EmailField("رایانامه", blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rsvp = models.CharField("پاسخ", max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField("حضور یافت", null=True, blank=True)

    scope_paths = {"province": "stage__tour__province", "organisation": "organisation"}
    member_actions = {"view", "change"}

    class Meta:
        ordering = ["stage", "role", "name"]

    def __str__(self) -> str:
        return self.name

    def rsvp_url(self) -> str:
        # A public page outside /events/ (no login needed), named at the project's root URLconf.
        return reverse("rsvp", args=[self.token])


class Coverage(TimeStamped):
    """What the media published after a stage."""

    stage = models.ForeignKey(TourStage, on_delete=models.CASCADE, related_name="coverage")
    outlet = models.ForeignKey(
        Organisation,
        verbose_name="رسانه",
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Organisation.Kind.MEDIA},
        related_name="+",
    )
    title = models.CharField("عنوان", max_length=300)
    url = models.URLField("پیوند")
    published_on = models.DateField("تاریخ انتشار")

    scope_paths = {"province": "stage__tour__province", "organisation": "outlet"}
    member_actions = {"view", "add"}

    class Meta:
        ordering = ["-published_on"]

    def __str__(self) -> str:
        return self.title


class FactSheetConsent(ChangeLogged, TimeStamped):
    """What a unit agrees to publish in press kits and show invited companies at matchmaking; nothing is published
    without it."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="fact_sheet_consent", verbose_name="واحد"
    )
    products = models.BooleanField("محصولات", default=True)
    shifts = models.BooleanField("نوبت‌های کاری", default=False)
    employees = models.BooleanField("تعداد کارکنان", default=False)
    exports = models.BooleanField("کشورهای مقصد صادرات", default=False)
    localized_items = models.BooleanField("اقلام داخلی‌سازی‌شده", default=False)
    # Matchmaking: whether invited companies are told which inputs (HS codes only) the unit imports.
    imported_inputs = models.BooleanField("کد تعرفهٔ اقلام وارداتی در پیشنهاد ملاقات‌های دوجانبه", default=False)

    audit_parent = "organisation"
    scope_paths = {**unit_paths(), "organisation": "organisation"}
    member_actions = {"view", "change", "add"}

    class Meta:
        verbose_name = "رضایت برگهٔ معرفی"
        verbose_name_plural = "رضایت‌های برگهٔ معرفی"

    def __str__(self) -> str:
        return f"رضایت انتشار {self.organisation}"


class MatchSlot(models.Model):
    """A short one-to-one meeting slot on a stage day."""

    stage = models.ForeignKey(TourStage, on_delete=models.CASCADE, related_name="slots")
    starts = models.TimeField("آغاز")
    ends = models.TimeField("پایان")

    class Meta:
        ordering = ["stage", "starts"]
        constraints = [models.UniqueConstraint(fields=["stage", "starts"], name="slot_unique_start")]

    def __str__(self) -> str:
        return to_persian_digits(f"{self.starts:%H:%M}–{self.ends:%H:%M}")


class MatchMeeting(TimeStamped):
    """A one-to-one meeting between a visited unit and an invited company, booked in a slot."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "پیشنهادشده"
        CONFIRMED = "confirmed", "تأییدشده"
        CANCELLED = "cancelled", "لغوشده"

    slot = models.ForeignKey(MatchSlot, on_delete=models.CASCADE, related_name="meetings")
    requester = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    counterpart = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField("موضوع", max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    scope_paths = {"province": "slot__stage__tour__province", "organisation": ("requester", "counterpart")}
    member_actions = {"view", "change"}

    class Meta:
        ordering = ["slot__starts"]


class SlotBooking(models.Model):
    """One party's seat in a slot: the unique constraint is what makes double-booking impossible, even when two
    requests race."""

    slot = models.ForeignKey(MatchSlot, on_delete=models.CASCADE, related_name="bookings")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(MatchMeeting, on_delete=models.CASCADE, related_name="bookings")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["slot", "organisation"], name="one_meeting_per_slot")]


# ---------------------------------------------------------------- export meetings


class ExportMeeting(ChangeLogged, TimeStamped):
    title = models.CharField("عنوان", max_length=200)
    country = models.CharField("کشور هدف", max_length=2)
    date = models.DateField("تاریخ")
    province = models.ForeignKey(Province, verbose_name="استان", on_delete=models.PROTECT, related_name="+")
    location = models.CharField("محل", max_length=200, blank=True)
    organizers = models.ManyToManyField(Organisation, verbose_name="برگزارکنندگان", related_name="+", blank=True)
    notes = models.TextField("توضیح", blank=True)

    scope_paths = {"province": "province", "organisation": ("organizers", "participants__organisation")}
    member_actions = {"view"}

    class Meta:
        ordering = ["-date"]
        verbose_name = "نشست صادراتی"
        verbose_name_plural = "نشست‌های صادراتی"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:export-meeting-detail", args=[self.pk])


class Participant(models.Model):
    meeting = models.ForeignKey(ExportMeeting, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(Organisation, verbose_name="واحد", on_delete=models.PROTECT, related_name="+")
    offered_hs = models.ManyToManyField(HsCode, verbose_name="محصولات عرضه‌شده (HS)", blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "organisation"], name="participant_once")]

    def __str__(self) -> str:
        return str(self.organisation)


class ForeignPartner(models.Model):
    meeting = models.ForeignKey(ExportMeeting, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField("نام", max_length=200)
    company = models.CharField("شرکت", max_length=200, blank=True)
    country = models.CharField("کشور", max_length=2)
    contact = models.CharField("راه تماس", max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.company})" if self.company else self.name


class Lead(ChangeLogged, TimeStamped):
    class Status(models.TextChoices):
        OPEN = "open", "تازه"
        IN_PROGRESS = "in_progress", "در حال پیگیری"
        DEAL = "deal", "قرارداد"
        LOST = "lost", "ازدست‌رفته"

    meeting = models.ForeignKey(ExportMeeting, on_delete=models.CASCADE, related_name="leads", verbose_name="نشست")
    seller = models.ForeignKey(Organisation, verbose_name="واحد فروشنده", on_delete=models.PROTECT, related_name="+")
    buyer = models.ForeignKey(ForeignPartner, verbose_name="خریدار", on_delete=models.PROTECT, related_name="leads")
    hs = models.ForeignKey(
        HsCode, verbose_name="محصول (HS)", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    product = models.CharField("شرح محصول", max_length=200)
    quantity = models.DecimalField(
        "مقدار", max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    value = models.DecimalField(
        "ارزش", max_digits=18, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField("ارز", max_length=3, default="USD")
    status = models.CharField("وضعیت", max_length=12, choices=Status.choices, default=Status.OPEN)
    lost_reason = models.CharField("دلیل ازدست‌رفتن", max_length=300, blank=True)
    next_step = models.CharField("گام بعدی", max_length=300, blank=True)

    audit_parent = "meeting"
    scope_paths = {"province": "meeting__province", "organisation": "seller"}
    member_actions = {"view", "change"}

    class Meta:
        verbose_name = "فرصت تجاری"
        verbose_name_plural = "فرصت‌های تجاری"
        ordering = ["meeting", "-updated_at"]

    def __str__(self) -> str:
        return f"{self.seller} → {self.buyer}: {self.product}"
