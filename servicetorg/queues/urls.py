from django.urls import path

from servicetorg.queues import views

app_name = "queues"
urlpatterns = [
    path("", views.counter_list, name="counter-list"),
    path("counter/<int:pk>/", views.counter_detail, name="counter-detail"),
    path("counter/<int:pk>/<slug:action>/", views.counter_action, name="counter-action"),
    path("board/", views.live_board, name="board"),
    path("message/<int:contact_pk>/", views.phone_message, name="phone-message"),
]
