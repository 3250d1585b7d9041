"""Mail in through the service: new conversations, threading, duplicates, automatic mail,
receipts, and bad input that is kept in quarantine rather than lost."""

from email import message_from_bytes, policy

import pytest
from django.core import mail

from servicetorg.conversations.models import (
    Conversation,
    ConversationContact,
    ConversationStatus,
    Message,
    Quarantine,
)
from servicetorg.conversations.services import mail_ingest, quarantine_reprocess
from servicetorg.conversations.tests.conftest import eml
from servicetorg.notifications.models import Notification

TO = ["servicetorget@sandefjord.kommune.no"]


def sent_mail():
    return [message_from_bytes(m.message().as_bytes(), policy=policy.default) for m in mail.outbox]


@pytest.mark.django_db(transaction=True)
def test_an_email_opens_a_conversation_with_a_suggestion_and_a_threaded_receipt(queue, service_renovasjon):
    result = mail_ingest(raw=eml("outlook.eml"), recipients=TO)
    assert result.status == "created"
    conversation = result.conversation
    assert conversation.channel == "email" and conversation.status == ConversationStatus.NEW
    assert conversation.subject == "Søppeldunken ble ikke tømt"
    assert list(conversation.suggested_services.all()) == [service_renovasjon]
    contact = ConversationContact.objects.get(conversation=conversation)
    assert contact.email == "kari.nordmann@outlook.com"
    [receipt] = sent_mail()
    assert receipt["To"] == "kari.nordmann@outlook.com"
    assert receipt["In-Reply-To"].strip() == "<AM6PR05MB5123ABCDEF0123456789@AM6PR05MB5123.eurprd05.prod.outlook.com>"
    assert receipt["Auto-Submitted"] == "auto-replied"
    assert conversation.reference in receipt["Subject"]
    assert conversation.reference in receipt.get_content()


@pytest.mark.django_db
def test_the_same_message_id_twice_is_one_message(queue):
    assert mail_ingest(raw=eml("gmail.eml"), recipients=TO).status == "created"
    assert mail_ingest(raw=eml("gmail.eml"), recipients=["postmottak@sandefjord.kommune.no"]).status == "duplicate"
    assert Message.objects.filter(direction="in").count() == 1


@pytest.mark.django_db
def test_a_reply_joins_its_conversation_and_reopens_it(queue, clerk):
    first = mail_ingest(raw=eml("gmail.eml"), recipients=TO).conversation
    Conversation.objects.filter(pk=first.pk).update(status=ConversationStatus.WAITING)
    result = mail_ingest(raw=eml("reply_gmail.eml"), recipients=TO)
    assert result.status == "appended" and result.conversation.pk == first.pk
    first.refresh_from_db()
    assert first.status == ConversationStatus.OPEN
    assert first.messages.filter(direction="in").count() == 2


@pytest.mark.django_db
def test_the_reference_in_the_subject_threads_without_headers(queue):
    first = mail_ingest(raw=eml("gmail.eml"), recipients=TO).conversation
    raw = (f"From: ola.hansen@gmail.com\nTo: {TO[0]}\nSubject: Svar på sak {first.reference}\n"
           "Message-ID: <other-client-1@x.no>\n\nHer er mer.\n").encode()
    assert mail_ingest(raw=raw, recipients=TO).conversation.pk == first.pk


@pytest.mark.django_db
def test_an_out_of_office_opens_nothing_and_gets_no_receipt(queue):
    result = mail_ingest(raw=eml("out_of_office.eml"), recipients=TO)
    assert result.status == "quarantined" and "automatic" in result.reason
    assert not Conversation.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_an_out_of_office_to_our_answer_joins_the_thread_without_reopening_or_receipt(queue):
    conversation = mail_ingest(raw=eml("outlook.eml"), recipients=TO).conversation
    Conversation.objects.filter(pk=conversation.pk).update(status=ConversationStatus.WAITING)
    receipt = conversation.messages.get(direction="out")
    raw = eml("out_of_office.eml").replace(b"Message-ID: <oof-0001@outlook.com>",
                                           f"Message-ID: <oof-0001@outlook.com>\nIn-Reply-To: {receipt.message_id}"
                                           .encode())
    result = mail_ingest(raw=raw, recipients=TO)
    assert result.status == "appended" and result.message.auto
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.WAITING
    assert Notification.objects.count() == 1  # only the first receipt


