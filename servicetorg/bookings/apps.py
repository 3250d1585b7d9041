from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "servicetorg.bookings"
    label = "bookings"
