import base64
import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from servicetorg.accounts.models import Role, User
from servicetorg.accounts.services import api_token_create, api_token_revoke
from servicetorg.catalogue.models import Area
from servicetorg.inquiries.models import Channel, Inquiry, Outcome
from servicetorg.inquiries.services import inquiry_create
from servicetorg.organisation.models import Site, Unit

URL = "/api/v1/inquiries"


def bearer(user) -> dict:
    _, key = api_token_create(user=user, name="test integration")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def log(user, site, *, service=None, area=None, channel=Channel.PHONE, outcome=Outcome.ANSWERED, **extra):
    if service is None and area is None:
        area = Area.objects.get(code="renovasjon")
    return inquiry_create(
        by=user, site=site, channel=channel, outcome=outcome, service=service, area=area, **extra
    )


def post(client, headers, body):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **headers)


def encode(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode()


def fields(response) -> set:
    assert response.status_code == 400, response.content
    return {error["field"] for error in response.json()["errors"]}


@pytest.fixture
def valid_body(site, service_renovasjon):
    return {"channel": "phone", "site": site.pk, "service": service_renovasjon.pk, "outcome": "answered"}


@pytest.fixture
def other_leader(other_municipality):
    site = Site.objects.create(municipality=other_municipality, name="Levanger servicetorg", slug="levanger")
    user = User.objects.create_user(username="other", role=Role.LEADER, municipality=other_municipality)
    user.sites.set([site])
    return user


# Creating


def test_it_creates_an_inquiry(client, clerk, site, service_renovasjon, valid_body):
    body = {**valid_body, "handling_seconds": 120, "note": "Spurte om henting"}
    response = post(client, bearer(clerk), body)
    assert response.status_code == 201, response.content
    body = response.json()
    inquiry = Inquiry.objects.get()
    assert body["id"] == inquiry.pk
    assert body["channel"] == "phone"
    assert body["site"] == site.pk
    assert body["site_name"] == "Sandefjord servicetorg"
    assert body["service"] == service_renovasjon.pk
    assert body["service_name"] == service_renovasjon.name
    assert body["area"] == "renovasjon"
    assert body["outcome"] == "answered"
    assert body["forwarded_to"] is None
    assert body["handling_seconds"] == 120
    assert body["language"] == "nb"
    assert body["note"] == "Spurte om henting"
    assert body["sensitive"] is False
    assert body["handled_by"] == clerk.pk
    assert inquiry.handled_by == clerk


def test_it_creates_an_inquiry_with_an_area_and_no_service(client, clerk, site):
    body = {"channel": "walk_in", "site": site.pk, "area": "byggesak", "outcome": "self_service",
            "language": "en"}
    response = post(client, bearer(clerk), body)
    assert response.status_code == 201, response.content
    assert response.json()["service"] is None
    assert response.json()["service_name"] is None
    assert Inquiry.objects.get().area_id == "byggesak"


def test_it_accepts_a_received_at_with_an_offset(client, clerk, valid_body):
    received_at = timezone.now().replace(microsecond=0) - dt.timedelta(hours=2)
    response = post(client, bearer(clerk), {**valid_body, "received_at": received_at.isoformat()})
    assert response.status_code == 201, response.content
    assert Inquiry.objects.get().received_at == received_at


def test_it_forwards_to_the_services_unit(client, clerk, site, service_byggesak, byggesak):
    body = {"channel": "phone", "site": site.pk, "service": service_byggesak.pk, "outcome": "forwarded"}
    response = post(client, bearer(clerk), body)
    assert response.status_code == 201, response.content
    assert response.json()["forwarded_to"] == byggesak.pk


def test_it_rejects_a_note_on_a_sensitive_inquiry(client, clerk, site, service_barnevern):
    body = {"channel": "phone", "site": site.pk, "service": service_barnevern.pk, "outcome": "forwarded",
            "note": "Navn og adresse"}
    response = post(client, bearer(clerk), body)
    assert fields(response) == {"note"}
    assert Inquiry.objects.count() == 0


def test_it_records_a_sensitive_inquiry_without_a_note(client, clerk, site, service_barnevern):
    body = {"channel": "phone", "site": site.pk, "service": service_barnevern.pk, "outcome": "forwarded"}
    response = post(client, bearer(clerk), body)
    assert response.status_code == 201, response.content
    assert response.json()["sensitive"] is True


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"outcome": "maybe"}, "outcome"),
        ({"language": "klingon"}, "language"),
        ({"site": "abc"}, "site"),
        ({"site": None}, "site"),
        ({"site": True}, "site"),
        ({"site": "1"}, "site"),
        ({"service": [1]}, "service"),
        ({"handling_seconds": "a while"}, "handling_seconds"),
        ({"handling_seconds": 1.5}, "handling_seconds"),
        ({"handling_seconds": True}, "handling_seconds"),
        ({"handling_seconds": -5}, "handling_seconds"),
        ({"handling_seconds": 10**9}, "handling_seconds"),
        ({"note": 42}, "note"),
        ({"note": "x" * 501}, "note"),
        ({"received_at": "yesterday"}, "received_at"),
        ({"received_at": "2025-03-01T09:30:00"}, "received_at"),
        ({"site": 10**30}, "site"),
        ({"forwarded_to": 10**30, "outcome": "forwarded"}, "forwarded_to"),
        ({"received_at": "0001-01-01T00:00:00+14:00"}, "received_at"),
        ({"unknown_field": 1}, "unknown_field"),
    ],
)
def test_it_rejects_bad_input_with_the_field_named(client, clerk, valid_body, change, field):
    response = post(client, bearer(clerk), {**valid_body, **change})
    assert fields(response) == {field}
    assert all(error["reason"] for error in response.json()["errors"])
    assert Inquiry.objects.count() == 0


