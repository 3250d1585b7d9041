"""Every URL pattern, requested as every role, answers what the apps' permission
maps (URL_ACCESS in each app's perms.py) say: anonymous -> the login page (or the
public page), allowed -> not 403, denied -> 403/404. A URL in no map fails."""

import pytest
from django.contrib.auth.models import AnonymousUser

from servicetorg.accounts.models import User
from servicetorg.accounts.perms import Access, api_scope_map, scopes_for_user, url_access_map
from servicetorg.core.tests.walk import demo_params, fill, load_demo_with_extras, params_for, url_patterns

pytestmark = pytest.mark.django_db

PERSONAS = {"anonymous": None, "frontline": "frontline", "caseworker": "saksbehandler", "leader": "leder",
            "administrator": "admin"}


# URLs that need a query string to do anything.
QUERY = {"admin:autocomplete": {"app_label": "catalogue", "model_name": "service", "field_name": "owner_unit"}}


def access_for(name: str, access_map: dict) -> Access | None:
    if name in access_map:
        return access_map[name]
    namespace = name.split(":", 1)[0]
    return access_map.get(f"{namespace}:*")


def test_every_url_is_in_a_permission_map_and_every_entry_is_a_url():
    access_map = url_access_map()
    names = {name for name, _path, _pattern in url_patterns()}
    missing = sorted(name for name in names if access_for(name, access_map) is None)
    assert missing == [], f"URLs in no app's URL_ACCESS: {missing}"
    stale = sorted(key for key in access_map if not key.endswith(":*") and key not in names)
    assert stale == [], f"URL_ACCESS entries for URLs that do not exist: {stale}"


def _api_allows(user, method: str, path: str) -> bool:
    needed = api_scope_map().get((method, path.removeprefix("api/v1/")))
    return bool(needed and needed & {str(scope) for scope in scopes_for_user(user)})


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_role_as_the_map_says(client, persona):
    demo = load_demo_with_extras()
    params = demo_params(demo)
    access_map = url_access_map()
    user = User.objects.get(username=PERSONAS[persona]) if PERSONAS[persona] else AnonymousUser()
    if PERSONAS[persona]:
        client.force_login(user)
    checked = 0
    for name, path, _pattern in url_patterns():
        access = access_for(name, access_map)
        if name.startswith("admin:") and "<" in path:
            continue  # the admin's object pages: walked model by model in test_tenant_boundary
        if name in ("accounts:logout", "admin:logout", "security:logout-everywhere", "oidc_logout"):
            continue  # would end the walk's session; logging out is tested in accounts and security
        if name == "oidc_authentication_callback":
            continue  # without the provider's state it sends the person back to the login page, by design
        url = fill(path, params_for(name, path, params))
        method = "GET"
        response = client.get(url, QUERY.get(name, {}))
        if response.status_code == 405:
            method = "POST"
            response = client.post(url, {})
        status = response.status_code
        where = f"{persona} {method} {name} {url}: {status}"
        assert status < 500, where
        checked += 1
        if access.kind == Access.PUBLIC:
            assert not (status == 302 and "/login/" in response.get("Location", "")), where
            continue
        if access.kind == Access.API:
            if not user.is_authenticated:
                assert status == 401, where
            elif _api_allows(user, method, path):
                assert status != 403, where
            else:
                assert status == 403, where
            continue
        if not user.is_authenticated:
            assert status == 302 and "/login/" in response["Location"], where
            continue
        if access.kind == Access.ADMIN_SITE:
            if access.allows(user) and name.endswith("_add") and status == 403:
                continue  # a read-only model (audit log, versions, forwardings) has no add page
            parts = url.strip("/").split("/")
            if access.allows(user) and status == 403 and len(parts) >= 3 and not any(
                user.has_perm(f"{parts[1]}.{verb}_{parts[2]}") for verb in ("view", "change")
            ):
                continue  # Django's model permissions: this administrator was not given that model
            if access.allows(user):
                assert status != 403 and not (status == 302 and "/login/" in response.get("Location", "")), where
            else:
                # The admin sends everyone else to its own login page, showing nothing.
                assert status in (403, 404) or (status == 302 and "/admin/login/" in response["Location"]), where
            continue
        if access.allows(user):
            assert status != 403 and not (status == 302 and "/login/" in response.get("Location", "")), where
        else:
            assert status in (403, 404), where
    assert checked > 100
