from django.contrib import admin

from .models import Delivery, DeliveryAttempt, Notification, Preference


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "mobile", "by_email", "by_sms", "daily_digest")
    search_fields = ("user__username", "mobile")


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    readonly_fields = ("at", "ok", "detail")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("notification", "channel", "address", "status", "attempts", "due_at", "sent_at")
    list_filter = ("status", "channel", "digest")
    readonly_fields = ("notification", "channel", "address", "digest", "attempts", "sent_at", "last_error")
    inlines = [DeliveryAttemptInline]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "kind", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username")
