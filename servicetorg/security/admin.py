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
