from django.contrib import admin

from servicetorg.core.admin import MunicipalityScopedAdmin
from servicetorg.queues import models


@admin.register(models.Errand)
class ErrandAdmin(MunicipalityScopedAdmin):
    municipality_path = "municipality"
    list_display = ["name", "site", "letter", "priority", "target_wait_seconds", "active"]
    list_filter = ["site", "active"]
    filter_horizontal = ["areas", "services", "staff"]


@admin.register(models.Counter)
class CounterAdmin(MunicipalityScopedAdmin):
    municipality_path = "municipality"
    list_display = ["name", "site", "staffed_by", "active"]
    list_filter = ["site", "active"]


@admin.register(models.CallHook)
class CallHookAdmin(MunicipalityScopedAdmin):
    municipality_path = "municipality"
    list_display = ["name", "site", "active"]


@admin.register(models.RejectedHook)
class RejectedHookAdmin(MunicipalityScopedAdmin):
    municipality_path = "municipality"
    list_display = ["at", "reason", "remote_addr"]
    readonly_fields = ["at", "municipality", "reason", "remote_addr", "body_excerpt"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Ticket)
class TicketAdmin(MunicipalityScopedAdmin):
    municipality_path = "municipality"
    # Read-only: tickets change through the counter, so the rollups stay true.
    list_display = ["label", "site", "day", "errand", "status", "issued_at", "called_at", "done_at"]
    list_filter = ["site", "status"]
    date_hierarchy = "issued_at"
    exclude = []

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
