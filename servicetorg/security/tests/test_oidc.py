"""ID tokens from a real provider (oidc-provider-mock): a good one passes; a wrong
issuer, audience or nonce, or an expired token, is refused. Group claims map to a
municipality, role, sites and units; an account whose groups are gone is disabled."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.exceptions import SuspiciousOperation

from servicetorg.accounts.models import Role, User
from servicetorg.security.models import OidcGroupMapping
from servicetorg.security.oidc import StaffOIDCBackend
from servicetorg.security.tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, configure, running_provider

KARI = {"kari": {"email": "kari@kommune.example", "given_name": "Kari", "groups": ["st-leaders"]}}
REDIRECT = "http://127.0.0.1/oidc/callback/"


def _id_token(endpoints, *, client_id=CLIENT_ID, nonce="n-1", sub="kari") -> str:
    """The authorization-code flow by hand: authorize as `sub`, then trade the code for tokens."""
    session = requests.Session()
    params = {"response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT, "scope": "openid email",
              "state": "s-1", "nonce": nonce}
    answer = session.post(endpoints["OIDC_OP_AUTHORIZATION_ENDPOINT"], params=params, data={"sub": sub},
                          allow_redirects=False, timeout=10)
    code = parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]
    tokens = session.post(endpoints["OIDC_OP_TOKEN_ENDPOINT"], data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
        "client_id": client_id, "client_secret": CLIENT_SECRET,
    }, timeout=10).json()
    return tokens["id_token"]


@pytest.fixture
def provider(settings):
    with running_provider(KARI) as issuer:
        yield configure(settings, issuer)


def test_a_good_token_passes(provider, db):
    payload = StaffOIDCBackend().verify_token(_id_token(provider), nonce="n-1")
    assert payload["sub"] == "kari"


def test_a_wrong_issuer_is_refused(settings, provider, db):
    token = _id_token(provider)
    settings.OIDC_OP_ISSUER = "https://login.example.net/other"
    with pytest.raises(SuspiciousOperation, match="issuer|Issuer"):
        StaffOIDCBackend().verify_token(token, nonce="n-1")


def test_a_wrong_audience_is_refused(provider, db):
    token = _id_token(provider, client_id="another-application")
    with pytest.raises(SuspiciousOperation, match="audience|Audience"):
        StaffOIDCBackend().verify_token(token, nonce="n-1")


def test_a_wrong_nonce_is_refused(provider, db):
    token = _id_token(provider, nonce="n-1")
    with pytest.raises(SuspiciousOperation, match="Nonce"):
        StaffOIDCBackend().verify_token(token, nonce="n-2")


def test_an_expired_token_is_refused(settings, db):
    settings.OIDC_TOKEN_LEEWAY_SECONDS = 0
    with running_provider(KARI, max_age=timedelta(seconds=-120)) as issuer:
        endpoints = configure(settings, issuer)
        token = _id_token(endpoints)
        with pytest.raises(SuspiciousOperation, match="expired"):
            StaffOIDCBackend().verify_token(token, nonce="n-1")


@pytest.fixture
def leaders_group(municipality, site, other_site):
    mapping = OidcGroupMapping.objects.create(group="st-leaders", municipality=municipality, role=Role.LEADER)
    mapping.sites.set([site, other_site])
    return mapping


def test_groups_give_role_sites_and_municipality(leaders_group, municipality, site, db):
    backend = StaffOIDCBackend()
    user = backend.create_user({"sub": "kari", "email": "kari@kommune.example", "groups": ["st-leaders", "x"]})
    assert user.role == Role.LEADER and user.municipality == municipality
    assert set(user.sites.all()) == set(leaders_group.sites.all())
    assert not user.has_usable_password()


def test_the_highest_role_wins(leaders_group, municipality, db):
    OidcGroupMapping.objects.create(group="st-admins", municipality=municipality, role=Role.ADMIN)
    user = StaffOIDCBackend().create_user({"sub": "ola", "groups": ["st-leaders", "st-admins"]})
    assert user.role == Role.ADMIN and user.is_staff


def test_no_mapped_group_no_account(db):
    assert StaffOIDCBackend().create_user({"sub": "per", "groups": ["unknown"]}) is None
    assert not User.objects.filter(username="sso:per").exists()


def test_an_account_whose_groups_are_gone_is_disabled(leaders_group, db):
    backend = StaffOIDCBackend()
    user = backend.create_user({"sub": "kari", "groups": ["st-leaders"]})
    assert backend.update_user(user, {"sub": "kari", "groups": []}) is None
    user.refresh_from_db()
    assert not user.is_active
