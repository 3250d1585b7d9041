"""E-mail in, two ways, both real protocols.

- An SMTP receiver (aiosmtpd) the municipality's mail server relays the centre's addresses to.
  Unknown recipients are refused at RCPT (550), too many recipients at RCPT (452), too large a
  message at DATA (552, aiosmtpd's size limit); everything else is accepted and either becomes a
  message or is kept raw in the quarantine. A failure on our side answers 451 so the sending
  server tries again: nothing is dropped silently.
- An IMAP poller (imap-tools) for a shared mailbox, password or XOAUTH2 (Microsoft 365). What it
  took is marked with a keyword flag so nothing is read twice, even when a person reads the mailbox.
"""

import asyncio
import logging
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections

from servicetorg.conversations.models import QueueAddress
from servicetorg.conversations.services import mail_ingest

log = logging.getLogger(__name__)

TAKEN_FLAG = "$ServicetorgTaken"


class InboxHandler:
    """aiosmtpd handler: database work runs in one worker thread (Django's ORM is synchronous)."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mail_receive")

    def close(self) -> None:
        """Close the worker thread's database connection (after the controller stopped)."""
        from django.db import connections

        self._executor.submit(connections.close_all).result()
        self._executor.shutdown()

    async def _run(self, fn, *args, **kwargs):
        def call():
            close_old_connections()
            return fn(*args, **kwargs)

        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if len(envelope.rcpt_tos) >= settings.CONVERSATION_MAX_RECIPIENTS:
            return "452 4.5.3 Too many recipients"
        known = await self._run(lambda: QueueAddress.objects.filter(address__iexact=address,
                                                                    queue__active=True).exists())
        if not known:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            result = await self._run(mail_ingest, raw=raw, recipients=list(envelope.rcpt_tos), source="smtp")
        except Exception:
            log.exception("mail_receive: could not store a message")
            return "451 4.3.0 Temporary failure, please try again later"
        log.info("mail_receive: %s %s", result.status, result.reason)
        return "250 OK"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def smtp_controller(*, host: str, port: int):
    """An aiosmtpd controller serving the inbox on host:port (start() it, stop() it)."""
    from aiosmtpd.controller import Controller

    return Controller(InboxHandler(), hostname=host, port=port,
                      data_size_limit=settings.CONVERSATION_MAX_MESSAGE_BYTES, decode_data=False,
                      server_hostname="servicetorg")


@dataclass
class FetchResult:
    taken: int = 0
    created: int = 0
    quarantined: int = 0


def _login(mailbox, *, user: str, password: str, oauth2_token: str, folder: str):
    if oauth2_token:
        return mailbox.xoauth2(user, oauth2_token, initial_folder=folder)
    return mailbox.login(user, password, initial_folder=folder)


def mail_fetch(*, host: str | None = None, port: int | None = None, ssl: bool | None = None, user: str | None = None,
               password: str | None = None, oauth2_token: str | None = None, folder: str | None = None,
               done_folder: str | None = None, limit: int = 500) -> FetchResult:
    """Take the messages of the shared mailbox not yet taken, at most `limit` per run."""
    from imap_tools import AND, MailBox, MailBoxUnencrypted

    host = host or settings.MAIL_FETCH_HOST
    port = port or settings.MAIL_FETCH_PORT
    ssl = settings.MAIL_FETCH_SSL if ssl is None else ssl
    folder = folder or settings.MAIL_FETCH_FOLDER
    done_folder = settings.MAIL_FETCH_DONE_FOLDER if done_folder is None else done_folder
    result = FetchResult()
    box = MailBox(host, port) if ssl else MailBoxUnencrypted(host, port)
    with _login(box, user=user or settings.MAIL_FETCH_USER,
                password=password if password is not None else settings.MAIL_FETCH_PASSWORD,
                oauth2_token=oauth2_token if oauth2_token is not None else settings.MAIL_FETCH_OAUTH2_TOKEN,
                folder=folder) as mailbox:
        for message in mailbox.fetch(AND(no_keyword=TAKEN_FLAG), mark_seen=False, limit=limit, bulk=50):
            raw = message.obj.as_bytes()
            ingested = mail_ingest(raw=raw, recipients=[], source="imap")
            # Flag only after the message is stored (or quarantined): a crash in between reads it again,
            # and the Message-ID check makes that harmless.
            mailbox.flag(message.uid, TAKEN_FLAG, True)
            if done_folder:
                mailbox.move(message.uid, done_folder)
            result.taken += 1
            result.created += ingested.status in ("created", "appended")
            result.quarantined += ingested.status == "quarantined"
    return result
