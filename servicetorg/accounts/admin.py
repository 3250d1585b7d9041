from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from servicetorg.accounts.models import ApiToken, User
from servicetorg.accounts.perms import Cap, user_can


def _admin_has_permission(request) -> bool:
    """Django admin is for administrators only, whatever is_staff says."""
    return user_can(request.user, Cap.USE_ADMIN) and request.user.is_staff


admin.site.has_permission = _admin_has_permission
admin.site.site_header = _("Servicetorg administration")
admin.site.site_title = _("Servicetorg")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "municipality", "is_active"]
    list_filter = ["role", "municipality", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Service centre"), {"fields": ["municipality", "role", "sites", "units"]}),
    ]
    filter_horizontal = ["sites", "units", "groups", "user_permissions"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
    list_filter = ["revoked_at"]

    def has_add_permission(self, request) -> bool:
        # Keys are shown once, when made: create them with `manage.py create_api_token`.
        return False
