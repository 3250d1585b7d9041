from django.urls import path

from servicetorg.queues import views

app_name = "queue"
urlpatterns = [
    path("", views.kiosk, name="kiosk"),
    path("check-in/", views.kiosk_check_in, name="check-in"),
    path("display/", views.display, name="display"),
    path("display/rows/", views.display_rows, name="display-rows"),
]
