from django.urls import path

from servicetorg.core import views

app_name = "core"
urlpatterns = [
    path("", views.audit_log, name="audit-log"),
    path("export/", views.audit_export, name="audit-export"),
]
