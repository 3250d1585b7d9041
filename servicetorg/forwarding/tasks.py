"""Periodic jobs of forwarding. Thin: each calls one service."""

from django_tasks import task

from servicetorg.core.periodic import periodic
from servicetorg.forwarding import services


@periodic(minutes=15)
@task()
def forwardings_remind_and_escalate() -> None:
    services.forwardings_send_reminders()
    services.forwardings_escalate_overdue()


@periodic(minutes=60)
@task()
def contacts_delete_expired() -> None:
    services.contacts_delete_expired()
