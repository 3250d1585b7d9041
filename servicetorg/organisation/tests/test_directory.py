"""The staff directory: search by name, title, unit or task, from its page and every staff page's header."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from servicetorg.organisation.models import StaffContact, Unit
from servicetorg.organisation.selectors import staff_contact_search

URL = reverse("catalogue:contact-list")


@pytest.fixture
def directory(municipality, site, byggesak, barnevern, nav):
    def add(name, unit, **extra):
        return StaffContact.objects.create(municipality=municipality, name=name, unit=unit, **extra)

    return {
        "oyvind": add("Øyvind Ås", byggesak, title="Byggesaksbehandler", phone="33 41 60 10",
                      handles="Garasjer, tilbygg og terrasser", site=site),
        "kari": add("Kari Nordmann", barnevern, title="Leder", email="kari@example.no"),
        "per": add("Per Hansen", byggesak, title="Leder", handles="Klager på vedtak"),
        "nina": add("Nina Lie", nav, title="Veileder", handles="Sosialhjelp"),
        "gone": add("Øyvind Gammel", byggesak, active=False),
    }


def found(municipality, q):
    return [c.name for c in staff_contact_search(municipality_id=municipality.pk, q=q)]


def test_it_finds_by_name_title_unit_and_task(municipality, directory):
    assert found(municipality, "kari") == ["Kari Nordmann"]
    assert found(municipality, "veileder") == ["Nina Lie"]
    assert found(municipality, "barnevern") == ["Kari Nordmann"]
    assert found(municipality, "terrasse") == ["Øyvind Ås"]


def test_every_word_must_match(municipality, directory):
    assert found(municipality, "leder") == ["Kari Nordmann", "Nina Lie", "Per Hansen"]  # Nina is a veileder
    assert found(municipality, "leder byggesak") == ["Per Hansen"]
    assert found(municipality, "leder byggesak garasje") == []


def test_case_does_not_matter_even_for_norwegian_letters(municipality, directory):
    assert found(municipality, "øyvind") == ["Øyvind Ås"]
    assert found(municipality, "ØYVIND ÅS") == ["Øyvind Ås"]
    assert found(municipality, "GARASJER") == ["Øyvind Ås"]


def test_it_leaves_out_inactive_people_and_other_municipalities(municipality, other_municipality, directory):
    theirs = Unit.objects.create(municipality=other_municipality, name="Byggesak", slug="byggesak")
    StaffContact.objects.create(municipality=other_municipality, name="Øyvind Levanger", unit=theirs)
    assert found(municipality, "øyvind") == ["Øyvind Ås"]


def test_an_empty_search_finds_nobody(municipality, directory):
    assert found(municipality, "   ") == []


@pytest.fixture
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize("persona", ["clerk", "leader", "caseworker", "administrator"])
def test_every_staff_role_searches_the_directory(request, client_for, persona, directory):
    response = client_for(request.getfixturevalue(persona)).get(URL, {"q": "byggesak"})
    assert response.status_code == 200
    assert [c.name for c in response.context["contacts"]] == ["Per Hansen", "Øyvind Ås"]


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL, {"q": "kari"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_shows_how_to_reach_each_person(english, client_for, clerk, directory):
    body = client_for(clerk).get(URL, {"q": "øyvind"}).content.decode()
    assert 'href="tel:33416010"' in body
    assert "Byggesaksbehandler" in body
    assert "Sandefjord servicetorg" in body
    assert "1 person found." in body
    body = client_for(clerk).get(URL, {"q": "kari"}).content.decode()
    assert 'href="mailto:kari@example.no"' in body


def test_it_says_when_nobody_matches(english, client_for, clerk, directory):
    body = client_for(clerk).get(URL, {"q": "zzz"}).content.decode()
    assert "Nobody matches every word." in body


def test_it_answers_htmx_with_the_results_only(client_for, clerk, directory):
    response = client_for(clerk).get(URL, {"q": "kari"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert "Kari Nordmann" in body
    assert "HX-Request" in response["Vary"]


def test_the_directory_takes_a_fixed_number_of_queries(client_for, clerk, municipality, byggesak, site):
    client = client_for(clerk)
    StaffContact.objects.create(municipality=municipality, name="Saksbehandler 0", unit=byggesak, site=site)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "saksbehandler"})
    for number in range(1, 21):
        StaffContact.objects.create(municipality=municipality, name=f"Saksbehandler {number}", unit=byggesak,
                                    site=site)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(URL, {"q": "saksbehandler"}).context["contacts"]) == 21
    assert len(many.captured_queries) == len(few.captured_queries)


def test_every_staff_page_has_one_search_box_that_finds_colleagues(client_for, clerk, caseworker):
    for user, page in ((clerk, reverse("inquiries:quicklog")), (caseworker, reverse("inquiries:inquiry-list"))):
        body = client_for(user).get(page).content.decode()
        assert f'action="{reverse("search")}"' in body
        assert body.count('role="search"') == 1 and 'id="header-search-q"' in body
        assert f'href="{URL}"' in body  # "Colleagues" in the side navigation


def test_the_login_page_has_no_directory_search_box(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert 'id="header-search-q"' not in body and 'id="side-nav"' not in body


def test_administrators_keep_the_directory_in_the_admin(client_for, administrator, directory):
    administrator.user_permissions.add(*Permission.objects.filter(codename__endswith="_staffcontact"))
    client = client_for(administrator)
    assert client.get(reverse("admin:organisation_staffcontact_changelist")).status_code == 200
    response = client.get(reverse("admin:organisation_staffcontact_changelist"), {"q": "terrasse"})
    assert response.context["cl"].result_count == 1
