"""The citizens' booking pages, mounted at /public/<municipality>/booking/: no login."""

from django.urls import path

from servicetorg.bookings import public_views

app_name = "bookings-public"
urlpatterns = [
    path("", public_views.appointment_types, name="appointment-types"),
    path("appointment/<str:token>/", public_views.appointment_manage, name="appointment-manage"),
    path("appointment/<str:token>/move/", public_views.appointment_move, name="appointment-move"),
    path("rooms/", public_views.resource_list, name="resource-list"),
    path("rooms/at/<slug:site_slug>/", public_views.site_availability, name="site-availability"),
    path("rooms/<slug:resource_slug>/request/", public_views.resource_request, name="resource-request"),
    path("<slug:type_slug>/", public_views.appointment_slots, name="appointment-slots"),
    path("<slug:type_slug>/book/", public_views.appointment_book, name="appointment-book"),
]
