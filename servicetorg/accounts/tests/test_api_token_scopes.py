"""API tokens carry scopes and an expiry, and never more than their owner."""

import datetime as dt
import importlib
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from servicetorg.accounts.models import ApiToken, Role
from servicetorg.accounts.perms import Scope, api_scope_map
from servicetorg.accounts.services import api_token_create

URL = "/api/v1/inquiries"


def call(client, method, url, key, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    if method == "post":
        return client.post(url, body or {}, content_type="application/json", **headers)
    return client.get(url, **headers)


def test_a_read_only_token_reads_but_may_not_write(client, clerk, site):
    _, key = api_token_create(user=clerk, name="Report", scopes=["inquiries:read"])
    assert call(client, "get", URL, key).status_code == 200
    response = call(client, "post", URL, key, {"channel": "phone"})
    # Refused before the body is read, with the reason.
    assert response.status_code == 403
    assert "inquiries:write" in response.json()["detail"]


def test_a_token_never_gets_a_scope_its_owner_lacks(clerk):
    with pytest.raises(ValidationError) as error:
        api_token_create(user=clerk, name="Inbox", scopes=["forwarding:inbox"])
    assert "scopes" in error.value.message_dict
    with pytest.raises(ValidationError):
        api_token_create(user=clerk, name="Typo", scopes=["inquiries:everything"])


def test_the_owners_role_today_caps_the_token(client, leader, site):
    _, key = api_token_create(user=leader, name="Telephony", scopes=["inquiries:read", "inquiries:write"])
    assert call(client, "post", URL, key).status_code == 400  # allowed: the empty body is what is wrong
    leader.role = Role.CASEWORKER
    leader.save(update_fields=["role"])
    response = call(client, "post", URL, key)
    assert response.status_code == 403
    assert "inquiries:write" in response.json()["detail"]


def test_an_expired_token_is_refused(client, clerk, site):
    token, key = api_token_create(user=clerk, name="Short", expires_days=1)
    assert token.expires_at - timezone.now() <= dt.timedelta(days=1)
    assert call(client, "get", URL, key).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1)):
        assert call(client, "get", URL, key).status_code == 401


def test_the_expiry_has_limits(clerk, settings):
    settings.API_TOKEN_MAX_DAYS = 30
    for days in (0, 31):
        with pytest.raises(ValidationError):
            api_token_create(user=clerk, name="Bad", expires_days=days)


def test_the_command_takes_scopes_and_an_expiry(clerk):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "--user", "clerk", "--name", "Sentralbord", "--scope", "inquiries:read",
                 "--scope", "inquiries:write", "--expires-days", "10", stdout=out, stderr=err)
    token = ApiToken.objects.get()
    assert sorted(token.scopes) == ["inquiries:read", "inquiries:write"]
    assert dt.timedelta(days=9) < token.expires_at - timezone.now() <= dt.timedelta(days=10)
    assert "inquiries:read inquiries:write" in err.getvalue()


def test_every_api_operation_names_its_scopes():
    """Each operation that needs a token is in an app's API_SCOPES (a new one fails here)."""
    from servicetorg.api import api

    needed = set()
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if operation.auth_callbacks:
                    route = (router_prefix(api, router) + path).strip("/")
                    for method in operation.methods:
                        needed.add((method, _ninja_route(route)))
    assert needed
    assert needed <= set(api_scope_map()), needed - set(api_scope_map())
    assert set(api_scope_map()) <= needed, set(api_scope_map()) - needed
    assert {scope for scopes in api_scope_map().values() for scope in scopes} == set(Scope)


def router_prefix(api, router) -> str:
    for prefix, candidate in api._routers:
        if candidate is router:
            return prefix
    return ""


def _ninja_route(route: str) -> str:
    # ninja writes path parameters as {id}; Django's route (what the check sees) as <id>.
    return route.replace("{", "<").replace("}", ">")


@pytest.mark.django_db
def test_tokens_made_before_scopes_get_what_their_owners_role_allows(clerk, caseworker):
    migration = importlib.import_module("servicetorg.accounts.migrations.0003_api_token_scopes_and_expiry")
    old_clerk, _ = api_token_create(user=clerk, name="Old")
    old_caseworker, _ = api_token_create(user=caseworker, name="Old")
    ApiToken.objects.update(scopes=[])
    migration.give_existing_tokens_their_owners_scopes(apps, None)
    old_clerk.refresh_from_db()
    old_caseworker.refresh_from_db()
    assert sorted(old_clerk.scopes) == ["forwarding:forward", "inquiries:read", "inquiries:write"]
    assert sorted(old_caseworker.scopes) == ["forwarding:inbox", "inquiries:read"]
