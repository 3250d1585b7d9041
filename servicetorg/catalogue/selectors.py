"""Reads of the catalogue."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from servicetorg.catalogue.models import Area, Handling, Service
from servicetorg.catalogue.search import catalogue_search
from servicetorg.core.parsing import parse_id, parse_or


def service_active(*, municipality_id: int) -> QuerySet[Service]:
    return Service.objects.filter(municipality_id=municipality_id, active=True)


@dataclass(frozen=True)
class Pick:
    """One typeahead result: a service, or an area when no service fits."""

    value: str  # "service:<id>" or "area:<code>"
    label: str
    area_name: str
    handling: str
    sensitive: bool
    forward_to_id: int | None

    @property
    def handling_label(self) -> str:
        return Handling(self.handling).label


def service_typeahead(*, municipality_id: int, q: str, limit: int = 8) -> list[Pick]:
    """Services through the catalogue search (stems, compounds, synonyms, misspellings, the last
    word as a prefix), then areas whose name or code contains every typed word. A fixed number of
    queries whatever the catalogue size."""
    words = [w for w in q.lower().split() if w][:6]
    if not words:
        return []
    hits = catalogue_search(municipality_id=municipality_id, q=q, limit=limit)
    picks = [
        Pick(
            value=f"service:{s.pk}", label=s.name, area_name=s.area.name, handling=s.handling,
            sensitive=s.is_sensitive, forward_to_id=s.forward_to_id or s.owner_unit_id,
        )
        for s in (hit.service for hit in hits)
    ]
    area_cond = Q()
    for word in words:
        area_cond &= Q(name_nb__icontains=word) | Q(name_nn__icontains=word) | Q(name_en__icontains=word) | Q(
            code__icontains=word
        )
    for area in Area.objects.filter(area_cond).order_by("name_nb")[: max(2, limit - len(picks))]:
        picks.append(
            Pick(value=f"area:{area.code}", label=area.name, area_name="", handling=area.frontline_default,
                 sensitive=False, forward_to_id=None)
        )
    return picks


def pick_resolve(*, municipality_id: int, value: str) -> tuple[Service | None, Area | None]:
    """Turn a typeahead value back into a service or an area; (None, None) when unknown."""
    kind, _, key = (value or "").partition(":")
    service_id = parse_or(key, parse_id) if kind == "service" else None
    if service_id is not None:
        service = service_active(municipality_id=municipality_id).select_related(
            "area", "forward_to", "owner_unit"
        ).filter(pk=service_id).first()
        return service, service.area if service else None
    if kind == "area":
        return None, Area.objects.filter(code=key).first()
    return None, None
