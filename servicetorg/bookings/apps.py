from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "servicetorg.bookings"
    label = "bookings"
    # The group's name in the admin, translated.
    verbose_name = _("Appointments and rentals")
