"""Daily-use defects found on a phone and in the shell: field sizes, sideways
scrolling, the capacity page's width, and both colour schemes passing axe."""

import pytest
from playwright.sync_api import expect

from e2e.test_accessibility import assert_accessible
from e2e.test_bookings import conference, hall  # noqa: F401 -- fixtures

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), \
        page.evaluate("document.documentElement.scrollWidth")


def _fields_fit_a_finger(page):
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll(
        'main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main select, main textarea'))
        .filter((e) => e.offsetParent !== null)
        .map((e) => [e.id, e.getBoundingClientRect().height, parseFloat(getComputedStyle(e).fontSize)])""")
    assert sizes, "no fields found"
    for name, height, font in sizes:
        assert height >= 24 and font >= 16, (name, height, font)


def test_the_booking_form_on_a_phone(page, live_server, conference, site):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/public/sandefjord/booking/")
    page.get_by_role("link", name="Byggesak — forhåndskonferanse").click()
    page.locator("a.slot").first.click()
    expect(page.locator("#id_name")).to_be_visible()
    _fields_fit_a_finger(page)
    _no_sideways_scroll(page)


def test_the_room_request_form_on_a_phone(page, live_server, hall):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/public/sandefjord/booking/rooms/{hall.slug}/request/")
    _fields_fit_a_finger(page)
    _no_sideways_scroll(page)


def test_a_long_email_in_a_contact_card_wraps(page, live_server, site):
    site.email = "postmottak.servicetorget.biblioteket.sentrum@sandefjord.kommune.no"
    site.save()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/public/sandefjord/")
    expect(page.locator("footer a[href^=mailto]").first).to_be_visible()
    _no_sideways_scroll(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_shell_in_both_colour_schemes(page, live_server, log_in, leader, scheme):
    page.emulate_media(color_scheme=scheme)
    log_in(leader)
    expect(page.locator("#side-nav")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/public/sandefjord/")
    assert_accessible(page)


def test_the_side_navigation_folds_away_on_a_phone_and_works_by_keyboard(page, live_server, log_in, clerk):
    page.set_viewport_size(PHONE)
    log_in(clerk)
    nav = page.locator("#side-nav")
    toggle = page.locator(".nav-toggle")
    expect(nav).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    expect(nav.locator("a").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(toggle).to_be_focused()
    _no_sideways_scroll(page)


def test_lists_sort_by_a_column_by_keyboard(page, live_server, log_in, leader, site, service_renovasjon,
                                            service_byggesak):
    from servicetorg.inquiries import services
    from servicetorg.inquiries.models import Channel, Outcome

    for service in (service_renovasjon, service_byggesak, service_renovasjon):
        services.inquiry_create(by=leader, site=site, channel=Channel.PHONE, outcome=Outcome.ANSWERED,
                                service=service)
    log_in(leader)
    page.goto(f"{live_server.url}/inquiries/")
    header = page.locator("#results th", has_text="Tjeneste eller område")
    header.locator("button").focus()
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "ascending")
    names = page.locator("#results tbody tr td:nth-child(4)").all_inner_texts()
    assert names == sorted(names)
    assert_accessible(page)
