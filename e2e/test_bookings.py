"""Browser journeys for bookings: a citizen books a Byggesak conversation on the
public page, gets the confirmation with a calendar file, moves and cancels it
with the link; the caseworker sees it; axe-core finds no WCAG 2.1 AA violation
on the public and staff pages."""

import datetime as dt

import pytest
from django.core import mail
from playwright.sync_api import expect

from e2e.test_accessibility import assert_accessible
from servicetorg.bookings import rental_services, services
from servicetorg.bookings.models import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    AvailabilityRule,
    Mode,
    PriceCategory,
    PriceRule,
    Resource,
    ResourceKind,
    ResourceOpeningHours,
    Season,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def conference(municipality, byggesak, caseworker):
    """By video every day 08:00–20:00, so there are free times whenever the test runs."""
    kind = AppointmentType.objects.create(municipality=municipality, unit=byggesak, slug="forhandskonferanse",
                                          name="Byggesak — forhåndskonferanse", minutes=45)
    AvailabilityRule.objects.bulk_create(
        AvailabilityRule(municipality=municipality, caseworker=caseworker, unit=byggesak, mode=Mode.VIDEO,
                         weekday=day, starts=dt.time(8), ends=dt.time(20), valid_from=dt.date(2020, 1, 1))
        for day in range(7)
    )
    return kind


@pytest.fixture
def hall(municipality, other_site):
    resource = Resource.objects.create(
        municipality=municipality, site=other_site, slug="stokkehallen", name="Stokkehallen",
        kind=ResourceKind.SPORTS_HALL, capacity=300, feed_token="e2e-hall-token", accessibility="HC-garderobe",
    )
    ResourceOpeningHours.objects.bulk_create(
        ResourceOpeningHours(resource=resource, weekday=day, opens=dt.time(16), closes=dt.time(22)) for day in range(7)
    )
    PriceRule.objects.create(resource=resource, category=PriceCategory.ASSOCIATION, per_hour=350)
    return resource


def test_a_citizen_books_moves_and_cancels_and_the_caseworker_sees_it(page, live_server, log_in, conference,
                                                                      caseworker):
    base = f"{live_server.url}/public/sandefjord/booking/"
    page.goto(base)
    assert_accessible(page)
    page.get_by_role("link", name="Byggesak — forhåndskonferanse").click()
    expect(page.locator("a.slot").first).to_be_visible()
    assert_accessible(page)
    page.locator("a.slot").first.click()

    page.get_by_role("button").filter(has_text="Bestill").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_name").fill("Kari Nordmann")
    page.locator("#id_phone").fill("912 34 567")
    page.locator("#id_email").fill("kari@example.no")
    page.locator("#id_email").press("Enter")
    expect(page.locator("p.note[role=status]")).to_be_visible()
    assert_accessible(page)
    appointment = Appointment.objects.get()
    first_time = appointment.starts_at
    [confirmation] = mail.outbox
    assert confirmation.attachments[0][0] == "avtale.ics"
    manage_path = page.url.split("?")[0].removeprefix(live_server.url)
    assert manage_path in confirmation.body

    page.get_by_role("link", name="Flytt timen").click()
    expect(page.locator("button.slot").first).to_be_visible()
    assert_accessible(page)
    page.locator("button.slot").nth(1).click()
    expect(page.locator("p.note[role=status]")).to_be_visible()
    appointment.refresh_from_db()
    assert appointment.starts_at != first_time
    assert len(mail.outbox) == 2

    log_in(caseworker, next_path="/bookings/")
    page.goto(f"{live_server.url}/bookings/?from={appointment.starts_at.date()}")
    expect(page.locator(f'a[href="/bookings/appointments/{appointment.pk}/"]')).to_be_visible()
    assert_accessible(page)
    page.locator(f'a[href="/bookings/appointments/{appointment.pk}/"]').click()
    expect(page.get_by_text("Kari Nordmann")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/bookings/availability/")
    expect(page.locator("table.table")).to_contain_text("08:00–20:00")
    assert_accessible(page)
    page.locator("button", has_text="Publiser").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + manage_path)
    page.get_by_role("button", name="Avlys timen").click()
    expect(page.locator("p.note[role=status]")).to_be_visible()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_the_public_rooms_pages(page, live_server, hall, other_site):
    base = f"{live_server.url}/public/sandefjord/booking/rooms/"
    page.goto(base)
    assert_accessible(page)
    page.goto(f"{base}at/{other_site.slug}/")
    expect(page.locator("table.calendar")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{base}stokkehallen/request/")
    page.get_by_role("button", name="Send forespørselen").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_staff_rental_pages(page, live_server, log_in, leader, hall, municipality):
    today = dt.date.today()
    season = Season.objects.create(municipality=municipality, name="Sesongen", starts=today,
                                   ends=today + dt.timedelta(days=120), requests_until=today + dt.timedelta(days=7))
    first = today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)
    for name, number, start in [("Stokke IL", "998877660", 18), ("Sandefjord Basket", "974123452", 19)]:
        rental_services.rental_request_create(
            resource=hall, customer_name=name, category="association", organisation_number=number,
            contact_name="Ingrid", contact_phone="91234567", season=season, first_date=first,
            last_date=first + dt.timedelta(days=56), starts=dt.time(start), ends=dt.time(start + 2),
        )
    log_in(leader, next_path="/bookings/rentals/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/bookings/seasons/{season.pk}/")
    expect(page.locator(".conflict").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Godkjenn Stokke IL").click()
    expect(page.locator(".message.success")).to_be_visible()
    page.goto(f"{live_server.url}/bookings/calendar/?site={hall.site.slug}&date={first}")
    expect(page.locator("table.calendar")).to_contain_text("Stokke IL")
    assert_accessible(page)
    page.goto(f"{live_server.url}/bookings/invoicing/")
    assert_accessible(page)


def test_a_clerk_moves_an_appointment_for_the_citizen(page, live_server, log_in, conference, clerk, municipality):
    from servicetorg.bookings import selectors

    days = selectors.public_slot_days(appointment_type=conference, start=dt.date.today() + dt.timedelta(days=1),
                                      days=14)
    starts_at, mode, site = selectors.parse_slot_value(days[0].slots[0].value, municipality_id=municipality.pk)
    appointment, _ = services.appointment_book(appointment_type=conference, starts_at=starts_at, mode=mode,
                                               site=site, name="Kari Nordmann", email="kari@example.no")
    log_in(clerk, next_path=f"/bookings/appointments/{appointment.pk}/")
    page.get_by_role("link", name="Flytt timen").click()
    expect(page.locator("button.slot").first).to_be_visible()
    assert_accessible(page)
    # Any free time but the one it has (which of them comes first depends on the time of day).
    page.locator(f'form:not(:has(input[value="{days[0].slots[0].value}"])) button.slot').first.click()
    expect(page.get_by_text("Timen er flyttet")).to_be_visible()
    assert_accessible(page)
    appointment.refresh_from_db()
    assert appointment.starts_at != starts_at
