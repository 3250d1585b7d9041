"""The citizen pages, mounted at /public/: no login."""

from django.urls import path

from servicetorg.catalogue import public_views

app_name = "public"
urlpatterns = [
    path("<slug:municipality_slug>/", public_views.front, name="front"),
    path("<slug:municipality_slug>/areas/<slug:code>/", public_views.area_detail, name="area"),
    path("<slug:municipality_slug>/services/<slug:slug>/", public_views.service_detail, name="service"),
    path("<slug:municipality_slug>/articles/<slug:slug>/", public_views.article_detail, name="article"),
]
