"""Benchmarks at realistic volume, on PostgreSQL. Run with `make bench`."""

import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/servicetorg_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicetorg.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

TARGET = int(os.environ.get("BENCH_INQUIRIES", "1000000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "300"))
WARMUP = 20
RESULTS = Path(__file__).resolve().parent / "results"


def ensure_database() -> None:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname="postgres",
                         autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def prepare():
    from django.core.management import call_command

    from servicetorg.inquiries.models import Inquiry

    call_command("migrate", verbosity=0)
    call_command("load_demo", no_history=True, verbosity=0)
    have = Inquiry.objects.count()
    if have < TARGET:
        print(f"Generating {TARGET - have:,} inquiries (have {have:,}, want {TARGET:,}) …", flush=True)
        started = time.perf_counter()
        call_command("generate_inquiries", days=730, total=TARGET - have, seed=7)
        print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Inquiry.objects.count()


def measure(name: str, call) -> dict:
    for _ in range(WARMUP):
        call()
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code >= 400:
            sys.exit(f"{name}: HTTP {response.status_code}: {response.content[:300]!r}")
    times.sort()
    return {
        "scenario": name,
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "max_ms": round(times[-1], 2),
        "rounds": ROUNDS,
    }


def main() -> None:
    import django

    django.setup()
    ensure_database()
    # Connect again now that the database exists.
    from django.db import connections

    connections.close_all()
    rows = prepare()

    from django.test import Client

    from servicetorg.accounts.models import User
    from servicetorg.accounts.services import api_token_create
    from servicetorg.catalogue.models import Service

    clerk = User.objects.get(username="frontline")
    leader = User.objects.get(username="leder")
    site = clerk.sites.first()
    service = Service.objects.filter(municipality_id=clerk.municipality_id).first()
    _, key = api_token_create(user=clerk, name="bench")

    staff = Client()
    staff.force_login(clerk)
    boss = Client()
    boss.force_login(leader)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    form = {"channel": "phone", "site": site.pk, "pick": f"service:{service.pk}", "outcome": "answered",
            "language": "nb", "elapsed_ms": "60000"}
    body = json.dumps({"channel": "email", "site": site.pk, "service": service.pk, "outcome": "answered",
                       "handling_seconds": 120})

    results = [
        measure("quicklog post", lambda: staff.post("/inquiries/log/", form, HTTP_HX_REQUEST="true")),
        measure("quicklog page", lambda: staff.get("/inquiries/log/")),
        measure("typeahead", lambda: staff.get("/inquiries/log/services/", {"pick_label": "søk"})),
        measure("api post", lambda: api.post("/api/v1/inquiries", body, content_type="application/json")),
        measure("api list", lambda: api.get("/api/v1/inquiries", {"limit": 50})),
        measure("leader list", lambda: boss.get("/inquiries/")),
    ]
    print(f"\nInquiries in the log: {rows:,} (PostgreSQL, server time in-process)\n")
    print(f"{'scenario':<16} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for r in results:
        print(f"{r['scenario']:<16} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['max_ms']:>8}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps({"inquiries": rows, "results": results}, indent=2))


if __name__ == "__main__":
    main()
