from django.urls import path

from servicetorg.conversations import views

app_name = "conversations"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.thread, name="thread"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/forward/", views.forward, name="forward"),
]
