from django.contrib import admin

from servicetorg.core.admin import MunicipalityScopedAdmin
from servicetorg.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(MunicipalityScopedAdmin):
    """Read-only: the outbox is written by the application and erased on schedule."""

    list_display = ["created_at", "channel", "purpose", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "channel", "purpose"]
    search_fields = ["purpose", "provider_reference"]
    date_hierarchy = "created_at"
    exclude = ["recipient", "subject", "body", "attachments"]  # personal data stays out of the admin

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
