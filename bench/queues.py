"""Queues at volume, on PostgreSQL: three sites with 10 counters each and a ticket a
minute per counter through the opening hours (09:00-16:00) for BENCH_QUEUE_DAYS days
(default 365) of history, written with generate_series. Then, in-process with
Django's test client (server time, like bench/__main__):

- Call next: POST /queues/counter/<pk>/call-next/ with a queue of waiting tickets
  (each call followed by an untimed Done);
- the display: the fragment's server time, and the delay from a call to the
  fragment showing it (its one-second cache); the screen polls every second, so
  the worst case on screen is that delay plus one second;
- the live board: GET /queues/board/ for the leader;
- the webhook: signed single-event POSTs per second, and events per second in
  batches of 100.

    .venv/bin/python -m bench.queues
"""

import datetime as dt
import json
import os
import statistics
import time

from bench.__main__ import RESULTS, ensure_database  # noqa: E402  (sets DATABASE_URL and settings defaults)

# Its own database: a year of tickets does not belong in the inquiry benchmark's.
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_QUEUE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/servicetorg_bench_queues"
)

DAYS = int(os.environ.get("BENCH_QUEUE_DAYS", "365"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "300"))
COUNTERS = 10
SITES = ("sandefjord", "stokke", "andebu")
MINUTES_OPEN = 7 * 60


def _summary(name: str, times: list[float]) -> dict:
    times = sorted(times)
    return {"scenario": name, "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)], 2), "max_ms": round(times[-1], 2),
            "rounds": len(times)}


def prepare() -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from servicetorg.accounts.models import User
    from servicetorg.organisation.models import Municipality, Site
    from servicetorg.queues.models import Counter, Errand, Ticket

    call_command("migrate", verbosity=0)
    call_command("load_demo", no_history=True, verbosity=0)
    municipality = Municipality.objects.get(slug="sandefjord")
    clerk = User.objects.get(username="frontline")
    today = timezone.localdate()
    for slug in SITES:
        site = Site.objects.get(municipality=municipality, slug=slug)
        for i in range(Counter.objects.filter(site=site).count(), COUNTERS):
            Counter.objects.create(municipality=municipality, site=site, name=f"Skranke {i + 1}")
    first = today - dt.timedelta(days=DAYS)
    # The bench's history has numbers in the thousands (the demo's days stay under a hundred).
    if not Ticket.objects.filter(day__lte=first + dt.timedelta(days=4), number__gt=1000).exists():
        Ticket.objects.filter(day__lt=today).delete()
        for slug in SITES:
            site = Site.objects.get(municipality=municipality, slug=slug)
            errands = list(Errand.objects.filter(site=site).values_list("pk", flat=True))
            counters = list(Counter.objects.filter(site=site).order_by("pk").values_list("pk", flat=True))
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("""
                    INSERT INTO queues_ticket (municipality_id, site_id, day, number, label, errand_id, priority,
                        status, language, issued_at, called_at, served_at, done_at, calls, counter_id,
                        served_by_id, transfers)
                    SELECT %(m)s, %(s)s, d::date, m * 10 + c + 1, 'A' || lpad((m * 10 + c + 1)::text, 4, '0'),
                        (%(errands)s::int[])[1 + (m + c) %% cardinality(%(errands)s::int[])], 0, 'done', 'nb',
                        d + interval '9 hours' + m * interval '1 minute',
                        d + interval '9 hours' + m * interval '1 minute' + (random() * 300) * interval '1 second',
                        d + interval '9 hours' + m * interval '1 minute' + interval '5 minutes',
                        d + interval '9 hours' + m * interval '1 minute' + interval '10 minutes', 1,
                        (%(counters)s::int[])[c + 1], %(u)s, 0
                    FROM generate_series(%(first)s::timestamptz, %(last)s::timestamptz, interval '1 day') AS d,
                         generate_series(0, %(minutes)s - 1) AS m, generate_series(0, %(n)s - 1) AS c
                    WHERE extract(isodow FROM d) < 6
                """, {"m": municipality.pk, "s": site.pk, "errands": errands, "counters": counters, "u": clerk.pk,
                      "first": f"{first} 00:00+01", "last": f"{today - dt.timedelta(days=1)} 00:00+01",
                      "minutes": MINUTES_OPEN, "n": COUNTERS})
                print(f"{slug}: {cursor.rowcount:,} tickets in {time.perf_counter() - started:.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE queues_ticket")
    return {"tickets": Ticket.objects.count(), "days": DAYS, "sites": len(SITES), "counters_per_site": COUNTERS}


