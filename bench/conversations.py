"""The inbox at volume, on PostgreSQL: closed conversations (BENCH_CONVERSATIONS, default 1,000,000)
beside the open ones, then the inbox pages, claim / reply / close, the suggestions API, and ingest
throughput through SMTP (aiosmtpd, smtplib) and IMAP (Debian's dovecot, imap-tools).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/st_issue16_bench \\
    BENCH_INQUIRIES=1000 BENCH_CONVERSATIONS=1000000 .venv/bin/python -m bench.conversations

Targets (issue 16): inbox page p95 < 50 ms, claim / reply / close p95 < 100 ms, suggestion p95
< 30 ms, ingest >= 50 messages/s. Closed conversations are made once with one INSERT … SELECT
generate_series (kept between runs); the inquiry log is the one of `python -m bench`.
"""

import json
import os
import smtplib
import sys
import time

import bench.__main__ as base

CONVERSATIONS = int(os.environ.get("BENCH_CONVERSATIONS", "1000000"))
INGEST = int(os.environ.get("BENCH_INGEST", "300"))


def prepare_conversations(queue) -> int:
    from django.db import connection

    from servicetorg.conversations.models import Conversation

    have = Conversation.objects.filter(status="closed").count()
    if have >= CONVERSATIONS:
        return have
    print(f"Making {CONVERSATIONS - have:,} closed conversations …", flush=True)
    started = time.perf_counter()
    table = Conversation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table} (municipality_id, queue_id, reference, channel, status, subject, outcome,
                    language, sensitive, first_message_at, last_message_at, first_response_at, closed_at,
                    handling_seconds, forwarded, created_at)
                SELECT %s, %s, 'B' || lpad(n::text, 9, '0'), (ARRAY['email','sms','web_form'])[1 + n %% 3],
                       'closed', 'Spørsmål ' || n, 'answered', 'nb', false,
                       now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval,
                       now() - (n || ' minutes')::interval + interval '2 hours',
                       now() - (n || ' minutes')::interval + interval '3 hours', 300, false, now()
                FROM generate_series(%s, %s) AS n""",  # noqa: S608 (our own table name)
            [queue.municipality_id, queue.pk, have + 1, CONVERSATIONS],
        )
        cursor.execute(f"ANALYZE {table}")
    print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    return Conversation.objects.filter(status="closed").count()


def open_conversations(queue, n: int) -> list:
    from servicetorg.conversations.services import message_receive

    return [message_receive(queue=queue, channel="email", text="Søppeldunken ble ikke tømt i går.",
                            subject=f"Bench {i}", sender_email=f"bench{i}@example.no",
                            message_id=f"<bench-open-{time.time_ns()}-{i}@example.no>").conversation
            for i in range(n)]


def timed(name: str, calls) -> dict:
    """Like base.measure, but each round runs the next call (claim/reply/close need a fresh conversation)."""
    import statistics

    times = []
    for call in calls:
        started = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code >= 400:
            sys.exit(f"{name}: HTTP {response.status_code}: {response.content[:300]!r}")
    times.sort()
    return {"scenario": name, "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2), "max_ms": round(times[-1], 2),
            "rounds": len(times)}


def raw_mail(i: int) -> bytes:
    return (f"From: Innbygger {i} <innbygger{i}@example.no>\r\nTo: servicetorget@sandefjord.kommune.no\r\n"
            f"Subject: Spørsmål om barnehageplass {i}\r\nMessage-ID: <ingest-{time.time_ns()}-{i}@example.no>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            f"Hei,\r\n\r\nHvordan søker jeg barnehageplass fra august? ({i})\r\n\r\nMvh Innbygger\r\n").encode()


def smtp_throughput() -> float:
    from servicetorg.conversations.mailin import free_port, smtp_controller

    port = free_port()
    controller = smtp_controller(host="127.0.0.1", port=port)
    controller.start()
    try:
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
            for i in range(INGEST):
                client.sendmail(f"innbygger{i}@example.no", ["servicetorget@sandefjord.kommune.no"], raw_mail(i))
        return INGEST / (time.perf_counter() - started)
    finally:
        controller.stop()
        controller.handler.close()


def imap_throughput() -> float | None:
    import imaplib

    from servicetorg.conversations.mailin import mail_fetch
    from servicetorg.conversations.tests.dovecot import DOVECOT, PASSWORD, USER, dovecot_running

    if not os.path.exists(DOVECOT):
        return None
    with dovecot_running() as port:
        client = imaplib.IMAP4("127.0.0.1", port)
        client.login(USER, PASSWORD)
        for i in range(INGEST):
            client.append("INBOX", None, None, raw_mail(100_000 + i))
        client.logout()
        started = time.perf_counter()
        result = mail_fetch(host="127.0.0.1", port=port, ssl=False, user=USER, password=PASSWORD, oauth2_token="",
                            folder="INBOX", done_folder="", limit=INGEST)
        elapsed = time.perf_counter() - started
        assert result.taken == INGEST, result
        return INGEST / elapsed


def main() -> None:
    import django

    django.setup()
    base.ensure_database()
    from django.db import connections

    connections.close_all()
    inquiries = base.prepare()

    from django.test import Client

    from servicetorg.accounts.models import User
    from servicetorg.catalogue.models import Service
    from servicetorg.conversations.models import Conversation, Queue

    queue = Queue.objects.get(name="Servicetorget")
    closed = prepare_conversations(queue)
    clerk = User.objects.get(username="frontline")
    staff = Client()
    staff.force_login(clerk)
    public = Client()
    service = Service.objects.filter(municipality_id=clerk.municipality_id, area_id="renovasjon").first()
    rounds = base.ROUNDS
    fresh = open_conversations(queue, 3 * rounds)
    claims, replies, closes = fresh[:rounds], fresh[rounds:2 * rounds], fresh[2 * rounds:]
    message = ("Hei!\n\nVi flytter til Sandefjord i juni. Hvordan søker vi barnehageplass til datteren vår fra "
               "august?\n\nMed vennlig hilsen\nOla Nordmann\nTlf 912 34 567\n")
    results = [
        base.measure("inbox new", lambda: staff.get("/inbox/")),
        base.measure("inbox closed", lambda: staff.get("/inbox/", {"view": "closed"})),
        base.measure("inbox mine", lambda: staff.get("/inbox/", {"view": "mine"})),
        timed("claim", [lambda c=c: staff.post(f"/inbox/{c.pk}/claim/") for c in claims]),
        timed("reply", [lambda c=c: staff.post(f"/inbox/{c.pk}/reply/", {"text": "Svar fra benken."})
                        for c in replies]),
        timed("close", [lambda c=c: staff.post(f"/inbox/{c.pk}/close/", {"close-service": service.pk,
                                                                         "close-outcome": "answered"})
                        for c in closes]),
        base.measure("suggest", lambda: public.post("/api/v1/catalogue/suggest", {"text": message, "limit": 3},
                                                    content_type="application/json")),
    ]
    smtp_rate = smtp_throughput()
    imap_rate = imap_throughput()
    total = Conversation.objects.count()
    print(f"\nInquiries: {inquiries:,}; closed conversations: {closed:,}; all conversations: {total:,} "
          "(PostgreSQL, server time in-process)\n")
    print(f"{'scenario':<14} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for r in results:
        print(f"{r['scenario']:<14} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['max_ms']:>8}")
    print(f"\nSMTP ingest: {smtp_rate:.1f} messages/s ({INGEST} messages, one connection)")
    print("IMAP ingest: " + (f"{imap_rate:.1f} messages/s ({INGEST} messages)" if imap_rate else "dovecot missing"))
    base.RESULTS.mkdir(exist_ok=True)
    (base.RESULTS / "conversations.json").write_text(json.dumps(
        {"inquiries": inquiries, "closed_conversations": closed, "results": results,
         "smtp_per_second": smtp_rate, "imap_per_second": imap_rate}, indent=2))


if __name__ == "__main__":
    main()
