from django.contrib import admin

from .models import HsCode, IsicCode, Membership, Organisation, Product


class ProductInline(admin.TabularInline):
    model = Product
    extra = 0
    raw_id_fields = ["hs"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "national_id", "county", "estate", "status", "usual_shifts"]
    list_filter = ["kind", "status", "usual_shifts", "county__province"]
    search_fields = ["name", "name_en", "national_id", "search_text"]
    raw_id_fields = ["isic"]
    inlines = [ProductInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    raw_id_fields = ["organisation"]
    autocomplete_fields = ["user"]


@admin.register(HsCode)
class HsCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "title_fa", "title_en"]
    search_fields = ["code", "title_en", "title_fa"]


@admin.register(IsicCode)
class IsicCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "title_fa", "title_en"]
    search_fields = ["code", "title_en", "title_fa"]
