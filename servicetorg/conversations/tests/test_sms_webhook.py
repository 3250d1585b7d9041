"""SMS webhooks with correctly and wrongly signed requests."""

import json

import pytest

from servicetorg.conversations.models import Conversation
from servicetorg.conversations.webhooks import generic_signature, twilio_signature

TOKEN, SECRET = "twilio-test-token", "gateway-secret"
URL = "/hooks/sms/twilio/"


@pytest.fixture(autouse=True)
def _secrets(settings):
    settings.SMS_WEBHOOK_TWILIO_TOKEN = TOKEN
    settings.SMS_WEBHOOK_SECRET = SECRET


def twilio_post(client, params, signature=None):
    signature = signature or twilio_signature(token=TOKEN, url=f"http://testserver{URL}", params=params)
    return client.post(URL, params, HTTP_X_TWILIO_SIGNATURE=signature)


PARAMS = {"From": "+4791234567", "To": "+4759000000", "Body": "Når blir søpla tømt i Storgata?",
          "MessageSid": "SM0123456789abcdef", "AccountSid": "AC1"}


@pytest.mark.django_db
def test_a_correctly_signed_twilio_sms_opens_a_conversation(client, queue):
    response = twilio_post(client, PARAMS)
    assert response.status_code == 200 and b"<Response>" in response.content
    conversation = Conversation.objects.get()
    assert conversation.channel == "sms" and conversation.contact.phone == "+4791234567"


def test_the_signature_follows_twilios_documented_example():
    # The example from Twilio's "Webhooks security" page.
    params = {"CallSid": "CA1234567890ABCDE", "Caller": "+14158675310", "Digits": "1234", "From": "+14158675310",
              "To": "+18005551212"}
    assert twilio_signature(token="12345", url="https://mycompany.com/myapp.php?foo=1&bar=2",
                            params=params) == "GvWf1cFY/Q7PnoempGyD5oXAezc="


@pytest.mark.django_db
def test_a_forged_twilio_signature_is_refused(client, queue):
    response = twilio_post(client, PARAMS, signature="bm90IGEgc2lnbmF0dXJl")
    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] == "X-Twilio-Signature"
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_the_same_twilio_message_twice_is_one_message(client, queue):
    twilio_post(client, PARAMS)
    twilio_post(client, PARAMS)
    assert Conversation.objects.get().messages.count() == 1


@pytest.mark.django_db
def test_a_signed_generic_json_sms_is_received(client, queue):
    body = json.dumps({"from": "91234567", "to": "+4759000000", "text": "Hei, hvor søker jeg barnehageplass?",
                       "id": "gw-1"}).encode()
    response = client.post("/hooks/sms/generic/", body, content_type="application/json",
                           HTTP_X_SIGNATURE="sha256=" + generic_signature(secret=SECRET, body=body))
    assert response.status_code == 200
    assert Conversation.objects.get().contact.phone == "+4791234567"


@pytest.mark.django_db
@pytest.mark.parametrize("signature", ["", "sha256=00", generic_signature(secret="wrong", body=b"{}")])
def test_a_wrongly_signed_generic_sms_is_refused(client, queue, signature):
    body = json.dumps({"from": "91234567", "text": "x"}).encode()
    response = client.post("/hooks/sms/generic/", body, content_type="application/json", HTTP_X_SIGNATURE=signature)
    assert response.status_code == 403
    assert not Conversation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("body", [b"not json", b"[1,2]", b'{"from": 5, "text": "x"}', b'{"from": "91234567"}'])
def test_bad_generic_input_is_a_400_with_a_reason(client, queue, body):
    response = client.post("/hooks/sms/generic/", body, content_type="application/json",
                           HTTP_X_SIGNATURE=generic_signature(secret=SECRET, body=body))
    assert response.status_code == 400 and response.json()["errors"][0]["reason"]


@pytest.mark.django_db
def test_an_unknown_provider_is_a_404(client):
    assert client.post("/hooks/sms/nope/", {}).status_code == 404
