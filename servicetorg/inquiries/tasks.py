"""Thin tasks: each calls one service."""

from django_tasks import task

from servicetorg.core.periodic import periodic
from servicetorg.inquiries import services


@periodic(hours=1)
@task()
def inquiry_notes_erase() -> int:
    return services.inquiry_notes_erase_expired()
