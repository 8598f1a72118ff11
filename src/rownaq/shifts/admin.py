from django.contrib import admin

from .models import Assignment, Post, PostDemand, Roster, Shift, Worker, WorkerRequest


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "start", "end"]
    raw_id_fields = ["unit"]


class PostDemandInline(admin.TabularInline):
    model = PostDemand
    extra = 0


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "skill", "hazardous"]
    raw_id_fields = ["unit"]
    inlines = [PostDemandInline]


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "skills", "hazardous", "shift_worker", "active"]
    list_filter = ["hazardous", "shift_worker", "active"]
    search_fields = ["name", "personnel_code"]
    raw_id_fields = ["unit"]


@admin.register(WorkerRequest)
class WorkerRequestAdmin(admin.ModelAdmin):
    list_display = ["worker", "date", "kind", "shift"]
    raw_id_fields = ["worker", "shift"]


@admin.register(Roster)
class RosterAdmin(admin.ModelAdmin):
    """For looking things up; rosters are made and changed by the planner (pages and API), never by hand here."""

    list_display = ["__str__", "unit", "first_date", "weeks", "status"]
    list_filter = ["status"]
    raw_id_fields = ["unit", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["roster", "worker", "date", "shift", "post", "pinned"]
    list_filter = ["pinned"]
    raw_id_fields = ["roster", "worker", "shift", "post"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
