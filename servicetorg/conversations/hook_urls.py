from django.urls import path

from servicetorg.conversations import webhooks

app_name = "hooks"
urlpatterns = [
    path("sms/<slug:provider>/", webhooks.sms_webhook, name="sms"),
]
