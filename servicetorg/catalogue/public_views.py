"""The citizen side of the catalogue: no login, read only, bokmål with nynorsk
and English where the content exists.

Only fields written for citizens reach these templates. The frontline guidance,
the content owner, the sensitive flag and the forward target are for staff; the
views hand the templates small presentation objects instead of whole services,
so a template cannot show a staff-only field by accident.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from servicetorg.catalogue.models import Area, Article, ArticleKind, Service
from servicetorg.catalogue.search import catalogue_search
from servicetorg.organisation.hours import weekly, windows_on
from servicetorg.organisation.models import Municipality, OpeningException, OpeningHours, Site, Weekday
from servicetorg.organisation.theme import theme_for

Q_MAX_LENGTH = 200
RESULTS_SHOWN = 20
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Text:
    """A content text and the language it is written in (bokmål when a translation is missing)."""

    value: str
    lang: str


@dataclass(frozen=True)
class Card:
    """A service or an article as a search result or in a list."""

    url: str
    name: Text
    summary: Text
    meta: str  # the service's area, or the article's kind


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Day:
    name: str
    hours: list[tuple[dt.time, dt.time]]
    is_today: bool


@dataclass(frozen=True)
class Centre:
    """A service centre as the public sees it: where, when, how to reach it."""

    name: str
    address: str
    library: str
    phone: str
    tel: str
    email: str
    week: list[Day]
    today_hours: list[tuple[dt.time, dt.time]]
    today_reason: str


def _page_language() -> str:
    """nb, nn or en: the language the page is written in."""
    lang = (get_language() or "nb")[:2]
    return lang if lang in ("nn", "en") else "nb"


def _text(service: Service, field: str) -> Text:
    """Service.localized's text, with the language it is really written in."""
    lang = _page_language()
    translated = lang in ("nn", "en") and bool(getattr(service, f"{field}_{lang}"))
    return Text(service.localized(field), lang if translated else "nb")


