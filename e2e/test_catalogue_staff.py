"""The staff side of the catalogue in a real browser: search as you type, the
service page, editing with an error, history, the review list and the staff
directory, each checked with axe-core for WCAG 2.1 AA."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from conftest import indexed
from e2e.test_accessibility import assert_accessible
from servicetorg.catalogue.models import Article, ArticleKind
from servicetorg.catalogue.services import service_update
from servicetorg.organisation.models import StaffContact

pytestmark = pytest.mark.e2e


@pytest.fixture
def catalogue(municipality, site, leader, clerk, service_renovasjon, service_byggesak, service_barnevern, barnevern,
              byggesak):
    """Three services with guidance, an old review date, a phone script and the people to call."""
    service_update(service=service_barnevern, by=leader, note="Veiledning for førstelinjen",
                   guidance="Ta imot bekymringen og sett over til barneverntjenesten.\n\nSkriv aldri navn i loggen.",
                   summary="Alle kan melde bekymring for et barn.", content_owner=clerk,
                   last_reviewed=dt.date(2020, 1, 1),
                   links=[{"title": "Send bekymringsmelding", "url": "https://example.no/bekymring"}],
                   legal_basis="Barnevernsloven § 13-2")
    service_update(service=service_byggesak, by=leader, note="Gebyr", fees="Etter gebyrregulativet",
                   content_owner=clerk)
    script = Article.objects.create(municipality=municipality, title="Når noen ringer bekymret for et barn",
                                    slug="bekymret-for-barn", kind=ArticleKind.PHONE_SCRIPT, public=False,
                                    body="Lytt, og sett over til barnevernvakten.")
    script.services.add(service_barnevern)
    indexed(script)
    StaffContact.objects.create(municipality=municipality, name="Kari Nordmann", title="Barnevernleder",
                                unit=barnevern, phone="33 41 60 00", email="kari@example.no")
    StaffContact.objects.create(municipality=municipality, name="Øyvind Ås", title="Byggesaksbehandler",
                                unit=byggesak, site=site, phone="33 41 60 10", handles="Garasjer og tilbygg")
    return {"barnevern": service_barnevern, "byggesak": service_byggesak}


def test_the_catalogue_search_with_results_as_you_type(page, log_in, clerk, catalogue):
    log_in(clerk, next_path="/catalogue/")
    expect(page.locator("#id_q")).to_be_focused()
    page.keyboard.type("bekymring")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#result-count")).to_contain_text("1")
    assert "q=bekymring" in page.url
    assert_accessible(page)


def test_a_service_page_with_guidance_first(page, live_server, log_in, clerk, catalogue):
    log_in(clerk, next_path=f"/catalogue/services/{catalogue['barnevern'].slug}/")
    expect(page.locator(".guidance-box .verdict")).to_contain_text("Barneverntjenesten")
    expect(page.locator(".sensitive-warning")).to_be_visible()
    expect(page.locator(".badge-due")).to_be_visible()
    expect(page.locator(".contact-table")).to_contain_text("Kari Nordmann")
    assert_accessible(page)


def test_the_edit_form_with_an_error(page, log_in, leader, catalogue):
    log_in(leader, next_path=f"/catalogue/services/{catalogue['byggesak'].slug}/edit/")
    page.locator("#id_links").fill("Søk byggetillatelse uten adresse")
    page.locator("#id_note").fill("Lenke")
    page.locator(".service-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#id_links")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_the_history(page, log_in, clerk, catalogue):
    log_in(clerk, next_path=f"/catalogue/services/{catalogue['barnevern'].slug}/history/")
    expect(page.locator("section.version")).to_have_count(1)
    assert_accessible(page)


def test_the_review_list_and_marking_reviewed(page, log_in, clerk, catalogue):
    log_in(clerk, next_path="/catalogue/review/")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    assert_accessible(page)
    rows.first.get_by_role("button").click()
    expect(page.locator(".message.success")).to_be_visible()
    expect(rows).to_have_count(1)


def test_the_directory_from_the_header(page, log_in, clerk, catalogue):
    log_in(clerk)
    # One search box in the header finds services, colleagues and reference numbers.
    page.locator("#header-search-q").fill("byggesak")
    page.locator("#header-search-q").press("Enter")
    expect(page.locator("#search-contacts + ul")).to_contain_text("Øyvind Ås")
    assert_accessible(page)
    # The directory itself is "Colleagues" in the side navigation.
    page.locator("#side-nav").get_by_role("link", name="Kolleger").click()
    # Results as you type on the directory page itself.
    page.locator("#id_q").fill("barnevernleder")
    expect(page.locator("#results")).to_contain_text("Kari Nordmann")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert_accessible(page)
