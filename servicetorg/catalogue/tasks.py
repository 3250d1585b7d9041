"""Thin tasks: each calls one service."""

from django_tasks import task

from servicetorg.catalogue import search
from servicetorg.core.periodic import periodic
from servicetorg.organisation.models import Municipality


@periodic(minutes=15)
@task()
def catalogue_index_refresh() -> int:
    """Index what was written around the catalogue services (a search never writes)."""
    return sum(search.index_refresh_stale(municipality_id=m) for m in Municipality.objects.values_list("pk", flat=True))
