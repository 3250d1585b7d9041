from django.urls import path

from servicetorg.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:key>.<str:fmt>", views.table_export, name="table-export"),
    path("open-data.csv", views.open_data, name="open-data"),
    path("surveys/", views.survey_overview, name="survey-overview"),
]
