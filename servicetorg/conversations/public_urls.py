from django.urls import path

from servicetorg.conversations import views

app_name = "contact"
urlpatterns = [
    path("", views.contact, name="form"),
]
