"""The API is limited per token (or staff session) and per address without a token:
over the limit it answers 429 JSON with Retry-After."""

import pytest

from servicetorg.accounts.services import api_token_create


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.RATELIMIT_API = "3/m"
    settings.RATELIMIT_ANONYMOUS_API = "2/m"


def _get(client, key=None, address="10.0.0.1"):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.get("/api/v1/inquiries", headers=headers, REMOTE_ADDR=address)


def test_a_token_over_its_limit_gets_429_with_retry_after(client, clerk):
    _, key = api_token_create(user=clerk, name="Telephony")
    assert [_get(client, key).status_code for _ in range(3)] == [200, 200, 200]
    response = _get(client, key)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "detail" in response.json()


def test_each_token_has_its_own_limit_whatever_the_address(client, clerk, leader):
    _, first = api_token_create(user=clerk, name="One")
    _, second = api_token_create(user=leader, name="Two")
    for number in range(3):
        _get(client, first, address=f"10.0.0.{number}")
    assert _get(client, first, address="10.1.1.1").status_code == 429
    assert _get(client, second).status_code == 200


def test_anonymous_requests_are_limited_per_address(client, municipality):
    url = f"/api/v1/catalogue/services?municipality={municipality.slug}"
    assert [client.get(url, REMOTE_ADDR="10.0.0.5").status_code for _ in range(2)] == [200, 200]
    assert client.get(url, REMOTE_ADDR="10.0.0.5").status_code == 429
    assert client.get(url, REMOTE_ADDR="10.0.0.6").status_code == 200


def test_a_staff_session_counts_as_its_account(client_for, clerk):
    client = client_for(clerk)
    for _ in range(3):
        assert client.get("/api/v1/inquiries").status_code == 200
    assert client.get("/api/v1/inquiries").status_code == 429
