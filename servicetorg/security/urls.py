from django.urls import path

from servicetorg.security import views

app_name = "security"
urlpatterns = [
    path("", views.account_security, name="account"),
    path("logout-everywhere/", views.logout_everywhere, name="logout-everywhere"),
    path("sealed/<int:pk>/", views.sealed_read, name="sealed-read"),
    path("mfa/setup/", views.mfa_setup, name="mfa-setup"),
    path("mfa/verify/", views.mfa_verify, name="mfa-verify"),
]
