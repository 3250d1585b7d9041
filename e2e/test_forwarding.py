"""The forwarding journey in the browser, with axe-core on each new page: a clerk
forwards an inquiry to Byggesak, the caseworker finds it in the inbox and replies,
the clerk looks the reference up."""

import pytest
from playwright.sync_api import expect

from e2e.test_accessibility import assert_accessible
from servicetorg.forwarding.models import Forwarding
from servicetorg.inquiries import services
from servicetorg.inquiries.models import Channel, Outcome

pytestmark = pytest.mark.e2e


@pytest.fixture
def inquiry(clerk, site, service_byggesak):
    return services.inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.FORWARDED,
                                   service=service_byggesak, note="Garasje på 40 kvm")


def test_forward_reply_and_look_up(page, live_server, log_in, clerk, caseworker, inquiry, byggesak, browser):
    log_in(clerk, next_path=f"/forwarding/forward/{inquiry.pk}/")
    expect(page.locator("#id_unit")).to_have_value(str(byggesak.pk))
    page.locator("#id_email").fill("ikke-en-adresse")
    page.get_by_role("button", name="Videresend").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)

    page.locator("#id_email").fill("kari@example.no")
    page.get_by_role("button", name="Videresend").click()
    forwarding = Forwarding.objects.get(inquiry=inquiry)
    expect(page.locator("h1")).to_contain_text(forwarding.reference)
    assert_accessible(page)

    page.goto(f"{live_server.url}/forwarding/lookup/")
    page.locator("#id_reference").fill(forwarding.reference.lower())
    page.locator("#id_reference").press("Enter")
    expect(page.locator("h1")).to_contain_text(forwarding.reference)
    page.goto(f"{live_server.url}/forwarding/lookup/")
    assert_accessible(page)

    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    other = context.new_page()
    other.goto(f"{live_server.url}/accounts/login/?next=/forwarding/inbox/")
    other.locator("#id_username").fill(caseworker.username)
    other.locator("#id_password").fill("correct-horse-battery-staple")
    other.locator("#id_password").press("Enter")
    expect(other.locator("#results tbody tr")).to_have_count(1)
    assert_accessible(other)
    other.get_by_role("link", name=forwarding.reference).click()
    expect(other.locator("h1")).to_contain_text(forwarding.reference)
    assert_accessible(other)
    other.locator("#id_reply_message").fill("Garasjen er søknadsfri.")
    other.get_by_role("button", name="Send svar").click()
    expect(other.locator(".message.success")).to_be_visible()
    context.close()
