"""The SMTP receiver over a real socket: started on a free port, mail sent with smtplib."""

import smtplib

import pytest

from servicetorg.conversations.mailin import free_port, smtp_controller
from servicetorg.conversations.models import Conversation, Quarantine
from servicetorg.conversations.tests.conftest import eml as eml_lf


def eml(name: str) -> bytes:
    # On the wire, lines end in CRLF (smtplib leaves bytes as they are).
    return eml_lf(name).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


@pytest.fixture
def smtp(queue, settings):
    settings.CONVERSATION_MAX_MESSAGE_BYTES = 200_000
    settings.CONVERSATION_MAX_RECIPIENTS = 50
    port = free_port()
    controller = smtp_controller(host="127.0.0.1", port=port)
    controller.start()
    yield port
    controller.stop()
    controller.handler.close()


@pytest.mark.django_db(transaction=True)
def test_mail_sent_over_smtp_opens_a_conversation(smtp):
    with smtplib.SMTP("127.0.0.1", smtp, timeout=10) as client:
        refused = client.sendmail("kari.nordmann@outlook.com", ["servicetorget@sandefjord.kommune.no"],
                                  eml("outlook.eml"))
    assert refused == {}
    conversation = Conversation.objects.get()
    assert conversation.subject == "Søppeldunken ble ikke tømt"
    assert "Storgata 12" in conversation.messages.get(direction="in").body


@pytest.mark.django_db(transaction=True)
def test_an_unknown_recipient_is_refused_at_rcpt(smtp):
    with smtplib.SMTP("127.0.0.1", smtp, timeout=10) as client, pytest.raises(smtplib.SMTPRecipientsRefused) as err:
        client.sendmail("a@example.no", ["nobody@sandefjord.kommune.no"], eml("gmail.eml"))
    assert err.value.recipients["nobody@sandefjord.kommune.no"][0] == 550


@pytest.mark.django_db(transaction=True)
def test_too_many_recipients_are_refused_but_the_mail_is_delivered_once(smtp):
    recipients = ["servicetorget@sandefjord.kommune.no"] * 60
    with smtplib.SMTP("127.0.0.1", smtp, timeout=10) as client:
        refused = client.sendmail("a@example.no", recipients, eml("gmail.eml"))
    assert refused and all(code == 452 for code, _msg in refused.values())
    assert Conversation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_too_large_message_is_refused_with_552(smtp):
    big = eml("gmail.eml") + b"\r\n" + (b"A" * 998 + b"\r\n") * 300
    # Refused at MAIL FROM when the client states the size (SIZE extension), else at DATA.
    with smtplib.SMTP("127.0.0.1", smtp, timeout=10) as client, \
            pytest.raises((smtplib.SMTPDataError, smtplib.SMTPSenderRefused)) as err:
        client.sendmail("a@example.no", ["servicetorget@sandefjord.kommune.no"], big)
    assert err.value.smtp_code == 552
    assert not Conversation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_garbage_is_accepted_into_quarantine_not_dropped(smtp):
    with smtplib.SMTP("127.0.0.1", smtp, timeout=10) as client:
        client.sendmail("a@example.no", ["servicetorget@sandefjord.kommune.no"], b"\x01\x02\x00binary\xff" * 40)
    quarantined = Quarantine.objects.get()
    assert quarantined.source == "smtp" and quarantined.recipients == "servicetorget@sandefjord.kommune.no"
