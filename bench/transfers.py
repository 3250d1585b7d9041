"""Task-transfer pages at realistic volume, on PostgreSQL: `python -m bench.transfers`.

The demo municipality in the bench database (`BENCH_DATABASE_URL`, as `python -m
bench`), its inquiry log filled to `BENCH_INQUIRIES` rows (default 1,000,000 over
two years; kept between runs), and `BENCH_TRANSFER_TASKS` more tasks (default
300) spread over the units, a third of them recommended for transfer. Server time
in-process with Django's test client; p50 and p95 in milliseconds.
"""

import os
import statistics
import sys
import time

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/servicetorg_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicetorg.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

EXTRA_TASKS = int(os.environ.get("BENCH_TRANSFER_TASKS", "300"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "100"))


def measure(name: str, call, rounds: int = ROUNDS, warmup: int = 5) -> dict:
    for _ in range(warmup):
        call()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code >= 400:
            sys.exit(f"{name}: HTTP {response.status_code}: {response.content[:300]!r}")
    times.sort()
    return {"scenario": name, "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1), "rounds": rounds}


def add_tasks(municipality, leader) -> None:
    """More tasks in the other units, once: the capacity page reads every recommended task."""
    from decimal import Decimal

    from servicetorg.organisation.models import Unit
    from servicetorg.transfers.models import Task
    from servicetorg.transfers.services import task_assess, task_create

    have = Task.objects.filter(municipality=municipality).exclude(unit__slug="okonomi").count()
    units = list(Unit.objects.filter(municipality=municipality, kind="internal").exclude(slug="okonomi"))
    kinds = [("per_week", Decimal(3)), ("per_month", Decimal(12)), ("days_per_quarter", Decimal(2)),
             ("per_year", Decimal(80))]
    for number in range(have, EXTRA_TASKS):
        kind, amount = kinds[number % len(kinds)]
        task = task_create(by=leader, unit=units[number % len(units)], name=f"Oppgave {number}",
                           step=number % 4 + 1, volume_kind=kind, volume_amount=amount)
        if number % 3 == 0:
            task_assess(task=task, by=leader, can_short="yes", can_long="yes", recommendation="transfer",
                        assessment_reason="Regelstyrt.")


def main() -> None:
    import django

    django.setup()
    from bench.__main__ import ensure_database, prepare

    ensure_database()
    from django.db import connections

    connections.close_all()
    rows = prepare()

    from django.test import Client
    from django.utils import timezone

    from servicetorg.accounts.models import User
    from servicetorg.transfers.importexport import register_export_csv
    from servicetorg.transfers.models import Task

    leader = User.objects.get(username="leder")
    add_tasks(leader.municipality, leader)
    hall = Task.objects.get(unit__municipality=leader.municipality, name="Utleie av haller")
    csv_file = register_export_csv(unit=hall.unit).encode("utf-8")
    year = timezone.localdate().year

    boss = Client()
    boss.force_login(leader)

    def import_unchanged():
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("register.csv", csv_file, content_type="text/csv")
        return boss.post("/transfers/okonomi/import/", {"file": upload})

    results = [
        measure("capacity", lambda: boss.get("/transfers/capacity/", {"year": year})),
        measure("register", lambda: boss.get("/transfers/okonomi/")),
        measure("task + evaluation", lambda: boss.get(f"/transfers/okonomi/tasks/{hall.pk}/")),
        measure("report html", lambda: boss.get("/transfers/okonomi/report/")),
        measure("report pdf", lambda: boss.get("/transfers/okonomi/report/pdf/"), rounds=max(10, ROUNDS // 5)),
        measure("export xlsx", lambda: boss.get("/transfers/okonomi/export.xlsx")),
        measure("import csv (19 rows)", import_unchanged, rounds=max(10, ROUNDS // 5)),
    ]
    tasks = Task.objects.filter(unit__municipality=leader.municipality).count()
    print(f"\nInquiries in the log: {rows:,}; tasks in the registers: {tasks} (PostgreSQL, server time in-process)\n")
    print(f"{'scenario':<22} {'p50 ms':>8} {'p95 ms':>8} {'rounds':>7}")
    for r in results:
        print(f"{r['scenario']:<22} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['rounds']:>7}")


if __name__ == "__main__":
    main()
