from django.contrib import admin

from servicetorg.catalogue.models import Area, Service


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nb", "typical_owner", "frontline_default"]
    readonly_fields = ["code"]

    def has_add_permission(self, request) -> bool:
        # Area codes are a stable interface: they come with a release, never from a form.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "step", "handling", "owner_unit", "forward_to", "active"]
    list_filter = ["municipality", "area", "step", "handling", "active"]
    search_fields = ["name", "keywords"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["owner_unit", "forward_to"]
