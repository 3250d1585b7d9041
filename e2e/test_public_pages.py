"""A citizen on a phone finds a service; the public pages pass axe-core's WCAG 2.1
A and AA checks, and the search works without JavaScript."""

import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from conftest import indexed
from e2e.test_accessibility import assert_accessible
from servicetorg.catalogue.models import Area, Article, ArticleKind, Handling
from servicetorg.catalogue.services import service_create
from servicetorg.organisation.models import OpeningHours

pytestmark = pytest.mark.e2e

FRONT = "/public/sandefjord/"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def catalogue(municipality, site, barnevern):
    site.address = "Kongens gate 2, 3210 Sandefjord"
    site.phone = "33 41 60 00"
    site.email = "servicetorget@sandefjord.example"
    site.save(update_fields=["address", "phone", "email"])
    for weekday in range(5):
        OpeningHours.objects.create(municipality=municipality, site=site, weekday=weekday,
                                    opens="08:00", closes="15:30" if weekday != 3 else "18:00")

    def add(name, area, **fields):
        fields.setdefault("handling", Handling.GUIDE)
        return service_create(by=None, municipality=municipality, name=name, area=Area.objects.get(code=area),
                              **fields)

    kindergarten = add(
        "Søke barnehageplass", "barnehage", slug="barnehageplass",
        summary="Slik søker du plass i kommunal eller privat barnehage.",
        body="Hovedopptaket har søknadsfrist 1. mars.\n\nDu får svar i løpet av april.",
        links=[{"title": "Søk barnehageplass", "url": "https://sandefjord.example/barnehage/sok"}],
        fees="Maksimalpris 3 000 kroner i måneden.", legal_basis="Barnehageloven § 16",
        guidance="Kun for ansatte: sjekk opptakssystemet.", keywords="barnehage, barnehageplass, opptak",
    )
    add("Endre oppholdstid i barnehagen", "barnehage", slug="oppholdstid",
        summary="Slik endrer du hvor mange dager barnet er i barnehagen.", keywords="barnehage, oppholdstid")
    add("Tømming av avfallsbeholdere", "renovasjon", slug="tomming-avfall", handling=Handling.ANSWER,
        summary="Når søppelet hentes, og hva du gjør når dunken ikke er tømt.", body="Restavfall hentes annenhver uke.",
        keywords="søppel, bos, dunk, tømming")
    add("Bekymringsmelding til barnevernet", "barnevern", slug="bekymringsmelding", handling=Handling.FORWARD,
        forward_to=barnevern, sensitive=True, step=4, summary="Er du bekymret for et barn, kan du melde fra.")
    article = Article.objects.create(
        municipality=municipality, title="Når får jeg svar på barnehagesøknaden?", slug="svar-barnehage",
        kind=ArticleKind.FAQ, body="Svar sendes i april.\n\nSjekk Digipost.", public=True,
    )
    article.services.add(kindergarten)
    indexed(article)
    return kindergarten


@pytest.fixture
def new_page(browser, live_server) -> Iterator:
    """new_page(width=..., javascript=..., language=...): a fresh browser context per call."""
    contexts = []

    def new_page(*, viewport: dict | None = None, javascript: bool = True, language: str | None = None) -> Page:
        options = {"locale": "nb-NO", "timezone_id": "Europe/Oslo", "java_script_enabled": javascript}
        if viewport:
            options.update(viewport=viewport, is_mobile=True, has_touch=True)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        if language:
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


def search(page: Page, typed: str) -> None:
    """Type as a person does and wait for the server's answer to all of it."""
    field = page.get_by_role("searchbox")
    field.click()
    with page.expect_response(lambda r: FRONT in r.url and f"q={typed}" in r.url.replace("%20", "+")):
        page.keyboard.type(typed, delay=40)
    expect(page.locator("#results-heading")).to_contain_text(typed)


