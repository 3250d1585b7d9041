"""Staff pages: who reaches what, booking from the inquiry being logged, the
audited detail page, the resource calendar, seasonal allocation, the invoicing
export and the private calendar feeds."""

import csv
import datetime as dt
import io

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from servicetorg.bookings import rental_services, services
from servicetorg.bookings.models import Appointment, Mode, RentalStatus, Resource, ResourceBooking, Season
from servicetorg.bookings.tests.conftest import NEXT_MONDAY, at
from servicetorg.core.models import AuditAction, AuditEvent
from servicetorg.inquiries.models import Channel, Outcome
from servicetorg.inquiries.services import inquiry_create

PAGES = {
    "appointments": "/bookings/",
    "book": "/bookings/appointments/new/",
    "calendar": "/bookings/calendar/",
    "rentals": "/bookings/rentals/",
    "invoicing": "/bookings/invoicing/",
    "feed": "/bookings/calendar-feed/",
}
EXPECTED = {
    "clerk": {"appointments": 200, "book": 200, "calendar": 200, "rentals": 200, "invoicing": 200, "feed": 200},
    "leader": {"appointments": 200, "book": 200, "calendar": 200, "rentals": 200, "invoicing": 200, "feed": 200},
    "caseworker": {"appointments": 200, "book": 403, "calendar": 403, "rentals": 403, "invoicing": 403,
                   "feed": 200},
}


@pytest.mark.parametrize("persona", EXPECTED)
@pytest.mark.parametrize("page", PAGES)
def test_each_role_reaches_only_its_pages(request, client_for, persona, page, site):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(PAGES[page]).status_code == EXPECTED[persona][page]


def test_the_clerk_books_from_the_inquiry_being_logged(client_for, clerk, site, conference, mondays,
                                                       service_byggesak):
    inquiry = inquiry_create(by=clerk, site=site, channel=Channel.WALK_IN, outcome=Outcome.APPOINTMENT,
                             service=service_byggesak)
    client = client_for(clerk)
    assert f"/bookings/appointments/new/?inquiry={inquiry.pk}" in client.get("/inquiries/log/").content.decode()
    page = client.get(f"/bookings/appointments/new/?type={conference.pk}&inquiry={inquiry.pk}&from={NEXT_MONDAY}")
    assert "slot=" in page.content.decode()
    slot = f"{at(NEXT_MONDAY, 9).isoformat()}|site|{site.pk}"
    response = client.post("/bookings/appointments/new/", {
        "type": conference.pk, "inquiry": inquiry.pk, "slot": slot, "name": "Kari Nordmann", "phone": "91234567",
    })
    appointment = Appointment.objects.get()
    assert response["Location"] == f"/bookings/appointments/{appointment.pk}/"
    assert appointment.inquiry == inquiry and appointment.booked_by == clerk


def test_the_detail_page_shows_the_citizen_and_audits_the_read(client_for, clerk, conference, mondays, site):
    appointment, _ = services.appointment_book(appointment_type=conference, starts_at=at(NEXT_MONDAY, 9),
                                               mode=Mode.SITE, site=site, name="Kari Nordmann", phone="91234567")
    body = client_for(clerk).get(f"/bookings/appointments/{appointment.pk}/").content.decode()
    assert "Kari Nordmann" in body
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA, actor=clerk,
                                     object_id=str(appointment.pk)).count() == 1


def test_a_caseworker_sees_only_their_own_appointments(client_for, municipality, byggesak, caseworker, conference,
                                                       mondays, site):
    from conftest import _user
    from servicetorg.accounts.models import Role

    colleague = _user("colleague", Role.CASEWORKER, municipality, units=[byggesak])
    mine, _ = services.appointment_book(appointment_type=conference, starts_at=at(NEXT_MONDAY, 9), mode=Mode.SITE,
                                        site=site, name="Kari", phone="91234567")
    assert mine.caseworker == caseworker
    assert client_for(caseworker).get(f"/bookings/appointments/{mine.pk}/").status_code == 200
    assert client_for(colleague).get(f"/bookings/appointments/{mine.pk}/").status_code == 404
    assert f"/bookings/appointments/{mine.pk}/" not in client_for(colleague).get(
        f"/bookings/?from={NEXT_MONDAY}").content.decode()


def test_the_appointment_list_takes_a_fixed_number_of_queries(client_for, clerk, conference, mondays, site,
                                                              django_assert_max_num_queries):
    for hour, minute in [(9, 0), (9, 45), (10, 30), (11, 15)]:
        services.appointment_book(appointment_type=conference, starts_at=at(NEXT_MONDAY, hour, minute),
                                  mode=Mode.SITE, site=site, name="Kari", phone="91234567")
    client = client_for(clerk)
    with django_assert_max_num_queries(8):
        response = client.get(f"/bookings/?from={NEXT_MONDAY}")
    assert response.content.decode().count("/bookings/appointments/") >= 4


