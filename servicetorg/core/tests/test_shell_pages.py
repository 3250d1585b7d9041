"""Error pages in the shell, each role's landing page, and the demo's own address."""

import io

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from servicetorg.core.views import server_error


def test_a_missing_page_is_shown_in_the_shell_translated(client_for, clerk):
    response = client_for(clerk).get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="nb")
    body = response.content.decode()
    assert response.status_code == 404
    assert "skip-link" in body and "Fant ikke siden" in body and "Page not found" not in body


def test_a_forbidden_page_is_shown_in_the_shell_translated(client_for, clerk):
    response = client_for(clerk).get(reverse("analytics:dashboard"))
    body = response.content.decode()
    assert response.status_code == 403
    assert "skip-link" in body and "Du har ikke tilgang til denne siden" in body


def test_the_server_error_page_is_in_the_shell_and_translated(rf: RequestFactory, clerk):
    request = rf.get("/")
    request.user = clerk
    with translation.override("nn"):
        response = server_error(request)
    assert response.status_code == 500
    assert "Noko gjekk gale" in response.content.decode()


@pytest.mark.django_db
def test_the_demo_banner_follows_public_base_url(settings):
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8123"
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "http://127.0.0.1:8123" in out.getvalue()
    assert ":8000" not in out.getvalue()


def test_the_side_navigation_is_grouped_by_job_and_shows_only_what_the_role_may_use(client_for, leader, caseworker):
    body = client_for(leader).get(reverse("inquiries:quicklog")).content.decode()
    for group in ("Skranke", "Kunnskap", "Saker", "Ledelse"):
        assert f">{group}</h2>" in body
    for name in ("analytics:dashboard", "staffing:overview", "analytics:survey-overview", "bookings:rental-list"):
        assert f'href="{reverse(name)}"' in body
    assert 'aria-current="page"' in body
    body = client_for(caseworker).get(reverse("forwarding:inbox")).content.decode()
    assert ">Ledelse</h2>" not in body
    assert f'href="{reverse("analytics:survey-overview")}"' not in body


def test_an_entry_whose_app_is_not_installed_is_left_out():
    from servicetorg.nav import safe_reverse

    assert safe_reverse("conversations:inbox-that-does-not-exist") is None


def test_counts_come_from_a_registry_and_a_failing_one_is_skipped(settings, leader):
    from servicetorg.nav import counts_for

    settings.NAV_COUNTS = ["servicetorg.core.tests.test_shell_pages.three_waiting",
                           "servicetorg.core.tests.test_shell_pages.broken_count"]
    assert counts_for(leader) == {"queue": 3}


def three_waiting(user):
    return {"queue": 3}


def broken_count(user):
    raise RuntimeError("a count must never break the page")


def test_the_header_search_finds_services_and_colleagues(client_for, clerk, service_byggesak):
    body = client_for(clerk).get(reverse("search"), {"q": "byggesak"}).content.decode()
    assert reverse("catalogue:service-detail", args=[service_byggesak.slug]) in body


def test_the_theme_stylesheet_carries_the_municipalitys_colour(client, municipality):
    municipality.theme_color = "#005b8e"
    municipality.save()
    response = client.get(reverse("theme-css", args=[municipality.slug]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/css")
    assert "--ds-color-accent-base-default:#005b8e" in body and "[data-color-scheme=dark]" in body


def test_the_admin_groups_are_named_in_norwegian(client, admin_user):
    client.force_login(admin_user)
    body = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "Tjenestekatalog" in body and "Organisasjon" in body
