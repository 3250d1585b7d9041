from django.urls import path

from servicetorg.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.service_list, name="service-list"),
    path("services/<slug:slug>/", views.service_detail, name="service-detail"),
    path("services/<slug:slug>/edit/", views.service_update, name="service-update"),
    path("services/<slug:slug>/history/", views.service_history, name="service-history"),
    path("services/<slug:slug>/reviewed/", views.service_reviewed, name="service-reviewed"),
    path("review/", views.service_review_list, name="service-review-list"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("directory/", views.contact_list, name="contact-list"),
]
