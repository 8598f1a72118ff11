from django.contrib import admin

from .models import Capability, Interest, MatchNotice, Need


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    """For looking things up; needs move only through their pipeline (the pages and the API)."""

    list_display = ["title", "organisation", "kind", "hs", "status", "visibility", "annual_fx_value", "currency"]
    list_filter = ["status", "kind", "visibility"]
    search_fields = ["title", "part_number", "organisation__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Capability)
class CapabilityAdmin(admin.ModelAdmin):
    list_display = ["organisation", "accepts_new_work", "notify", "updated_at"]
    list_filter = ["accepts_new_work", "notify"]
    search_fields = ["organisation__name", "summary"]
    raw_id_fields = ["organisation"]
    filter_horizontal = ["hs_codes"]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["need", "maker", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["need", "maker", "created_by"]


@admin.register(MatchNotice)
class MatchNoticeAdmin(admin.ModelAdmin):
    list_display = ["need", "maker", "score", "sent_at"]
    raw_id_fields = ["need", "maker"]
