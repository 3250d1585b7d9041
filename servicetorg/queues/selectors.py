"""Reads of the queues, scoped to the acting user's municipality."""

import datetime as dt

from django.db.models import Count, Min, Q
from django.http import Http404
from django.utils import timezone

from servicetorg.organisation.models import Site
from servicetorg.queues.models import Call, Counter, Errand, Ticket, TicketStatus

# How many called numbers the display shows.
DISPLAY_ROWS = 6


def site_for_user(*, user, site_id: int) -> Site:
    site = Site.objects.filter(pk=site_id, municipality_id=user.municipality_id).first()
    if site is None:
        raise Http404
    return site


def public_site(*, municipality_slug: str, site_slug: str) -> Site:
    site = (Site.objects.select_related("municipality")
            .filter(municipality__slug=municipality_slug, slug=site_slug, active=True).first())
    if site is None:
        raise Http404
    return site


def counter_get(*, user, pk: int) -> Counter:
    counter = Counter.objects.select_related("site").filter(pk=pk, municipality_id=user.municipality_id).first()
    if counter is None:
        raise Http404
    return counter


def ticket_get(*, user, pk: int) -> Ticket:
    ticket = (Ticket.objects.select_related("errand", "site", "counter")
              .filter(pk=pk, municipality_id=user.municipality_id).first())
    if ticket is None:
        raise Http404
    return ticket


def call_get(*, user, pk: int) -> Call:
    call = Call.objects.filter(pk=pk, municipality_id=user.municipality_id).first()
    if call is None:
        raise Http404
    return call


def counters_for_user(*, user):
    qs = Counter.objects.select_related("site", "staffed_by").filter(municipality_id=user.municipality_id,
                                                                     active=True)
    if user.sites.exists():
        qs = qs.filter(site__in=user.sites.all())
    return qs.order_by("site__name", "name")


def errands_for_site(*, site):
    return Errand.objects.filter(site=site, active=True).order_by("order", "name")


def display_rows(*, site) -> list[dict]:
    """The last numbers called at a site today, newest first (one query)."""
    rows = (Ticket.objects.filter(site=site, day=timezone.localdate(), called_at__isnull=False,
                                  status__in=(TicketStatus.CALLED, TicketStatus.SERVING))
            .order_by("-called_at").values("pk", "label", "counter__name", "called_at", "calls")[:DISPLAY_ROWS])
    return list(rows)


def waiting_count(*, site) -> int:
    return Ticket.objects.filter(site=site, day=timezone.localdate(), status=TicketStatus.WAITING).count()


def live_board(*, user, now: dt.datetime | None = None) -> dict:
    """The leader's board: waiting now per site and errand with the longest wait, who sits
    at which counter, and today's calls waiting and abandoned. A fixed number of queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    muni = user.municipality_id
    # By the municipality's sites, so the (site, day) indexes serve a year of tickets.
    site_ids = list(Site.objects.filter(municipality_id=muni).values_list("pk", flat=True))
    waiting = (Ticket.objects.filter(site_id__in=site_ids, day=today, status=TicketStatus.WAITING)
               .values("site_id", "site__name", "errand_id", "errand__name", "errand__target_wait_seconds")
               .annotate(n=Count("pk"), oldest=Min("issued_at")).order_by("site__name", "errand__name"))
    rows = []
    for row in waiting:
        longest = int((now - row["oldest"]).total_seconds())
        target = row["errand__target_wait_seconds"] or 300
        rows.append({**row, "longest": longest, "target": target, "late": longest > target})
    counters = list(Counter.objects.filter(municipality_id=muni, active=True)
                    .select_related("site", "staffed_by").order_by("site__name", "name"))
    serving = {t.counter_id: t for t in Ticket.objects.filter(site_id__in=site_ids, day=today,
                                                              status__in=(TicketStatus.CALLED, TicketStatus.SERVING))}
    start = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    calls = (Call.objects.filter(site_id__in=site_ids, offered_at__gte=start)
             .values("site_id", "site__name")
             .annotate(offered=Count("pk"),
                       waiting=Count("pk", filter=Q(answered_at__isnull=True, abandoned_at__isnull=True,
                                                    ended_at__isnull=True)),
                       abandoned=Count("pk", filter=Q(answered_at__isnull=True, abandoned_at__isnull=False)))
             .order_by("site__name"))
    return {"waiting": rows, "counters": [(c, serving.get(c.pk)) for c in counters], "calls": list(calls),
            "late": any(r["late"] for r in rows)}
