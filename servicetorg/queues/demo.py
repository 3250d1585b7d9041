"""Demo queues for the three sites: errands, counters, a switchboard hook, and
eight weeks of tickets and calls, so the staffing page and the dashboard show
measured waits from the first `make run`. The history is written in bulk and
its rollups are built from the same contributions the services use."""

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from servicetorg.accounts.models import User
from servicetorg.catalogue.models import Area, Service
from servicetorg.organisation.models import OpeningHours, Site
from servicetorg.queues.models import (
    Call,
    CallHook,
    Counter,
    Errand,
    Kind,
    QueuePresence,
    QueueRollup,
    Ticket,
    TicketStatus,
)
from servicetorg.queues.rollups import _keys, call_contribution, ticket_contribution

ERRANDS = [  # letter, bokmål, nynorsk, English, area, priority
    ("A", "Generelle spørsmål", "Generelle spørsmål", "General questions", "servicetorg", 0),
    ("D", "Hjelp med digitale tjenester", "Hjelp med digitale tenester", "Help with digital services",
     "digital-hjelp", 0),
    ("B", "Byggesak og eiendom", "Byggesak og eigedom", "Building and property", "byggesak", 1),
]
COUNTERS = {"sandefjord": 3, "stokke": 2, "andebu": 1}
TICKETS_PER_DAY = {"sandefjord": 40, "stokke": 16, "andebu": 8}
CALLS_PER_DAY = 70  # the shared switchboard, run from Sandefjord
SERVERS = {"sandefjord": ["frontline"], "stokke": ["frontline2"], "andebu": ["frontline2"]}
# Demo only: the switchboard's credentials, printed in README for trying the webhook locally.
HOOK_TOKEN = "demo-switchboard-token-not-for-production"  # noqa: S105 -- demo only
HOOK_SECRET = "demo-switchboard-secret"  # noqa: S105 -- demo only
HISTORY_WEEKS = 8


def _service_for(municipality, area_code):
    return Service.objects.filter(municipality=municipality, area_id=area_code, active=True).order_by("name").first()