@pytest.mark.django_db
def test_a_bounce_never_opens_a_conversation(queue):
    assert mail_ingest(raw=eml("dsn_bounce.eml"), recipients=TO).status == "quarantined"
    assert not Conversation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("raw,reason", [
    (b"\x00\x9f\x92garbage" * 100, "binary"),
    (b"", "empty"),
])
def test_garbage_is_kept_in_quarantine(queue, raw, reason):
    result = mail_ingest(raw=raw, recipients=TO)
    assert result.status == "quarantined" and reason in result.reason
    assert Quarantine.objects.get().raw == raw


@pytest.mark.django_db
def test_ten_thousand_recipients_are_quarantined(queue):
    recipients = [f"user{i}@example.no" for i in range(10_000)]
    assert mail_ingest(raw=eml("gmail.eml"), recipients=recipients).reason == "too many recipients"
    assert Quarantine.objects.count() == 1


@pytest.mark.django_db
def test_a_too_large_message_is_quarantined(queue, settings):
    settings.CONVERSATION_MAX_MESSAGE_BYTES = 1024
    raw = eml("gmail.eml") + b"x" * 2000
    assert mail_ingest(raw=raw, recipients=TO).reason == "message too large"


@pytest.mark.django_db
def test_mail_to_an_unknown_address_is_quarantined_and_can_be_processed_later(queue, municipality):
    raw = eml("gmail.eml").replace(b"To: servicetorget@", b"To: ukjent@")
    result = mail_ingest(raw=raw, recipients=["ukjent@sandefjord.kommune.no"])
    assert result.reason == "no receiving address of ours"
    queue.addresses.create(municipality=municipality, address="ukjent@sandefjord.kommune.no")
    again = quarantine_reprocess(quarantine=result.quarantine)
    assert again.status == "created"
    result.quarantine.refresh_from_db()
    assert result.quarantine.processed_at is not None


@pytest.mark.django_db
def test_a_refused_attachment_keeps_the_message_and_the_raw_mail(queue, settings):
    settings.CONVERSATION_ATTACHMENT_TYPES = ["application/pdf"]
    result = mail_ingest(raw=eml("iphone.eml"), recipients=TO)
    assert result.status == "created"
    assert "IMG_4021.jpeg" in result.message.body
    assert not result.message.attachments.exists()
    assert Quarantine.objects.get().conversation == result.conversation


@pytest.mark.django_db
def test_an_allowed_attachment_is_stored(queue):
    message = mail_ingest(raw=eml("iphone.eml"), recipients=TO).message
    [attachment] = message.attachments.all()
    assert attachment.content_type == "image/jpeg" and bytes(attachment.data).startswith(b"\xff\xd8")


@pytest.mark.django_db
def test_each_municipality_threads_only_its_own_mail(queue, other_queue):
    mine = mail_ingest(raw=eml("gmail.eml"), recipients=TO).conversation
    theirs = mail_ingest(raw=eml("gmail.eml"), recipients=["post@levanger.kommune.no"]).conversation
    assert mine.municipality_id != theirs.municipality_id


@pytest.mark.django_db
def test_encoded_nul_characters_never_reach_the_database(queue):
    raw = (b"From: a@example.no\nTo: servicetorget@sandefjord.kommune.no\nSubject: =?utf-8?q?x=00y?=\n"
           b"Message-ID: <nul@x>\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable"
           b"\n\nHei=00 der\n")
    result = mail_ingest(raw=raw, recipients=TO)
    assert result.status == "created"
    assert result.conversation.subject == "xy" and result.message.body == "Hei der"
