"""The switchboard webhook, POST /hooks/calls/.

Authentication: `Authorization: Bearer <token>` names the CallHook; the body is
signed with its secret: `X-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`
with `X-Signature-Timestamp: <unix seconds>`, refused when more than
QUEUE_WEBHOOK_MAX_AGE_SECONDS away from now (a replayed request is stale). The
JSON shape is in README.md (one event, or {"events": [...]}). Every refusal is a
4xx with {"errors": [{"field", "reason"}]} and is recorded as a RejectedHook."""

import datetime as dt
import hashlib
import hmac
import json
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from servicetorg.accounts.models import User
from servicetorg.core.parsing import parse_int, parse_or
from servicetorg.queues import services
from servicetorg.queues.models import CallHook, RejectedHook

MAX_BODY = 256 * 1024
MAX_EVENTS = 500
KINDS = ("offered", "answered", "abandoned", "transferred", "ended")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _refuse(request, status: int, field: str, reason: str, hook=None) -> JsonResponse:
    RejectedHook.objects.create(municipality_id=hook.municipality_id if hook else None,
                                reason=f"{field}: {reason}"[:200],
                                remote_addr=(request.META.get("REMOTE_ADDR") or "")[:45],
                                body_excerpt=request.body[:200].decode("utf-8", "replace"))
    return JsonResponse({"errors": [{"field": field, "reason": reason}]}, status=status)


def _parse_event(raw, index: int) -> dict:
    where = f"events[{index}]" if index >= 0 else ""

    def err(field, reason):
        return ValidationError({f"{where}.{field}" if where else field: reason})

    if not isinstance(raw, dict):
        raise err("event", "must be an object")
    out = {}
    for field in ("event_id", "call_id"):
        value = raw.get(field)
        if not isinstance(value, str) or not value.strip() or len(value) > 100 or "\x00" in value:
            raise err(field, "must be a non-empty string of at most 100 characters")
        out[field] = value.strip()
    kind = raw.get("event")
    if kind not in KINDS:
        raise err("event", f"must be one of {', '.join(KINDS)}")
    out["kind"] = kind
    stamp = raw.get("timestamp")
    at = parse_datetime(stamp) if isinstance(stamp, str) and len(stamp) < 40 else None
    if at is None or at.tzinfo is None:
        raise err("timestamp", "must be an ISO 8601 date-time with a time zone")
    out["at"] = at.astimezone(dt.UTC)
    for field, limit in (("queue", 100), ("staff", 150), ("extension", 30)):
        value = raw.get(field, "")
        if value is None:
            value = ""
        if not isinstance(value, str) or len(value) > limit or "\x00" in value:
            raise err(field, f"must be a string of at most {limit} characters")
        out[field] = value.strip()
    return out


@csrf_exempt
@require_POST
def calls_hook(request: HttpRequest) -> JsonResponse:
    auth = request.headers.get("Authorization", "")
    token = auth[7:].strip() if auth.startswith("Bearer ") else ""
    hook = CallHook.objects.filter(token=token, active=True).first() if token and len(token) <= 64 else None
    if hook is None:
        return _refuse(request, 401, "Authorization", "unknown or missing bearer token")
    if len(request.body) > MAX_BODY:
        return _refuse(request, 413, "body", f"larger than {MAX_BODY} bytes", hook)
    stamp = request.headers.get("X-Signature-Timestamp", "")
    given = request.headers.get("X-Signature", "")
    if parse_or(stamp, parse_int, minimum=0, maximum=10**11) is None:
        return _refuse(request, 400, "X-Signature-Timestamp", "missing or not unix seconds", hook)
    if not hmac.compare_digest(signature(hook.secret, stamp, request.body), given):
        return _refuse(request, 403, "X-Signature", "the signature does not match the body", hook)
    if abs(time.time() - int(stamp)) > settings.QUEUE_WEBHOOK_MAX_AGE_SECONDS:
        return _refuse(request, 400, "X-Signature-Timestamp", "too old or in the future (replay?)", hook)
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _refuse(request, 400, "body", "not JSON", hook)
    batch = isinstance(payload, list) or (isinstance(payload, dict) and "events" in payload)
    raw_events = payload if isinstance(payload, list) else payload.get("events") if batch else [payload]
    if not isinstance(raw_events, list) or not raw_events or len(raw_events) > MAX_EVENTS:
        return _refuse(request, 400, "events", f"must be a list of 1 to {MAX_EVENTS} events", hook)
    try:
        events = [_parse_event(raw, i if batch else -1) for i, raw in enumerate(raw_events)]
    except ValidationError as error:
        field, reasons = next(iter(error.message_dict.items()))
        return _refuse(request, 400, field, reasons[0], hook)
    names = {e["staff"] for e in events if e["staff"]}
    staff = {}
    if names:
        for user in User.objects.filter(Q(username__in=names) | Q(email__in=names),
                                        municipality_id=hook.municipality_id, is_active=True):
            staff[user.username] = user
            if user.email:
                staff[user.email] = user
    applied = duplicates = 0
    # One transaction (one commit) for the whole batch: all its events count, or none.
    with transaction.atomic():
        for event in events:
            _call, done = services.call_event_record(
                hook=hook, event_id=event["event_id"], call_id=event["call_id"], kind=event["kind"],
                at=event["at"], queue=event["queue"], staff=staff.get(event["staff"]), extension=event["extension"])
            applied += done
            duplicates += not done
    return JsonResponse({"applied": applied, "duplicates": duplicates})
