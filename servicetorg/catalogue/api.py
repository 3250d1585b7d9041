"""The public catalogue in REST API v1: search and read services, no login.

A stable contract that other tools (chat bots, the municipality's website, kiosks) depend on:
fields are added, never renamed or removed. Only what a citizen may see: active services, no
staff guidance. The municipality is the `municipality` parameter (its slug), which may be left
out when the installation serves exactly one.
"""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from servicetorg.catalogue.models import Area, Handling, Service
from servicetorg.catalogue.schemas import AreaCode
from servicetorg.catalogue.search import catalogue_search, catalogue_suggest
from servicetorg.core.schemas import NUL_FREE, DetailOut, ErrorsOut, JsonInt, Text
from servicetorg.organisation.models import Municipality

router = Router(tags=["catalogue"])

SEARCH_LIMIT_MAX = 50
PAGE_LIMIT_MAX = 200
Q_MAX = 200


class ServiceHitOut(Schema):
    id: int
    slug: str
    name: str
    area: str = Field(description="The area code, exactly as in catalogue-areas.csv.")
    step: int = Field(description="The service staircase (tjenestetrappa), 1–4.")
    handling: Handling = Field(description="What the service centre does: answer, guide, forward or refer.")
    forward_to: str | None = Field(description="The unit or body it is forwarded or referred to, by name.")
    url: str = Field(description="The public page of the service.")
    score: float = Field(description="How well it matches; higher is better. Only for ordering.")


class SearchOut(Schema):
    results: list[ServiceHitOut]


class ServiceOut(Schema):
    id: int
    slug: str
    name: str
    area: str = Field(description="The area code, exactly as in catalogue-areas.csv.")
    step: int
    handling: Handling
    forward_to: str | None
    url: str
    summary: str


class ServicePageOut(Schema):
    results: list[ServiceOut]
    count: int = Field(description="Active services matching the filter, on all pages.")
    limit: int
    offset: int
    next_offset: int | None = Field(description="Pass as `offset` for the next page; null on the last page.")


class LinkOut(Schema):
    title: str
    url: str


class ServiceDetailOut(ServiceOut):
    name_nn: str
    name_en: str
    area_name: str
    summary_nn: str
    summary_en: str
    body: str
    body_nn: str
    body_en: str
    links: list[LinkOut]
    fees: str
    legal_basis: str
    keywords: str
    last_reviewed: dt.date | None
    updated_at: dt.datetime


MUNICIPALITY_HELP = ("The municipality's slug; optional when the installation serves only one (400 without it when "
                     "it serves several). An unknown slug is 404.")
Slug = Annotated[str, Field(max_length=100, pattern=NUL_FREE)]


class SearchParams(Schema):
    q: Text(Q_MAX, blank=False) = Field(
        description="What the person typed: a question, a few words, or the start of a word."
    )
    limit: int = Field(10, ge=1, le=SEARCH_LIMIT_MAX)
    municipality: Slug | None = Field(None, description=MUNICIPALITY_HELP)


class ServiceListParams(Schema):
    area: AreaCode | None = Field(None, description="Only services of this area code.")
    limit: int = Field(50, ge=1, le=PAGE_LIMIT_MAX)
    offset: int = Field(0, ge=0, le=2**31 - 1)
    municipality: Slug | None = Field(None, description=MUNICIPALITY_HELP)


class MunicipalityParam(Schema):
    municipality: Slug | None = Field(None, description=MUNICIPALITY_HELP)


ERRORS = {400: ErrorsOut, 404: DetailOut, 503: DetailOut}  # 503: the database does not answer


def _municipality(slug: str | None, errors: dict[str, list[str]]) -> Municipality | None:
    if slug:
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise Http404  # an unknown slug names a resource that is not there, like an unknown service
        return municipality
    found = list(Municipality.objects.order_by("pk")[:2])
    if len(found) != 1:
        errors["municipality"] = [_("Give the municipality's slug: this installation serves several.")]
        return None
    return found[0]


def _url(municipality: Municipality, service: Service) -> str:
    return reverse("public:service", kwargs={"municipality_slug": municipality.slug, "slug": service.slug})


def _service(municipality: Municipality, s: Service, **extra) -> dict:
    return {
        "id": s.pk, "slug": s.slug, "name": s.name, "area": s.area_id, "step": s.step, "handling": s.handling,
        "forward_to": s.forward_to.name if s.forward_to_id else None, "url": _url(municipality, s), **extra,
    }


@router.get("/search", auth=None, response={200: SearchOut, **ERRORS}, operation_id="catalogue_search",
            summary="Search the catalogue")
