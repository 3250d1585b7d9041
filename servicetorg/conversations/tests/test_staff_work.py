"""Claim, reply through the outbox with threading headers, forward, close into an Inquiry,
reopen without a second inquiry, retention and the audited sender."""

import datetime as dt
from email import message_from_bytes, policy

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from servicetorg.conversations.models import Conversation, ConversationContact, ConversationStatus
from servicetorg.conversations.selectors import contact_read, conversation_get
from servicetorg.conversations.services import (
    conversation_claim,
    conversation_close,
    conversation_forward,
    conversation_reply,
    conversations_erase_old,
    mail_ingest,
    sms_receive,
)
from servicetorg.conversations.tests.conftest import eml
from servicetorg.core.models import AuditEvent
from servicetorg.forwarding.models import Forwarding
from servicetorg.inquiries.models import Inquiry

TO = ["servicetorget@sandefjord.kommune.no"]


@pytest.fixture
def conversation(queue):
    return mail_ingest(raw=eml("outlook.eml"), recipients=TO).conversation


def last_mail():
    return message_from_bytes(mail.outbox[-1].message().as_bytes(), policy=policy.default)


@pytest.mark.django_db
def test_a_reply_is_threaded_in_the_citizens_mail_program(conversation, clerk, django_capture_on_commit_callbacks):
    conversation_claim(conversation=conversation, by=clerk)
    with django_capture_on_commit_callbacks(execute=True):
        conversation_reply(conversation=conversation, by=clerk, text="Vi sender bilen i morgen.")
    reply = last_mail()
    original = "<AM6PR05MB5123ABCDEF0123456789@AM6PR05MB5123.eurprd05.prod.outlook.com>"
    receipt_id = conversation.messages.filter(auto=True, direction="out").get().message_id
    assert reply["In-Reply-To"].strip() == receipt_id
    assert original in reply["References"] and receipt_id in reply["References"]
    assert reply["Subject"].strip() == f"Re: Søppeldunken ble ikke tømt [{conversation.reference}]"
    assert "servicetorget@sandefjord.kommune.no" in reply["From"]
    assert "Auto-Submitted" not in reply
    conversation.refresh_from_db()
    assert conversation.first_response_at is not None and conversation.assigned_to == clerk


@pytest.mark.django_db
def test_the_citizens_answer_to_our_reply_joins_the_conversation(conversation, clerk):
    conversation_reply(conversation=conversation, by=clerk, text="Hvilken adresse?", wait=True)
    ours = conversation.messages.filter(direction="out", auto=False).get().message_id
    raw = (f"From: kari.nordmann@outlook.com\nTo: {TO[0]}\nSubject: Re: noe\nMessage-ID: <ans-1@outlook.com>\n"
           f"In-Reply-To: {ours}\n\nStorgata 12.\n").encode()
    assert mail_ingest(raw=raw, recipients=TO).conversation == conversation
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.OPEN


