"""Dashboard benchmark at national scale: `python -m bench.analytics`.

With BENCH_INQUIRIES (default 10 million) inquiries in PostgreSQL, times the
leader's dashboard in-process (server time, Django's test client) for one year
of all sites and for two years of one site, p50/p95, beside a naive version
that computes the same figures straight from the raw inquiry table; and the
rollup rebuild's throughput (BENCH_REBUILD=0 skips it when the rollups exist).
"""

import json
import os
import statistics
import time

# A database of its own: ten million rows would change what the other benchmarks measure.
os.environ["DATABASE_URL"] = os.environ.get(
    "ANALYTICS_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/servicetorg_bench_analytics"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicetorg.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

TARGET = int(os.environ.get("BENCH_INQUIRIES", "10000000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))
NAIVE_ROUNDS = int(os.environ.get("BENCH_NAIVE_ROUNDS", "3"))
WARMUP = 5


def prepare() -> int:
    from django.core.management import call_command

    from servicetorg.inquiries.models import Inquiry

    call_command("migrate", verbosity=0)
    call_command("load_demo", no_history=True, verbosity=0)
    have = Inquiry.objects.count()
    if have < TARGET:
        print(f"Generating {TARGET - have:,} inquiries over three years (have {have:,}) …", flush=True)
        call_command("generate_inquiries", days=1095, total=TARGET - have, seed=7)
    from django.db import connection

    from servicetorg.analytics.models import SurveyResponse

    if not SurveyResponse.objects.exists():
        # One inquiry in twenty gets a survey answer two hours later (scores 2–5), so the
        # satisfaction figures are read at scale too.
        print("Adding a survey answer to one inquiry in twenty …", flush=True)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO analytics_surveyresponse (municipality_id, site_id, channel, area_code, source, "
                "invitation_id, score, comment, answered_at) SELECT municipality_id, site_id, channel, area_id, "
                "'link', NULL, LEAST(5, 2 + (id * 7) % 4 + CASE WHEN id % 3 = 0 THEN 1 ELSE 0 END), '', "
                "received_at + interval '2 hours' FROM inquiries_inquiry WHERE id % 20 = 0")
    return Inquiry.objects.count()


def timed(call, rounds: int, warmup: int = WARMUP) -> dict:
    for _ in range(warmup):
        call()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - started) * 1000)
        if getattr(response, "status_code", 200) >= 400:
            raise SystemExit(f"HTTP {response.status_code}")
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1), "rounds": rounds}


