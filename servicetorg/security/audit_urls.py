from django.urls import path

from servicetorg.security import audit_views

app_name = "audit"
urlpatterns = [
    path("", audit_views.audit_log, name="log"),
    path("export/", audit_views.audit_export, name="export"),
]
