"""Catalogue search: one interface, a PostgreSQL and an SQLite engine behind it.

Interface (used by the quick-log typeahead, the public pages and the API):
- index_services(service_ids=[...]) / index_articles(article_ids=[...]): refresh the index rows
  of these objects inside the caller's transaction.
- catalogue_search(municipality_id=..., q="...", limit=10, public=False) -> list[SearchHit], best first.
"""

from dataclasses import dataclass

from django.db.models import Q

from servicetorg.catalogue.models import Service


@dataclass(frozen=True)
class SearchHit:
    service: Service
    score: float


def index_services(*, service_ids: list[int]) -> None:
    """Simple first engine: nothing to index (it reads the service table directly)."""


def index_articles(*, article_ids: list[int]) -> None:
    """Simple first engine: nothing to index."""


def catalogue_search(*, municipality_id: int, q: str, limit: int = 10, public: bool = False) -> list[SearchHit]:
    words = [w for w in q.lower().split() if w][:8]
    if not words:
        return []
    cond = Q()
    for word in words:
        cond &= Q(name__icontains=word) | Q(keywords__icontains=word) | Q(summary__icontains=word)
    services = (
        Service.objects.filter(municipality_id=municipality_id, active=True)
        .filter(cond)
        .select_related("area", "forward_to", "owner_unit")
        .order_by("name")[:limit]
    )
    return [SearchHit(service=s, score=1.0) for s in services]