def test_it_rejects_a_missing_required_field(client, clerk, valid_body):
    del valid_body["channel"]
    response = post(client, bearer(clerk), valid_body)
    assert fields(response) == {"channel"}


def test_it_names_every_bad_field_at_once(client, clerk):
    response = post(client, bearer(clerk), {"channel": "pigeon", "outcome": "maybe"})
    assert fields(response) == {"channel", "outcome", "site"}


def test_it_rejects_a_future_received_at(client, clerk, valid_body):
    received_at = timezone.now() + dt.timedelta(hours=1)
    response = post(client, bearer(clerk), {**valid_body, "received_at": received_at.isoformat()})
    assert fields(response) == {"received_at"}
    assert Inquiry.objects.count() == 0


def test_it_rejects_a_naive_received_at(client, clerk, valid_body):
    received_at = (timezone.now() - dt.timedelta(hours=1)).replace(tzinfo=None)
    response = post(client, bearer(clerk), {**valid_body, "received_at": received_at.isoformat()})
    assert fields(response) == {"received_at"}


def test_it_rejects_ids_of_another_municipality(client, clerk, valid_body, other_leader, other_municipality):
    other_site = other_leader.sites.get()
    other_unit = Unit.objects.create(municipality=other_municipality, name="Byggesak", slug="byggesak")
    response = post(client, bearer(clerk), {**valid_body, "site": other_site.pk})
    assert fields(response) == {"site"}
    body = {**valid_body, "outcome": "forwarded", "forwarded_to": other_unit.pk}
    response = post(client, bearer(clerk), body)
    assert fields(response) == {"forwarded_to"}
    assert Inquiry.objects.count() == 0


def test_it_rejects_unknown_ids(client, clerk, valid_body):
    response = post(client, bearer(clerk), {**valid_body, "service": 999999, "forwarded_to": 999999})
    assert fields(response) == {"service", "forwarded_to"}
    response = post(client, bearer(clerk), {**valid_body, "service": None, "area": "no-such-area"})
    assert fields(response) == {"area"}


def test_it_requires_a_service_or_an_area(client, clerk, site):
    response = post(client, bearer(clerk), {"channel": "phone", "site": site.pk, "outcome": "answered"})
    assert fields(response) == {"service"}


@pytest.mark.parametrize("body", ['{"channel": "phone",', "not json", b"\xff\xfe", "[1, 2]", '"phone"'])
def test_it_rejects_a_body_that_is_not_a_json_object(client, clerk, body):
    response = post(client, bearer(clerk), body)
    assert response.status_code == 400, response.content
    assert response.json()["errors"]
    assert Inquiry.objects.count() == 0


def test_it_rejects_an_empty_body(client, clerk):
    response = client.post(URL, content_type="application/json", **bearer(clerk))
    assert response.status_code == 400, response.content


