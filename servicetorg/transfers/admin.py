from django.contrib import admin

from servicetorg.core.admin import MunicipalityScopedAdmin
from servicetorg.transfers.models import MandateReport, StaffPosition, Task, UnitLeadership


@admin.register(UnitLeadership)
class UnitLeadershipAdmin(MunicipalityScopedAdmin):
    list_display = ["user", "unit"]
    list_select_related = ["user", "unit"]


@admin.register(Task)
class TaskAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "unit", "step", "audience", "recommendation", "status"]
    list_filter = ["status", "recommendation", "step"]
    list_select_related = ["unit"]
    search_fields = ["name"]


@admin.register(MandateReport)
class MandateReportAdmin(MunicipalityScopedAdmin):
    list_display = ["unit", "updated_at"]


@admin.register(StaffPosition)
class StaffPositionAdmin(MunicipalityScopedAdmin):
    list_display = ["title", "fte", "includes_leader"]
