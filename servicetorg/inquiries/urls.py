from django.urls import path

from servicetorg.inquiries import views

app_name = "inquiries"
urlpatterns = [
    path("", views.inquiry_list, name="inquiry-list"),
    path("log/", views.quicklog, name="quicklog"),
    path("log/services/", views.service_options, name="service-options"),
    path("<int:pk>/", views.inquiry_detail, name="inquiry-detail"),
    path("<int:pk>/edit/", views.inquiry_update, name="inquiry-update"),
    path("<int:pk>/undo/", views.inquiry_undo, name="inquiry-undo"),
]
