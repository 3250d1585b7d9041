"""Queues in the browser: a walk-in takes a number at the kiosk, the display shows it
called, the clerk serves it and one Enter logs the inquiry with its waiting time; an
appointment checked in at the kiosk reaches its caseworker. axe-core finds no WCAG 2.1
AA violation on the kiosk, the ticket, the display or the counter."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from e2e.test_accessibility import assert_accessible
from servicetorg.inquiries.models import Inquiry
from servicetorg.queues.models import Counter, Errand, Ticket

pytestmark = pytest.mark.e2e


@pytest.fixture
def queue_setup(site, service_renovasjon):
    errand = Errand.objects.create(municipality=site.municipality, site=site, name="Generelle spørsmål",
                                   name_en="General questions", letter="A")
    errand.services.add(service_renovasjon)
    counter = Counter.objects.create(municipality=site.municipality, site=site, name="Skranke 1")
    return errand, counter


def test_kiosk_display_call_next_done_and_the_inquiry_is_logged_with_its_wait(
        browser, page, live_server, log_in, clerk, site, queue_setup):
    errand, counter = queue_setup
    base = f"{live_server.url}/queue/{site.municipality.slug}/{site.slug}/"
    kiosk_context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    kiosk = kiosk_context.new_page()
    kiosk.goto(base)
    assert_accessible(kiosk)
    kiosk.get_by_role("link", name="English").click()
    expect(kiosk.locator("html")).to_have_attribute("lang", "en")
    kiosk.get_by_role("button", name="General questions").click()
    expect(kiosk.locator("#ticket-number")).to_have_text("A001")
    assert_accessible(kiosk)

    kiosk_context.close()
    display_context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    display = display_context.new_page()
    display.goto(base + "display/")
    assert_accessible(display)

    log_in(clerk, next_path=f"/queues/counter/{counter.pk}/")
    page.get_by_role("button", name="Sett deg ved denne skranken").click()
    page.get_by_role("button", name="Rop opp neste").click()
    expect(page.locator("#current-ticket")).to_have_text("A001")
    assert_accessible(page)
    # The display polls every second: the called number and its counter show without a reload.
    expect(display.locator(".display-now")).to_contain_text("A001")
    expect(display.locator(".display-now")).to_contain_text("Skranke 1")
    display_context.close()  # its polling would outlive the test

    page.get_by_role("button", name="Ferdig").click()
    expect(page.locator("#queue-measured")).to_contain_text("A001")
    expect(page.locator("#id_pick")).to_have_value(f"service:{errand.services.get().pk}")
    page.locator("#id_note").press("Enter")
    expect(page.locator("#today tbody tr")).to_have_count(1)
    inquiry = Inquiry.objects.get()
    assert inquiry.channel == "walk_in" and Ticket.objects.get().inquiry_id == inquiry.pk
    page.goto(f"{live_server.url}/inquiries/{inquiry.pk}/")
    expect(page.locator("#queue-waited")).to_contain_text("A001")


def test_a_checked_in_appointment_reaches_its_caseworker(browser, page, live_server, log_in, site, caseworker,
                                                         byggesak, queue_setup):
    from servicetorg.bookings.models import Appointment, AppointmentType
    from servicetorg.bookings.services import token_hash
    from servicetorg.queues.services import checkin_code

    _errand, counter = queue_setup
    caseworker.email = "per@kommune.example"
    caseworker.save(update_fields=["email"])
    kind = AppointmentType.objects.create(municipality=site.municipality, unit=byggesak, name="Byggesak",
                                          slug="byggesak", minutes=30)
    start = timezone.localtime().replace(hour=23, minute=0, second=0, microsecond=0)
    appointment = Appointment.objects.create(
        municipality=site.municipality, appointment_type=kind, caseworker=caseworker, mode="site", site=site,
        starts_at=start, ends_at=start + dt.timedelta(minutes=30), token_hash=token_hash("t-abc"))
    kiosk_context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    kiosk = kiosk_context.new_page()
    kiosk.goto(f"{live_server.url}/queue/{site.municipality.slug}/{site.slug}/")
    kiosk.get_by_role("link", name="Jeg har timeavtale").click()
    assert_accessible(kiosk)
    kiosk.get_by_label("Bestillingsreferanse").fill(checkin_code(appointment))
    kiosk.get_by_role("button", name="Meld ankomst").click()
    expect(kiosk.locator("#ticket-number")).to_have_text("T001")
    assert [m.to for m in mail.outbox] == [["per@kommune.example"]]
    kiosk_context.close()

    log_in(caseworker, next_path=f"/queues/counter/{counter.pk}/")
    page.get_by_role("button", name="Rop opp neste").click()
    expect(page.locator("#current-ticket")).to_have_text("T001")