def search(request: HttpRequest, params: Query[SearchParams]):
    """The services that best answer what a person typed, best first. Understands Norwegian
    (bokmål and nynorsk) as people write it: inflections, compounds, everyday words and synonyms,
    misspellings, and the last word as the start of a word while typing."""
    errors: dict[str, list[str]] = {}
    q = params.q.strip(" \t\n\r\f\v")  # the white space the schema's pattern names
    if not q:
        errors["q"] = [_("Type what you are looking for.")]
    elif len(q) > Q_MAX:
        errors["q"] = [_("Use at most %(max)s characters.") % {"max": Q_MAX}]
    municipality = _municipality(params.municipality, errors)
    if errors:
        raise ValidationError(errors)
    hits = catalogue_search(municipality_id=municipality.pk, q=q, limit=params.limit, public=True)
    return {"results": [_service(municipality, h.service, score=h.score) for h in hits]}


SUGGEST_TEXT_MAX = 10_000


class SuggestIn(Schema):
    text: Text(SUGGEST_TEXT_MAX, blank=False) = Field(
        description="A whole message: an e-mail, an SMS or what a citizen writes in the contact form.")
    limit: JsonInt = Field(3, ge=1, le=SEARCH_LIMIT_MAX)
    municipality: Slug | None = Field(None, description=MUNICIPALITY_HELP)


@router.post("/suggest", auth=None, response={200: SearchOut, **ERRORS}, operation_id="catalogue_suggest",
             url_name="catalogue_suggest",
             summary="Suggest services for a whole message")
def suggest(request: HttpRequest, payload: SuggestIn):
    """The services a whole message is most likely about, in the same shape and ranking as the
    search. Greetings, signatures, quoted replies and disclaimers are stripped first. The text is
    neither stored nor logged."""
    errors: dict[str, list[str]] = {}
    text = payload.text.replace("\x00", "").strip()
    if not text:
        errors["text"] = [_("Send the text of the message.")]
    elif len(text) > SUGGEST_TEXT_MAX:
        errors["text"] = [_("Use at most %(max)s characters.") % {"max": SUGGEST_TEXT_MAX}]
    municipality = _municipality(payload.municipality, errors)
    if errors:
        raise ValidationError(errors)
    hits = catalogue_suggest(municipality_id=municipality.pk, text=text, limit=payload.limit, public=True)
    return {"results": [_service(municipality, h.service, score=h.score) for h in hits]}


@router.get("/services", auth=None, response={200: ServicePageOut, **ERRORS}, operation_id="catalogue_service_list",
            summary="List services")
def service_list(request: HttpRequest, params: Query[ServiceListParams]):
    """The active services by name, a page at a time (`limit`, `offset`), optionally of one area."""
    errors: dict[str, list[str]] = {}
    municipality = _municipality(params.municipality, errors)
    if params.area is not None and not Area.objects.filter(code=params.area).exists():
        errors["area"] = [_("Unknown area code.")]
    if errors:
        raise ValidationError(errors)
    services = Service.objects.filter(municipality=municipality, active=True)
    if params.area is not None:
        services = services.filter(area_id=params.area)
    count = services.count()
    page = services.select_related("forward_to").order_by("name", "pk")[params.offset : params.offset + params.limit]
    end = params.offset + params.limit
    return {
        "results": [_service(municipality, s, summary=s.summary) for s in page],
        "count": count, "limit": params.limit, "offset": params.offset,
        "next_offset": end if end < count else None,
    }


@router.get("/services/{slug}", auth=None, response={200: ServiceDetailOut, **ERRORS},
            operation_id="catalogue_service_read", summary="Read a service")
def service_read(request: HttpRequest, params: Query[MunicipalityParam], slug: str = Path(..., max_length=160)):
    """One active service with its texts in bokmål, nynorsk and English (empty when not written)."""
    errors: dict[str, list[str]] = {}
    municipality = _municipality(params.municipality, errors)
    if errors:
        raise ValidationError(errors)
    s = (
        Service.objects.filter(municipality=municipality, slug=slug, active=True)
        .select_related("area", "forward_to")
        .first()
    )
    if s is None:
        raise Http404
    links = [
        {"title": str(link.get("title", "")), "url": str(link.get("url", ""))}
        for link in (s.links if isinstance(s.links, list) else [])
        if isinstance(link, dict)
    ]
    return _service(
        municipality, s, summary=s.summary, name_nn=s.name_nn, name_en=s.name_en, area_name=s.area.name_nb,
        summary_nn=s.summary_nn, summary_en=s.summary_en, body=s.body, body_nn=s.body_nn, body_en=s.body_en,
        links=links, fees=s.fees, legal_basis=s.legal_basis, keywords=s.keywords, last_reviewed=s.last_reviewed,
        updated_at=s.updated_at,
    )