def main() -> None:
    import django

    django.setup()
    ensure_database()
    from django.db import connections

    connections.close_all()
    volumes = prepare()

    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from servicetorg.accounts.models import User
    from servicetorg.organisation.models import Site
    from servicetorg.queues import services
    from servicetorg.queues.hooks import signature
    from servicetorg.queues.models import CallHook, Counter, Errand, Ticket

    site = Site.objects.get(municipality__slug="sandefjord", slug="stokke")
    clerk = User.objects.get(username="frontline2")
    leader = Client()
    leader.force_login(User.objects.get(username="leder"))
    staff = Client()
    staff.force_login(clerk)
    counter = Counter.objects.filter(site=site).order_by("pk").first()
    errands = list(Errand.objects.filter(site=site))
    Ticket.objects.filter(day=timezone.localdate()).delete()
    for i in range(ROUNDS + 40):
        services.ticket_issue(site=site, errand=errands[i % len(errands)])
    results = []

    # Call next, each followed by an untimed Done.
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = staff.post(f"/queues/counter/{counter.pk}/call-next/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302
        ticket = services.current_ticket(counter=counter)
        services.ticket_done(ticket=ticket, by=clerk)
    results.append(_summary("call next (POST)", times))

    rows_url = f"/queue/sandefjord/{site.slug}/display/rows/"
    display = Client()
    times = []
    for _ in range(ROUNDS):
        cache.clear()
        started = time.perf_counter()
        display.get(rows_url)
        times.append((time.perf_counter() - started) * 1000)
    results.append(_summary("display fragment, uncached", times))
    delays = []
    for _ in range(20):
        ticket = services.ticket_call_next(counter=counter, by=clerk)
        called = time.perf_counter()
        while ticket.label not in display.get(rows_url).content.decode():
            time.sleep(0.02)
        delays.append((time.perf_counter() - called) * 1000)
        services.ticket_done(ticket=ticket, by=clerk)
    results.append(_summary("call -> fragment shows it", delays))

    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = leader.get("/queues/board/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    results.append(_summary("live board", times))

    hook, _created = CallHook.objects.get_or_create(
        token="bench-token", defaults={"municipality": site.municipality, "site": site, "name": "bench",
                                       "secret": "bench-secret"})
    hooks = Client()
    base = timezone.now()

    def post(events):
        body = json.dumps(events if len(events) > 1 else events[0]).encode()
        if len(events) > 1:
            body = json.dumps({"events": events}).encode()
        stamp = str(int(time.time()))
        response = hooks.post("/hooks/calls/", body, content_type="application/json",
                              HTTP_AUTHORIZATION="Bearer bench-token", HTTP_X_SIGNATURE_TIMESTAMP=stamp,
                              HTTP_X_SIGNATURE=signature("bench-secret", stamp, body))
        assert response.status_code == 200, response.content

    def event(i, kind, seconds):
        return {"event_id": f"b-{time.time_ns()}-{i}-{kind}", "call_id": f"bench-{time.time_ns()}-{i // 3}",
                "event": kind, "timestamp": (base + dt.timedelta(seconds=seconds)).isoformat(), "queue": "Bench"}

    n = 1500
    started = time.perf_counter()
    for i in range(n):
        post([event(i, ("offered", "answered", "ended")[i % 3], i)])
    single = n / (time.perf_counter() - started)
    started = time.perf_counter()
    for b in range(n // 100):
        post([event(b * 100 + i, ("offered", "answered", "ended")[i % 3], i) for i in range(100)])
    batched = n / (time.perf_counter() - started)

    print(f"\nVolumes: {volumes} (PostgreSQL, server time in-process)\n")
    print(f"{'scenario':<30} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for r in results:
        print(f"{r['scenario']:<30} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['max_ms']:>8}")
    print(f"webhook: {single:.0f} events/s one event per request, {batched:.0f} events/s in batches of 100")
    print("display on screen: at most the 'call -> fragment' delay plus the 1 s poll interval")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "queues.json").write_text(json.dumps({
        "volumes": volumes, "results": results,
        "webhook_events_per_second": {"single": round(single), "batch_100": round(batched)}}, indent=2))


if __name__ == "__main__":
    main()
