from django.urls import path

from servicetorg.analytics import views

app_name = "survey"
urlpatterns = [
    path("kiosk/<str:token>/", views.kiosk, name="kiosk"),
    path("<str:token>/", views.survey_answer, name="answer"),
]
