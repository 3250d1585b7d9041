"""axe-core finds no WCAG 2.1 A or AA violation on the screens staff use every day."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from servicetorg.inquiries import services
from servicetorg.inquiries.models import Channel, Outcome

pytestmark = pytest.mark.e2e

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
axe = Axe()


def assert_accessible(page: Page) -> None:
    results = axe.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture
def logged(clerk, site, service_renovasjon, service_barnevern, barnevern):
    """Two of the clerk's inquiries, one of them sensitive and forwarded."""
    return [
        services.inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.ANSWERED,
                                service=service_renovasjon, note="Hentes torsdag", handling_seconds=95),
        services.inquiry_create(by=clerk, site=site, channel=Channel.WALK_IN, outcome=Outcome.FORWARDED,
                                service=service_barnevern),
    ]


def test_the_login_page(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    expect(page.locator("#id_username")).to_be_focused()
    assert_accessible(page)


def test_the_login_page_with_an_error(page, live_server, clerk):
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_username").fill(clerk.username)
    page.locator("#id_password").fill("wrong")
    page.locator("#id_password").press("Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_empty_quicklog(page, log_in, clerk):
    log_in(clerk)
    expect(page.locator("#today .empty")).to_be_visible()
    assert_accessible(page)


def test_the_quicklog_with_the_suggestions_open(page, log_in, type_service, clerk, logged, service_byggesak):
    log_in(clerk)
    expect(page.locator("#today tbody tr")).to_have_count(2)
    expect(page.locator("#id_pick_label")).to_be_focused()
    assert len(type_service("bygg")) > 1
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#pick-option-2")).to_have_attribute("aria-selected", "true")
    assert_accessible(page)


def test_the_quicklog_with_no_suggestion(page, log_in, type_service, clerk):
    log_in(clerk)
    expect(page.locator("#id_pick_label")).to_be_focused()
    assert type_service("xyzzy") == []
    expect(page.locator("#pick-option-none")).to_be_visible()
    assert_accessible(page)


def test_the_quicklog_with_an_error_summary(page, log_in, clerk):
    log_in(clerk)
    page.locator("#quicklog-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert_accessible(page)


def test_the_inquiry_list_for_the_leader(page, log_in, leader, logged):
    log_in(leader, next_path="/inquiries/")
    expect(page.locator("#results tbody tr")).to_have_count(2)
    assert_accessible(page)


def test_an_inquirys_details(page, live_server, log_in, clerk, logged):
    log_in(clerk)
    page.goto(f"{live_server.url}/inquiries/{logged[0].pk}/")
    expect(page.locator("dl.details")).to_be_visible()
    assert_accessible(page)


def test_the_change_form(page, live_server, log_in, clerk, logged):
    log_in(clerk)
    page.goto(f"{live_server.url}/inquiries/{logged[1].pk}/edit/")
    expect(page.locator("#forward-field")).to_be_visible()
    assert_accessible(page)
