"""The public booking and rental forms are limited per address (429 with Retry-After),
and SMS sent for a citizen's request are capped per number and per address each day."""

import datetime as dt

from servicetorg.bookings import services
from servicetorg.bookings.models import Appointment, Mode
from servicetorg.bookings.tests.conftest import NEXT_MONDAY, at
from servicetorg.notifications.models import Notification, NotificationChannel

BASE = "/public/sandefjord/booking"
TIMES = [(9, 0), (9, 45), (10, 30), (11, 15)]


def _book(client, site, number, phone, address="10.0.0.1"):
    hh, mm = TIMES[number]
    slot = f"{at(NEXT_MONDAY, hh, mm).isoformat()}|site|{site.pk}"
    return client.post(f"{BASE}/forhandskonferanse/book/", {"slot": slot, "name": "Kari", "phone": phone},
                       REMOTE_ADDR=address)


def test_booking_over_the_limit_gets_429_with_retry_after(settings, client, conference, mondays, site):
    settings.RATELIMIT_PUBLIC_FORMS = "2/h"
    assert _book(client, site, 0, "91234501").status_code == 302
    assert _book(client, site, 1, "91234502").status_code == 302
    response = _book(client, site, 2, "91234503")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Appointment.objects.count() == 2
    # Another address is not held back by the first.
    assert _book(client, site, 2, "91234503", address="10.0.0.2").status_code == 302


def test_rental_requests_are_limited_too(settings, client, hall):
    settings.RATELIMIT_PUBLIC_FORMS = "1/h"
    url = f"{BASE}/rooms/stokkehallen/request/"
    client.post(url, {}, REMOTE_ADDR="10.0.0.3")
    assert client.post(url, {}, REMOTE_ADDR="10.0.0.3").status_code == 429
    assert client.get(url, REMOTE_ADDR="10.0.0.3").status_code == 200  # reading is not limited


def _sms_to(number: str) -> int:
    return Notification.objects.filter(channel=NotificationChannel.SMS, recipient=number).count()


def test_sms_to_one_number_are_capped_per_day(settings, client, conference, mondays, site):
    settings.SMS_DAILY_CAP_PER_RECIPIENT = 2
    for number, address in enumerate(["10.0.0.1", "10.0.0.2"]):
        assert _book(client, site, number, "91234567", address=address).status_code == 302
    response = _book(client, site, 2, "912 34 567", address="10.0.0.3")
    assert response.status_code == 200
    assert "flere SMS til dette nummeret i dag" in response.content.decode()
    assert Appointment.objects.count() == 2  # nothing half-saved
    assert _sms_to("+4791234567") == 2


def test_sms_requested_from_one_address_are_capped_per_day(settings, client, conference, mondays, site,
                                                           django_capture_on_commit_callbacks):
    settings.SMS_DAILY_CAP_PER_ADDRESS = 2
    for number in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert _book(client, site, number, f"9123450{number}").status_code == 302
    response = _book(client, site, 2, "91234509")
    assert "for mange SMS fra adressen din i dag" in response.content.decode()
    assert Appointment.objects.count() == 2


def test_the_cap_starts_again_the_next_day(settings, client, conference, mondays, site, frozen):
    settings.SMS_DAILY_CAP_PER_RECIPIENT = 1
    assert _book(client, site, 0, "91234567").status_code == 302
    assert _book(client, site, 1, "91234567", address="10.0.0.2").status_code == 200
    frozen.shift(dt.timedelta(days=1))
    assert _book(client, site, 1, "91234567", address="10.0.0.2").status_code == 302


def test_staff_work_is_not_capped(settings, conference, mondays, site):
    settings.SMS_DAILY_CAP_PER_RECIPIENT = 1
    for hh, mm in TIMES[:2]:
        services.appointment_book(appointment_type=conference, starts_at=at(NEXT_MONDAY, hh, mm), mode=Mode.SITE,
                                  site=site, name="Ola", phone="91234567")
    assert _sms_to("+4791234567") == 2

