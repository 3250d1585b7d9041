import datetime as dt
import json
import time

from django.urls import reverse
from django.utils import timezone

from servicetorg.queues import services
from servicetorg.queues.dashboard import percentile_from_buckets, queue_figures
from servicetorg.queues.hooks import signature
from servicetorg.queues.models import CallHook
from servicetorg.staffing.measured import MIN_ABANDONED, patience_estimate


def test_percentiles_interpolate_inside_the_bucket():
    # 10 waits under 10 s, 10 between 10 and 20 s: the median is at the 10 s edge, the 90th at 18 s.
    counts = [10, 10] + [0] * 8
    assert percentile_from_buckets(counts, 0.5) == 10
    assert percentile_from_buckets(counts, 0.9) == 18
    assert percentile_from_buckets([0] * 10, 0.5) is None


def _served(site, errand, counter, clerk, waited, start):
    services.ticket_issue(site=site, errand=errand, now=start)
    ticket = services.ticket_call_next(counter=counter, by=clerk, now=start + dt.timedelta(seconds=waited))
    services.ticket_done(ticket=ticket, by=clerk, now=start + dt.timedelta(seconds=waited + 120))


def test_the_dashboard_section_reads_waits_from_the_rollups(client_for, leader, clerk, site, errand, counter):
    start = timezone.now() - dt.timedelta(hours=2)
    for waited in (30, 90, 600):
        _served(site, errand, counter, clerk, waited, start)
    figures = queue_figures(municipality_id=site.municipality_id, start=start.date() - dt.timedelta(days=1),
                            end=timezone.localdate())
    (row,) = figures["per_site"]
    assert (row.n, row.served) == (3, 3)
    assert 60 <= row.median <= 120 and row.service_level == 2 / 3
    today = timezone.localdate()
    page = client_for(leader).get(reverse("analytics:dashboard"), {
        "date_from": (today - dt.timedelta(days=7)).isoformat(), "date_to": today.isoformat(), "granularity": "day"})
    assert 'id="queues-dashboard"' in page.content.decode()


def test_patience_is_total_waiting_over_abandonments(client, site):
    hook = CallHook.objects.create(municipality=site.municipality, site=site, name="t", token="t" * 40, secret="s")
    t0 = timezone.now() - dt.timedelta(hours=3)
    events = []
    for i in range(MIN_ABANDONED):  # each waits 60 s and hangs up
        events += [{"event_id": f"o{i}", "call_id": f"a{i}", "event": "offered", "timestamp": t0.isoformat()},
                   {"event_id": f"x{i}", "call_id": f"a{i}", "event": "abandoned",
                    "timestamp": (t0 + dt.timedelta(seconds=60)).isoformat()}]
    for i in range(5):  # each waits 40 s and is answered
        events += [{"event_id": f"p{i}", "call_id": f"b{i}", "event": "offered", "timestamp": t0.isoformat()},
                   {"event_id": f"q{i}", "call_id": f"b{i}", "event": "answered",
                    "timestamp": (t0 + dt.timedelta(seconds=40)).isoformat()}]
    body = json.dumps({"events": events}).encode()
    stamp = str(int(time.time()))
    client.post("/hooks/calls/", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {hook.token}",
                HTTP_X_SIGNATURE_TIMESTAMP=stamp, HTTP_X_SIGNATURE=signature("s", stamp, body))
    estimate = patience_estimate(municipality_id=site.municipality_id, start=t0.date() - dt.timedelta(days=1),
                                 end=timezone.localdate())
    assert estimate.abandoned == MIN_ABANDONED
    assert estimate.seconds == round((MIN_ABANDONED * 60 + 5 * 40) / MIN_ABANDONED)


def test_the_staffing_page_shows_measured_beside_predicted(client_for, leader, clerk, site, errand, counter):
    day = timezone.localdate() - dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(11, 0)))
    for waited in (30, 60):
        _served(site, errand, counter, clerk, waited, start)
    body = client_for(leader).get(reverse("staffing:overview")).content.decode()
    assert f'id="measured-{site.pk}"' in body
    assert "11:00" in body
