from django.contrib import admin

from rownaq.core.models import Holiday

from .models import Case, Meeting, Resolution, RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["category", "province", "county", "estate", "body", "working_days", "active"]
    list_filter = ["category", "active", "province"]
    raw_id_fields = ["body", "county", "estate"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """For looking things up; cases change only through their steps (the pages and the API)."""

    list_display = ["tracking_code", "title", "organisation", "category", "status", "due_date"]
    list_filter = ["status", "category"]
    search_fields = ["tracking_code", "title", "organisation__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ResolutionInline(admin.TabularInline):
    model = Resolution
    extra = 0
    raw_id_fields = ["case", "body"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "province", "county"]
    raw_id_fields = ["agenda", "attendees", "county"]
    inlines = [ResolutionInline]


# Official holidays and one-off closures count against case deadlines; staff add a closure here (for every
# office, or for one body). Official ones come from core/data/holidays (`load_holidays`).
if not admin.site.is_registered(Holiday):

    @admin.register(Holiday)
    class HolidayAdmin(admin.ModelAdmin):
        list_display = ["date", "title", "kind", "projected", "organisation"]
        list_filter = ["kind", "projected"]
        ordering = ["-date"]
        raw_id_fields = ["organisation"]
