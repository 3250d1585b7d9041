"""The queue rollups: each ticket or call contributes a few counts to the row of
its site, kind, errand, day and half hour of arrival. A service takes the old
contribution away and adds the new one in the transaction that changes the
ticket or call (as analytics.rollups does for inquiries), so events in any
order and repeated actions leave the rollups true."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from servicetorg.analytics.rollups import _upsert
from servicetorg.queues.models import BUCKET_EDGES, BUCKETS, Call, Kind, QueueRollup, Ticket, TicketStatus


def bucket_of(seconds: int) -> str:
    for index, edge in enumerate(BUCKET_EDGES):
        if seconds < edge:
            return BUCKETS[index]
    return BUCKETS[-1]


def _keys(*, municipality_id, site_id, kind, errand_id, at: dt.datetime) -> dict:
    local = at.astimezone(ZoneInfo(settings.TIME_ZONE))
    return {"municipality_id": municipality_id, "site_id": site_id, "kind": kind, "errand_id": errand_id or 0,
            "day": local.date(), "slot": local.hour * 2 + local.minute // 30}


def _counts(*, waited: int | None, served: bool, abandoned: bool, target: int) -> dict:
    counts = {"n": 1, "served": int(served), "abandoned": int(abandoned), "wait_seconds": 0, "in_target": 0}
    counts.update(dict.fromkeys(BUCKETS, 0))
    if waited is not None and (served or abandoned):
        counts["wait_seconds"] = waited
        counts[bucket_of(waited)] = 1
        counts["in_target"] = int(served and waited <= target)
    return counts


def ticket_contribution(ticket: Ticket) -> tuple[dict, dict]:
    target = ticket.errand.target_wait_seconds if ticket.errand_id else settings.STAFFING_WALK_IN_TARGET_SECONDS
    keys = _keys(municipality_id=ticket.municipality_id, site_id=ticket.site_id, kind=Kind.WALK_IN,
                 errand_id=ticket.errand_id, at=ticket.issued_at)
    waited = ticket.waited_seconds
    no_show = ticket.status == TicketStatus.NO_SHOW
    return keys, _counts(waited=waited, served=waited is not None and not no_show, abandoned=no_show, target=target)


def call_contribution(call: Call) -> tuple[dict, dict] | None:
    if call.arrived_at is None:
        return None
    keys = _keys(municipality_id=call.municipality_id, site_id=call.site_id, kind=Kind.PHONE, errand_id=0,
                 at=call.arrived_at)
    answered = call.answered_at is not None
    abandoned = call.abandoned_at is not None and not answered
    return keys, _counts(waited=call.waited_seconds, served=answered, abandoned=abandoned,
                         target=settings.STAFFING_PHONE_TARGET_SECONDS)


def rollup_apply(contribution: tuple[dict, dict] | None, *, sign: int) -> None:
    if contribution is None:
        return
    keys, counts = contribution
    _upsert(QueueRollup, keys, {k: sign * v for k, v in counts.items()})


def presence_note(*, site_id: int, kind: str, user_id: int | None, at: dt.datetime) -> None:
    """Record that `user_id` served at the site in the half hour of `at` (once)."""
    if user_id is None:
        return
    from django.db import connection

    from servicetorg.queues.models import QueuePresence

    keys = _keys(municipality_id=0, site_id=site_id, kind=kind, errand_id=0, at=at)
    table = connection.ops.quote_name(QueuePresence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (site_id, day, slot, kind, user_id) VALUES (%s, %s, %s, %s, %s) "  # noqa: S608
            "ON CONFLICT (site_id, day, slot, kind, user_id) DO NOTHING",
            [site_id, connection.ops.adapt_datefield_value(keys["day"]), keys["slot"], kind, user_id])
