"""Thin periodic tasks: each calls one service."""

from django_tasks import task

from servicetorg.core.periodic import periodic
from servicetorg.queues import services


@periodic(hours=1)
@task()
def queues_end_stale_tickets() -> int:
    """Yesterday's unfinished tickets end, and their mobile numbers are deleted."""
    return services.tickets_end_stale()
