from django.urls import path

from servicetorg.forwarding import views

app_name = "forwarding"
urlpatterns = [
    path("forward/<int:pk>/", views.forward, name="forward"),
    path("lookup/", views.lookup, name="lookup"),
    path("centre/<str:reference>/", views.centre_detail, name="centre-detail"),
    path("centre/<str:reference>/answer/", views.centre_answer, name="centre-answer"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<str:reference>/", views.case_detail, name="case-detail"),
    path("inbox/<str:reference>/claim/", views.case_claim, name="case-claim"),
    path("inbox/<str:reference>/reply/", views.case_reply, name="case-reply"),
    path("inbox/<str:reference>/resume/", views.case_resume, name="case-resume"),
    path("inbox/<str:reference>/close/", views.case_close, name="case-close"),
    path("inbox/<str:reference>/send-on/", views.case_send_on, name="case-send-on"),
    path("inbox/<str:reference>/ask/", views.case_ask, name="case-ask"),
]