def _season_with_conflict(municipality, hall, leader):
    season = Season.objects.create(municipality=municipality, name="Vårsesongen", starts=dt.date(2026, 3, 30),
                                   ends=dt.date(2026, 6, 21), requests_until=dt.date(2026, 3, 27))
    common = {"resource": hall, "category": "association", "contact_name": "Ingrid", "contact_phone": "91234567",
              "season": season, "last_date": dt.date(2026, 6, 16), "first_date": dt.date(2026, 3, 31)}
    handball = rental_services.rental_request_create(
        customer_name="Stokke IL Håndball", organisation_number="998877660",
        starts=dt.time(18), ends=dt.time(20), **common)
    basket = rental_services.rental_request_create(
        customer_name="Sandefjord Basketball", organisation_number="974123452",
        starts=dt.time(19), ends=dt.time(21), **common)
    return season, handball, basket


def test_seasonal_allocation_shows_conflicts_and_decides_in_one_place(client_for, municipality, hall, leader):
    season, handball, basket = _season_with_conflict(municipality, hall, leader)
    client = client_for(leader)
    body = client.get(f"/bookings/seasons/{season.pk}/").content.decode()
    assert body.count('<span class="conflict">') == 2
    url = f"/bookings/seasons/{season.pk}/"
    assert client.post(f"/bookings/rentals/{handball.pk}/approve/", {"next": url})["Location"] == url
    client.post(f"/bookings/rentals/{basket.pk}/approve/", {"next": url})
    basket.refresh_from_db()
    assert basket.status == RentalStatus.REQUESTED  # refused: the hall is taken
    client.post(f"/bookings/rentals/{basket.pk}/decline/", {"next": url, "reason": "Hallen er opptatt."})
    basket.refresh_from_db()
    assert basket.status == RentalStatus.DECLINED
    assert ResourceBooking.objects.filter(request=handball).count() == 12


def test_the_site_calendar_shows_the_renter_in_a_fixed_number_of_queries(
    client_for, municipality, hall, leader, other_site, django_assert_max_num_queries,
):
    _season, handball, _basket = _season_with_conflict(municipality, hall, leader)
    rental_services.rental_request_approve(request=handball, by=leader)
    for i in range(5):
        Resource.objects.create(municipality=municipality, site=other_site, slug=f"rom-{i}", name=f"Rom {i}",
                                kind="meeting_room", capacity=10, feed_token=f"token-{i}")
    client = client_for(leader)
    with django_assert_max_num_queries(10):
        body = client.get(f"/bookings/calendar/?site={other_site.slug}&date={NEXT_MONDAY}").content.decode()
    assert "Stokke IL Håndball" in body and "Rom 4" in body
    day = client.get(f"/bookings/calendar/?site={other_site.slug}&view=day&date=2026-03-31").content.decode()
    assert "18:00–20:00" in day


