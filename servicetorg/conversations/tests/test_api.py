"""Conversations in the API, with tokens; in the OpenAPI document."""

import pytest

from servicetorg.accounts.services import api_token_create
from servicetorg.conversations.services import mail_ingest
from servicetorg.conversations.tests.conftest import eml
from servicetorg.inquiries.models import Inquiry

TO = ["servicetorget@sandefjord.kommune.no"]


@pytest.fixture
def token(clerk):
    return api_token_create(user=clerk, name="chat")[1]


@pytest.fixture
def conversation(queue, service_renovasjon):
    return mail_ingest(raw=eml("outlook.eml"), recipients=TO).conversation


def auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.django_db
def test_list_read_reply_close(client, token, conversation, service_renovasjon):
    listed = client.get("/api/v1/conversations?view=new", **auth(token)).json()["results"]
    assert [c["reference"] for c in listed] == [conversation.reference]
    assert listed[0]["suggested_services"] == ["tomming-avfall"]
    read = client.get(f"/api/v1/conversations/{conversation.pk}", **auth(token)).json()
    assert "kari.nordmann" not in str(read)  # the sender never leaves through the API
    assert read["messages"][0]["direction"] == "in"
    replied = client.post(f"/api/v1/conversations/{conversation.pk}/reply", {"text": "Bilen kommer."},
                          content_type="application/json", **auth(token))
    assert replied.status_code == 200 and replied.json()["first_response_at"]
    closed = client.post(f"/api/v1/conversations/{conversation.pk}/close",
                         {"service": "tomming-avfall", "outcome": "answered"},
                         content_type="application/json", **auth(token))
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert Inquiry.objects.get().pk == closed.json()["inquiry"]


@pytest.mark.django_db
def test_without_a_token_it_is_a_401(client, conversation):
    assert client.get("/api/v1/conversations").status_code == 401


@pytest.mark.django_db
def test_bad_input_is_a_400(client, token, conversation):
    response = client.post(f"/api/v1/conversations/{conversation.pk}/close", {"service": "nope"},
                           content_type="application/json", **auth(token))
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "service"
    response = client.post(f"/api/v1/conversations/{conversation.pk}/reply", {"text": ""},
                           content_type="application/json", **auth(token))
    assert response.status_code == 400


@pytest.mark.django_db
def test_another_municipality_gets_a_404(client, conversation, other_municipality):
    from conftest import _user
    from servicetorg.accounts.models import Role

    stranger = _user("stranger", Role.FRONTLINE, other_municipality)
    key = api_token_create(user=stranger, name="x")[1]
    assert client.get(f"/api/v1/conversations/{conversation.pk}", **auth(key)).status_code == 404


@pytest.mark.django_db
def test_the_operations_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/conversations" in paths and "/api/v1/conversations/{pk}/close" in paths
    assert "/api/v1/catalogue/suggest" in paths
