from django.contrib import admin

from .auth import ThrottledAdminAuthenticationForm
from .models import ChangeRecord, ExchangeRate


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "object_id"]
    readonly_fields = [f.name for f in ChangeRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "rial_per_unit", "valid_from", "source"]
    list_filter = ["currency"]


# The admin's sign-in words a lockout like the app's (the backend enforces it for both).
admin.site.login_form = ThrottledAdminAuthenticationForm
