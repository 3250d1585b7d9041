from django.urls import path

app_name = "inquiries"
urlpatterns: list = []
