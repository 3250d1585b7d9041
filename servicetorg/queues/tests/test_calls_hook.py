import datetime as dt
import json
import time

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from servicetorg.queues.hooks import signature
from servicetorg.queues.models import Call, CallHook, QueueRollup, RejectedHook

URL = "/hooks/calls/"


@pytest.fixture
def hook(site):
    return CallHook.objects.create(municipality=site.municipality, site=site, name="Puzzel", token="tok-" + "a" * 40,
                                   secret="s3cret")


def _send(client, hook, payload, *, secret=None, stamp=None, token=None):
    body = json.dumps(payload).encode()
    stamp = str(int(time.time()) if stamp is None else stamp)
    return client.post(URL, body, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token or hook.token}", HTTP_X_SIGNATURE_TIMESTAMP=stamp,
                       HTTP_X_SIGNATURE=signature(secret or hook.secret, stamp, body))


def _event(event_id, kind, at, **extra):
    return {"event_id": event_id, "call_id": "c1", "event": kind, "timestamp": at.isoformat(), "queue": "Sentralbord",
            **extra}


def test_offered_answered_ended_makes_one_call_with_its_wait(client, hook, clerk):
    t0 = timezone.now() - dt.timedelta(minutes=10)
    assert _send(client, hook, _event("e1", "offered", t0)).json() == {"applied": 1, "duplicates": 0}
    _send(client, hook, _event("e2", "answered", t0 + dt.timedelta(seconds=15), staff="clerk"))
    _send(client, hook, _event("e3", "ended", t0 + dt.timedelta(seconds=195)))
    call = Call.objects.get()
    assert call.answered_by == clerk and call.waited_seconds == 15 and call.handling_seconds == 180
    assert QueueRollup.objects.aggregate(n=Sum("n"), s=Sum("served"), t=Sum("in_target")) == {"n": 1, "s": 1, "t": 1}
    page = client.get("/") and None  # noqa: F841
    client.force_login(clerk)
    listing = client.get(reverse("queues:counter-list")).content.decode()
    assert f"queue_call={call.pk}" in listing
    form = client.get(f"{reverse('inquiries:quicklog')}?queue_call={call.pk}").content.decode()
    assert 'name="queue_call"' in form and 'value="phone" selected' in form


def test_duplicates_and_out_of_order_events_change_nothing_twice(client, hook):
    t0 = timezone.now() - dt.timedelta(minutes=10)
    events = [_event("e2", "abandoned", t0 + dt.timedelta(seconds=40)), _event("e1", "offered", t0),
              _event("e2", "abandoned", t0 + dt.timedelta(seconds=40))]
    response = _send(client, hook, {"events": events})
    assert response.json() == {"applied": 2, "duplicates": 1}
    _send(client, hook, events[1])
    assert QueueRollup.objects.aggregate(n=Sum("n"), a=Sum("abandoned"), w=Sum("wait_seconds")) == {
        "n": 1, "a": 1, "w": 40}


def test_a_forged_signature_is_refused_and_recorded(client, hook):
    response = _send(client, hook, _event("e1", "offered", timezone.now()), secret="wrong")
    assert response.status_code == 403 and response.json()["errors"][0]["field"] == "X-Signature"
    assert RejectedHook.objects.get().municipality_id == hook.municipality_id
    assert not Call.objects.exists()


def test_an_unknown_token_is_401(client, hook):
    assert _send(client, hook, _event("e1", "offered", timezone.now()), token="nope").status_code == 401


def test_a_replayed_old_request_is_refused(client, hook):
    response = _send(client, hook, _event("e1", "offered", timezone.now()), stamp=int(time.time()) - 3600)
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "X-Signature-Timestamp"


@pytest.mark.parametrize("payload, field", [
    ({"event_id": "e1", "call_id": "c1", "event": "rings", "timestamp": "2026-01-01T10:00:00+01:00"}, "event"),
    ({"event_id": "e1", "call_id": "c1", "event": "offered", "timestamp": "2026-01-01T10:00:00"}, "timestamp"),
    ({"event_id": "", "call_id": "c1", "event": "offered", "timestamp": "2026-01-01T10:00:00Z"}, "event_id"),
    ({"events": []}, "events"),
    ([1, 2], "events[0].event"),
])
def test_malformed_events_are_400_with_a_reason(client, hook, payload, field):
    response = _send(client, hook, payload)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"].endswith(field)
    assert RejectedHook.objects.count() == 1


def test_not_json_is_400(client, hook):
    stamp = str(int(time.time()))
    response = client.post(URL, b"{oops", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {hook.token}",
                           HTTP_X_SIGNATURE_TIMESTAMP=stamp, HTTP_X_SIGNATURE=signature(hook.secret, stamp, b"{oops"))
    assert response.status_code == 400