def test_the_invoicing_export_lists_used_approved_rentals(client_for, municipality, hall, leader, frozen):
    _season, handball, _basket = _season_with_conflict(municipality, hall, leader)
    rental_services.rental_request_approve(request=handball, by=leader)
    frozen.move_to(at(dt.date(2026, 4, 30), 12))
    client = client_for(leader)
    response = client.get("/bookings/invoicing/", {"start": "2026-04-01", "end": "2026-04-30", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["request_id", "customer", "organisation_number", "resource"]
    [row] = rows[1:]
    # Tuesdays in April 2026: 7, 14, 21, 28 — two hours each at 350 kr.
    assert row[1:4] == ["Stokke IL Håndball", "998877660", "Stokkehallen"]
    # A decimal comma, so that Norwegian Excel reads numbers (8.00 would not be one).
    assert row[7:] == ["4", "8,00", "association", "350,00", "2800,00"]

    response = client.get("/bookings/invoicing/", {"start": "2026-04-01", "end": "2026-04-30", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][-1] == 2800.0


def test_the_invoicing_export_refuses_a_backwards_period(client_for, leader):
    response = client_for(leader).get("/bookings/invoicing/", {"start": "2026-04-30", "end": "2026-04-01",
                                                               "format": "csv"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()


def test_the_caseworkers_private_feed_holds_no_citizen_data(client, client_for, caseworker, conference, mondays,
                                                            site):
    services.appointment_book(appointment_type=conference, starts_at=at(NEXT_MONDAY, 9), mode=Mode.SITE, site=site,
                              name="Kari Nordmann", phone="91234567")
    page = client_for(caseworker).get("/bookings/calendar-feed/").content.decode()
    url = page.split('id="feed-url" value="')[1].split('"')[0]
    client.logout()
    response = client.get(url.replace("http://testserver", ""))
    assert response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == at(NEXT_MONDAY, 9)
    assert b"Kari" not in response.content and b"91234567" not in response.content
    assert client.get("/bookings/feeds/wrong-token.ics").status_code == 404
    client_for(caseworker).post("/bookings/calendar-feed/")
    assert client.get(url.replace("http://testserver", "")).status_code == 404  # renewed: the old one is dead


def test_the_resource_feed(client, municipality, hall, leader):
    _season, handball, _basket = _season_with_conflict(municipality, hall, leader)
    rental_services.rental_request_approve(request=handball, by=leader)
    response = client.get(f"/bookings/feeds/resources/{hall.feed_token}.ics")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 12 and str(events[0]["summary"]) == "Stokke IL Håndball"


def test_a_clerk_cannot_link_another_clerks_inquiry(client_for, municipality, site, clerk, conference, mondays,
                                                    service_byggesak):
    from conftest import _user
    from servicetorg.accounts.models import Role

    other = _user("other-clerk", Role.FRONTLINE, municipality, sites=[site])
    inquiry = inquiry_create(by=other, site=site, channel=Channel.PHONE, outcome=Outcome.APPOINTMENT,
                             service=service_byggesak)
    response = client_for(clerk).get(f"/bookings/appointments/new/?type={conference.pk}&inquiry={inquiry.pk}")
    assert response.status_code == 404


def test_a_clerk_moves_a_citizens_appointment_for_them(client_for, clerk, conference, mondays, site,
                                                       django_capture_on_commit_callbacks):
    from django.core import mail

    appointment, _ = services.appointment_book(appointment_type=conference, starts_at=at(NEXT_MONDAY, 9),
                                               mode=Mode.SITE, site=site, name="Kari Nordmann",
                                               email="kari@example.no")
    client = client_for(clerk)
    move_url = f"/bookings/appointments/{appointment.pk}/move/"
    assert move_url in client.get(f"/bookings/appointments/{appointment.pk}/").content.decode()
    moved_slot = f"{at(NEXT_MONDAY, 11, 15).isoformat()}|site|{site.pk}"
    assert f'value="{moved_slot}"' in client.get(move_url, {"from": NEXT_MONDAY}).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(move_url, {"slot": moved_slot})
    assert response["Location"] == f"/bookings/appointments/{appointment.pk}/"
    appointment.refresh_from_db()
    assert appointment.starts_at == at(NEXT_MONDAY, 11, 15)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kari@example.no"]
    # The old time is free again: somebody else can book it.
    other, _ = services.appointment_book(appointment_type=conference, starts_at=at(NEXT_MONDAY, 9), mode=Mode.SITE,
                                         site=site, name="Ola", phone="91234567")
    assert other.pk != appointment.pk


def test_moving_to_a_taken_or_made_up_time_is_refused_and_changes_nothing(client_for, clerk, conference, mondays,
                                                                         site):
    appointment, _ = services.appointment_book(appointment_type=conference, starts_at=at(NEXT_MONDAY, 9),
                                               mode=Mode.SITE, site=site, name="Kari", phone="91234567")
    services.appointment_book(appointment_type=conference, starts_at=at(NEXT_MONDAY, 11, 15), mode=Mode.SITE,
                              site=site, name="Ola", phone="91234568")
    client = client_for(clerk)
    move_url = f"/bookings/appointments/{appointment.pk}/move/"
    for slot in (f"{at(NEXT_MONDAY, 11, 15).isoformat()}|site|{site.pk}", "not a slot"):
        response = client.post(move_url, {"slot": slot})
        assert response.status_code == 200
        assert "error-summary" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.starts_at == at(NEXT_MONDAY, 9)


def test_only_those_who_book_may_move_and_only_what_they_may_see(client_for, municipality, byggesak, caseworker,
                                                                 conference, mondays, site):
    from conftest import _user
    from servicetorg.accounts.models import Role

    appointment, _ = services.appointment_book(appointment_type=conference, starts_at=at(NEXT_MONDAY, 9),
                                               mode=Mode.SITE, site=site, name="Kari", phone="91234567")
    assert client_for(caseworker).get(f"/bookings/appointments/{appointment.pk}/move/").status_code == 403
    other_municipality_clerk = _user("elsewhere", Role.FRONTLINE, None)
    response = client_for(other_municipality_clerk).get(f"/bookings/appointments/{appointment.pk}/move/")
    assert response.status_code in (403, 404)
