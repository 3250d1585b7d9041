"""Wrong passwords lock logging in per account and, separately, per address
(django-axes), with a 429, Retry-After and an audit event."""

import pytest
from django.urls import reverse

from conftest import PASSWORD
from servicetorg.core.models import AuditAction, AuditEvent

URL = reverse("accounts:login")


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


def _try(client, username, password, address="10.0.0.1"):
    return client.post(URL, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_an_account_is_locked_after_wrong_passwords_even_from_new_addresses(client, clerk):
    for number in range(3):
        _try(client, "clerk", "wrong", address=f"10.0.0.{number + 1}")
    response = _try(client, "clerk", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "For mange feil passord" in response.content.decode()
    events = AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT)
    assert events.exists()
    assert {(e.object_id, e.municipality_id) for e in events} == {(str(clerk.pk), clerk.municipality_id)}


def test_an_address_is_locked_after_wrong_passwords_on_several_accounts(client, clerk, leader):
    for username in ("leader", "nobody", "someone"):
        _try(client, username, "wrong", address="10.0.0.7")
    assert _try(client, "clerk", PASSWORD, address="10.0.0.7").status_code == 429
    assert _try(client, "clerk", PASSWORD, address="10.0.0.8").status_code == 302


def test_fewer_wrong_passwords_do_not_lock(client, clerk):
    for _ in range(2):
        assert _try(client, "clerk", "wrong").status_code == 200
    assert _try(client, "clerk", PASSWORD).status_code == 302
