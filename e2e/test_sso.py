"""Single sign-on in the browser against a real OpenID Connect provider
(oidc-provider-mock on a free loopback port): the whole authorization-code flow."""

import pytest
from playwright.sync_api import expect

from servicetorg.accounts.models import Role, User
from servicetorg.security.models import OidcGroupMapping
from servicetorg.security.tests.oidc_provider import configure, running_provider

pytestmark = pytest.mark.e2e

USERS = {
    "kari": {"email": "kari@kommune.example", "given_name": "Kari", "family_name": "Nordmann",
             "groups": ["st-frontline"]},
    "per": {"email": "per@kommune.example", "groups": ["someone-elses-group"]},
}


@pytest.fixture
def provider(settings, municipality, site):
    mapping = OidcGroupMapping.objects.create(group="st-frontline", municipality=municipality, role=Role.FRONTLINE)
    mapping.sites.set([site])
    with running_provider(USERS) as issuer:
        configure(settings, issuer)
        yield issuer


def _sign_in(page, live_server, sub):
    page.goto(f"{live_server.url}/accounts/login/?next=/inquiries/log/")
    page.locator("#sso-login").click()
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_a_mapped_person_signs_in_and_gets_an_account(page, live_server, provider, municipality, site):
    _sign_in(page, live_server, "kari")
    expect(page).to_have_url(f"{live_server.url}/inquiries/log/")
    user = User.objects.get(username="sso:kari")
    assert user.role == Role.FRONTLINE and user.municipality == municipality
    assert list(user.sites.all()) == [site]
    expect(page.locator(".who")).to_contain_text("Kari Nordmann")


def test_a_person_without_a_mapped_group_is_refused(page, live_server, provider):
    _sign_in(page, live_server, "per")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?sso=failed")
    expect(page.locator(".error-summary")).to_be_visible()
    assert not User.objects.filter(username="sso:per").exists()
