"""The staff inbox and thread pages, and the citizens' contact form, through their URLs."""

import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from servicetorg.conversations.models import Conversation, ConversationStatus
from servicetorg.conversations.services import mail_ingest
from servicetorg.conversations.tests.conftest import eml
from servicetorg.core.models import AuditEvent
from servicetorg.inquiries.models import Inquiry

TO = ["servicetorget@sandefjord.kommune.no"]


@pytest.fixture
def conversation(queue, service_renovasjon):
    return mail_ingest(raw=eml("outlook.eml"), recipients=TO).conversation


@pytest.mark.django_db
def test_the_inbox_lists_new_conversations_in_a_fixed_number_of_queries(client_for, clerk, queue,
                                                                          django_assert_max_num_queries):
    for name in ("outlook.eml", "gmail.eml", "iphone.eml"):
        mail_ingest(raw=eml(name), recipients=TO)
    client = client_for(clerk)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("conversations:inbox"))
    assert response.status_code == 200
    assert response.content.count(b"/inbox/") >= 3
    assert "Søppeldunken ble ikke tømt" in response.content.decode()


@pytest.mark.django_db
def test_a_caseworker_has_no_inbox(client_for, caseworker):
    assert client_for(caseworker).get(reverse("conversations:inbox")).status_code == 403


@pytest.mark.django_db
def test_another_municipalitys_conversation_is_not_found(client_for, conversation, other_municipality):
    from conftest import _user
    from servicetorg.accounts.models import Role

    stranger = _user("stranger", Role.LEADER, other_municipality)
    assert client_for(stranger).get(reverse("conversations:thread", args=[conversation.pk])).status_code == 404


@pytest.mark.django_db
def test_the_thread_shows_the_suggestion_and_audits_the_sender(client_for, clerk, conversation):
    response = client_for(clerk).get(reverse("conversations:thread", args=[conversation.pk]))
    body = response.content.decode()
    assert "Tømming av avfallsbeholdere" in body and "kari.nordmann@outlook.com" in body
    assert AuditEvent.objects.filter(action="view_personal_data", actor=clerk).count() == 1


@pytest.mark.django_db
def test_using_a_suggestion_without_javascript_fills_the_answer(client_for, clerk, conversation, service_renovasjon):
    service_renovasjon.summary = "Meld fra om glemt tømming, så kommer bilen innen to virkedager."
    service_renovasjon.links = [{"title": "Meld fra", "url": "https://example.no/meld"}]
    service_renovasjon.save()
    response = client_for(clerk).get(reverse("conversations:thread", args=[conversation.pk]),
                                     {"use": service_renovasjon.pk})
    form = response.context["reply_form"]
    assert "glemt tømming" in form.initial["text"] and "https://example.no/meld" in form.initial["text"]


@pytest.mark.django_db
def test_claim_reply_and_close_through_the_pages(client_for, clerk, conversation, service_renovasjon,
                                                 django_capture_on_commit_callbacks):
    client = client_for(clerk)
    client.post(reverse("conversations:claim", args=[conversation.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("conversations:reply", args=[conversation.pk]),
                               {"text": "Bilen kommer i morgen.", "seconds": "90"})
    assert response.status_code == 302
    response = client.post(reverse("conversations:close", args=[conversation.pk]),
                           {"close-service": service_renovasjon.pk, "close-outcome": "answered", "close-seconds": "30"})
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.CLOSED
    inquiry = Inquiry.objects.get()
    assert inquiry.handling_seconds == 120 and inquiry.received_at == conversation.first_message_at


@pytest.mark.django_db
def test_an_empty_answer_shows_a_translated_error_and_sends_nothing(client_for, clerk, conversation):
    response = client_for(clerk).post(reverse("conversations:reply", args=[conversation.pk]), {"text": ""})
    assert response.status_code == 400
    assert b"error-summary" in response.content
    assert conversation.messages.filter(direction="out", auto=False).count() == 0


@pytest.mark.django_db
def test_closing_without_a_service_is_refused(client_for, clerk, conversation):
    response = client_for(clerk).post(reverse("conversations:close", args=[conversation.pk]),
                                      {"close-outcome": "answered"})
    assert response.status_code == 400
    assert not Inquiry.objects.exists()


# ---------------------------------------------------------------- contact form

def _shown(seconds_ago: float) -> str:
    return signing.TimestampSigner(salt="conversations.contact").sign(str(time.time() - seconds_ago))


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.mark.django_db
def test_the_contact_form_gives_a_reference_and_a_receipt(client, queue, municipality,
                                                         django_capture_on_commit_callbacks):
    from django.core import mail

    url = reverse("contact:form", args=[municipality.slug])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Når blir søppelet hentet i Storgata?", "email": "a@example.no",
                                     "shown": _shown(10)})
    conversation = Conversation.objects.get()
    assert conversation.channel == "web_form"
    assert conversation.reference in response.content.decode()
    assert len(mail.outbox) == 1 and conversation.reference in mail.outbox[0].body


@pytest.mark.django_db
def test_the_honeypot_keeps_nothing(client, queue, municipality):
    client.post(reverse("contact:form", args=[municipality.slug]),
                {"message": "Buy cheap things", "website": "http://spam.example", "shown": _shown(10)})
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_a_form_sent_too_fast_is_refused_with_a_message(client, queue, municipality):
    response = client.post(reverse("contact:form", args=[municipality.slug]),
                           {"message": "Hei, et spørsmål om skolen", "shown": _shown(0)})
    assert response.status_code == 400 and b"error-summary" in response.content
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_the_form_is_rate_limited_per_address(client, queue, municipality, settings):
    settings.CONTACT_FORM_RATE_PER_HOUR = 2
    url = reverse("contact:form", args=[municipality.slug])
    codes = [client.post(url, {"message": f"Spørsmål nummer {i}", "shown": _shown(10)}).status_code
             for i in range(3)]
    assert codes == [200, 200, 400]
    assert Conversation.objects.count() == 2


@pytest.mark.django_db
def test_a_bad_phone_number_is_a_form_error(client, queue, municipality):
    response = client.post(reverse("contact:form", args=[municipality.slug]),
                           {"message": "Ring meg om barnehage", "phone": "12", "shown": _shown(10)})
    assert response.status_code == 400
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_the_public_pages_link_to_the_contact_form(client, queue, municipality):
    response = client.get(reverse("public:front", args=[municipality.slug]))
    assert reverse("contact:form", args=[municipality.slug]).encode() in response.content
