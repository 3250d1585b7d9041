"""The citizen pages: search as you type (and without JavaScript), areas, service
and article pages, language fallback, and nothing that is meant for staff only."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import indexed
from servicetorg.catalogue.models import Area, Article, ArticleKind, Handling, Service
from servicetorg.catalogue.services import service_create
from servicetorg.organisation.models import Municipality, OpeningException, OpeningHours, Site

FRONT = "/public/sandefjord/"
GUIDANCE = "Kun for ansatte: be om fødselsnummer og sjekk Visma"
ASCENSION_DAY = dt.datetime(2026, 5, 14, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def add_service(municipality, name, area, **fields):
    fields.setdefault("handling", Handling.GUIDE)
    return service_create(by=None, municipality=municipality, name=name, area=Area.objects.get(code=area), **fields)


@pytest.fixture
def kindergarten(municipality, leader):
    return add_service(
        municipality, "Søke barnehageplass", "barnehage", slug="barnehageplass",
        name_nn="Søkje barnehageplass", name_en="Apply for a kindergarten place",
        summary="Slik søker du plass i kommunal eller privat barnehage.",
        summary_en="How to apply for a place in a municipal or private kindergarten.",
        body="Hovedopptaket har søknadsfrist 1. mars.\n\nDu får svar i løpet av april.",
        body_en="The main admission has a deadline of 1 March.\n\nYou get an answer in April.",
        guidance=GUIDANCE, content_owner=leader,
        links=[{"title": "Søk barnehageplass", "url": "https://sandefjord.example/barnehage/sok"}],
        fees="Maksimalpris 3 000 kroner i måneden.", legal_basis="Barnehageloven § 16",
        keywords="barnehage, barnehageplass, opptak",
    )


@pytest.fixture
def rubbish(municipality):
    return add_service(
        municipality, "Tømming av avfallsbeholdere", "renovasjon", slug="tomming-avfall", handling=Handling.ANSWER,
        summary="Når søppelet hentes, og hva du gjør når dunken ikke er tømt.",
        body="Restavfall hentes annenhver uke.", keywords="søppel, bos, dunk, tømming",
    )


@pytest.fixture
def child_welfare(municipality, barnevern):
    return add_service(
        municipality, "Bekymringsmelding til barnevernet", "barnevern", slug="bekymringsmelding",
        handling=Handling.FORWARD, forward_to=barnevern, owner_unit=barnevern, sensitive=True, step=4,
        summary="Er du bekymret for et barn, kan du melde fra til barnevernet.",
        guidance="Sett over til Barneverntjenesten uten å notere navn.", keywords="bekymring, barnevern",
    )


@pytest.fixture
def closed_service(municipality):
    return add_service(municipality, "Nedlagt barnehagetjeneste", "barnehage", slug="nedlagt", active=False,
                       keywords="barnehage")


@pytest.fixture
def articles(municipality, kindergarten):
    made = {
        "faq": Article.objects.create(
            municipality=municipality, title="Når får jeg svar på barnehagesøknaden?", slug="svar-barnehage",
            kind=ArticleKind.FAQ, body="Svar sendes i april.\n\nSjekk Digipost.", public=True),
        "internal": Article.objects.create(
            municipality=municipality, title="Intern rutine for opptak", slug="intern-opptak",
            kind=ArticleKind.HOWTO, body="Bare for ansatte.", public=False),
        "script": Article.objects.create(
            municipality=municipality, title="Telefonmanus barnehage", slug="manus-barnehage",
            kind=ArticleKind.PHONE_SCRIPT, body="Si: Hei, du har kommet til servicetorget.", public=True),
        "retired": Article.objects.create(
            municipality=municipality, title="Gammel veiledning", slug="gammel", kind=ArticleKind.FAQ,
            body="Utgått.", public=True, active=False),
    }
    for article in made.values():
        article.services.add(kindergarten)
    indexed(*made.values())
    return made


@pytest.fixture
def catalogue(kindergarten, rubbish, child_welfare, closed_service):
    return [kindergarten, rubbish, child_welfare]


@pytest.fixture
def hours(site):
    for weekday in range(5):
        OpeningHours.objects.create(municipality=site.municipality, site=site, weekday=weekday,
                                    opens=dt.time(8), closes=dt.time(15, 30))
    site.address = "Kongens gate 2, 3210 Sandefjord"
    site.phone = "33 41 60 00"
    site.save(update_fields=["address", "phone"])
    OpeningException.objects.create(municipality=site.municipality, site=site, date=ASCENSION_DAY.date(),
                                    closed=True, reason="Kristi himmelfartsdag")
    return site


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# The front page


def test_the_front_page_asks_what_we_can_help_with(client, catalogue, hours):
    body = html(client.get(FRONT))
    assert '<html lang="nb">' in body
    assert body.count("<h1") == 1
    assert '<label for="q">' in body
    assert 'role="search"' in body and 'role="status"' in body
    assert 'href="#main"' in body


def test_the_front_page_lists_only_areas_with_active_services(client, catalogue, closed_service):
    body = html(client.get(FRONT))
    assert 'href="/public/sandefjord/areas/barnehage/"' in body
    assert 'href="/public/sandefjord/areas/renovasjon/"' in body
    assert "/areas/jobb-kommunen/" not in body


def test_the_front_page_counts_only_active_services(english, catalogue, closed_service):
    body = html(english.get(FRONT))
    assert '<span class="area-count">1 service</span>' in body


def test_the_front_page_shows_the_centres_and_todays_exception(client, catalogue, hours):
    with time_machine.travel(ASCENSION_DAY, tick=False):
        body = html(client.get(FRONT))
    assert "Kongens gate 2, 3210 Sandefjord" in body
    assert 'href="tel:33416000"' in body
    assert "Kristi himmelfartsdag" in body
    assert "08:00–15:30" in body
    assert 'id="contact"' in body


def test_the_public_pages_have_no_staff_menu(client_for, clerk, catalogue):
    body = html(client_for(clerk).get(FRONT))
    assert "/inquiries/" not in body
    assert "/accounts/logout/" not in body


def test_the_pages_answer_head_requests(client, catalogue, articles):
    for path in (FRONT, "/public/sandefjord/areas/barnehage/", "/public/sandefjord/services/barnehageplass/",
                 "/public/sandefjord/articles/svar-barnehage/"):
        assert client.head(path).status_code == 200, path
    assert client.post(FRONT).status_code == 405


def test_an_unknown_municipality_is_not_found(client, catalogue):
    for path in ("/public/oslo/", "/public/oslo/areas/barnehage/", "/public/oslo/services/barnehageplass/",
                 "/public/oslo/articles/svar-barnehage/"):
        assert client.get(path).status_code == 404, path


# Search


def test_a_search_without_javascript_gives_the_whole_page_with_results(english, catalogue):
    body = html(english.get(FRONT, {"q": "barnehage"}))
    assert "<html" in body
    assert "Apply for a kindergarten place" in body
    assert 'href="/public/sandefjord/services/barnehageplass/"' in body
    assert "1 result" in body
    assert 'value="barnehage"' in body


def test_a_search_as_you_type_gives_only_the_results(english, catalogue):
    response = english.get(FRONT, {"q": "barnehage"}, HTTP_HX_REQUEST="true")
    body = html(response)
    assert "<html" not in body
    assert "Apply for a kindergarten place" in body
    # The count goes into the live region that stays in the page.
    assert 'id="search-status" hx-swap-oob="innerHTML"' in body
    assert "1 result" in body
    assert "HX-Request" in response["Vary"] and "Cookie" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, catalogue):
    body = html(client.get(FRONT, {"q": "barnehage"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"))
    assert "<html" in body


def test_a_search_finds_public_articles_but_never_phone_scripts(client, catalogue, articles):
    body = html(client.get(FRONT, {"q": "barnehagesøknaden"}))
    assert 'href="/public/sandefjord/articles/svar-barnehage/"' in body
    body = html(client.get(FRONT, {"q": "telefonmanus"}))
    assert "manus-barnehage" not in body and "Telefonmanus" not in body
    body = html(client.get(FRONT, {"q": "intern rutine opptak"}))
    assert "intern-opptak" not in body


def test_a_search_without_a_match_says_so(english, catalogue):
    body = html(english.get(FRONT, {"q": "xyzzyqq"}, HTTP_HX_REQUEST="true"))
    assert "0 results" in body
    assert "We found no service that matches" in body


def test_an_empty_search_shows_no_results_section(client, catalogue):
    body = html(client.get(FRONT, {"q": "   "}))
    assert 'id="results-heading"' not in body


def test_inactive_services_are_never_found(client, catalogue, closed_service):
    body = html(client.get(FRONT, {"q": "barnehage"}))
    assert "Nedlagt barnehagetjeneste" not in body
    assert client.get("/public/sandefjord/services/nedlagt/").status_code == 404
    assert "Nedlagt" not in html(client.get("/public/sandefjord/areas/barnehage/"))


def test_another_municipalitys_services_are_not_found(client, catalogue, other_municipality):
    add_service(other_municipality, "Levanger barnehageopptak", "barnehage", slug="opptak", keywords="barnehage")
    assert "Levanger barnehageopptak" not in html(client.get(FRONT, {"q": "barnehage"}))
    assert client.get("/public/sandefjord/services/opptak/").status_code == 404


STRANGE_QUERIES = [
    "a" * 5000, "\x1b[31m", "'; DROP TABLE catalogue_service; --", '"unclosed', "(((", "*",
    "barnehage OR", "NEAR(a b)", "a:b", "^", "%", "_", "\\", "🙂 barnehage", "بلدية", "é" * 300, "\u200b",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("q", STRANGE_QUERIES, ids=range(len(STRANGE_QUERIES)))
def test_strange_queries_never_fail(client, catalogue, q):
    assert client.get(FRONT, {"q": q}).status_code == 200
    assert client.get(FRONT, {"q": q}, HTTP_HX_REQUEST="true").status_code == 200


def test_a_nul_character_is_refused_with_a_400_page(client, catalogue):
    # No browser sends one; the NUL middleware refuses it before any view (servicetorg.core.middleware).
    assert client.get(FRONT, {"q": "barne\x00hage"}).status_code == 400


def test_a_long_query_is_cut_to_200_characters(client, catalogue):
    body = html(client.get(FRONT, {"q": "a" * 5000}))
    assert f'value="{"a" * 200}"' in body
    assert "a" * 201 not in body
    # The language switcher comes back to the same search.
    assert f'name="next" type="hidden" value="{FRONT}?q={"a" * 200}"' in body


def test_what_was_typed_is_escaped(client, catalogue):
    body = html(client.get(FRONT, {"q": "<script>alert(1)</script>"}))
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;" in body


# Areas


def test_an_area_lists_its_active_services(client, catalogue):
    body = html(client.get("/public/sandefjord/areas/barnehage/"))
    assert "<h1>Barnehage</h1>" in body
    assert 'href="/public/sandefjord/services/barnehageplass/"' in body
    assert "Tømming av avfallsbeholdere" not in body


def test_an_unknown_area_is_not_found(client, catalogue):
    assert client.get("/public/sandefjord/areas/finnes-ikke/").status_code == 404


# Service pages


def test_the_service_page_shows_what_citizens_need(client, kindergarten, articles, hours):
    body = html(client.get("/public/sandefjord/services/barnehageplass/"))
    assert body.count("<h1") == 1
    assert "Søke barnehageplass" in body
    assert "Slik søker du plass" in body
    assert "<p>Hovedopptaket har søknadsfrist 1. mars.</p>" in body
    assert "<p>Du får svar i løpet av april.</p>" in body
    assert 'class="button button-big" href="https://sandefjord.example/barnehage/sok"' in body
    assert "Maksimalpris 3 000 kroner" in body
    assert "Barnehageloven § 16" in body
    assert 'href="/public/sandefjord/articles/svar-barnehage/"' in body
    assert 'id="help-heading"' in body
    assert 'href="tel:33416000"' in body


def test_only_web_addresses_become_buttons(client, kindergarten):
    # The admin's JSON field skips the service's link check.
    Service.objects.filter(pk=kindergarten.pk).update(
        links=[*kindergarten.links, {"title": "Farlig lenke", "url": "javascript:alert(1)"}, "not a link"]
    )
    body = html(client.get("/public/sandefjord/services/barnehageplass/"))
    assert "javascript:" not in body
    assert "Farlig lenke" not in body


def test_staff_only_fields_never_reach_the_public(client, catalogue, articles, leader, barnevern):
    pages = [
        client.get(FRONT, {"q": "barnehage"}), client.get(FRONT, {"q": "bekymring"}),
        client.get(FRONT, {"q": "barnehage"}, HTTP_HX_REQUEST="true"),
        client.get("/public/sandefjord/areas/barnehage/"), client.get("/public/sandefjord/areas/barnevern/"),
        client.get("/public/sandefjord/services/barnehageplass/"),
        client.get("/public/sandefjord/services/bekymringsmelding/"),
        client.get("/public/sandefjord/articles/svar-barnehage/"),
    ]
    for response in pages:
        body = html(response)
        assert GUIDANCE not in body
        assert "Sett over til Barneverntjenesten" not in body
        assert barnevern.name not in body  # the forward target
        assert leader.username not in body and leader.get_full_name() not in body  # the content owner
        assert "Telefonmanus barnehage" not in body
        assert "Intern rutine for opptak" not in body
        assert "Gammel veiledning" not in body
        assert "sensitive" not in body.lower()


# Articles


def test_a_public_article_is_shown_with_its_services(client, articles):
    body = html(client.get("/public/sandefjord/articles/svar-barnehage/"))
    assert "Når får jeg svar på barnehagesøknaden?" in body
    assert "<p>Svar sendes i april.</p>" in body
    assert 'href="/public/sandefjord/services/barnehageplass/"' in body


@pytest.mark.parametrize("slug", ["intern-opptak", "manus-barnehage", "gammel", "finnes-ikke"])
def test_articles_not_meant_for_the_public_are_not_found(client, articles, slug):
    assert client.get(f"/public/sandefjord/articles/{slug}/").status_code == 404


# Language


def test_the_service_page_in_english_uses_the_english_text(english, kindergarten):
    body = html(english.get("/public/sandefjord/services/barnehageplass/"))
    assert '<html lang="en">' in body
    assert "<h1>Apply for a kindergarten place</h1>" in body
    assert "<p>You get an answer in April.</p>" in body
    assert "only available in Norwegian" not in body
    # Fees and legal basis have no English version: marked as bokmål.
    assert '<div lang="nb"><p>Maksimalpris 3 000 kroner i måneden.</p></div>' in body


def test_the_service_page_falls_back_to_bokmal_with_a_note(english, rubbish):
    body = html(english.get("/public/sandefjord/services/tomming-avfall/"))
    assert '<html lang="en">' in body
    assert '<h1 lang="nb">Tømming av avfallsbeholdere</h1>' in body
    assert '<div class="body" lang="nb">' in body
    assert "This page is only available in Norwegian bokmål." in body


def test_a_partly_translated_service_says_which_parts_are_in_bokmal(english, municipality):
    add_service(municipality, "Feiing", "brann-feiing", slug="feiing", name_en="Chimney sweeping",
                body="Feieren kommer hvert fjerde år.")
    body = html(english.get("/public/sandefjord/services/feiing/"))
    assert "<h1>Chimney sweeping</h1>" in body
    assert '<div class="body" lang="nb">' in body
    assert "Parts of this page are only available in Norwegian bokmål." in body


def test_the_service_page_in_nynorsk(client, kindergarten):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    body = html(client.get("/public/sandefjord/services/barnehageplass/"))
    assert '<html lang="nn">' in body
    assert "<h1>Søkje barnehageplass</h1>" in body
    assert '<p class="lead" lang="nb">Slik søker du plass' in body


def test_search_results_in_english_mark_bokmal_names(english, catalogue):
    body = html(english.get(FRONT, {"q": "tømming"}))
    assert 'lang="nb">Tømming av avfallsbeholdere</a>' in body


def test_an_article_on_an_english_page_is_marked_as_bokmal(english, articles):
    body = html(english.get("/public/sandefjord/articles/svar-barnehage/"))
    assert '<h1 lang="nb">' in body
    assert "This page is only available in Norwegian bokmål." in body


def test_the_language_switcher_changes_the_language(client, catalogue):
    body = html(client.get(FRONT))
    assert 'action="/i18n/setlang/"' in body
    for code in ("nb", "nn", "en"):
        assert f'<option value="{code}" lang="{code}"' in body
    response = client.post("/i18n/setlang/", {"language": "en", "next": FRONT})
    assert response.status_code == 302 and response["Location"] == FRONT
    assert '<html lang="en">' in html(client.get(FRONT))


# Home


def test_an_anonymous_visitor_goes_to_the_only_municipality(client, municipality):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == FRONT


def test_an_anonymous_visitor_chooses_when_there_are_several(client, municipality, other_municipality):
    body = html(client.get("/"))
    assert 'href="/public/sandefjord/"' in body and 'href="/public/levanger/"' in body
    assert body.count("<h1") == 1


def test_an_empty_installation_still_answers(client, db):
    assert not Municipality.objects.exists()
    assert client.get("/").status_code == 200


def test_staff_still_go_to_their_work(client_for, clerk):
    assert client_for(clerk).get("/")["Location"] == "/inquiries/log/"


# Query counts


def grow_catalogue(municipality):
    for n, area in enumerate(["skole-sfo", "bolig", "byggesak", "vann-avlop", "kultur-bibliotek", "statlig"]):
        add_service(municipality, f"Barnehagetjeneste {n}", area, slug=f"tjeneste-{n}",
                    keywords="barnehage", summary="Noe om barnehage.")


def test_the_front_page_needs_the_same_queries_whatever_the_catalogue(client, django_assert_num_queries, municipality,
                                                                      catalogue, hours, other_site):
    # Municipality, areas, centres, their hours, today's exceptions.
    with django_assert_num_queries(5):
        client.get(FRONT)
    grow_catalogue(municipality)
    Site.objects.create(municipality=municipality, name="Andebu servicetorg", slug="andebu")
    with django_assert_num_queries(5):
        client.get(FRONT)


def test_an_area_page_needs_the_same_queries_whatever_the_catalogue(client, django_assert_num_queries, municipality,
                                                                    catalogue, hours):
    with django_assert_num_queries(6):
        client.get("/public/sandefjord/areas/barnehage/")
    for n in range(5):
        add_service(municipality, f"Barnehage {n}", "barnehage", slug=f"b-{n}")
    with django_assert_num_queries(6):
        client.get("/public/sandefjord/areas/barnehage/")


def test_search_results_cost_no_query_per_result(client, municipality, catalogue):
    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            body = html(client.get(FRONT, {"q": "barnehage"}, HTTP_HX_REQUEST="true"))
        return len(queries), body

    few, body = count()
    assert body.count('class="card"') == 1
    grow_catalogue(municipality)
    many, body = count()
    assert body.count('class="card"') == 7
    assert many == few


def test_the_service_page_needs_the_same_queries_whatever_its_articles(client, django_assert_num_queries,
                                                                       municipality, kindergarten, hours):
    with django_assert_num_queries(6):
        client.get("/public/sandefjord/services/barnehageplass/")
    for n in range(4):
        Article.objects.create(municipality=municipality, title=f"Spørsmål {n}", slug=f"sp-{n}",
                               body="Svar.").services.add(kindergarten)
    with django_assert_num_queries(6):
        client.get("/public/sandefjord/services/barnehageplass/")
