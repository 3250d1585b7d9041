"""The citizen's journey without an account: choose a time, give details, get
the link; cancel and move through it; rooms show busy or free, never who."""

import datetime as dt
import re

from django.core import mail

from servicetorg.bookings import rental_services, services
from servicetorg.bookings.models import Appointment, AppointmentStatus, Mode, RentalRequest
from servicetorg.bookings.tests.conftest import NEXT_MONDAY, at

BASE = "/public/sandefjord/booking"


def test_the_front_lists_what_can_be_booked(client, conference):
    body = client.get(f"{BASE}/").content.decode()
    assert "Byggesak — forhåndskonferanse" in body
    assert f"{BASE}/forhandskonferanse/" in body


def test_free_times_are_shown_day_by_day(client, conference, mondays, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(f"{BASE}/forhandskonferanse/?from={NEXT_MONDAY}")
    slots = re.findall(r'book/\?slot=([^"]+)"', response.content.decode())
    assert len(slots) == 4


def test_the_whole_journey_book_move_cancel(client, conference, mondays, site, caseworker,
                                            django_capture_on_commit_callbacks):
    slot = f"{at(NEXT_MONDAY, 9).isoformat()}|site|{site.pk}"
    page = client.get(f"{BASE}/forhandskonferanse/book/", {"slot": slot})
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}/forhandskonferanse/book/", {
            "slot": slot, "name": "Kari Nordmann", "phone": "912 34 567", "email": "kari@example.no",
        })
    assert response.status_code == 302
    manage = response["Location"]
    assert manage.startswith(f"{BASE}/appointment/") and manage.endswith("?booked=1")
    assert manage.split("?")[0] in mail.outbox[0].body  # the link in the confirmation is the page
    appointment = Appointment.objects.get()
    assert appointment.caseworker == caseworker

    page = client.get(manage).content.decode()
    assert "Kari" not in page  # the link shows the appointment, not the person
    move_url = manage.split("?")[0] + "move/"
    moved_slot = f"{at(NEXT_MONDAY, 11, 15).isoformat()}|site|{site.pk}"
    assert f'value="{moved_slot}"' in client.get(move_url, {"from": NEXT_MONDAY}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(move_url, {"slot": moved_slot})
    assert response.status_code == 302 and response["Location"].endswith("?moved=1")
    appointment.refresh_from_db()
    assert appointment.starts_at == at(NEXT_MONDAY, 11, 15)
    assert len(mail.outbox) == 2

    response = client.post(manage.split("?")[0], {"action": "cancel"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_a_taken_time_shows_the_just_taken_message(client, conference, mondays, site):
    services.appointment_book(appointment_type=conference, starts_at=at(NEXT_MONDAY, 9), mode=Mode.SITE, site=site,
                              name="Ola", phone="91234567")
    slot = f"{at(NEXT_MONDAY, 9).isoformat()}|site|{site.pk}"
    response = client.post(f"{BASE}/forhandskonferanse/book/", {"slot": slot, "name": "Kari",
                                                                 "phone": "91234568"})
    assert response.status_code == 200
    assert "den tiden ble akkurat tatt" in response.content.decode()  # bokmål, the default language
    assert Appointment.objects.count() == 1


def test_a_wrong_phone_number_is_shown_on_the_form(client, conference, mondays, site):
    slot = f"{at(NEXT_MONDAY, 9).isoformat()}|site|{site.pk}"
    response = client.post(f"{BASE}/forhandskonferanse/book/", {"slot": slot, "name": "Kari", "phone": "123"})
    assert response.status_code == 200
    assert 'id="id_phone-error"' in response.content.decode()
    assert Appointment.objects.count() == 0


def test_a_wrong_or_old_link_finds_nothing(client, conference):
    assert client.get(f"{BASE}/appointment/not-a-real-token/").status_code == 404
    assert client.get(f"{BASE}/appointment/not-a-real-token/move/").status_code == 404


def test_a_made_up_slot_goes_back_to_the_times(client, conference):
    response = client.get(f"{BASE}/forhandskonferanse/book/", {"slot": "yesterday|site|1"})
    assert response.status_code == 302


def test_public_availability_shows_busy_never_who(client, hall, leader, other_site):
    tuesday = NEXT_MONDAY + dt.timedelta(days=1)
    rental = rental_services.rental_request_create(
        resource=hall, customer_name="Stokke IL Håndball", category="association", organisation_number="998877660",
        contact_name="Ingrid Lunde", contact_phone="91234567", first_date=tuesday, starts=dt.time(18),
        ends=dt.time(20),
    )
    rental_services.rental_request_approve(request=rental, by=leader)
    body = client.get(f"{BASE}/rooms/at/{other_site.slug}/?from={NEXT_MONDAY}").content.decode()
    assert "18:00–20:00" in body
    assert "Stokke IL" not in body and "Ingrid" not in body


def test_the_public_requests_a_hall(client, hall, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}/rooms/stokkehallen/request/", {
            "customer_name": "Stokke IL Håndball", "category": "association", "organisation_number": "998877660",
            "contact_name": "Ingrid Lunde", "contact_phone": "91234567", "contact_email": "",
            "first_date": "2026-03-31", "last_date": "2026-06-16", "starts": "18:00", "ends": "20:00",
        })
    assert response.status_code == 200
    assert RentalRequest.objects.get().recurring


def test_an_impossible_request_is_explained_on_the_form(client, hall):
    response = client.post(f"{BASE}/rooms/stokkehallen/request/", {
        "customer_name": "Stokke IL", "category": "association", "organisation_number": "123",
        "contact_name": "Ingrid", "contact_phone": "91234567", "first_date": "2026-06-16",
        "last_date": "2026-03-31", "starts": "18:00", "ends": "20:00",
    })
    assert response.status_code == 200
    assert response.content.decode().count('class="field-error"') >= 2
    assert RentalRequest.objects.count() == 0


def test_the_unit_is_not_said_twice_and_times_read_kl(conference, byggesak):
    import datetime as _dt
    from zoneinfo import ZoneInfo

    from django.utils import translation

    from servicetorg.bookings.notify import when

    assert conference.full_name == "Byggesak — forhåndskonferanse"
    conference.name = "forhåndskonferanse"
    assert conference.full_name == "Byggesak — forhåndskonferanse"
    moment = _dt.datetime(2026, 4, 6, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))
    with translation.override("nb"):
        assert when(moment) == "mandag 6. april 2026 kl. 12:00"
    with translation.override("nn"):
        assert when(moment).endswith("kl. 12:00") and when(moment)[0].islower()


def test_a_service_page_offers_our_own_booking_when_its_unit_has_appointment_types(
    client, municipality, conference, service_byggesak
):
    from django.urls import reverse

    body = client.get(reverse("public:service", args=[municipality.slug, service_byggesak.slug])).content.decode()
    assert reverse("bookings-public:appointment-slots", args=[municipality.slug, conference.slug]) in body
    # Every public page links to the booking and the room pages.
    front = client.get(reverse("public:front", args=[municipality.slug])).content.decode()
    assert reverse("bookings-public:appointment-types", args=[municipality.slug]) in front
    assert reverse("bookings-public:resource-list", args=[municipality.slug]) in front
