"""The IMAP poller against Debian's dovecot, started with a throwaway configuration on a free port."""

import imaplib
import os

import pytest

from servicetorg.conversations.mailin import TAKEN_FLAG, mail_fetch
from servicetorg.conversations.models import Conversation, Quarantine
from servicetorg.conversations.tests.conftest import eml
from servicetorg.conversations.tests.dovecot import DOVECOT, PASSWORD, USER, dovecot_running

pytestmark = pytest.mark.skipif(not os.path.exists(DOVECOT),
                                reason="dovecot-imapd is not installed (make install-test)")


@pytest.fixture
def dovecot():
    with dovecot_running() as port:
        yield port


def _append(port: int, *raws: bytes) -> None:
    client = imaplib.IMAP4("127.0.0.1", port)
    client.login(USER, PASSWORD)
    for raw in raws:
        client.append("INBOX", None, None, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    client.logout()


def _fetch(port: int, **kwargs):
    return mail_fetch(host="127.0.0.1", port=port, ssl=False, user=USER, password=PASSWORD, oauth2_token="",
                      folder="INBOX", done_folder="", **kwargs)


@pytest.mark.django_db
def test_it_takes_new_mail_and_never_twice(dovecot, queue):
    _append(dovecot, eml("outlook.eml"), eml("gmail.eml"), eml("out_of_office.eml"))
    first = _fetch(dovecot)
    assert (first.taken, first.created, first.quarantined) == (3, 2, 1)
    assert Conversation.objects.count() == 2
    assert Quarantine.objects.get().source == "imap"
    again = _fetch(dovecot)
    assert again.taken == 0
    assert Conversation.objects.count() == 2


@pytest.mark.django_db
def test_a_message_a_person_already_read_is_still_taken(dovecot, queue):
    _append(dovecot, eml("latin1_plain.eml"))
    client = imaplib.IMAP4("127.0.0.1", dovecot)
    client.login(USER, PASSWORD)
    client.select("INBOX")
    client.store("1", "+FLAGS", "\\Seen")
    client.logout()
    assert _fetch(dovecot).created == 1
    client = imaplib.IMAP4("127.0.0.1", dovecot)
    client.login(USER, PASSWORD)
    client.select("INBOX")
    _typ, data = client.fetch("1", "(FLAGS)")
    client.logout()
    assert TAKEN_FLAG.encode() in data[0]
    assert Conversation.objects.get().subject == "Byggesøknad for garasje"
