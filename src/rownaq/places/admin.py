from django.contrib import admin

from .models import County, Estate, Province, StaffAssignment


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "name_en", "center"]
    search_fields = ["name", "name_en"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "name_en"]
    list_filter = ["province"]
    search_fields = ["name", "name_en"]


@admin.register(Estate)
class EstateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "county", "operator"]
    list_filter = ["kind", "county__province"]
    search_fields = ["name", "name_en"]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "province", "county", "estate", "can_edit"]
    autocomplete_fields = ["user"]
