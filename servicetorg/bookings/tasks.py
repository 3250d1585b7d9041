"""Thin periodic tasks: each calls one service."""

from django_tasks import task

from servicetorg.bookings import rental_services, services
from servicetorg.core.periodic import periodic


@periodic(minutes=15)
@task()
def bookings_send_reminders() -> int:
    """Citizens with an appointment tomorrow get a reminder by SMS or e-mail."""
    return services.appointments_send_due_reminders()


@periodic(hours=6)
@task()
def bookings_erase_personal_data() -> int:
    """Names, phones and e-mails are cleared once their retention period has run out."""
    return services.appointments_erase_personal_data() + rental_services.rentals_erase_personal_data()
