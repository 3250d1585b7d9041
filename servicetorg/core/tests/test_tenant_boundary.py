"""The tenant boundary: an administrator of a second municipality, beside the demo,
walks every registered admin model and every URL pattern and finds nothing of
the demo municipality's; a national superuser still sees everything."""

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse

from servicetorg.accounts.models import Role, User
from servicetorg.accounts.perms import Access, url_access_map
from servicetorg.core import tenancy
from servicetorg.core.admin import TenantScoped
from servicetorg.core.tests.walk import (
    DEMO_MARKERS,
    demo_params,
    fill,
    load_demo_with_extras,
    other_municipality_admin,
    params_for,
    url_patterns,
)

pytestmark = pytest.mark.django_db

# The public catalogue and free times: what a citizen may read, no login.
PUBLIC_API = {"api:openapi-json", "api:openapi-view", "api:api-root", "api:search", "api:service_list",
              "api:service_read", "api:free_slots"}


@pytest.fixture
def demo():
    return load_demo_with_extras()


@pytest.fixture
def intruder(demo):
    return other_municipality_admin()


def _demo_rows(model, path, demo):
    if path is None:
        return model._default_manager.none()
    if path == "pk":
        return model._default_manager.filter(pk=demo.pk)
    return model._default_manager.filter(**{path: demo})


def _assert_no_demo_choices(form, demo, where):
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or name == form._meta.model._meta.pk.name:
            continue  # a formset's hidden row id is checked against the parent's own rows
        path = tenancy.municipality_path_for(queryset.model)
        leaked = _demo_rows(queryset.model, path, demo).filter(pk__in=queryset.values("pk"))
        assert not leaked.exists(), f"{where}: field {name} offers {list(leaked[:3])}"


def test_every_registered_admin_model_is_scoped():
    unscoped = [model._meta.label for model, model_admin in admin.site._registry.items()
                if not isinstance(model_admin, TenantScoped)]
    assert unscoped == []
    for model, model_admin in admin.site._registry.items():
        if getattr(model_admin, "superuser_only", False):
            continue  # a third-party admin for the national operator only: its inlines with it
        for inline in model_admin.inlines:
            assert issubclass(inline, TenantScoped), f"{model._meta.label}: inline {inline.__name__}"


def test_every_admin_model_hides_the_other_municipality(client, demo, intruder):
    client.force_login(intruder)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        label = f"{opts.app_label}_{opts.model_name}"
        path = model_admin.municipality_path
        changelist = client.get(reverse(f"admin:{label}_changelist"))
        if model_admin.superuser_only:
            assert changelist.status_code in (403, 404), label
            continue
        assert changelist.status_code == 200, label
        for marker in DEMO_MARKERS:
            assert marker not in changelist.content, f"{label} changelist shows {marker!r}"
        if path is None:
            # National data: readable by all, written by the operator only.
            assert not model_admin.has_change_permission(changelist.wsgi_request)
            assert not model_admin.has_add_permission(changelist.wsgi_request)
            continue
        theirs = list(_demo_rows(model, path, demo).values_list("pk", flat=True)[:50])
        assert theirs, f"the demo has no {label} to hide: the walk would prove nothing"
        shown = {obj.pk for obj in changelist.context["cl"].result_list}
        assert not shown & set(theirs), label

        victim = theirs[0]
        for view in ("change", "history", "delete"):
            response = client.get(reverse(f"admin:{label}_{view}", args=[victim]))
            # 403 where nobody may delete (the audit log); otherwise as if it did not exist.
            assert response.status_code in (404, 403 if view == "delete" else 404), f"{label} {view}"
        assert client.post(reverse(f"admin:{label}_change", args=[victim]), {}).status_code in (403, 404), label
        assert client.post(reverse(f"admin:{label}_delete", args=[victim]), {"post": "yes"}).status_code in (403, 404)
        # Actions (delete, exports) start from the scoped queryset: the demo's rows are not touched.
        for action in model_admin.get_actions(changelist.wsgi_request):
            response = client.post(reverse(f"admin:{label}_changelist"),
                                   {"action": action, "_selected_action": theirs, "post": "yes"})
            assert response.status_code in (200, 302), f"{label} {action}"
            for marker in DEMO_MARKERS:
                assert marker not in response.content, f"{label} {action} returned {marker!r}"
        assert model._default_manager.filter(pk__in=theirs).count() == len(theirs), label

        if model_admin.has_add_permission(changelist.wsgi_request):
            add = client.get(reverse(f"admin:{label}_add"))
            assert add.status_code == 200, label
            _assert_no_demo_choices(add.context["adminform"].form, demo, f"{label} add")
            for formset in add.context["inline_admin_formsets"]:
                _assert_no_demo_choices(formset.formset.empty_form, demo, f"{label} add inline")
        checked += 1

        for field_name in model_admin.get_autocomplete_fields(changelist.wsgi_request):
            response = client.get(reverse("admin:autocomplete"), {
                "app_label": opts.app_label, "model_name": opts.model_name, "field_name": field_name, "term": "",
            })
            if response.status_code != 200:
                assert response.status_code in (403, 404)
                continue
            remote = opts.get_field(field_name).remote_field.model
            ids = [int(row["id"]) for row in response.json()["results"]]
            leaked = _demo_rows(remote, tenancy.municipality_path_for(remote), demo).filter(pk__in=ids)
            assert not leaked.exists(), f"{label}.{field_name} autocomplete"
    assert checked >= 20


