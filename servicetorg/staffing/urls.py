from django.urls import path

from servicetorg.staffing import views

app_name = "staffing"
urlpatterns = [
    path("", views.staffing_overview, name="overview"),
    path("plan/<int:site_id>/", views.plan_edit, name="plan-edit"),
    path("export/<int:site_id>.<str:fmt>", views.staffing_export, name="export"),
]