def queues_demo_load(*, municipality, seed: int = 17) -> dict:
    rng = random.Random(seed)
    sites = {s.slug: s for s in Site.objects.filter(municipality=municipality, slug__in=list(COUNTERS))}
    errands: dict[str, list[Errand]] = defaultdict(list)
    for slug, site in sites.items():
        for order, (letter, nb, nn, en, area, priority) in enumerate(ERRANDS):
            errand = Errand.objects.create(municipality=municipality, site=site, name=nb, name_nn=nn, name_en=en,
                                           letter=letter, priority=priority, order=order)
            if Area.objects.filter(pk=area).exists():
                errand.areas.add(area)
            service = _service_for(municipality, area)
            if service is not None:
                errand.services.add(service)
            errands[slug].append(errand)
        Counter.objects.bulk_create(Counter(municipality=municipality, site=site, name=f"Skranke {i + 1}")
                                    for i in range(COUNTERS[slug]))
    if "sandefjord" in sites:
        CallHook.objects.create(municipality=municipality, site=sites["sandefjord"], name="Sentralbord (demo)",
                                token=HOOK_TOKEN, secret=HOOK_SECRET)
    users = {u.username: u for u in User.objects.filter(municipality=municipality)}
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    tickets, calls = [], []
    for slug, site in sites.items():
        hours = {h.weekday: h for h in OpeningHours.objects.filter(site=site).order_by("opens")}
        servers = [users[u] for u in SERVERS[slug] if u in users] or list(users.values())[:1]
        for back in range(HISTORY_WEEKS * 7, 0, -1):
            day = today - dt.timedelta(days=back)
            opening = hours.get(day.weekday())
            if opening is None:
                continue
            opens = dt.datetime.combine(day, opening.opens, tzinfo=tz)
            length = (dt.datetime.combine(day, opening.closes) - dt.datetime.combine(day, opening.opens)).seconds
            arrivals = sorted(rng.uniform(0, length - 900) for _ in range(rng.randint(TICKETS_PER_DAY[slug] // 2,
                                                                                       TICKETS_PER_DAY[slug])))
            free_at = [opens] * COUNTERS[slug]
            for number, offset in enumerate(arrivals, start=1):
                issued = opens + dt.timedelta(seconds=offset)
                desk = min(range(len(free_at)), key=lambda i: free_at[i])
                called = max(issued + dt.timedelta(seconds=rng.randint(5, 40)), free_at[desk])
                served_for = dt.timedelta(seconds=int(rng.expovariate(1 / 360)) + 60)
                no_show = rng.random() < 0.04
                done = called + (dt.timedelta(seconds=60) if no_show else served_for)
                free_at[desk] = done
                errand = rng.choice(errands[slug])
                tickets.append(Ticket(
                    municipality=municipality, site=site, day=day, number=number,
                    label=f"{errand.letter}{number:03d}", errand=errand, priority=errand.priority,
                    status=TicketStatus.NO_SHOW if no_show else TicketStatus.DONE, issued_at=issued,
                    called_at=called, served_at=None if no_show else called, done_at=done, calls=1,
                    served_by=servers[desk % len(servers)]))
            if slug == "sandefjord":
                answerers = [u for name, u in users.items() if name in ("frontline", "leder")]
                for i in range(rng.randint(CALLS_PER_DAY // 2, CALLS_PER_DAY)):
                    offered = opens + dt.timedelta(seconds=rng.uniform(0, length - 600))
                    waited = dt.timedelta(seconds=int(rng.expovariate(1 / 35)))
                    patience = dt.timedelta(seconds=int(rng.expovariate(1 / 180)))
                    call = Call(municipality=municipality, site=site, call_id=f"demo-{day}-{i}",
                                queue="Sentralbord", offered_at=offered)
                    if waited > patience:
                        call.abandoned_at = offered + patience
                    else:
                        call.answered_at = offered + waited
                        call.ended_at = call.answered_at + dt.timedelta(seconds=int(rng.expovariate(1 / 150)) + 20)
                        call.answered_by = rng.choice(answerers) if answerers else None
                    calls.append(call)
    Ticket.objects.bulk_create(tickets, batch_size=2000)
    Call.objects.bulk_create(calls, batch_size=2000)
    _rollups_from(tickets, calls)
    return {"tickets": len(tickets), "calls": len(calls)}


def _rollups_from(tickets, calls) -> None:
    """Sum the contributions in memory and write each rollup row once (a bulk load)."""
    rows: dict[tuple, dict] = {}
    presence = set()
    contributions = [ticket_contribution(t) for t in tickets] + [call_contribution(c) for c in calls]
    for keys, counts in filter(None, contributions):
        key = tuple(keys.items())
        acc = rows.setdefault(key, dict.fromkeys(counts, 0))
        for column, value in counts.items():
            acc[column] += value
    for t in tickets:
        if t.served_by_id:
            k = _keys(municipality_id=0, site_id=t.site_id, kind=Kind.WALK_IN, errand_id=0, at=t.called_at)
            presence.add((t.site_id, k["day"], k["slot"], Kind.WALK_IN, t.served_by_id))
    for c in calls:
        if c.answered_by_id:
            k = _keys(municipality_id=0, site_id=c.site_id, kind=Kind.PHONE, errand_id=0, at=c.answered_at)
            presence.add((c.site_id, k["day"], k["slot"], Kind.PHONE, c.answered_by_id))
    QueueRollup.objects.bulk_create([QueueRollup(**dict(key), **counts) for key, counts in rows.items()],
                                    batch_size=2000)
    QueuePresence.objects.bulk_create([QueuePresence(site_id=s, day=d, slot=sl, kind=k, user_id=u)
                                       for s, d, sl, k, u in presence], batch_size=2000)