@pytest.mark.django_db
def test_closing_writes_the_inquiry_received_when_the_first_message_arrived(queue, clerk, service_renovasjon):
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 14, tzinfo=dt.UTC), tick=False):
        conversation = mail_ingest(raw=eml("outlook.eml"), recipients=TO).conversation
    with time_machine.travel(dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        conversation_reply(conversation=conversation, by=clerk, text="Ordnet.", seconds=120)
        conversation_close(conversation=conversation, by=clerk, service=service_renovasjon, outcome="answered",
                           seconds=60)
    inquiry = Inquiry.objects.get()
    assert inquiry.received_at == dt.datetime(2026, 3, 3, 9, 14, tzinfo=dt.UTC)
    assert inquiry.channel == "email" and inquiry.service == service_renovasjon and inquiry.outcome == "answered"
    assert inquiry.handling_seconds == 180 and inquiry.site == queue.site
    assert inquiry.resolved_at_first_contact


@pytest.mark.django_db
def test_a_reopened_conversation_does_not_write_a_second_inquiry(conversation, clerk, service_renovasjon):
    conversation_close(conversation=conversation, by=clerk, service=service_renovasjon)
    raw = (f"From: kari.nordmann@outlook.com\nTo: {TO[0]}\nSubject: Re: [{conversation.reference}]\n"
           "Message-ID: <again@outlook.com>\n\nTakk, men den er fortsatt full.\n").encode()
    mail_ingest(raw=raw, recipients=TO)
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.OPEN
    conversation_close(conversation=conversation, by=clerk, service=service_renovasjon)
    assert Inquiry.objects.count() == 1


@pytest.mark.django_db
def test_forwarding_uses_the_existing_forwarding_with_the_contact_details(conversation, clerk, byggesak,
                                                                           service_byggesak):
    forwarding = conversation_forward(conversation=conversation, by=clerk, unit=byggesak, service=service_byggesak)
    assert isinstance(forwarding, Forwarding) and forwarding.unit == byggesak
    assert forwarding.inquiry.contact.email == "kari.nordmann@outlook.com"
    assert forwarding.inquiry.received_at == conversation.first_message_at
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.CLOSED and conversation.forwarded


@pytest.mark.django_db
def test_a_sensitive_conversation_keeps_no_text_once_forwarded(queue, clerk, barnevern, service_barnevern):
    raw = (f"From: bekymret@example.no\nTo: {TO[0]}\nSubject: Bekymring for et barn\nMessage-ID: <bv@x>\n\n"
           "Jeg er bekymret for barnevern naboens barn.\n").encode()
    conversation = mail_ingest(raw=raw, recipients=TO).conversation
    conversation_forward(conversation=conversation, by=clerk, unit=barnevern, service=service_barnevern)
    conversation.refresh_from_db()
    assert conversation.sensitive and conversation.subject == ""
    assert not conversation.messages.exclude(body="").exists()


@pytest.mark.django_db
def test_only_staff_of_the_municipality_may_work_on_it(conversation, caseworker, other_municipality):
    with pytest.raises(PermissionDenied):
        conversation_claim(conversation=conversation, by=caseworker)
    from conftest import _user
    from servicetorg.accounts.models import Role

    stranger = _user("stranger", Role.FRONTLINE, other_municipality)
    with pytest.raises(Http404):
        conversation_get(user=stranger, pk=conversation.pk)


@pytest.mark.django_db
def test_an_empty_reply_is_refused(conversation, clerk):
    with pytest.raises(ValidationError):
        conversation_reply(conversation=conversation, by=clerk, text="  ")


@pytest.mark.django_db
def test_reading_the_sender_is_audited(conversation, clerk):
    contact = contact_read(conversation=conversation, by=clerk)
    assert contact.email == "kari.nordmann@outlook.com"
    event = AuditEvent.objects.get(action="view_personal_data")
    assert event.actor == clerk and conversation.reference in event.detail


@pytest.mark.django_db
def test_retention_erases_bodies_senders_and_attachments_but_keeps_the_inquiry(queue, clerk, settings,
                                                                                service_renovasjon):
    conversation = mail_ingest(raw=eml("iphone.eml"), recipients=TO).conversation
    conversation_close(conversation=conversation, by=clerk, service=service_renovasjon)
    assert conversations_erase_old() == 0
    with time_machine.travel(dt.timedelta(days=settings.CONVERSATION_RETENTION_DAYS + 1)):
        assert conversations_erase_old() == 1
    conversation.refresh_from_db()
    assert conversation.erased_at is not None
    assert not ConversationContact.objects.exists()
    assert not conversation.messages.exclude(body="").exists()
    assert not conversation.messages.filter(attachments__isnull=False).exists()
    assert Inquiry.objects.count() == 1


@pytest.mark.django_db
def test_sms_from_the_same_number_within_the_thread_days_joins(queue, settings):
    first = sms_receive(from_number="+4791234567", to_number="+4759000000", text="Når tømmes søpla?").conversation
    second = sms_receive(from_number="+4791234567", to_number="+4759000000", text="I Storgata").conversation
    assert first == second
    with time_machine.travel(dt.timedelta(days=settings.CONVERSATION_THREAD_DAYS + 1)):
        third = sms_receive(from_number="+4791234567", to_number="+4759000000", text="Igjen").conversation
    assert third != first
    assert Conversation.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("answer_day,in_time", [(4, 1), (6, 0)])
def test_answered_within_one_working_day_counts_from_the_real_answer(queue, clerk, service_renovasjon, answer_day,
                                                                      in_time):
    from django.db.models import Sum

    from servicetorg.analytics.models import DailyRollup
    from servicetorg.analytics.rollups import rollups_rebuild, rollups_verify

    # Tuesday 3 March 2026: answered Wednesday is in time, Friday is not; closed the Monday after either way.
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC), tick=False):
        conversation = mail_ingest(raw=eml("outlook.eml"), recipients=TO).conversation
    with time_machine.travel(dt.datetime(2026, 3, answer_day, 9, 0, tzinfo=dt.UTC), tick=False):
        conversation_reply(conversation=conversation, by=clerk, text="Svar.")
    with time_machine.travel(dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC), tick=False):
        conversation_close(conversation=conversation, by=clerk, service=service_renovasjon)
    assert DailyRollup.objects.aggregate(n=Sum("in_time"))["n"] == in_time
    rollups_rebuild()
    assert DailyRollup.objects.aggregate(n=Sum("in_time"))["n"] == in_time
    assert rollups_verify().ok
