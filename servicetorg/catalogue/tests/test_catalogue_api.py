"""The public catalogue API: /api/v1/catalogue/search, /services and /services/{slug}. No login;
a stable contract that other tools depend on, so field names and types are asserted here."""

import pytest

from servicetorg.catalogue.models import Area, Handling
from servicetorg.catalogue.services import service_create, service_update
from servicetorg.organisation.models import Unit

SEARCH = "/api/v1/catalogue/search"
SERVICES = "/api/v1/catalogue/services"


def add(municipality, name, area, **fields):
    return service_create(by=None, municipality=municipality, name=name, area=Area.objects.get(code=area),
                          step=fields.pop("step", 2), handling=fields.pop("handling", Handling.GUIDE), **fields)


@pytest.fixture
def catalogue(municipality):
    barnevern = Unit.objects.create(municipality=municipality, name="Barneverntjenesten", slug="barnevern",
                                    sensitive=True)
    return {
        "glemt": add(municipality, "Melde fra om glemt henting av avfall", "renovasjon",
                     keywords="ikke tømt, ikke hentet, glemt", summary="Ble beholderen ikke tømt? Meld fra.",
                     guidance="Registrer avviket i fagsystemet og si at bilen kommer innen to dager."),
        "kalender": add(municipality, "Tømmekalender", "renovasjon", handling=Handling.ANSWER, step=1,
                        summary="Se når avfallet blir hentet.",
                        links=[{"title": "Tømmekalender", "url": "https://example.org/tommekalender"}]),
        "barnehage": add(municipality, "Søknad om barnehageplass", "barnehage",
                         summary="Søk plass innen 1. mars.", name_nn="Søknad om barnehageplass"),
        "bekymring": add(municipality, "Bekymringsmelding til barnevernet", "barnevern", step=4,
                         handling=Handling.FORWARD, forward_to=barnevern, owner_unit=barnevern),
    }


def errors(response) -> dict[str, str]:
    assert response.status_code == 400, response.content
    return {e["field"]: e["reason"] for e in response.json()["errors"]}


# --- search -------------------------------------------------------------------------------------


def test_search_answers_with_the_contract_s_fields_and_types(client, municipality, catalogue):
    response = client.get(SEARCH, {"q": "søppla ble ikke tømt"})
    assert response.status_code == 200
    results = response.json()["results"]
    first = results[0]
    assert set(first) == {"id", "slug", "name", "area", "step", "handling", "forward_to", "url", "score"}
    assert first == {
        "id": catalogue["glemt"].pk, "slug": catalogue["glemt"].slug, "name": "Melde fra om glemt henting av avfall",
        "area": "renovasjon", "step": 2, "handling": "guide", "forward_to": None,
        "url": f"/public/sandefjord/services/{catalogue['glemt'].slug}/", "score": first["score"],
    }
    assert isinstance(first["score"], float)
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


def test_search_names_the_unit_it_forwards_to(client, municipality, catalogue):
    first = client.get(SEARCH, {"q": "bekymringsmelding"}).json()["results"][0]
    assert first["id"] == catalogue["bekymring"].pk
    assert first["handling"] == "forward"
    assert first["forward_to"] == "Barneverntjenesten"
    assert first["step"] == 4


def test_search_understands_nynorsk_and_limits_the_results(client, municipality, catalogue):
    results = client.get(SEARCH, {"q": "korleis søkjer eg barnehageplass", "limit": 1}).json()["results"]
    assert [r["id"] for r in results] == [catalogue["barnehage"].pk]


def test_search_needs_no_login_and_ignores_a_bad_token(client, municipality, catalogue):
    response = client.get(SEARCH, {"q": "tømmekalender"}, headers={"Authorization": "Bearer st_not-a-key"})
    assert response.status_code == 200
    assert response.json()["results"][0]["id"] == catalogue["kalender"].pk


def test_search_shows_only_active_services(client, municipality, catalogue):
    service_update(service=catalogue["kalender"], by=None, active=False)
    ids = [r["id"] for r in client.get(SEARCH, {"q": "tømmekalender"}).json()["results"]]
    assert catalogue["kalender"].pk not in ids


