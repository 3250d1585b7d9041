from django.contrib import admin

from servicetorg.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes the audit trail through the application."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "detail"]
    list_filter = ["action", "object_type"]
    # A forwarding's reference is in `detail`, so searching for it finds every event of the case.
    search_fields = ["object_id", "detail", "actor__username", "actor__first_name", "actor__last_name"]
    list_select_related = ["actor"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
