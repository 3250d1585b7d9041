"""What higher apps add to the inquiry services, without this app importing them.

The inquiry log sits low in the layers (core → accounts, organisation → catalogue → inquiries →
...): forwarding, bookings and analytics build on it. Where the log's own writes must take them into
account, those apps register here when Django starts (their AppConfig.ready), and the services call
whatever is registered:

- counters: called inside the transaction that writes an inquiry, with the old row and sign=-1
  before a change or an undo, with the new row and sign=+1 after a create or a change (the
  dashboard's rollups);
- locks: a reason why the clerk may no longer change or undo an inquiry (it was forwarded), or None;
- bulk loaders: called after rows were written in bulk, bypassing the services (the generator);
- the quick-log: what pre-fills it (a served ticket, an answered call) and what to link a saved
  inquiry to (the queues).
"""

from collections.abc import Callable

_counters: list[Callable] = []
_locks: list[Callable] = []
_bulk_loaded: list[Callable] = []
_quicklog_prefills: list[Callable] = []
_quicklog_saved: list[Callable] = []


def _add(registry: list, fn: Callable) -> Callable:
    if fn not in registry:
        registry.append(fn)
    return fn


def inquiry_counter_register(fn: Callable) -> Callable:
    """`fn(*, inquiry, sign)` keeps a count of inquiries true."""
    return _add(_counters, fn)


def inquiry_lock_register(fn: Callable) -> Callable:
    """`fn(*, inquiry) -> str | None`: why the clerk may no longer change it."""
    return _add(_locks, fn)


def inquiries_bulk_loaded_register(fn: Callable) -> Callable:
    """`fn(*, municipality_id, on_table=None)` after inquiries were written in bulk; `on_table(name, rows)`
    reports progress."""
    return _add(_bulk_loaded, fn)


def quicklog_register(*, prefill: Callable, saved: Callable) -> None:
    """`prefill(params, *, user) -> dict` of initial values; `saved(params, *, inquiry, user)` after a save."""
    _add(_quicklog_prefills, prefill)
    _add(_quicklog_saved, saved)


def quicklog_prefill(params, *, user) -> dict:
    initial: dict = {}
    for fn in _quicklog_prefills:
        initial.update(fn(params, user=user))
    return initial


def quicklog_saved(params, *, inquiry, user) -> None:
    for fn in _quicklog_saved:
        fn(params, inquiry=inquiry, user=user)


def count(*, inquiry, sign: int) -> None:
    for fn in _counters:
        fn(inquiry=inquiry, sign=sign)


def lock_reason(*, inquiry) -> str | None:
    for fn in _locks:
        reason = fn(inquiry=inquiry)
        if reason:
            return reason
    return None


def bulk_loaded(*, municipality_id: int, on_table: Callable | None = None) -> None:
    for fn in _bulk_loaded:
        fn(municipality_id=municipality_id, on_table=on_table)
