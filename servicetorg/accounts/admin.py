from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from servicetorg.accounts.models import ApiToken, User
from servicetorg.accounts.perms import ROLE_CAPABILITIES, Cap, user_can
from servicetorg.core.admin import MunicipalityScopedAdmin
from servicetorg.core.audit import audit_account_event
from servicetorg.core.models import AuditAction
from servicetorg.core.tenancy import is_national_operator

# Only the operator (a superuser) changes these: they decide what an account may do
# beyond its role, so an administrator could otherwise raise an account, or themselves.
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")
# Changes of these are role changes in the audit log.
AUDITED_FIELDS = ("role", "is_superuser", "is_staff", "is_active", "municipality")


def _admin_has_permission(request) -> bool:
    """Django admin is for administrators only, whatever is_staff says."""
    return user_can(request.user, Cap.USE_ADMIN) and request.user.is_staff


admin.site.has_permission = _admin_has_permission
admin.site.site_header = _("Servicetorg administration")
admin.site.site_title = _("Servicetorg")


def grantable_roles(user) -> list[str]:
    """The roles `user` may give an account: none with a capability they do not have themselves."""
    if is_national_operator(user):
        return [role for role, _label in ROLE_CAPABILITIES.items()]
    own = ROLE_CAPABILITIES.get(user.role, frozenset())
    return [role for role, caps in ROLE_CAPABILITIES.items() if caps <= own]


@admin.register(User)
class UserAdmin(MunicipalityScopedAdmin, BaseUserAdmin):
    municipality_path = "municipality"
    list_display = ["username", "first_name", "last_name", "role", "municipality", "is_active"]
    list_filter = ["role", "municipality", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Service centre"), {"fields": ["municipality", "serves", "role", "sites", "units"]}),
    ]
    filter_horizontal = ["sites", "units", "serves", "groups", "user_permissions"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not is_national_operator(request.user):
            # The operator's accounts are out of every administrator's reach.
            queryset = queryset.exclude(is_superuser=True)
        return queryset

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_national_operator(request.user):
            fields += [name for name in PRIVILEGE_FIELDS if name not in fields]
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not is_national_operator(request.user):
            allowed = grantable_roles(request.user)
            kwargs["choices"] = [(value, label) for value, label in db_field.choices if value in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not is_national_operator(request.user):
            if obj.role not in grantable_roles(request.user):
                raise PermissionDenied
            if change:
                current = User.objects.get(pk=obj.pk)
                if any(getattr(obj, name) != getattr(current, name) for name in ("is_superuser", "is_staff")):
                    raise PermissionDenied
            elif obj.is_superuser or obj.is_staff:
                raise PermissionDenied
        before = User.objects.filter(pk=obj.pk).values(*AUDITED_FIELDS).first() if change else {}
        super().save_model(request, obj, form, change)
        after = {name: getattr(obj, name if name != "municipality" else "municipality_id") for name in AUDITED_FIELDS}
        changed = [f"{name}: {before.get(name)!s} -> {after[name]!s}" for name in AUDITED_FIELDS
                   if before.get(name) != after[name]]
        if changed:
            audit_account_event(actor=request.user, subject=obj, action=AuditAction.ROLE_CHANGE,
                                detail=f"{obj.username}: " + "; ".join(changed))

    def save_related(self, request, form, formsets, change):
        user = form.instance
        def state():
            return (set(user.groups.values_list("name", flat=True)),
                    set(user.user_permissions.values_list("codename", flat=True)),
                    set(user.serves.values_list("slug", flat=True)))

        before = state() if change else (set(), set(), set())
        super().save_related(request, form, formsets, change)
        after = state()
        for label, old, new in (("groups", before[0], after[0]), ("permissions", before[1], after[1]),
                                ("serves", before[2], after[2])):
            if old != new:
                detail = f"{user.username} {label}: +{sorted(new - old)} -{sorted(old - new)}"
                audit_account_event(actor=request.user, subject=user, action=AuditAction.ROLE_CHANGE, detail=detail)


@admin.register(ApiToken)
class ApiTokenAdmin(MunicipalityScopedAdmin):
    municipality_path = "user__municipality"
    list_display = ["name", "prefix", "user", "scope_list", "created_at", "expires_at", "last_used_at", "revoked_at"]
    # Scopes are set when the token is made and never raised afterwards: make a new token instead.
    readonly_fields = ["prefix", "key_hash", "scopes", "created_at", "last_used_at"]
    list_filter = ["revoked_at"]

    @admin.display(description=_("scopes"))
    def scope_list(self, obj) -> str:
        return ", ".join(obj.scopes or [])

    def has_add_permission(self, request) -> bool:
        # Keys are shown once, when made: create them with `manage.py create_api_token`.
        return False
