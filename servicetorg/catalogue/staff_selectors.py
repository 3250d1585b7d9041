"""Reads for the staff side of the catalogue. Every read is scoped to the
user's municipality: another municipality's service is simply not found (404),
never "forbidden", so its existence does not leak."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from servicetorg.catalogue.models import Area, Article, ArticleKind, Handling, Service, ServiceVersion, Step
from servicetorg.catalogue.search import catalogue_search
from servicetorg.organisation.models import StaffContact, Unit

SEARCH_LIMIT = 50
# A filtered search asks the engine for more hits, since the area filter comes after ranking.
FILTERED_SEARCH_LIMIT = 200
AREA_LIST_LIMIT = 200
REVIEW_LIST_LIMIT = 300
HISTORY_LIMIT = 200

_SERVICE_RELATED = ("area", "owner_unit", "forward_to", "content_owner")


@dataclass(frozen=True)
class ServiceRow:
    """A service with its texts in the active language."""

    service: Service
    name: str
    summary: str


def _row(service: Service) -> ServiceRow:
    return ServiceRow(service=service, name=service.localized("name"), summary=service.localized("summary"))


def _services(*, user) -> QuerySet[Service]:
    return Service.objects.filter(municipality_id=user.municipality_id).select_related(*_SERVICE_RELATED)


def review_cutoff(*, today: dt.date | None = None) -> dt.date:
    """A service last reviewed before this date is due for review."""
    days = getattr(settings, "CATALOGUE_REVIEW_DAYS", 365)
    return (today or timezone.localdate()) - dt.timedelta(days=days)


def service_is_due(*, service: Service, today: dt.date | None = None) -> bool:
    return service.last_reviewed is None or service.last_reviewed < review_cutoff(today=today)


def service_get(*, user, slug: str) -> Service:
    """One service of the user's municipality, active or not; 404 otherwise."""
    service = _services(user=user).filter(slug=slug).first()
    if service is None:
        raise Http404
    return service


def service_search(*, user, q: str, area: Area | None = None) -> list[ServiceRow]:
    """Best first through the catalogue search; with only an area, that area's services by name.

    The engine's hits are read again in one query, so that the page costs the same
    number of queries whatever the engine fetches, and no hit can cross municipalities."""
    q = q.strip()
    if not q:
        if area is None:
            return []
        services = _services(user=user).filter(active=True, area=area).order_by("name")[:AREA_LIST_LIMIT]
        return [_row(s) for s in services]
    limit = FILTERED_SEARCH_LIMIT if area is not None else SEARCH_LIMIT
    hits = catalogue_search(municipality_id=user.municipality_id, q=q, limit=limit, public=False)
    order = [hit.service.pk for hit in hits]
    found = _services(user=user).filter(pk__in=order, active=True)
    if area is not None:
        found = found.filter(area=area)
    by_pk = {s.pk: s for s in found}
    return [_row(by_pk[pk]) for pk in order if pk in by_pk][:SEARCH_LIMIT]


@dataclass(frozen=True)
class ServicePage:
    service: Service
    name: str
    summary: str
    body: str
    due_for_review: bool
    articles: list[Article] = field(default_factory=list)
    contacts: list[StaffContact] = field(default_factory=list)


def service_articles(*, service: Service) -> list[Article]:
    """Active articles about the service, phone scripts first: staff see the non-public ones too."""
    return list(
        service.articles.filter(active=True, municipality_id=service.municipality_id)
        .annotate(script_first=Case(When(kind=ArticleKind.PHONE_SCRIPT, then=Value(0)), default=Value(1),
                                    output_field=IntegerField()))
        .order_by("script_first", "title")
    )


def service_contacts(*, service: Service) -> list[StaffContact]:
    """The people of the unit that owns the service and of the unit it is forwarded to."""
    unit_ids = {pk for pk in (service.owner_unit_id, service.forward_to_id) if pk}
    if not unit_ids:
        return []
    return list(
        StaffContact.objects.filter(municipality_id=service.municipality_id, unit_id__in=unit_ids, active=True)
        .select_related("unit", "site")
        .order_by("unit__name", "name")
    )


