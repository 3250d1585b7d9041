import datetime as dt
import hashlib
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from servicetorg.accounts.models import ApiToken
from servicetorg.accounts.services import api_token_authenticate, api_token_create, api_token_revoke
from servicetorg.core.models import AuditAction, AuditEvent


def test_it_returns_the_key_once_and_stores_only_its_hash(clerk):
    token, key = api_token_create(user=clerk, name="Telephony")
    token.refresh_from_db()
    assert key.startswith("st_")
    assert len(key) > 40
    assert token.prefix == key[:8]
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    stored = {str(value) for value in ApiToken.objects.values_list().get()}
    assert key not in stored


def test_it_makes_a_new_key_each_time(clerk):
    _, first = api_token_create(user=clerk, name="One")
    _, second = api_token_create(user=clerk, name="Two")
    assert first != second


def test_it_audits_the_creation(clerk, administrator):
    token, _ = api_token_create(user=clerk, name="Telephony", by=administrator)
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.CREATE_API_TOKEN
    assert event.actor == administrator
    assert event.object_type == "accounts.apitoken"
    assert event.object_id == str(token.pk)


def test_it_refuses_a_user_without_api_access(clerk):
    clerk.role = ""
    clerk.save(update_fields=["role"])
    with pytest.raises(PermissionDenied):
        api_token_create(user=clerk, name="Telephony")
    assert not ApiToken.objects.exists()


def test_it_refuses_an_inactive_user(clerk):
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])
    with pytest.raises(PermissionDenied):
        api_token_create(user=clerk, name="Telephony")


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_it_requires_a_sensible_name(clerk, name):
    with pytest.raises(ValidationError) as excinfo:
        api_token_create(user=clerk, name=name)
    assert "name" in excinfo.value.message_dict
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_authenticates_a_key(clerk):
    _, key = api_token_create(user=clerk, name="Telephony")
    assert api_token_authenticate(key) == clerk


@pytest.mark.parametrize("key", ["", "st_", "st_unknown", "no-prefix", "st_" + "a" * 200])
def test_it_rejects_an_unknown_key(clerk, key):
    api_token_create(user=clerk, name="Telephony")
    assert api_token_authenticate(key) is None


def test_it_rejects_a_key_that_differs_in_one_character(clerk):
    _, key = api_token_create(user=clerk, name="Telephony")
    wrong = key[:-1] + ("a" if key[-1] != "a" else "b")
    assert api_token_authenticate(wrong) is None


def test_it_rejects_a_revoked_key(clerk):
    token, key = api_token_create(user=clerk, name="Telephony")
    api_token_revoke(token=token, by=clerk)
    assert token.revoked_at is not None
    assert api_token_authenticate(key) is None


def test_it_rejects_the_key_of_a_deactivated_user(clerk):
    _, key = api_token_create(user=clerk, name="Telephony")
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])
    assert api_token_authenticate(key) is None


def test_it_records_the_last_use_at_most_once_a_minute(clerk):
    token, key = api_token_create(user=clerk, name="Telephony")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        api_token_authenticate(key)
    token.refresh_from_db()
    assert token.last_used_at == start

    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        api_token_authenticate(key)
    token.refresh_from_db()
    assert token.last_used_at == start

    later = start + dt.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        api_token_authenticate(key)
    token.refresh_from_db()
    assert token.last_used_at == later


def test_an_administrator_may_revoke_a_token_of_their_municipality(clerk, administrator):
    token, _ = api_token_create(user=clerk, name="Telephony")
    api_token_revoke(token=token, by=administrator)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_another_user_may_not_revoke_a_token(clerk, leader):
    token, _ = api_token_create(user=clerk, name="Telephony")
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, by=leader)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_twice_keeps_the_first_time(clerk):
    token, _ = api_token_create(user=clerk, name="Telephony")
    api_token_revoke(token=token, by=clerk)
    first = token.revoked_at
    api_token_revoke(token=token, by=clerk)
    token.refresh_from_db()
    assert token.revoked_at == first


# The management command


def test_the_command_prints_a_working_key(clerk):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "--user", "clerk", "--name", "Telephony", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert api_token_authenticate(key) == clerk
    assert ApiToken.objects.get().name == "Telephony"
    assert key not in err.getvalue()


def test_the_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError):
        call_command("create_api_token", "--user", "nobody", "--name", "Telephony", stdout=StringIO())


def test_the_command_refuses_a_user_without_api_access(clerk):
    clerk.role = ""
    clerk.save(update_fields=["role"])
    with pytest.raises(CommandError):
        call_command("create_api_token", "--user", "clerk", "--name", "Telephony", stdout=StringIO())
    assert not ApiToken.objects.exists()


def test_the_command_refuses_an_empty_name(clerk):
    with pytest.raises(CommandError):
        call_command("create_api_token", "--user", "clerk", "--name", " ", stdout=StringIO())
