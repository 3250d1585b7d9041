"""No double booking, ever: many people racing for one slot (or one hall) get
exactly one booking; the others are told the time was just taken. Run against
PostgreSQL, where the exclusion constraints decide the race."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections
from django.utils import translation

from servicetorg.bookings import rental_services, services
from servicetorg.bookings.models import Appointment, Mode, RentalRequest, RentalStatus, ResourceBooking
from servicetorg.bookings.tests.conftest import NEXT_MONDAY, at

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the race is decided by PostgreSQL's exclusion constraint; SQLite serializes writers with BEGIN "
           "IMMEDIATE and shares no in-memory test database between threads (the suite also runs on PostgreSQL)",
)
RACERS = 8


def race(work) -> list:
    """Run `work(i)` in RACERS threads released at once; each result or exception, in order."""
    barrier = threading.Barrier(RACERS)
    results: list = [None] * RACERS

    def run(i):
        try:
            barrier.wait()
            with translation.override("en"):  # a thread starts in the default language
                results[i] = work(i)
        except Exception as error:  # noqa: BLE001 - the race's losers are the point
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_many_citizens_racing_for_one_slot_get_one_booking(transactional_db, conference, mondays, site):
    def work(i):
        return services.appointment_book(appointment_type=conference, starts_at=at(NEXT_MONDAY, 9), mode=Mode.SITE,
                                         site=site, name=f"Racer {i}", phone=f"9123456{i}")

    results = race(work)
    winners = [r for r in results if isinstance(r, tuple)]
    losers = [r for r in results if isinstance(r, services.SlotTaken)]
    assert len(winners) == 1, results
    assert len(losers) == RACERS - 1, results
    assert all("just taken" in loser.messages[0] for loser in losers)
    assert Appointment.objects.filter(starts_at=at(NEXT_MONDAY, 9)).count() == 1


def test_overlapping_slots_of_different_lengths_cannot_both_win(transactional_db, conference, mondays, site):
    """Even a row written behind the services' back cannot overlap: the constraint is in the database."""
    services.appointment_book(appointment_type=conference, starts_at=at(NEXT_MONDAY, 9), mode=Mode.SITE, site=site,
                              name="Kari", phone="91234567")
    first = Appointment.objects.get()
    with pytest.raises(IntegrityError):
        Appointment.objects.create(
            municipality=first.municipality, appointment_type=conference, caseworker=first.caseworker,
            mode=Mode.SITE, site=site, starts_at=at(NEXT_MONDAY, 9, 30), ends_at=at(NEXT_MONDAY, 10),
            token_hash="b" * 64,
        )


def test_approvers_racing_for_one_hall_approve_one_request(transactional_db, municipality, hall, leader):
    tuesday = NEXT_MONDAY + dt.timedelta(days=1)
    requests = [
        rental_services.rental_request_create(
            resource=hall, customer_name=f"Klubb {i}", category="association", organisation_number="998877660",
            contact_name="Ingrid", contact_phone="91234567", first_date=tuesday,
            last_date=tuesday + dt.timedelta(days=28), starts=dt.time(18), ends=dt.time(20),
        )
        for i in range(RACERS)
    ]

    def work(i):
        return rental_services.rental_request_approve(request=RentalRequest.objects.get(pk=requests[i].pk), by=leader)

    results = race(work)
    assert sum(isinstance(r, RentalRequest) for r in results) == 1, results
    # A loser that looked after the winner committed is told the dates are booked; one that looked
    # before meets the constraint and is told the time was just taken.
    losers = [r for r in results if isinstance(r, ValidationError)]
    assert len(losers) == RACERS - 1, results
    assert all("first" in m or "already booked" in m for r in losers for m in r.messages)
    assert RentalRequest.objects.filter(status=RentalStatus.APPROVED).count() == 1
    assert ResourceBooking.objects.count() == 5
