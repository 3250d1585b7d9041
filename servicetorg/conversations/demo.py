"""The inbox in the demo municipality: the centre's queue with its two addresses
(servicetorget@ and postmottak@sandefjord.kommune.no, which `make run`'s SMTP receiver
on 127.0.0.1:2525 accepts), its SMS number, the web form, and a few conversations.
The citizens are invented (example.no addresses); the texts are bokmål content."""

import datetime as dt

from django.contrib.auth.models import Permission
from django.utils import timezone

from servicetorg.accounts.models import User
from servicetorg.conversations.models import Conversation, Message, Queue, QueueAddress
from servicetorg.conversations.services import mail_ingest, sms_receive
from servicetorg.organisation.models import Site

ADDRESSES = ("servicetorget@sandefjord.kommune.no", "postmottak@sandefjord.kommune.no")
MAILS = [
    (26, "Kari Nordmann <kari.nordmann@example.no>", "Søppeldunken ble ikke tømt",
     "Hei,\n\nRestavfallet i Storgata 12 ble ikke hentet i går, selv om det sto i tømmekalenderen.\n"
     "Kan dere sende bilen igjen?\n\nMed vennlig hilsen\nKari Nordmann"),
    (5, "Ola Hansen <ola.hansen@example.no>", "Barnehageplass fra august",
     "Hei!\n\nVi flytter til Sandefjord i juni. Hvordan søker vi barnehageplass til datteren vår fra august?\n\n"
     "Hilsen Ola"),
    (2, "Sigrid Haugland <sigrid@example.no>", "Plass på sjukeheim",
     "Hei. Mor mi treng plass på sjukeheim, korleis søkjer vi?\n\nVenleg helsing Sigrid"),
    (1, "John Smith <john.smith@example.no>", "Moving to Sandefjord",
     "Dear Sir or Madam,\n\nI am moving to Sandefjord next month. How do I register my new address and find a "
     "family doctor?\n\nKind regards,\nJohn"),
]


def conversations_demo_load(*, municipality) -> int:
    """The demo queue and a few conversations; returns how many conversations were made."""
    site = Site.objects.get(municipality=municipality, slug="sandefjord")
    queue = Queue.objects.create(municipality=municipality, name="Servicetorget", site=site,
                                 sms_number="+4759000000", web_form=True, reply_from=ADDRESSES[0])
    for address in ADDRESSES:
        QueueAddress.objects.create(municipality=municipality, queue=queue, address=address)
    now = timezone.now()
    for index, (hours_ago, sender, subject, body) in enumerate(MAILS):
        raw = (f"From: {sender}\nTo: {ADDRESSES[index % 2]}\nSubject: {subject}\n"
               f"Message-ID: <demo-{index}@example.no>\nContent-Type: text/plain; charset=utf-8\n\n{body}\n")
        result = mail_ingest(raw=raw.encode("utf-8"), recipients=[ADDRESSES[index % 2]])
        _backdate(result.conversation, now - dt.timedelta(hours=hours_ago))
    sms = sms_receive(from_number="+4799999991", to_number="+4759000000",
                      text="Hei, når er biblioteket i Stokke åpent på lørdag?")
    _backdate(sms.conversation, now - dt.timedelta(hours=3))
    admin = User.objects.filter(municipality=municipality, username="admin").first()
    if admin is not None:
        admin.user_permissions.add(*Permission.objects.filter(content_type__app_label="conversations"))
    return Conversation.objects.filter(municipality=municipality).count()


def _backdate(conversation, at: dt.datetime) -> None:
    Conversation.objects.filter(pk=conversation.pk).update(first_message_at=at, last_message_at=at)
    Message.objects.filter(conversation=conversation, direction="in").update(at=at)