def naive(filters) -> None:
    """The dashboard's figures computed from the raw log, as a report without rollups would."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.db.models import Count, Q, Sum
    from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncMonth

    from servicetorg.analytics.models import OUTCOME_COLUMNS
    from servicetorg.analytics.selectors import last_year, previous_period
    from servicetorg.inquiries.models import Inquiry

    oslo = ZoneInfo("Europe/Oslo")

    def rows(f):
        start = dt.datetime.combine(f.start, dt.time(), oslo)
        end = dt.datetime.combine(f.end + dt.timedelta(days=1), dt.time(), oslo)
        qs = Inquiry.objects.filter(municipality_id=f.municipality_id, received_at__gte=start, received_at__lt=end)
        return qs.filter(site_id__in=f.site_ids) if f.site_ids else qs

    outcome_counts = {o: Count("id", filter=Q(outcome=o)) for o in OUTCOME_COLUMNS}
    for f in (filters, previous_period(filters), last_year(filters)):
        list(rows(f).values("site_id", "channel").annotate(n=Count("id"), h=Sum("handling_seconds"),
                                                           **outcome_counts).order_by())
    qs = rows(filters)
    list(qs.annotate(m=TruncMonth("received_at", tzinfo=oslo)).values("m", "channel").annotate(n=Count("id"))
         .order_by())
    list(qs.values("area_id").annotate(n=Count("id")).order_by("-n"))
    list(qs.exclude(service_id=None).values("service_id").annotate(n=Count("id")).order_by("-n")[:15])
    list(qs.exclude(forwarded_to_id=None).values("forwarded_to_id", "outcome").annotate(n=Count("id")).order_by())
    list(qs.annotate(w=ExtractIsoWeekDay("received_at", tzinfo=oslo), hr=ExtractHour("received_at", tzinfo=oslo))
         .values("site_id", "w", "hr").annotate(n=Count("id")).order_by())


def main() -> None:
    import django

    django.setup()
    from bench.__main__ import ensure_database

    ensure_database()
    from django.db import connections

    connections.close_all()
    rows = prepare()

    import datetime as dt

    from django.db import connection
    from django.test import Client

    from servicetorg.accounts.models import User
    from servicetorg.analytics.models import DailyRollup
    from servicetorg.analytics.rollups import rollups_rebuild
    from servicetorg.analytics.selectors import Filters
    from servicetorg.inquiries.models import Inquiry
    from servicetorg.organisation.models import Site

    rebuild = None
    if os.environ.get("BENCH_REBUILD", "1") != "0" or not DailyRollup.objects.exists():
        print("Rebuilding the rollups from the raw log …", flush=True)
        report = rollups_rebuild()
        rebuild = {"inquiries": report.inquiries, "seconds": round(report.seconds, 1),
                   "inquiries_per_s": round(report.inquiries / report.seconds), "rollup_rows": report.rows}
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    leader = User.objects.get(username="leder")
    site = Site.objects.get(municipality_id=leader.municipality_id, slug="sandefjord")
    last = Inquiry.objects.order_by("-received_at").values_list("received_at", flat=True).first().date()
    end = last.replace(day=1) - dt.timedelta(days=1)  # the last whole month in the log
    one_year = (end.replace(day=1, year=end.year - 1) + dt.timedelta(days=31)).replace(day=1)
    two_years = one_year.replace(year=one_year.year - 1)
    client = Client()
    client.force_login(leader)

    scenarios = [
        ("1 year, all sites (per month)", {"date_from": one_year, "date_to": end}, ()),
        ("1 year, all sites (per week)", {"date_from": one_year, "date_to": end, "granularity": "week"}, ()),
        ("1 year, all sites, mid-month edges", {"date_from": one_year + dt.timedelta(days=14),
                                                "date_to": end - dt.timedelta(days=10)}, ()),
        ("2 years, one site (per month)", {"date_from": two_years, "date_to": end, "sites": site.pk}, (site.pk,)),
    ]
    results = []
    for name, params, site_ids in scenarios:
        fast = timed(lambda p=params: client.get("/analytics/", p), ROUNDS)
        filters = Filters(municipality_id=leader.municipality_id, start=params["date_from"],
                          end=params["date_to"], site_ids=site_ids)
        slow = timed(lambda f=filters: naive(f), NAIVE_ROUNDS, warmup=1)
        results.append({"scenario": name, "dashboard": fast, "naive_raw": slow,
                        "ratio_p50": round(slow["p50_ms"] / fast["p50_ms"], 1)})
    staffing = timed(lambda: client.get("/staffing/"), max(10, ROUNDS // 3))
    results.append({"scenario": "staffing page, all sites (8 weeks)", "dashboard": staffing})

    print(f"\nInquiries in the log: {rows:,} (PostgreSQL, server time in-process)")
    if rebuild:
        print(f"Rollup rebuild: {rebuild['inquiries']:,} inquiries in {rebuild['seconds']} s "
              f"= {rebuild['inquiries_per_s']:,} inquiries/s")
    print(f"\n{'scenario':<38} {'p50 ms':>8} {'p95 ms':>8} {'raw p50':>9} {'raw p95':>9} {'ratio':>6}")
    for r in results:
        raw = r.get("naive_raw") or {}
        print(f"{r['scenario']:<38} {r['dashboard']['p50_ms']:>8} {r['dashboard']['p95_ms']:>8} "
              f"{raw.get('p50_ms', ''):>9} {raw.get('p95_ms', ''):>9} {r.get('ratio_p50', ''):>6}")
    from bench.__main__ import RESULTS

    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "analytics.json").write_text(json.dumps(
        {"inquiries": rows, "rebuild": rebuild, "results": results}, indent=2, default=str))


if __name__ == "__main__":
    main()