def test_it_gives_reasons_in_the_chosen_language(client, clerk, valid_body, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = post(client, bearer(clerk), {**valid_body, "channel": "pigeon"})
    assert response["Content-Language"] == "en"
    assert response.json()["errors"][0]["reason"].startswith("Choose one of")


def test_it_forbids_a_caseworker_to_create(client, caseworker, valid_body):
    response = post(client, bearer(caseworker), valid_body)
    assert response.status_code == 403
    assert response.json()["detail"]
    assert Inquiry.objects.count() == 0


def test_it_requires_a_token_to_create(client, clerk, valid_body):
    response = post(client, {}, valid_body)
    assert response.status_code == 401
    assert Inquiry.objects.count() == 0


def test_it_requires_csrf_for_a_session_post(clerk, valid_body):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    response = post(client, {}, valid_body)
    assert response.status_code == 403
    assert Inquiry.objects.count() == 0


# Reading


def test_it_reads_an_inquiry(client, clerk, site):
    inquiry = log(clerk, site)
    response = client.get(f"{URL}/{inquiry.pk}", **bearer(clerk))
    assert response.status_code == 200
    assert response.json()["id"] == inquiry.pk
    assert response.json()["site_name"] == site.name


def test_it_hides_an_inquiry_that_is_not_yours_as_not_found(client, clerk, leader, site):
    inquiry = log(leader, site)
    response = client.get(f"{URL}/{inquiry.pk}", **bearer(clerk))
    assert response.status_code == 404
    assert response.json()["detail"]
    missing = client.get(f"{URL}/999999", **bearer(clerk))
    assert missing.status_code == 404
    assert missing.json() == response.json()


@pytest.mark.parametrize("pk", ["abc", "0", str(10**30)])
def test_it_rejects_an_id_that_is_not_a_valid_number(client, clerk, pk):
    response = client.get(f"{URL}/{pk}", **bearer(clerk))
    assert fields(response) == {"id"}


def test_it_reads_with_a_staff_session(client_for, clerk, site):
    inquiry = log(clerk, site)
    response = client_for(clerk).get(f"{URL}/{inquiry.pk}")
    assert response.status_code == 200


# Listing


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_it_lists_newest_first(client, clerk, site):
    now = timezone.now()
    old = log(clerk, site, received_at=now - dt.timedelta(hours=2))
    new = log(clerk, site, received_at=now - dt.timedelta(hours=1))
    response = client.get(URL, **bearer(clerk))
    assert ids(response) == [new.pk, old.pk]
    assert response.json()["next_cursor"] is None


def test_it_filters_the_list(client, leader, site, other_site, service_byggesak):
    now = timezone.now()
    phone = log(leader, site, channel=Channel.PHONE, received_at=now - dt.timedelta(days=2))
    email = log(leader, site, channel=Channel.EMAIL, received_at=now - dt.timedelta(hours=1))
    stokke = log(leader, other_site, channel=Channel.PHONE, received_at=now - dt.timedelta(hours=1))
    forwarded = log(leader, site, service=service_byggesak, outcome=Outcome.FORWARDED,
                    received_at=now - dt.timedelta(hours=3))
    headers = bearer(leader)

    assert ids(client.get(URL, {"channel": "email"}, **headers)) == [email.pk]
    assert set(ids(client.get(URL, {"site": other_site.pk}, **headers))) == {stokke.pk}
    assert ids(client.get(URL, {"area": "byggesak"}, **headers)) == [forwarded.pk]
    assert ids(client.get(URL, {"outcome": "forwarded"}, **headers)) == [forwarded.pk]
    since = (now - dt.timedelta(days=1)).isoformat()
    until = (now - dt.timedelta(hours=2)).isoformat()
    recent = ids(client.get(URL, {"received_from": since}, **headers))
    assert set(recent) == {email.pk, stokke.pk, forwarded.pk}
    assert ids(client.get(URL, {"received_to": until}, **headers)) == [forwarded.pk, phone.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"site": "abc"}, "site"),
        ({"received_from": "last week"}, "received_from"),
        ({"received_to": "2025-03-01T09:30:00"}, "received_to"),
        ({"limit": 0}, "limit"),
        ({"limit": 100_000}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": encode("not|a|cursor")}, "cursor"),
        ({"cursor": encode("2025-01-01T10:00:00|1")}, "cursor"),  # a naive time
        ({"cursor": "%%%"}, "cursor"),
        ({"site": 10**30}, "site"),
        ({"received_from": "0001-01-01T00:00:00+14:00"}, "received_from"),
    ],
)
def test_it_rejects_bad_list_parameters(client, clerk, params, field):
    assert fields(client.get(URL, params, **bearer(clerk))) == {field}


@pytest.mark.parametrize(
    "raw",
    ["0001-01-01T00:00:00+14:00|5", "9999-12-31T23:59:59-14:00|5", f"2025-01-01T10:00:00+00:00|{10**30}"],
)
def test_a_forged_cursor_is_never_a_server_error(client, clerk, raw):
    response = client.get(URL, {"cursor": encode(raw)}, **bearer(clerk))
    assert response.status_code == 400


def test_it_reads_the_page_size_limit_at_call_time(client, clerk, settings):
    settings.API_PAGE_SIZE_MAX = 10
    assert fields(client.get(URL, {"limit": 11}, **bearer(clerk))) == {"limit"}
    assert client.get(URL, {"limit": 10}, **bearer(clerk)).status_code == 200


