from django.urls import path

from servicetorg.bookings import views

app_name = "bookings"
urlpatterns = [
    path("", views.appointment_list, name="appointment-list"),
    path("appointments/new/", views.appointment_create, name="appointment-create"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment-detail"),
    path("appointments/<int:pk>/cancel/", views.appointment_cancel, name="appointment-cancel"),
    path("appointments/<int:pk>/move/", views.appointment_move, name="appointment-move"),
    path("calendar-feed/", views.my_feed, name="my-feed"),
    path("availability/", views.my_availability, name="my-availability"),
    path("feeds/<str:token>.ics", views.caseworker_feed, name="caseworker-feed"),
    path("feeds/resources/<str:token>.ics", views.resource_feed, name="resource-feed"),
    path("calendar/", views.site_calendar, name="site-calendar"),
    path("rentals/", views.rental_list, name="rental-list"),
    path("rentals/<int:pk>/", views.rental_detail, name="rental-detail"),
    path("rentals/<int:pk>/approve/", views.rental_approve, name="rental-approve"),
    path("rentals/<int:pk>/decline/", views.rental_decline, name="rental-decline"),
    path("seasons/<int:pk>/", views.season_detail, name="season-detail"),
    path("invoicing/", views.invoice_export, name="invoice-export"),
]
