from django.contrib import admin

from servicetorg.bookings import models, services
from servicetorg.core.admin import MunicipalityScopedAdmin, MunicipalityScopedTabularInline


@admin.register(models.AppointmentType)
class AppointmentTypeAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "unit", "minutes", "active"]
    list_filter = ["unit", "active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.AvailabilityRule)
class AvailabilityRuleAdmin(MunicipalityScopedAdmin):
    list_display = ["caseworker", "unit", "weekday", "starts", "ends", "mode", "site", "valid_from", "valid_until"]
    list_filter = ["unit", "weekday", "mode"]


@admin.register(models.AvailabilityException)
class AvailabilityExceptionAdmin(MunicipalityScopedAdmin):
    list_display = ["caseworker", "date", "starts", "ends", "reason"]
    date_hierarchy = "date"


@admin.register(models.Appointment)
class AppointmentAdmin(MunicipalityScopedAdmin):
    # The citizen's details are read on the staff page, where reading is audited; not here.
    list_display = ["starts_at", "appointment_type", "caseworker", "status"]
    list_filter = ["status", "appointment_type"]
    exclude = ["citizen_name", "citizen_phone", "citizen_email", "token_hash"]
    readonly_fields = ["inquiry", "booked_by", "reminder_sent_at", "personal_data_deleted_at"]
    date_hierarchy = "starts_at"

    def has_add_permission(self, request):
        return False


class ResourceOpeningHoursInline(MunicipalityScopedTabularInline):
    model = models.ResourceOpeningHours
    extra = 0


class PriceRuleInline(MunicipalityScopedTabularInline):
    model = models.PriceRule
    extra = 0


@admin.register(models.Resource)
class ResourceAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "site", "kind", "capacity", "bookable_by_public", "active"]
    list_filter = ["site", "kind"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ResourceOpeningHoursInline, PriceRuleInline]
    readonly_fields = ["feed_token"]

    def save_model(self, request, obj, form, change):
        if not obj.feed_token:
            obj.feed_token = services.resource_feed_token()
        super().save_model(request, obj, form, change)


@admin.register(models.Season)
class SeasonAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "starts", "ends", "requests_until"]
