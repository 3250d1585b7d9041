"""Periodic jobs of the inbox. Thin: each calls one service."""

from django.conf import settings
from django_tasks import task

from servicetorg.conversations import services
from servicetorg.core.periodic import periodic


@periodic(minutes=2)
@task()
def conversations_mail_fetch() -> None:
    # Only where a shared mailbox is configured; the SMTP receiver needs no polling.
    if settings.MAIL_FETCH_HOST:
        from servicetorg.conversations.mailin import mail_fetch

        mail_fetch()


@periodic(minutes=60)
@task()
def conversations_erase_old() -> None:
    services.conversations_erase_old()
