"""Notifications: the in-app message (Notification), its outbox rows, one per channel (Delivery), each attempt to
send one (DeliveryAttempt), and what each person chose (Preference).

A Notification and its Delivery rows are written in the transaction of the event they tell of, so a message
exists exactly when the event does; `services.deliver_due()` sends the due rows later and retries failures.
"""

from django.conf import settings
from django.db import models

from rownaq.core.phone import InvalidMobile, normalize_mobile


class Kind(models.TextChoices):
    REPORT_RETURNED = "report_returned", "گزارش ماهانه برای اصلاح بازگشت"
    REPORT_ACCEPTED = "report_accepted", "گزارش ماهانه پذیرفته شد"
    CASE_REFERRED = "case_referred", "پرونده به نهاد شما ارجاع شد"
    CASE_ANSWERED = "case_answered", "نهاد مسئول به پرونده پاسخ داد"
    CASE_ESCALATED = "case_escalated", "مهلت ارجاع گذشت (پروندهٔ معوق)"
    TOUR_INVITATION = "tour_invitation", "دعوت به تور رسانه‌ای"
    MEETING_SCHEDULED = "meeting_scheduled", "جلسه برنامه‌ریزی شد"
    LEAD_ASSIGNED = "lead_assigned", "فرصت صادراتی به واحد شما سپرده شد"


class Channel(models.TextChoices):
    EMAIL = "email", "رایانامه"
    SMS = "sms", "پیامک"


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    mobile = models.CharField("شمارهٔ همراه", max_length=11, blank=True)
    by_email = models.BooleanField("با رایانامه", default=True)
    by_sms = models.BooleanField("با پیامک", default=False)
    daily_digest = models.BooleanField("یک پیام خلاصه در روز به جای پیام‌های جدا", default=False)
    muted_kinds = models.JSONField("بی‌صدا", default=list, blank=True)

    class Meta:
        verbose_name = "ترجیح اعلان"
        verbose_name_plural = "ترجیح‌های اعلان"

    def __str__(self) -> str:
        return str(self.user)

    def save(self, *args, **kwargs):
        # Stored in one form (09xxxxxxxxx) whoever writes it; an invalid number is refused here too.
        if self.mobile:
            self.mobile = normalize_mobile(self.mobile)
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.mobile:
            try:
                self.mobile = normalize_mobile(self.mobile)
            except InvalidMobile as exc:
                raise ValidationError({"mobile": exc.message}) from exc
        if self.by_sms and not self.mobile:
            raise ValidationError({"mobile": "برای دریافت پیامک، شمارهٔ همراه را وارد کنید."})

    def channels_for(self, kind: str) -> list[str]:
        """The channels a notification of `kind` leaves by (none when the kind is muted)."""
        if kind in self.muted_kinds:
            return []
        channels = []
        if self.by_email and self.user.email:
            channels.append(Channel.EMAIL)
        if self.by_sms and self.mobile:
            channels.append(Channel.SMS)
        return channels


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("نوع", max_length=32, choices=Kind.choices)
    title = models.CharField("عنوان", max_length=200)
    body = models.TextField("متن", blank=True)
    url = models.CharField("پیوند", max_length=300, blank=True)
    # The organisation the event concerns (the unit, or the body a case is referred to): for the admin and audits.
    organisation = models.ForeignKey(
        "registry.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("زمان", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("خوانده شد", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = "اعلان"
        verbose_name_plural = "اعلان‌ها"

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """The outbox: one row per notification and channel (so one message at most), sent when due."""

    class Status(models.TextChoices):
        PENDING = "pending", "در صف"
        SENT = "sent", "ارسال شد"
        FAILED = "failed", "ناموفق (پایان تلاش‌ها)"

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField("مجرا", max_length=8, choices=Channel.choices)
    address = models.CharField("نشانی", max_length=254)
    digest = models.BooleanField("در خلاصهٔ روزانه", default=False)
    status = models.CharField("وضعیت", max_length=8, choices=Status.choices, default=Status.PENDING)
    due_at = models.DateTimeField("زمان ارسال", db_index=True)
    attempts = models.PositiveSmallIntegerField("تلاش‌ها", default=0)
    sent_at = models.DateTimeField("ارسال", null=True, blank=True)
    last_error = models.CharField("آخرین خطا", max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel")]
        indexes = [models.Index(fields=["status", "due_at"])]
        verbose_name = "ارسال اعلان"
        verbose_name_plural = "صف ارسال اعلان‌ها"

    def __str__(self) -> str:
        return f"{self.notification} ({self.get_channel_display()})"


class DeliveryAttempt(models.Model):
    """The delivery log: every try, with the gateway's answer or the error."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(auto_now_add=True)
    ok = models.BooleanField()
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{'موفق' if self.ok else 'ناموفق'}: {self.detail}" if self.detail else ("موفق" if self.ok else "ناموفق")