def test_a_citizen_finds_the_kindergarten_service_on_a_phone(new_page, live_server, catalogue):
    page = new_page(viewport=PHONE)
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + FRONT)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    search(page, "barnehage")

    # Two services and the public article about them.
    results = page.locator("#search-results .card")
    expect(results).to_have_count(3)
    expect(page.locator("#search-status")).to_have_text(re.compile(r"^\s*3\b"))
    expect(page).to_have_url(re.compile(r"\?q=barnehage$"))
    # Nothing scrolls sideways on a phone, and the targets are big enough for a thumb.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for target in (page.get_by_role("searchbox"), page.locator(".search button"), results.first.locator("a")):
        box = target.bounding_box()
        assert box and box["height"] >= 24, box

    page.get_by_role("link", name="Søke barnehageplass").click()
    expect(page).to_have_url(live_server.url + "/public/sandefjord/services/barnehageplass/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Søke barnehageplass")
    button = page.get_by_role("link", name="Søk barnehageplass")
    expect(button).to_be_visible()
    assert button.bounding_box()["height"] >= 44
    expect(page.locator("main")).not_to_contain_text("Kun for ansatte")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_search_works_without_javascript(new_page, live_server, catalogue):
    page = new_page(javascript=False)
    page.goto(live_server.url + FRONT)
    page.get_by_role("searchbox").fill("søppel")
    page.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=s%C3%B8ppel$"))
    expect(page.locator("#search-results .card")).to_have_count(1)
    expect(page.locator("#search-results")).to_contain_text("Tømming av avfallsbeholdere")
    page.get_by_role("link", name="Tømming av avfallsbeholdere").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tømming av avfallsbeholdere")


def test_the_language_switcher_changes_the_public_pages(new_page, live_server, catalogue):
    page = new_page()
    page.goto(live_server.url + FRONT + "?q=barnehage")
    page.get_by_role("combobox").select_option("en")
    page.locator(".language-form button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + FRONT + "?q=barnehage")
    expect(page.locator("#search-results .card")).to_have_count(3)


# axe-core: WCAG 2.1 A and AA, zero violations.


def test_the_front_page_with_results_is_accessible(new_page, live_server, catalogue):
    for viewport in (None, PHONE):
        page = new_page(viewport=viewport)
        page.goto(live_server.url + FRONT)
        search(page, "barnehage")
        expect(page.locator("#search-results .card")).to_have_count(3)
        assert_accessible(page)


def test_the_front_page_with_no_result_is_accessible(new_page, live_server, catalogue):
    page = new_page()
    page.goto(live_server.url + FRONT)
    search(page, "xyzzy")
    expect(page.locator("#search-results .card")).to_have_count(0)
    assert_accessible(page)


def test_an_area_page_is_accessible(new_page, live_server, catalogue):
    page = new_page()
    page.goto(live_server.url + "/public/sandefjord/areas/barnehage/")
    expect(page.locator(".card")).to_have_count(2)
    assert_accessible(page)


def test_a_service_page_is_accessible(new_page, live_server, catalogue):
    page = new_page()
    page.goto(live_server.url + "/public/sandefjord/services/barnehageplass/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Søke barnehageplass")
    assert_accessible(page)


def test_a_service_page_in_english_with_bokmal_text_is_accessible(new_page, live_server, catalogue):
    page = new_page(language="en")
    page.goto(live_server.url + "/public/sandefjord/services/barnehageplass/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "nb")
    expect(page.locator(".note")).to_be_visible()
    assert_accessible(page)


def test_an_article_page_is_accessible(new_page, live_server, catalogue):
    page = new_page()
    page.goto(live_server.url + "/public/sandefjord/articles/svar-barnehage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Når får jeg svar på barnehagesøknaden?")
    assert_accessible(page)


def test_the_municipality_chooser_is_accessible(new_page, live_server, catalogue, other_municipality):
    page = new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="Levanger")).to_be_visible()
    assert_accessible(page)


def test_the_keyboard_reaches_the_search_through_the_skip_link(new_page, live_server, catalogue):
    page = new_page()
    page.goto(live_server.url + FRONT)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=re.compile("main content|hovedinnhold", re.IGNORECASE))
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    # The focus ring shows: a solid outline, not the browser's faint default.
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("searchbox")).to_be_focused()