def _clean_query(raw: str) -> str:
    """What the visitor typed, safe for any search engine: at most 200 characters,
    control and format characters (NUL among them, which PostgreSQL refuses) as spaces."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in raw[:Q_MAX_LENGTH])
    return _SPACES.sub(" ", text).strip()


def _municipality(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug)


def _card(service: Service, municipality: Municipality) -> Card:
    return Card(
        url=reverse("public:service", args=[municipality.slug, service.slug]),
        name=_text(service, "name"), summary=_text(service, "summary"), meta=service.area.name,
    )


def _article_card(article: Article, municipality: Municipality) -> Card:
    """Articles are written in bokmål only."""
    first = article.body.strip().split("\n\n")[0]
    return Card(
        url=reverse("public:article", args=[municipality.slug, article.slug]),
        name=Text(article.title, "nb"), summary=Text(Truncator(first).chars(200), "nb"),
        meta=article.get_kind_display(),
    )


def _for_the_public(article: Article | None, municipality: Municipality) -> bool:
    # Phone scripts are for staff even when someone ticked "public".
    return bool(
        article is not None and article.public and article.active and article.kind != ArticleKind.PHONE_SCRIPT
        and article.municipality_id == municipality.pk
    )


def _centres(municipality: Municipality) -> list[Centre]:
    """The active service centres with their week and today's hours: three queries
    whatever the number of centres."""
    today = timezone.localdate()
    sites = Site.objects.filter(municipality=municipality, active=True).order_by("name").prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens"), to_attr="hours"),
        Prefetch("opening_exceptions", queryset=OpeningException.objects.filter(date=today), to_attr="today"),
    )
    centres = []
    for site in sites:
        week = [
            Day(name=label, hours=[(h.opens, h.closes) for h in site.hours if h.weekday == day],
                is_today=day == today.weekday())
            for day, label in Weekday.choices
        ]
        exceptions = {e.date: [] if e.closed else [(e.opens, e.closes)] for e in site.today}
        today_hours = windows_on(today, weekly((h.weekday, h.opens, h.closes) for h in site.hours),
                                 exceptions=exceptions)
        reason = site.today[0].reason if site.today else ""
        centres.append(Centre(
            name=site.name, address=site.address, library=site.library, phone=site.phone,
            tel=re.sub(r"[^\d+]", "", site.phone), email=site.email, week=week,
            today_hours=today_hours, today_reason=reason,
        ))
    return centres


def _render(request: HttpRequest, template: str, municipality: Municipality, context: dict) -> HttpResponse:
    centres = _centres(municipality)
    phones = list(dict.fromkeys((c.phone, c.tel) for c in centres if c.phone))
    return render(request, template, {
        "municipality": municipality, "centres": centres, "phones": phones, "page_lang": _page_language(),
        "theme": theme_for(municipality),
        # After a language change the visitor comes back here, without any junk in the query string.
        "language_next": request.path, **context,
    })


@require_safe
def front(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    """The front page, "What can we help you with?": search and the areas. With htmx (search as
    you type) the answer is only the results; without JavaScript the form's GET
    gives the whole page with the results."""
    municipality = _municipality(municipality_slug)
    q = _clean_query(request.GET.get("q", ""))
    searched = bool(q)
    hits = catalogue_search(
        municipality_id=municipality.pk, q=q, limit=RESULTS_SHOWN + 1, public=True, kinds=("service", "article")
    ) if q else []
    # The engine answers with what the public may see; checking again costs no query.
    results = []
    for hit in hits:
        if hit.service is not None and hit.service.active and hit.service.municipality_id == municipality.pk:
            results.append(_card(hit.service, municipality))
        elif hit.service is None and _for_the_public(hit.article, municipality):
            results.append(_article_card(hit.article, municipality))
    more_results = len(results) > RESULTS_SHOWN
    results = results[:RESULTS_SHOWN]
    context = {
        "q": q, "searched": searched, "results": results, "more_results": more_results,
        "results_shown": RESULTS_SHOWN, "page_lang": _page_language(),
    }
    # A history restore asks for the whole page, though htmx sends it.
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "catalogue/public/search_fragment.html", context)
    else:
        areas = (
            Area.objects.annotate(
                service_count=Count("services", filter=Q(services__municipality=municipality, services__active=True))
            )
            .filter(service_count__gt=0)
            .order_by(f"name_{_page_language()}", "code")
        )
        language_next = f"{request.path}?{urlencode({'q': q})}" if q else request.path
        response = _render(request, "catalogue/public/front.html", municipality,
                           {"areas": areas, **context, "language_next": language_next})
    # The fragment and the page differ, and both follow the language cookie.
    patch_vary_headers(response, ["HX-Request", "Cookie"])
    return response


@require_safe
def area_detail(request: HttpRequest, municipality_slug: str, code: str) -> HttpResponse:
    municipality = _municipality(municipality_slug)
    area = get_object_or_404(Area, code=code)
    services = Service.objects.filter(municipality=municipality, area=area, active=True).select_related("area")
    cards = [_card(service, municipality) for service in services.order_by("name")]
    return _render(request, "catalogue/public/area.html", municipality, {"area": area, "services": cards})


@require_safe
def service_detail(request: HttpRequest, municipality_slug: str, slug: str) -> HttpResponse:
    municipality = _municipality(municipality_slug)
    service = get_object_or_404(
        Service.objects.select_related("area"), municipality=municipality, slug=slug, active=True
    )
    lang = _page_language()
    name, summary, body = _text(service, "name"), _text(service, "summary"), _text(service, "body")
    written = [t for t in (name, summary, body) if t.value]
    # The note says what the visitor gets: the whole page or parts of it in bokmål.
    fallback = ""
    if lang != "nb":
        in_bokmal = [t for t in written if t.lang == "nb"]
        if in_bokmal:
            fallback = "all" if len(in_bokmal) == len(written) else "some"
    # Links go through validation on save, but the admin's JSON field does not:
    # only web addresses become buttons, never javascript: or data: URLs.
    links = [
        Link(title=str(link.get("title", "")).strip(), url=str(link.get("url", "")))
        for link in service.links if isinstance(link, dict)
    ] if isinstance(service.links, list) else []
    links = [link for link in links if link.title and re.match(r"^https?://", link.url, re.IGNORECASE)]
    articles = service.articles.filter(municipality=municipality, public=True, active=True).exclude(
        kind=ArticleKind.PHONE_SCRIPT
    ).order_by("title").values_list("title", "slug")
    # "Book a time" on our own booking pages when the service's unit has appointment types.
    units = [u for u in (service.owner_unit_id, service.forward_to_id) if u]
    booking_types = list(apps.get_model("bookings", "AppointmentType").objects.filter(
        municipality=municipality, unit_id__in=units, active=True).order_by("name")) if units else []
    return _render(request, "catalogue/public/service.html", municipality, {
        "booking_types": booking_types,
        "area": service.area, "name": name, "summary": summary, "body": body, "fallback": fallback,
        "links": links, "fees": service.fees, "legal_basis": service.legal_basis, "articles": [
            Link(title=title, url=reverse("public:article", args=[municipality.slug, slug])) for title, slug in articles
        ],
    })


@require_safe
def article_detail(request: HttpRequest, municipality_slug: str, slug: str) -> HttpResponse:
    municipality = _municipality(municipality_slug)
    article = Article.objects.filter(municipality=municipality, slug=slug).first()
    if not _for_the_public(article, municipality):
        raise Http404
    services = Service.objects.filter(municipality=municipality, articles=article, active=True).order_by("name")
    return _render(request, "catalogue/public/article.html", municipality, {
        "title": article.title, "body": article.body, "kind": article.get_kind_display(),
        "services": [_card(s, municipality) for s in services.select_related("area")],
    })
