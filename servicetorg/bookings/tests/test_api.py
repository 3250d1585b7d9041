"""The public free-slots API: times and places, 4xx JSON on bad input."""

from servicetorg.bookings.tests.conftest import NEXT_MONDAY, at


def test_it_lists_the_free_times_of_thirty_days(client, conference, mondays, site):
    response = client.get("/api/v1/bookings/sandefjord/forhandskonferanse/slots", {"days": 30})
    assert response.status_code == 200
    body = response.json()
    assert body["minutes"] == 45
    starts = [slot["starts_at"] for slot in body["results"]]
    assert at(NEXT_MONDAY, 9).isoformat() in starts
    assert all(slot["site"] == site.name and slot["mode"] == "site" for slot in body["results"])
    # Today from 10:30 (two hours notice), then three Mondays of four times; Easter Monday is closed.
    assert len(starts) == 2 + 3 * 4


def test_bad_input_is_a_400_that_names_the_field(client, conference):
    response = client.get("/api/v1/bookings/sandefjord/forhandskonferanse/slots", {"days": 500})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "days"
    response = client.get("/api/v1/bookings/sandefjord/forhandskonferanse/slots", {"from": "2020-01-01"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "from"


def test_an_unknown_type_is_a_404(client, conference):
    assert client.get("/api/v1/bookings/sandefjord/nothing/slots").status_code == 404


def test_the_book_url_is_url_encoded(client, conference, mondays, site):
    from urllib.parse import parse_qs, urlsplit

    slot = client.get("/api/v1/bookings/sandefjord/forhandskonferanse/slots").json()["results"][0]
    query = urlsplit(slot["book_url"]).query
    assert "+" not in query and "|" not in query  # "+02:00" would read as " 02:00"
    value = parse_qs(query)["slot"][0]
    assert value.startswith(slot["starts_at"][:16]) and value.endswith(f"|site|{site.pk}")
    assert client.get(slot["book_url"]).status_code == 200