def test_search_finds_nothing_without_error(client, municipality, catalogue):
    response = client.get(SEARCH, {"q": "xyzzy"})
    assert response.status_code == 200
    assert response.json() == {"results": []}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "avfall", "limit": "0"}, "limit"),
        ({"q": "avfall", "limit": "51"}, "limit"),
        ({"q": "avfall", "limit": "ti"}, "limit"),
    ],
)
def test_search_rejects_bad_input_naming_the_field(client, municipality, catalogue, params, field):
    found = errors(client.get(SEARCH, params))
    assert field in found
    assert found[field]


def test_an_unknown_municipality_is_not_found(client, municipality, catalogue):
    assert client.get(SEARCH, {"q": "avfall", "municipality": "atlantis"}).status_code == 404
    assert client.get(SERVICES, {"municipality": "atlantis"}).status_code == 404


def test_search_needs_the_municipality_when_there_are_several(client, municipality, other_municipality, catalogue):
    assert "municipality" in errors(client.get(SEARCH, {"q": "avfall"}))
    add(other_municipality, "Tømmekalender i Levanger", "renovasjon")
    response = client.get(SEARCH, {"q": "tømmekalender", "municipality": "levanger"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["name"] for r in results] == ["Tømmekalender i Levanger"]
    assert results[0]["url"].startswith("/public/levanger/services/")


# --- services -----------------------------------------------------------------------------------------


def test_the_service_list_is_paginated_by_name(client, municipality, catalogue):
    first = client.get(SERVICES, {"limit": 3}).json()
    assert first["count"] == 4
    assert (first["limit"], first["offset"], first["next_offset"]) == (3, 0, 3)
    assert [r["name"] for r in first["results"]] == [
        "Bekymringsmelding til barnevernet", "Melde fra om glemt henting av avfall", "Søknad om barnehageplass",
    ]
    assert set(first["results"][0]) == {"id", "slug", "name", "area", "step", "handling", "forward_to", "url",
                                        "summary"}
    second = client.get(SERVICES, {"limit": 3, "offset": 3}).json()
    assert [r["name"] for r in second["results"]] == ["Tømmekalender"]
    assert second["next_offset"] is None


def test_the_service_list_filters_by_area_and_leaves_out_inactive_services(client, municipality, catalogue):
    service_update(service=catalogue["glemt"], by=None, active=False)
    page = client.get(SERVICES, {"area": "renovasjon"}).json()
    assert [r["id"] for r in page["results"]] == [catalogue["kalender"].pk]
    assert page["count"] == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [({"area": "søppel"}, "area"), ({"limit": "0"}, "limit"), ({"limit": "201"}, "limit"),
     ({"offset": "-1"}, "offset")],
)
def test_the_service_list_rejects_bad_input(client, municipality, catalogue, params, field):
    assert field in errors(client.get(SERVICES, params))


def test_the_service_list_takes_a_fixed_number_of_queries(client, municipality, catalogue,
                                                          django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get(SERVICES, {"limit": 50}).status_code == 200


def test_a_service_is_read_by_slug_without_the_staff_guidance(client, municipality, catalogue):
    service = catalogue["kalender"]
    response = client.get(f"{SERVICES}/{service.slug}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == service.pk
    assert body["name"] == "Tømmekalender"
    assert body["area"] == "renovasjon"
    assert body["area_name"] == "Renovasjon og avfall"
    assert body["handling"] == "answer"
    assert body["links"] == [{"title": "Tømmekalender", "url": "https://example.org/tommekalender"}]
    assert body["url"] == f"/public/sandefjord/services/{service.slug}/"
    assert "guidance" not in body
    assert "guidance" not in client.get(f"{SERVICES}/{catalogue['glemt'].slug}").json()


def test_an_unknown_or_inactive_slug_is_not_found(client, municipality, other_municipality, catalogue):
    assert client.get(f"{SERVICES}/finnes-ikke", {"municipality": "sandefjord"}).status_code == 404
    service_update(service=catalogue["kalender"], by=None, active=False)
    assert client.get(f"{SERVICES}/{catalogue['kalender'].slug}", {"municipality": "sandefjord"}).status_code == 404
    # Another municipality's service does not exist here.
    assert client.get(f"{SERVICES}/{catalogue['glemt'].slug}", {"municipality": "levanger"}).status_code == 404


def test_the_openapi_schema_documents_the_catalogue_without_authentication(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/catalogue/search", "/api/v1/catalogue/services", "/api/v1/catalogue/services/{slug}"):
        assert "security" not in paths[path]["get"], path
    assert "security" in paths["/api/v1/inquiries"]["get"]
