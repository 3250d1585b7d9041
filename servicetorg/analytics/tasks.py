"""Thin tasks: each calls one service."""

from django_tasks import task

from servicetorg.analytics import services
from servicetorg.core.periodic import periodic


@periodic(hours=1)
@task()
def survey_comments_erase() -> int:
    return services.survey_comments_erase_expired()
