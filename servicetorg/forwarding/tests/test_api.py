"""Forwarding in REST API v1: forward, a unit's inbox, reply and close, status by reference."""

import json

import pytest
from django.core import mail
from django.test import Client

from servicetorg.accounts.services import api_token_create
from servicetorg.forwarding import services
from servicetorg.forwarding.models import Forwarding, Status

URL = "/api/v1/forwarding"


def bearer(user) -> dict:
    _, key = api_token_create(user=user, name="case system")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(url, user, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return Client().post(url, data=data, content_type="application/json", **bearer(user))


def get(url, user, **params):
    return Client().get(url, params, **bearer(user))


def test_the_centre_forwards_through_the_api(clerk, logged, byggesak, byggesak_rule):
    response = post(URL, clerk, {"inquiry": logged.pk, "unit": byggesak.pk, "message": "Garasje",
                                 "phone": "91234567", "email": "kari@example.no"})
    assert response.status_code == 201, response.content
    body = response.json()
    forwarding = Forwarding.objects.get(inquiry=logged)
    assert body["reference"] == forwarding.reference
    assert body["status"] == "new"
    assert body["unit_name"] == "Byggesak"
    assert "kari@example.no" not in response.content.decode()


@pytest.mark.parametrize(("body", "field"), [
    ({"unit": 1, "message": "x"}, "inquiry"),
    ({"inquiry": 999999, "unit": 1, "message": "x"}, "inquiry"),
    ({"inquiry": "LOGGED", "unit": 999999, "message": "x"}, "unit"),
    ({"inquiry": "LOGGED", "unit": "BYGGESAK", "message": "x", "phone": "12"}, "phone"),
    ({"inquiry": "LOGGED", "unit": "BYGGESAK", "message": ""}, "message"),
    ({"inquiry": "LOGGED", "unit": "BYGGESAK", "message": "x", "extra": 1}, "extra"),
])
def test_bad_input_is_a_400_naming_the_field(clerk, logged, byggesak, body, field):
    body = {k: logged.pk if v == "LOGGED" else byggesak.pk if v == "BYGGESAK" else v for k, v in body.items()}
    response = post(URL, clerk, body)
    assert response.status_code == 400, response.content
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Forwarding.objects.exists()


def test_a_body_that_is_not_json_is_a_400(clerk):
    assert post(URL, clerk, "{nope").status_code == 400


def test_a_caseworker_does_not_forward(caseworker, logged, byggesak):
    assert post(URL, caseworker, {"inquiry": logged.pk, "unit": byggesak.pk, "message": "x"}).status_code == 403


def test_the_inbox_for_the_units_case_system(caseworker, forwarded, byggesak):
    response = get(f"{URL}/inbox", caseworker, unit=byggesak.pk)
    assert response.status_code == 200, response.content
    body = response.json()
    assert [item["reference"] for item in body["items"]] == [forwarded.reference]
    assert body["counts"]["new"] == 1
    assert body["next_cursor"] is None


def test_the_inbox_pages_with_a_cursor(caseworker, clerk, site, service_byggesak, byggesak):
    from servicetorg.inquiries.models import Channel, Outcome
    from servicetorg.inquiries.services import inquiry_create

    for i in range(3):
        inquiry = inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.FORWARDED,
                                 service=service_byggesak)
        services.inquiry_forward(inquiry=inquiry, unit=byggesak, by=clerk, message=f"{i}")
    first = get(f"{URL}/inbox", caseworker, unit=byggesak.pk, limit=2).json()
    second = get(f"{URL}/inbox", caseworker, unit=byggesak.pk, limit=2, cursor=first["next_cursor"]).json()
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert get(f"{URL}/inbox", caseworker, unit=byggesak.pk, cursor="bad").status_code == 400


def test_another_units_inbox_is_refused(barnevern_worker, forwarded, byggesak):
    response = get(f"{URL}/inbox", barnevern_worker, unit=byggesak.pk)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "unit"


def test_the_centre_has_no_inbox(clerk, byggesak):
    assert get(f"{URL}/inbox", clerk, unit=byggesak.pk).status_code == 403


def test_reply_and_close_through_the_api(caseworker, forwarded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(f"{URL}/{forwarded.reference}/reply", caseworker,
                        {"channel": "email", "message": "Søknadsfri."})
    assert response.status_code == 200, response.content
    assert mail.outbox[0].to == ["kari@example.no"]
    assert response.json()["first_response_at"] is not None
    response = post(f"{URL}/{forwarded.reference}/close", caseworker, {"outcome": "answered"})
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    again = post(f"{URL}/{forwarded.reference}/close", caseworker, {"outcome": "answered"})
    assert again.status_code == 400


def test_reply_needs_a_known_channel(caseworker, forwarded):
    response = post(f"{URL}/{forwarded.reference}/reply", caseworker, {"channel": "fax", "message": "x"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "channel"


def test_another_unit_cannot_reply_or_close(barnevern_worker, clerk, forwarded):
    assert post(f"{URL}/{forwarded.reference}/close", barnevern_worker, {"outcome": "answered"}).status_code == 404
    # A frontline clerk's role has no inbox: the scope check refuses before the case is looked up.
    assert post(f"{URL}/{forwarded.reference}/close", clerk, {"outcome": "answered"}).status_code == 403
    forwarded.refresh_from_db()
    assert forwarded.status == Status.NEW


def test_status_by_reference(clerk, caseworker, forwarded):
    body = get(f"{URL}/{forwarded.reference.lower()}", clerk).json()
    assert body["status"] == "new"
    assert body["due_at"] is not None
    assert get(f"{URL}/{forwarded.reference}", caseworker).json()["unit_name"] == "Byggesak"
    assert get(f"{URL}/AAAA-AAAA", clerk).status_code == 404


def test_status_of_a_sensitive_unit_is_only_the_status(clerk, logged, barnevern, barnevern_worker):
    forwarding = services.inquiry_forward(inquiry=logged, unit=barnevern, by=clerk, message="Bekymring")
    body = get(f"{URL}/{forwarding.reference}", clerk).json()
    assert body["status"] == "new"
    assert body["due_at"] is None and body["unit_name"] is None and body["forwarded_at"] is None
    assert get(f"{URL}/{forwarding.reference}", barnevern_worker).json()["due_at"] is not None


def test_the_operations_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/forwarding" in paths
    assert "/api/v1/forwarding/inbox" in paths
    assert "/api/v1/forwarding/{reference}" in paths
    assert "/api/v1/forwarding/{reference}/reply" in paths
    assert "/api/v1/forwarding/{reference}/close" in paths
