from django.contrib import admin

from servicetorg.core.admin import MunicipalityScopedAdmin
from servicetorg.forwarding.models import DeadlineRule, Forwarding, ForwardingEvent


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(MunicipalityScopedAdmin):
    """Each unit's response targets and business hours: change them here when the law changes."""

    list_display = ["unit", "first_response_hours", "final_answer_days", "preliminary_reply_days", "opens", "closes",
                    "leader"]
    list_select_related = ["unit", "leader"]
    autocomplete_fields = []
    raw_id_fields = ["leader"]

    def save_model(self, request, obj, form, change):
        obj.municipality_id = obj.unit.municipality_id
        super().save_model(request, obj, form, change)

    def get_exclude(self, request, obj=None):
        return ["municipality"]


@admin.register(Forwarding)
class ForwardingAdmin(MunicipalityScopedAdmin):
    """Read-only: forwarded inquiries change only through the unit's workflow, which keeps the history."""

    list_display = ["reference", "unit", "status", "forwarded_at", "due_at", "closed_at"]
    list_filter = ["status", "unit"]
    search_fields = ["reference"]
    list_select_related = ["unit"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ForwardingEvent)
class ForwardingEventAdmin(ForwardingAdmin):
    list_display = ["forwarding", "kind", "at", "actor", "unit"]
    list_filter = ["kind"]
    search_fields = ["forwarding__reference"]
    list_select_related = ["forwarding", "actor", "unit"]