def test_it_walks_all_pages_without_duplicates(client, clerk, site):
    now = timezone.now().replace(microsecond=0)
    # Several inquiries share a received_at, so the id must break the tie.
    times = [now - dt.timedelta(minutes=m) for m in (1, 1, 1, 2, 3, 3, 4, 5, 5, 5, 6)]
    created = [log(clerk, site, received_at=at).pk for at in times]
    headers = bearer(clerk)

    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        response = client.get(URL, params, **headers)
        seen += ids(response)
        pages += 1
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
    assert pages == 6
    assert len(seen) == len(set(seen)) == len(created)
    expected = Inquiry.objects.order_by("-received_at", "-id").values_list("pk", flat=True)
    assert seen == list(expected)


def test_it_keeps_the_filters_across_pages(client, clerk, site):
    for channel in [Channel.PHONE, Channel.EMAIL] * 3:
        log(clerk, site, channel=channel)
    headers = bearer(clerk)
    first = client.get(URL, {"channel": "phone", "limit": 2}, **headers)
    cursor = first.json()["next_cursor"]
    second = client.get(URL, {"channel": "phone", "limit": 2, "cursor": cursor}, **headers)
    assert len(ids(first)) == 2
    assert len(ids(second)) == 1
    assert second.json()["next_cursor"] is None


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_takes_a_fixed_number_of_queries(client, leader, site, service_byggesak, rows,
                                                   django_assert_num_queries):
    for n in range(rows):
        log(leader, site, service=service_byggesak if n % 2 else None,
            outcome=Outcome.FORWARDED if n % 2 else Outcome.ANSWERED)
    headers = bearer(leader)
    client.get(URL, **headers)  # the first use of a token records last_used_at
    # One for the token and its user, one for the page.
    with django_assert_num_queries(2):
        response = client.get(URL, {"limit": 50}, **headers)
    assert len(ids(response)) == rows


# Who sees what


@pytest.fixture
def logged(clerk, leader, site, other_site, service_byggesak, service_renovasjon):
    """One inquiry by the clerk, one by the leader, one of them forwarded to Byggesak."""
    return {
        "clerk": log(clerk, site, service=service_renovasjon),
        "leader": log(leader, other_site, service=service_renovasjon),
        "byggesak": log(leader, site, service=service_byggesak, outcome=Outcome.FORWARDED),
    }


def test_a_clerk_sees_only_their_own_inquiries(client, clerk, logged):
    assert ids(client.get(URL, **bearer(clerk))) == [logged["clerk"].pk]


def test_a_leader_sees_the_whole_municipality(client, leader, logged):
    assert set(ids(client.get(URL, **bearer(leader)))) == {i.pk for i in logged.values()}


def test_a_caseworker_sees_only_inquiries_forwarded_to_their_unit(client, caseworker, logged):
    assert ids(client.get(URL, **bearer(caseworker))) == [logged["byggesak"].pk]
    assert client.get(f"{URL}/{logged['clerk'].pk}", **bearer(caseworker)).status_code == 404


def test_a_user_of_another_municipality_sees_nothing(client, other_leader, logged):
    headers = bearer(other_leader)
    assert ids(client.get(URL, **headers)) == []
    assert client.get(f"{URL}/{logged['clerk'].pk}", **headers).status_code == 404


# Authentication


def test_it_requires_authentication(client):
    response = client.get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"]


def test_it_rejects_an_unknown_token(client, clerk):
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer st_not-a-real-key").status_code == 401
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer").status_code == 401


def test_it_rejects_a_revoked_token(client, clerk):
    token, key = api_token_create(user=clerk, name="old integration")
    api_token_revoke(token=token, by=clerk)
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_it_does_not_fall_back_to_the_session_on_a_bad_token(client_for, clerk):
    client = client_for(clerk)
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer st_not-a-real-key").status_code == 401


def test_it_forbids_an_account_that_may_no_longer_use_the_api(client, clerk):
    headers = bearer(clerk)
    clerk.role = ""
    clerk.save(update_fields=["role"])
    response = client.get(URL, **headers)
    assert response.status_code == 403
    assert response.json()["detail"]


def test_it_forbids_a_session_without_api_access(client_for, clerk):
    clerk.role = ""
    clerk.save(update_fields=["role"])
    assert client_for(clerk).get(URL).status_code == 403


# The schema


def test_the_openapi_document_lists_the_operations(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    operations = {op["operationId"] for path in document["paths"].values() for op in path.values()}
    assert {"inquiry_create", "inquiry_list", "inquiry_read"} <= operations
    assert document["paths"]["/api/v1/inquiries"].keys() >= {"get", "post"}
    assert "/api/v1/inquiries/{id}" in document["paths"]
    assert set(document["components"]["schemas"]["Channel"]["enum"]) == set(Channel.values)
    assert set(document["components"]["schemas"]["Outcome"]["enum"]) == set(Outcome.values)


def test_the_docs_page_renders(client):
    assert client.get("/api/v1/docs").status_code == 200
