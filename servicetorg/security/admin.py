from django.contrib import admin

from servicetorg.security.models import OidcGroupMapping


@admin.register(OidcGroupMapping)
class OidcGroupMappingAdmin(admin.ModelAdmin):
    list_display = ["group", "municipality", "role"]
    list_filter = ["role"]
    search_fields = ["group"]
    filter_horizontal = ["sites", "units"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(municipality_id=request.user.municipality_id)


# Third-party records that span every municipality (login attempts with usernames and
# addresses, second-factor devices) are for the operator's superusers only.
def _superusers_only(model_admin_class):
    class SuperuserOnly(model_admin_class):
        def has_module_permission(self, request):
            return request.user.is_active and request.user.is_superuser

        def has_view_permission(self, request, obj=None):
            return request.user.is_active and request.user.is_superuser

        def has_change_permission(self, request, obj=None):
            return request.user.is_active and request.user.is_superuser

        def has_delete_permission(self, request, obj=None):
            return request.user.is_active and request.user.is_superuser

        def has_add_permission(self, request, *args):
            return request.user.is_active and request.user.is_superuser

    SuperuserOnly.__name__ = f"SuperuserOnly{model_admin_class.__name__}"
    return SuperuserOnly


def _restrict_third_party_admins():
    from django.apps import apps

    for label in ("axes", "otp_totp", "otp_static"):
        if not apps.is_installed({"axes": "axes", "otp_totp": "django_otp.plugins.otp_totp",
                                  "otp_static": "django_otp.plugins.otp_static"}[label]):
            continue
        for model in apps.get_app_config(label).get_models():
            if admin.site.is_registered(model):
                current = type(admin.site._registry[model])
                admin.site.unregister(model)
                admin.site.register(model, _superusers_only(current))


_restrict_third_party_admins()
