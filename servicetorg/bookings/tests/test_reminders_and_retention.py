"""The periodic jobs: reminders the day before through the task queue, and
citizens' details erased once their retention period has run out."""

import datetime as dt

from django.core import mail

from servicetorg.bookings import rental_services, services, tasks
from servicetorg.bookings.models import Appointment, Mode
from servicetorg.bookings.tests.conftest import NEXT_MONDAY, at
from servicetorg.core.models import AuditAction, AuditEvent
from servicetorg.core.periodic import periodic_tasks
from servicetorg.notifications import sms


def booked(conference, site, starts_at, **extra):
    values = {"name": "Kari Nordmann", "phone": "91234567", "email": "kari@example.no"} | extra
    appointment, token = services.appointment_book(appointment_type=conference, starts_at=starts_at, mode=Mode.SITE,
                                                   site=site, **values)
    return appointment


def test_reminders_go_out_the_day_before_once(conference, mondays, site, frozen,
                                               django_capture_on_commit_callbacks):
    appointment = booked(conference, site, at(NEXT_MONDAY, 9))
    assert services.appointments_send_due_reminders() == 0  # a week early
    frozen.move_to(at(NEXT_MONDAY - dt.timedelta(days=1), 12))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.appointments_send_due_reminders() == 1
        assert services.appointments_send_due_reminders() == 0
    [text] = sms.outbox
    assert text.to == "+4791234567" and "09:00" in text.body
    [message] = mail.outbox
    assert message.to == ["kari@example.no"]
    appointment.refresh_from_db()
    assert appointment.reminder_sent_at is not None


def test_a_moved_appointment_is_reminded_of_its_new_time(conference, mondays, site, frozen,
                                                         django_capture_on_commit_callbacks):
    appointment = booked(conference, site, at(NEXT_MONDAY, 9), email="")
    frozen.move_to(at(NEXT_MONDAY - dt.timedelta(days=1), 12))
    services.appointments_send_due_reminders()
    services.appointment_move(appointment=appointment, starts_at=at(NEXT_MONDAY, 10, 30), mode=Mode.SITE, site=site)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.appointments_send_due_reminders() == 1
    assert "10:30" in sms.outbox[-1].body


def test_cancelled_appointments_get_no_reminder(conference, mondays, site, frozen):
    appointment = booked(conference, site, at(NEXT_MONDAY, 9))
    services.appointment_cancel(appointment=appointment)
    frozen.move_to(at(NEXT_MONDAY - dt.timedelta(days=1), 12))
    assert services.appointments_send_due_reminders() == 0


def test_the_reminder_task_is_periodic_and_runs_through_the_task_queue(conference, mondays, site, frozen,
                                                                        django_capture_on_commit_callbacks):
    assert "servicetorg.bookings.tasks.bookings_send_reminders" in periodic_tasks()
    booked(conference, site, at(NEXT_MONDAY, 9), email="")
    frozen.move_to(at(NEXT_MONDAY - dt.timedelta(days=1), 18))
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.bookings_send_reminders.enqueue()
    assert result.return_value == 1
    assert len(sms.outbox) == 1


def test_personal_data_is_erased_after_the_retention_period(conference, mondays, site, frozen, settings):
    settings.BOOKING_RETENTION_DAYS = 30
    appointment = booked(conference, site, at(NEXT_MONDAY, 9))
    frozen.move_to(at(NEXT_MONDAY + dt.timedelta(days=29), 12))
    assert services.appointments_erase_personal_data() == 0
    frozen.move_to(at(NEXT_MONDAY + dt.timedelta(days=31), 12))
    assert services.appointments_erase_personal_data() == 1
    appointment.refresh_from_db()
    assert (appointment.citizen_name, appointment.citizen_phone, appointment.citizen_email) == ("", "", "")
    assert appointment.personal_data_deleted_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.DELETE_PERSONAL_DATA,
                                     object_id=str(appointment.pk)).count() == 1
    assert Appointment.objects.count() == 1  # the appointment stays for the statistics


def test_a_renters_contact_is_erased_after_the_last_use(hall, frozen, settings):
    settings.RENTAL_RETENTION_DAYS = 10
    rental = rental_services.rental_request_create(
        resource=hall, customer_name="Ola Nordmann", category="private", contact_name="Ola Nordmann",
        contact_phone="91234567", first_date=NEXT_MONDAY, starts=dt.time(18), ends=dt.time(19),
    )
    frozen.move_to(at(NEXT_MONDAY + dt.timedelta(days=11), 12))
    assert rental_services.rentals_erase_personal_data() == 1
    rental.refresh_from_db()
    assert (rental.contact_name, rental.contact_phone) == ("", "")
    assert rental.customer_name != "Ola Nordmann"
