"""The causes of 500 a security probe found, each now a 4xx or a sensible page (issue 14, item 10)."""

import pytest

from servicetorg.accounts.services import api_token_create


@pytest.fixture
def bearer(clerk):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=clerk, name='probe')[1]}"}


@pytest.mark.parametrize("path", [
    "/api/v1/catalogue/services?area=%00", "/api/v1/catalogue/search?q=a%00b",
    "/api/v1/catalogue/services?municipality=sandefjord%00",
])
def test_a_nul_byte_in_an_api_parameter_is_a_400_naming_the_field(client, municipality, path):
    response = client.get(path)

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] in ("area", "q", "municipality")
    assert "NUL" in error["reason"]


def test_a_nul_byte_in_a_search_page_is_a_400_page(client, municipality):
    response = client.get("/public/sandefjord/", {"q": "søppel\x00"})

    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_byte_in_a_form_is_a_400(client_for, clerk, site):
    response = client_for(clerk).post("/inquiries/log/", {"note": "a\x00b", "site": site.pk})

    assert response.status_code == 400


@pytest.mark.parametrize("value", ["0.5", "1700000000", "2026-03-01T09:00:00+16:00", "2026-03-01T09:00:00-23:00",
                                   "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+14:00", "2026-03-01T09:00"])
@pytest.mark.parametrize("name", ["received_from", "received_to"])
def test_the_inquiry_list_takes_only_iso_times_with_a_real_offset(client, bearer, name, value):
    response = client.get("/api/v1/inquiries", {name: value}, **bearer)

    assert response.status_code == 400, response.content
    assert [e["field"] for e in response.json()["errors"]] == [name]


def test_the_inquiry_list_takes_a_good_time(client, bearer):
    assert client.get("/api/v1/inquiries", {"received_from": "2026-03-01T09:00:00+01:00"}, **bearer).status_code == 200


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "²", "2026-02-30"])
def test_the_resource_calendar_survives_any_date(client_for, leader, site, date):
    response = client_for(leader).get("/bookings/calendar/", {"date": date, "view": "week"})

    assert response.status_code == 200


@pytest.mark.parametrize("site_part", ["²", "٣", "99999999999999999999", "-1"])
def test_the_anonymous_booking_page_sends_an_odd_slot_back_to_the_free_times(client, municipality, byggesak,
                                                                               site_part):
    from servicetorg.bookings.models import AppointmentType

    AppointmentType.objects.create(municipality=municipality, unit=byggesak, slug="samtale", name="Samtale",
                                   minutes=30)
    response = client.get("/public/sandefjord/booking/samtale/book/",
                          {"slot": f"2026-03-02T09:00:00+01:00|site|{site_part}"})

    assert response.status_code == 302
    assert response["Location"] == "/public/sandefjord/booking/samtale/"


@pytest.mark.parametrize("offset", ["+23:00", "+16:00"])
def test_the_anonymous_booking_page_refuses_an_impossible_offset(client, municipality, byggesak, offset):
    from servicetorg.bookings.models import AppointmentType

    AppointmentType.objects.create(municipality=municipality, unit=byggesak, slug="samtale", name="Samtale",
                                   minutes=30)
    response = client.get("/public/sandefjord/booking/samtale/book/", {"slot": f"2026-03-02T09:00:00{offset}|video|"})

    assert response.status_code == 302


@pytest.mark.parametrize("target", ["abc", "//evil.example/x", "https://evil.example/", "\\\\evil", "/\\evil"])
def test_mark_reviewed_goes_back_only_to_a_path_on_this_site(client_for, leader, service_renovasjon, target):
    response = client_for(leader).post(f"/catalogue/services/{service_renovasjon.slug}/reviewed/", {"next": target})

    assert response.status_code == 302
    assert response["Location"] == f"/catalogue/services/{service_renovasjon.slug}/"


def test_mark_reviewed_goes_back_to_the_review_list(client_for, leader, service_renovasjon):
    response = client_for(leader).post(f"/catalogue/services/{service_renovasjon.slug}/reviewed/",
                                       {"next": "/catalogue/review/?owner_unit="})

    assert response["Location"] == "/catalogue/review/?owner_unit="


@pytest.mark.parametrize("value", ["abc", "²", "99999999999999999999", "-1"])
def test_the_quick_log_answers_a_non_numeric_site_with_the_form(client_for, clerk, site, value):
    response = client_for(clerk).post("/inquiries/log/", {"site": value, "channel": "phone"})

    assert response.status_code == 200
    assert response.context["form"].errors["site"]
