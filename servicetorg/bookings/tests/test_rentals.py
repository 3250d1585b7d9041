"""Rental requests: one-off or weekly, refused with a clear reason when the time
cannot be had; approved all or nothing; declined with a reason the renter hears."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from servicetorg.bookings import rental_services
from servicetorg.bookings.models import RentalRequest, RentalStatus, ResourceBooking, Season
from servicetorg.bookings.tests.conftest import NEXT_MONDAY, at
from servicetorg.notifications import sms

TUESDAY = NEXT_MONDAY + dt.timedelta(days=1)  # 31 March 2026


def request(hall, **extra):
    values = {
        "resource": hall, "customer_name": "Stokke IL Håndball", "category": "association",
        "organisation_number": "998 877 660", "contact_name": "Ingrid Lunde", "contact_phone": "+47 912 34 567",
        "contact_email": "ingrid@example.no", "first_date": TUESDAY, "last_date": TUESDAY + dt.timedelta(days=28),
        "starts": dt.time(18), "ends": dt.time(20),
    } | extra
    return rental_services.rental_request_create(**values)


def test_a_weekly_request_is_received_and_acknowledged(hall, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rental = request(hall)
    assert rental.status == RentalStatus.REQUESTED
    assert rental.organisation_number == "998877660"
    assert rental.recurring
    [message] = mail.outbox
    assert message.to == ["ingrid@example.no"]
    assert ResourceBooking.objects.count() == 0  # no time is held until approved


def test_approval_books_every_week_but_the_holidays(hall, leader, django_capture_on_commit_callbacks):
    rental = request(hall, first_date=dt.date(2026, 3, 30), last_date=dt.date(2026, 4, 20))  # Mondays
    with django_capture_on_commit_callbacks(execute=True):
        rental_services.rental_request_approve(request=rental, by=leader)
    rental.refresh_from_db()
    assert rental.status == RentalStatus.APPROVED and rental.decided_by == leader
    starts = list(ResourceBooking.objects.order_by("starts_at").values_list("starts_at", flat=True))
    # Easter Monday (6 April) is left out; summer time does not move 18:00.
    assert starts == [at(dt.date(2026, 3, 30), 18), at(dt.date(2026, 4, 13), 18), at(dt.date(2026, 4, 20), 18)]
    assert len(mail.outbox) == 1


def test_approving_a_request_that_collides_books_nothing(hall, leader):
    first = request(hall)
    second = request(hall, customer_name="Sandefjord Basketball", organisation_number="974123452",
                     first_date=TUESDAY + dt.timedelta(days=21), last_date=None, starts=dt.time(19), ends=dt.time(21))
    rental_services.rental_request_approve(request=first, by=leader)
    with pytest.raises(ValidationError) as refused:
        rental_services.rental_request_approve(request=second, by=leader)
    assert "already booked" in refused.value.messages[0]
    second.refresh_from_db()
    assert second.status == RentalStatus.REQUESTED
    assert ResourceBooking.objects.filter(request=second).count() == 0


def test_a_request_for_a_booked_time_is_refused_at_once_with_the_dates(hall, leader):
    rental_services.rental_request_approve(request=request(hall), by=leader)
    with pytest.raises(ValidationError) as refused:
        request(hall, customer_name="Other", first_date=TUESDAY + dt.timedelta(days=7), last_date=None)
    assert "07.04.2026" in refused.value.message_dict["first_date"][0]
    assert RentalRequest.objects.count() == 1


@pytest.mark.parametrize(("values", "field", "words"), [
    ({"last_date": TUESDAY - dt.timedelta(days=7)}, "last_date", "cannot end before"),
    ({"last_date": TUESDAY + dt.timedelta(days=800)}, "last_date", "at most one year"),
    ({"first_date": dt.date(2026, 3, 20), "last_date": None}, "first_date", "already passed"),
    ({"first_date": dt.date(2026, 4, 6), "last_date": None}, "first_date", "public holiday"),
    ({"starts": dt.time(14), "ends": dt.time(16)}, "starts", "not open"),
    ({"starts": dt.time(20), "ends": dt.time(18)}, "ends", "after the start"),
    ({"organisation_number": "123456789"}, "organisation_number", "not a valid"),
    ({"organisation_number": ""}, "organisation_number", "organisation number"),
    ({"contact_phone": "5555", "contact_email": ""}, "contact_phone", "not a valid phone"),
    ({"customer_name": ""}, "customer_name", "name"),
])
def test_bad_requests_are_refused_with_a_clear_message_and_nothing_saved(hall, values, field, words,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as refused:
        request(hall, **values)
    assert words in " ".join(refused.value.message_dict[field])
    assert RentalRequest.objects.count() == 0
    assert mail.outbox == [] and sms.outbox == []


def test_a_private_person_needs_no_organisation_number(hall):
    rental = request(hall, category="private", organisation_number="", customer_name="Ola Nordmann",
                     last_date=None)
    assert rental.organisation_number == ""


def test_a_season_request_must_stay_within_the_season(municipality, hall):
    season = Season.objects.create(municipality=municipality, name="Vår", starts=dt.date(2026, 3, 30),
                                   ends=dt.date(2026, 4, 30), requests_until=dt.date(2026, 3, 27))
    with pytest.raises(ValidationError) as refused:
        request(hall, season=season, last_date=dt.date(2026, 5, 26))
    assert "season" in refused.value.message_dict["last_date"][0]


def test_declining_needs_a_reason_which_the_renter_hears(hall, leader, django_capture_on_commit_callbacks):
    rental = request(hall)
    with pytest.raises(ValidationError):
        rental_services.rental_request_decline(request=rental, by=leader, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        rental_services.rental_request_decline(request=rental, by=leader, reason="Hallen pusses opp i april.")
    rental.refresh_from_db()
    assert rental.status == RentalStatus.DECLINED
    assert "Hallen pusses opp i april." in mail.outbox[-1].body


def test_a_caseworker_may_not_decide(hall, caseworker):
    rental = request(hall)
    with pytest.raises(PermissionDenied):
        rental_services.rental_request_approve(request=rental, by=caseworker)
