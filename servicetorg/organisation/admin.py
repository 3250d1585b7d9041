from django.contrib import admin

from servicetorg.core.admin import MunicipalityScopedAdmin, MunicipalityScopedTabularInline
from servicetorg.organisation.models import Municipality, OpeningException, OpeningHours, Site, StaffContact, Unit


@admin.register(Municipality)
class MunicipalityAdmin(MunicipalityScopedAdmin):
    municipality_path = "pk"
    list_display = ["name", "number"]
    prepopulated_fields = {"slug": ["name"]}

    def has_add_permission(self, request) -> bool:
        # A new municipality is a new tenant: the operator's decision.
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class OpeningHoursInline(MunicipalityScopedTabularInline):
    model = OpeningHours
    fields = ["weekday", "opens", "closes"]
    extra = 0


class OpeningExceptionInline(MunicipalityScopedTabularInline):
    model = OpeningException
    fields = ["date", "closed", "opens", "closes", "reason"]
    extra = 0


@admin.register(Site)
class SiteAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "municipality", "library", "active"]
    list_filter = ["municipality", "active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline, OpeningExceptionInline]

    def save_formset(self, request, form, formset, change):
        # Opening hours carry the site's municipality, like every municipal record.
        for instance in formset.save(commit=False):
            instance.municipality_id = form.instance.municipality_id
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Unit)
class UnitAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "kind", "parent", "sensitive", "municipality", "active"]
    list_filter = ["municipality", "kind", "sensitive", "active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(StaffContact)
class StaffContactAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "title", "unit", "site", "phone", "email", "active"]
    list_filter = ["municipality", "active"]
    list_select_related = ["unit", "site"]
    search_fields = ["name", "title", "handles", "unit__name"]
    autocomplete_fields = ["unit"]
