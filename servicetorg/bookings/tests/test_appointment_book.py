"""appointment_book: a free slot becomes one appointment, the citizen gets a
confirmation with a calendar file after commit; every refusal says why and
leaves nothing behind."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from servicetorg.analytics.rollups import rollups_verify
from servicetorg.bookings import services
from servicetorg.bookings.models import Appointment, AppointmentStatus, Mode
from servicetorg.bookings.tests.conftest import EASTER_MONDAY, MONDAY, NEXT_MONDAY, at
from servicetorg.core.models import AuditAction, AuditEvent
from servicetorg.inquiries.models import Channel, Outcome
from servicetorg.inquiries.services import inquiry_create
from servicetorg.notifications import sms
from servicetorg.organisation.models import OpeningException


def book(conference, site, starts_at, **extra):
    values = {"name": "Kari Nordmann", "phone": "912 34 567", "email": "kari@example.no"} | extra
    return services.appointment_book(appointment_type=conference, starts_at=starts_at, mode=Mode.SITE, site=site,
                                     **values)


def test_it_books_and_confirms_with_a_calendar_file(conference, mondays, site, caseworker,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appointment, token = book(conference, site, at(NEXT_MONDAY, 9, 45))
    assert appointment.caseworker == caseworker
    assert appointment.ends_at == at(NEXT_MONDAY, 10, 30)
    assert appointment.citizen_phone == "+4791234567"
    assert services.appointment_by_token(token) == appointment
    assert token not in appointment.token_hash

    [message] = mail.outbox
    assert message.to == ["kari@example.no"]
    assert f"/public/sandefjord/booking/appointment/{token}/" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("avtale.ics", "text/calendar")
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == at(NEXT_MONDAY, 9, 45)
    assert str(event["summary"]) == "Byggesak — forhåndskonferanse"
    [text] = sms.outbox
    assert text.to == "+4791234567" and "09:45" in text.body
    assert AuditEvent.objects.filter(action=AuditAction.ADD_PERSONAL_DATA, object_id=str(appointment.pk)).exists()


def test_staff_booking_from_an_inquiry_sets_its_outcome(conference, mondays, site, clerk, service_byggesak,
                                                         django_capture_on_commit_callbacks):
    inquiry = inquiry_create(by=clerk, site=site, channel=Channel.WALK_IN, outcome=Outcome.ANSWERED,
                             service=service_byggesak)
    with django_capture_on_commit_callbacks(execute=True):
        appointment, _token = book(conference, site, at(NEXT_MONDAY, 9), by=clerk, inquiry=inquiry, email="")
    inquiry.refresh_from_db()
    assert inquiry.outcome == Outcome.APPOINTMENT
    assert appointment.inquiry == inquiry and appointment.booked_by == clerk
    assert len(sms.outbox) == 1 and mail.outbox == []
    # The dashboard's rollups move the inquiry from "answered" to "appointment booked".
    report = rollups_verify(municipality_id=inquiry.municipality_id)
    assert report.ok, report.mismatches


def test_a_caseworker_cannot_book_for_the_centre(conference, mondays, site, caseworker):
    with pytest.raises(PermissionDenied):
        book(conference, site, at(NEXT_MONDAY, 9), by=caseworker)


def test_the_second_booking_of_a_slot_is_told_it_was_just_taken(conference, mondays, site):
    book(conference, site, at(NEXT_MONDAY, 9))
    with pytest.raises(services.SlotTaken) as refused:
        book(conference, site, at(NEXT_MONDAY, 9), name="Ola Nordmann", email="ola@example.no")
    assert "just taken" in refused.value.message_dict["starts_at"][0]
    assert Appointment.objects.count() == 1


def test_a_slot_goes_to_a_second_caseworker_when_the_first_is_taken(municipality, conference, mondays, site,
                                                                    byggesak):
    from conftest import _user
    from servicetorg.accounts.models import Role

    colleague = _user("colleague", Role.CASEWORKER, municipality, units=[byggesak])
    mondays.pk = None
    mondays.caseworker = colleague
    mondays.save()
    first, _ = book(conference, site, at(NEXT_MONDAY, 9))
    second, _ = book(conference, site, at(NEXT_MONDAY, 9), name="Ola Nordmann")
    assert first.starts_at == second.starts_at
    assert {first.caseworker_id, second.caseworker_id} == {colleague.pk, first.caseworker_id}
    assert first.caseworker_id != second.caseworker_id


@pytest.mark.parametrize(("starts_at", "words"), [
    (at(MONDAY, 7), "already passed"),
    (at(MONDAY, 9), "at least 2 hours"),
    (at(EASTER_MONDAY, 9), "public holiday"),
    (at(NEXT_MONDAY, 9, 10), "Choose one of the free times"),
    (at(NEXT_MONDAY + dt.timedelta(days=1), 9), "No caseworker"),
])
def test_a_time_that_is_not_free_is_refused_with_the_reason(conference, mondays, site, starts_at, words):
    with pytest.raises(ValidationError) as refused:
        book(conference, site, starts_at)
    assert words in " ".join(refused.value.messages)
    assert Appointment.objects.count() == 0


def test_outside_the_sites_opening_hours_is_refused(municipality, conference, mondays, site):
    OpeningException.objects.create(municipality=municipality, site=site, date=NEXT_MONDAY, opens=dt.time(10),
                                    closes=dt.time(12))
    with pytest.raises(ValidationError) as refused:
        book(conference, site, at(NEXT_MONDAY, 9))
    assert "not open" in refused.value.messages[0]


@pytest.mark.parametrize(("values", "field"), [
    ({"phone": "12"}, "phone"),
    ({"phone": "abc"}, "phone"),
    ({"phone": "", "email": ""}, "phone"),
    ({"email": "not-an-address"}, "email"),
    ({"name": "  "}, "name"),
])
def test_bad_contact_details_are_refused_and_nothing_is_saved(conference, mondays, site, values, field,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as refused:
        book(conference, site, at(NEXT_MONDAY, 9), **values)
    assert field in refused.value.message_dict
    assert Appointment.objects.count() == 0
    assert mail.outbox == [] and sms.outbox == []


def test_cancel_frees_the_slot_and_tells_the_citizen(conference, mondays, site, django_capture_on_commit_callbacks):
    appointment, _token = book(conference, site, at(NEXT_MONDAY, 9))
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_cancel(appointment=appointment)
    assert appointment.status == AppointmentStatus.CANCELLED
    [cancelled] = mail.outbox
    assert cancelled.to == ["kari@example.no"]
    again, _ = book(conference, site, at(NEXT_MONDAY, 9), name="Ola")
    assert again.status == AppointmentStatus.BOOKED


def test_move_takes_the_new_slot_and_frees_the_old(conference, mondays, site, django_capture_on_commit_callbacks):
    appointment, token = book(conference, site, at(NEXT_MONDAY, 9))
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_move(appointment=appointment, starts_at=at(NEXT_MONDAY, 11, 15), mode=Mode.SITE,
                                  site=site, token=token)
    appointment.refresh_from_db()
    assert appointment.starts_at == at(NEXT_MONDAY, 11, 15)
    [moved] = mail.outbox
    assert "11:15" in moved.body and moved.attachments
    other, _ = book(conference, site, at(NEXT_MONDAY, 9), name="Ola")
    assert other.pk != appointment.pk


def test_move_to_a_taken_slot_keeps_the_old_time(conference, mondays, site):
    appointment, token = book(conference, site, at(NEXT_MONDAY, 9))
    book(conference, site, at(NEXT_MONDAY, 9, 45), name="Ola")
    with pytest.raises(services.SlotTaken):
        services.appointment_move(appointment=appointment, starts_at=at(NEXT_MONDAY, 9, 45), mode=Mode.SITE,
                                  site=site, token=token)
    appointment.refresh_from_db()
    assert appointment.starts_at == at(NEXT_MONDAY, 9)