def test_a_superuser_sees_every_municipality(client, demo, intruder):
    operator = User.objects.create_superuser(username="operator", password="x" * 16, email="o@example.org")
    client.force_login(operator)
    response = client.get(reverse("admin:organisation_site_changelist"))
    assert b"Sandefjord" in response.content and b"Levanger" in response.content


def test_every_url_pattern_hides_the_other_municipality(client, demo, intruder):
    """Every staff URL with the demo's objects in its path answers 403/404 to the
    other municipality's administrator; pages without parameters show none of the demo's data."""
    params = demo_params(demo)
    access_map = url_access_map()
    client.force_login(intruder)
    walked = 0
    for name, path, _pattern in url_patterns():
        if name.startswith("admin:"):
            continue  # every admin model is walked above
        if name.startswith(("public:", "bookings-public:", "survey:")) or name in ("home", "set_language", "healthz"):
            continue  # citizens' pages: public by design, no staff data
        if name in access_map and access_map[name].kind == Access.PUBLIC:
            continue  # public by its permission map: citizens' pages, kiosks, webhooks with their own signatures
        if name in ("bookings:caseworker-feed", "bookings:resource-feed", "accounts:login", "accounts:logout",
                    "security:logout-everywhere", "oidc_logout", "oidc_authentication_init",
                    "oidc_authentication_callback"):
            continue  # capability links (the token is the key) and signing in and out
        if name in PUBLIC_API:
            continue
        url = fill(path, params_for(name, path, params))
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {})
        walked += 1
        # Parameters that name one municipality's object (not a format or a table's name).
        has_params = bool(set(params_for(name, path, params)) - {"fmt", "key"})
        if has_params:
            # The API checks a write's body before it looks the object up: a 400 names fields, no data.
            allowed = (400, 403, 404) if name.startswith("api:") else (403, 404)
            assert response.status_code in allowed, (name, url, response.status_code)
        else:
            assert response.status_code < 500, (name, url, response.status_code)
        body = b"".join(response) if response.streaming else response.content
        for marker in DEMO_MARKERS:
            assert marker not in body, f"{name} ({url}) shows {marker!r}"
    assert walked > 60


def test_an_administrator_cannot_make_anyone_superuser(client, demo):
    admin_user = User.objects.get(username="admin")
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[admin_user.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert field not in form.fields
    data = {name: _form_value(form, name) for name in form.fields}
    data.update({"is_superuser": "on", "role": Role.ADMIN, "user_permissions": [1, 2]})
    client.post(url, data)
    admin_user.refresh_from_db()
    assert not admin_user.is_superuser
    assert admin_user.is_staff


def test_an_administrator_gives_no_role_beyond_their_own(client, demo):
    admin_user = User.objects.get(username="admin")
    clerk = User.objects.get(username="frontline")
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[clerk.pk])
    form = client.get(url).context["adminform"].form
    roles = [value for value, _label in form.fields["role"].choices]
    assert Role.CASEWORKER not in roles and Role.FRONTLINE in roles
    data = {name: _form_value(form, name) for name in form.fields}
    data["role"] = Role.CASEWORKER
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["adminform"].form.errors
    clerk.refresh_from_db()
    assert clerk.role == Role.FRONTLINE


def test_an_administrator_never_sees_the_operators_account(client, demo):
    operator = User.objects.create_superuser(username="operator", password="x" * 16, email="o@example.org",
                                              municipality=demo)
    client.force_login(User.objects.get(username="admin"))
    assert client.get(reverse("admin:accounts_user_change", args=[operator.pk])).status_code == 404
    # Django's UserAdmin names its password page after the auth app, whatever the user model's app.
    assert client.get(reverse("admin:auth_user_password_change", args=[operator.pk])).status_code == 404


def test_the_municipality_of_a_new_record_is_the_administrators_own(client, demo, intruder):
    client.force_login(intruder)
    form = client.get(reverse("admin:organisation_unit_add")).context["adminform"].form
    choices = [value for value, _label in form.fields["municipality"].choices]
    assert [str(value) for value in choices] == [str(intruder.municipality_id)]
    response = client.post(reverse("admin:organisation_unit_add"), {
        "municipality": demo.pk, "name": "Innbrudd", "slug": "innbrudd", "kind": "internal",
    })
    assert response.status_code == 200 and response.context["adminform"].form.errors
    assert not demo.units.filter(slug="innbrudd").exists()


def _form_value(form, name):
    value = form.initial.get(name, form.fields[name].initial)
    if isinstance(form.fields[name], forms.ModelMultipleChoiceField):
        return [getattr(item, "pk", item) for item in (value or [])]
    if hasattr(value, "pk"):
        return value.pk
    if value is None:
        return ""
    return value
