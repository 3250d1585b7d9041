"""Heavy reads on a streaming replica, everything else on the primary.

A view that only reads a lot (the dashboard, exports, the staffing page) is
wrapped in :func:`replica_reads`; inside it, reads of the ORM go to the
``replica`` database when DATABASE_REPLICA_URL is set and it is not too far
behind (REPLICA_MAX_LAG_SECONDS). Writes always go to the primary, and so does
every read made while a transaction is open on the primary, so a write and the
reads it depends on see the same data.

When the replica lags more than allowed, the page reads the primary instead and
the request is marked (``request.replica_lag_seconds``); the page then shows
"figures may be up to N seconds old" only when it did read the replica.
"""

import contextvars
import functools
import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)
_lag_cache: dict[str, float] = {"checked": 0.0, "lag": 0.0}


def replica_configured() -> bool:
    return "replica" in settings.DATABASES


def replica_lag_seconds() -> float | None:
    """How far the replica is behind the primary, in seconds (None: cannot tell, e.g. it does not answer).

    On an idle primary nothing is replayed and the last replay's age grows; it counts as caught up
    when everything received has been replayed."""
    try:
        with connections["replica"].cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
                "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
            )
            return float(cursor.fetchone()[0])
    except DatabaseError:
        logger.warning("The replica does not answer; reading the primary")
        return None


def _replica_usable() -> tuple[bool, float | None]:
    now = time.monotonic()
    if now - _lag_cache["checked"] > 1.0:  # at most one lag query a second per process
        lag = replica_lag_seconds()
        _lag_cache.update(checked=now, lag=-1.0 if lag is None else lag)
    lag = _lag_cache["lag"]
    if lag < 0:
        return False, None
    return lag <= settings.REPLICA_MAX_LAG_SECONDS, lag


def replica_reads(view):
    """Decorator for read-only heavy views: their ORM reads go to the replica when one is usable."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not replica_configured():
            return view(request, *args, **kwargs)
        usable, lag = _replica_usable()
        request.replica_lag_seconds = lag
        request.read_from_replica = usable
        if not usable:
            return view(request, *args, **kwargs)
        token = _use_replica.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _use_replica.reset(token)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _use_replica.get() or not replica_configured():
            return None
        if connections["default"].in_atomic_block:
            return "default"  # a read inside a write's transaction sees that transaction
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
