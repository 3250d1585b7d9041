"""The unit inbox at volume: 1,000,000 inquiries of which 100,000 forwarded, on PostgreSQL.

Run with `python -m bench.forwarding` (BENCH_DATABASE_URL as for `python -m bench`).
The inquiry log is filled by the same preparation as `python -m bench`; the
forwardings are made here once (kept between runs): the most recent forwarded
or referred inquiries, every one older than 30 days closed, the rest open.
"""

import datetime as dt
import html
import json
import os
import re
import sys
import time

import bench.__main__ as base

FORWARDINGS = int(os.environ.get("BENCH_FORWARDINGS", "100000"))
BATCH = 5000


def prepare_forwardings() -> int:
    from django.db import connection
    from django.utils import timezone

    from servicetorg.forwarding.models import CloseOutcome, Forwarding, Status
    from servicetorg.forwarding.services import deadline_rule_for, deadlines_compute, reference_new
    from servicetorg.inquiries.models import Inquiry, Outcome
    from servicetorg.organisation.models import Unit

    have = Forwarding.objects.count()
    if have >= FORWARDINGS:
        return have
    print(f"Making {FORWARDINGS - have:,} forwardings …", flush=True)
    started = time.perf_counter()
    now = timezone.now()
    rules = {unit.pk: deadline_rule_for(unit) for unit in Unit.objects.select_related("deadline_rule")}
    candidates = (
        Inquiry.objects.filter(outcome__in=[Outcome.FORWARDED, Outcome.REFERRED], forwarded_to__isnull=False,
                               forwarding__isnull=True)
        .order_by("-received_at").values_list("pk", "municipality_id", "forwarded_to_id", "received_at",
                                              "handled_by_id")
    )[: FORWARDINGS - have]
    references: set[str] = set(Forwarding.objects.values_list("reference", flat=True))
    rows = []
    made = 0
    for pk, municipality_id, unit_id, received_at, handled_by_id in candidates.iterator(chunk_size=BATCH):
        forwarded_at = received_at + dt.timedelta(minutes=5)
        deadlines = deadlines_compute(rule=rules[unit_id], start=forwarded_at)
        closed = now - forwarded_at > dt.timedelta(days=30)
        reference = reference_new()
        while reference in references:
            reference = reference_new()
        references.add(reference)
        rows.append(Forwarding(
            municipality_id=municipality_id, inquiry_id=pk, reference=reference, unit_id=unit_id,
            status=Status.CLOSED if closed else (Status.NEW, Status.CLAIMED)[pk % 2], forwarded_at=forwarded_at,
            forwarded_by_id=handled_by_id, closed_at=forwarded_at + dt.timedelta(days=3) if closed else None,
            outcome=CloseOutcome.ANSWERED if closed else "", first_response_at=None, **deadlines,
        ))
        if len(rows) >= BATCH:
            made += len(Forwarding.objects.bulk_create(rows))
            rows = []
    if rows:
        made += len(Forwarding.objects.bulk_create(rows))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE forwarding_forwarding")
    print(f"  {made:,} made in {time.perf_counter() - started:.0f} s", flush=True)
    return have + made


def main() -> None:
    import django

    django.setup()
    base.ensure_database()
    from django.db import connections

    connections.close_all()
    inquiries = base.prepare()
    forwardings = prepare_forwardings()

    from django.test import Client

    from servicetorg.accounts.models import User
    from servicetorg.accounts.services import api_token_create
    from servicetorg.forwarding.models import Forwarding, Status

    caseworker = User.objects.get(username="saksbehandler")
    unit = caseworker.units.get(slug="byggesak")
    unit_rows = Forwarding.objects.filter(unit=unit).count()
    unit_open = Forwarding.objects.filter(unit=unit).exclude(status=Status.CLOSED).count()
    # Some of the open ones claimed by the caseworker, for "claimed by me".
    open_ids = list(Forwarding.objects.filter(unit=unit, status=Status.CLAIMED).values_list("pk", flat=True)[:200])
    Forwarding.objects.filter(pk__in=open_ids).update(claimed_by=caseworker)
    _, key = api_token_create(user=caseworker, name="bench")

    staff = Client()
    staff.force_login(caseworker)
    boss = Client()
    boss.force_login(User.objects.get(username="leder"))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    first_page = staff.get("/forwarding/inbox/", {"status": "closed"}).content.decode()
    second_page = html.unescape(re.search(r'href="([^"]*cursor=[^"]*)"', first_page).group(1))
    results = [
        base.measure("inbox open", lambda: staff.get("/forwarding/inbox/")),
        base.measure("inbox overdue", lambda: staff.get("/forwarding/inbox/", {"overdue": "on"})),
        base.measure("inbox mine", lambda: staff.get("/forwarding/inbox/", {"mine": "on"})),
        base.measure("inbox closed", lambda: staff.get("/forwarding/inbox/", {"status": "closed"})),
        base.measure("inbox closed p2", lambda: staff.get(second_page)),
        base.measure("inbox htmx", lambda: staff.get("/forwarding/inbox/", HTTP_HX_REQUEST="true")),
        base.measure("api inbox", lambda: api.get("/api/v1/forwarding/inbox", {"unit": unit.pk, "limit": 25})),
        # The same machine's yardstick: the leader's inquiry list from `python -m bench`.
        base.measure("leader list (ref)", lambda: boss.get("/inquiries/")),
    ]
    print(f"\nInquiries: {inquiries:,}; forwarded: {forwardings:,}; Byggesak: {unit_rows:,} "
          f"({unit_open:,} open) (PostgreSQL, server time in-process)\n")
    print(f"{'scenario':<18} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for r in results:
        print(f"{r['scenario']:<18} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['max_ms']:>8}")
    base.RESULTS.mkdir(exist_ok=True)
    (base.RESULTS / "forwarding.json").write_text(json.dumps(
        {"inquiries": inquiries, "forwardings": forwardings, "unit_rows": unit_rows, "results": results}, indent=2
    ))
    if any(r["p95_ms"] >= 100 for r in results if r["scenario"].startswith("inbox")):
        sys.exit("an inbox page is over the 100 ms p95 target")


if __name__ == "__main__":
    main()
