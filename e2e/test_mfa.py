"""The second factor in the browser: an administrator whose role requires it enrols an
authenticator app (the code computed here, as the app would) and logs in with a code."""

import time

import pyotp
import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from e2e.test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e


def test_enrol_and_log_in_with_a_totp_code(settings, page, live_server, log_in, leader):
    settings.MFA_REQUIRED_ROLES = ["leader", "admin"]
    log_in(leader, next_path="/inquiries/")
    expect(page).to_have_url(f"{live_server.url}/security/mfa/setup/?next=%2Finquiries%2F")
    expect(page.locator(".qr svg")).to_be_visible()
    assert_accessible(page)

    secret = page.locator("#totp-secret").inner_text()
    page.locator("#id_token").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bekreft").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Fortsett").click()
    expect(page).to_have_url(f"{live_server.url}/inquiries/")

    page.locator("details.user-menu > summary").click()  # log-out is in the shell's user menu
    page.get_by_role("button", name="Logg ut").click()
    page.goto(f"{live_server.url}/accounts/login/?next=/inquiries/")
    page.locator("#id_username").fill(leader.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page.locator("h1")).to_have_text("Andre faktor")
    assert_accessible(page)
    # The next step's code: the current one was spent on the enrolment.
    page.locator("#id_token").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(f"{live_server.url}/inquiries/")