def service_page(*, user, slug: str) -> ServicePage:
    service = service_get(user=user, slug=slug)
    return ServicePage(
        service=service,
        name=service.localized("name"),
        summary=service.localized("summary"),
        body=service.localized("body"),
        due_for_review=service_is_due(service=service),
        articles=service_articles(service=service),
        contacts=service_contacts(service=service),
    )


def service_review_list(*, user, can_see_all: bool, owner_unit: Unit | None = None) -> list[Service]:
    """Active services never reviewed or reviewed before the cutoff, oldest first (never reviewed before all).

    A content owner sees their own services; leaders and administrators the whole municipality."""
    services = _services(user=user).filter(active=True).filter(
        Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=review_cutoff())
    )
    if can_see_all:
        if owner_unit is not None:
            services = services.filter(owner_unit=owner_unit)
    else:
        services = services.filter(content_owner=user)
    return list(services.order_by(F("last_reviewed").asc(nulls_first=True), "name")[:REVIEW_LIST_LIMIT + 1])


def article_get(*, user, slug: str) -> Article:
    """An active article of the user's municipality, public or not (phone scripts are for staff)."""
    article = Article.objects.filter(municipality_id=user.municipality_id, slug=slug, active=True).first()
    if article is None:
        raise Http404
    return article


def article_services(*, article: Article) -> list[ServiceRow]:
    services = article.services.filter(active=True, municipality_id=article.municipality_id).select_related(
        "area", "forward_to", "owner_unit"
    )
    return [_row(s) for s in services.order_by("name")]


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class VersionRow:
    version: ServiceVersion
    changes: list[FieldChange]


def _describe(field_name: str, value, *, units: dict, people: dict, areas: dict) -> str:
    """A stored version value in words: names for units, people and areas, labels for choices."""
    if value is None or value == "" or value == []:
        return "–"
    if field_name in ("owner_unit", "forward_to"):
        unit = units.get(value)
        return unit.name if unit else _("Deleted unit (%(id)s)") % {"id": value}
    if field_name == "content_owner":
        person = people.get(value)
        return person.display_name if person else _("Deleted person (%(id)s)") % {"id": value}
    if field_name == "area":
        area = areas.get(value)
        return area.name if area else str(value)
    if field_name == "step" and value in Step.values:
        return str(Step(value).label)
    if field_name == "handling" and value in Handling.values:
        return str(Handling(value).label)
    if field_name == "last_reviewed" and isinstance(value, str):
        try:
            return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field_name == "links" and isinstance(value, list):
        return "\n".join(
            f"{link.get('title', '')} | {link.get('url', '')}" if isinstance(link, dict) else str(link)
            for link in value
        )
    return str(value)


def service_history(*, service: Service) -> list[VersionRow]:
    """The versions, newest first, each changed field with its old and new value in words.

    Units, people and areas named in the changes are read in one query each."""
    versions = list(service.versions.select_related("changed_by").order_by("-number")[:HISTORY_LIMIT])
    unit_ids, person_ids, area_codes = set(), set(), set()
    for version in versions:
        for name, pair in version.changes.items():
            target = {"owner_unit": unit_ids, "forward_to": unit_ids, "content_owner": person_ids,
                      "area": area_codes}.get(name)
            if target is not None and isinstance(pair, list):
                target.update(v for v in pair if v is not None)
    units = Unit.objects.in_bulk(unit_ids) if unit_ids else {}
    people = get_user_model().objects.in_bulk(person_ids) if person_ids else {}
    areas = Area.objects.in_bulk(area_codes) if area_codes else {}
    labels = {f.name: str(f.verbose_name) for f in Service._meta.get_fields() if hasattr(f, "verbose_name")}
    order = {name: index for index, name in enumerate(labels)}
    rows = []
    for version in versions:
        changes = []
        for name, pair in sorted(version.changes.items(), key=lambda item: order.get(item[0], len(order))):
            old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            changes.append(FieldChange(
                field=name, label=labels.get(name, name),
                old=_describe(name, old, units=units, people=people, areas=areas),
                new=_describe(name, new, units=units, people=people, areas=areas),
            ))
        rows.append(VersionRow(version=version, changes=changes))
    return rows
