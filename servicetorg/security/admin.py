from django.contrib import admin

from servicetorg.core.admin import MunicipalityScopedAdmin
from servicetorg.security.models import OidcGroupMapping


@admin.register(OidcGroupMapping)
class OidcGroupMappingAdmin(MunicipalityScopedAdmin):
    municipality_path = "municipality"
    list_display = ["group", "municipality", "role"]
    list_filter = ["role"]
    search_fields = ["group"]
    filter_horizontal = ["sites", "units"]
