"""Inter-municipal cooperation: a staff member who also serves another municipality
acts for both through the same tenant boundary; everyone else sees only their own."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from servicetorg.accounts.models import Role, User
from servicetorg.core import tenancy
from servicetorg.organisation.models import Municipality, Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def verdal(db):
    return Municipality.objects.create(number="5038", name="Verdal", slug="verdal")


@pytest.fixture
def sites(municipality, other_municipality, verdal):
    return {m.slug: Site.objects.create(municipality=m, name=f"{m.name} servicetorg", slug="torg")
            for m in (municipality, other_municipality, verdal)}


def _admin(username, home, *, serves=()):
    user = User.objects.create_user(username=username, password="x" * 16, role=Role.ADMIN, municipality=home,
                                    is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["organisation", "accounts"]))
    user.serves.set(serves)
    return user


def test_a_cooperation_administrator_acts_for_each_municipality_served(client, other_municipality, verdal, sites):
    innherred = _admin("innherred", other_municipality, serves=[verdal])
    assert tenancy.acting_municipality_ids(innherred) == {other_municipality.pk, verdal.pk}
    client.force_login(innherred)
    shown = {site.pk for site in client.get(reverse("admin:organisation_site_changelist")).context["cl"].result_list}
    assert shown == {sites["levanger"].pk, sites["verdal"].pk}
    assert client.get(reverse("admin:organisation_site_change", args=[sites["sandefjord"].pk])).status_code == 404


def test_each_municipality_still_sees_only_its_own(client, verdal, sites):
    client.force_login(_admin("verdal-admin", verdal))
    shown = {site.pk for site in client.get(reverse("admin:organisation_site_changelist")).context["cl"].result_list}
    assert shown == {sites["verdal"].pk}


def test_an_administrator_cannot_add_a_municipality_they_do_not_serve(client, municipality, other_municipality,
                                                                      sites):
    admin = _admin("levanger-admin", other_municipality)
    client.force_login(admin)
    form = client.get(reverse("admin:accounts_user_change", args=[admin.pk])).context["adminform"].form
    assert {m.pk for m in form.fields["serves"].queryset} == {other_municipality.pk}
