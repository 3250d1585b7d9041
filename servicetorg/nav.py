"""The staff shell's side navigation, grouped by job, and the counts of what needs you.

Each entry names a URL and the capability it needs; an entry whose URL name does
not exist (an app built in another branch, not merged yet) is left out, so the
inbox and the queue appear as soon as their apps are installed.

Counts are a small registry: settings.NAV_COUNTS lists dotted paths of callables
`f(user) -> dict[str, int]` keyed by entry key ("inbox", "queue", "forwarded"...).
An app adds its own by appending to that list (or calling `register_count` from
its AppConfig.ready()). A callable that fails is skipped: the shell never breaks.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from servicetorg.accounts.perms import Cap, user_can

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    url_name: str
    caps: tuple = ()  # any of these; empty = every staff user
    check: Callable | None = None  # an extra test of the user, when a capability is not enough


def _may_use_transfers(user) -> bool:
    from servicetorg.transfers.selectors import may_use_transfers

    return may_use_transfers(user=user)


GROUPS: list[tuple[str, str, list[Entry]]] = [
    ("front-desk", _("Front desk"), [
        Entry("inbox", _("Inbox"), "conversations:inbox", (Cap.LOG_INQUIRIES, Cap.WORK_UNIT_INBOX)),
        Entry("quicklog", _("Log inquiry"), "inquiries:quicklog", (Cap.LOG_INQUIRIES,)),
        Entry("queue", _("Queue"), "queues:counter-list", (Cap.SERVE_QUEUE,)),
        Entry("inquiries", _("Inquiries"), "inquiries:inquiry-list",
              (Cap.LOG_INQUIRIES, Cap.VIEW_MUNICIPALITY_INQUIRIES, Cap.VIEW_UNIT_INQUIRIES)),
    ]),
    ("knowledge", _("Knowledge"), [
        Entry("catalogue", _("Catalogue"), "catalogue:service-list", (Cap.VIEW_CATALOGUE,)),
        Entry("review", _("Due for review"), "catalogue:service-review-list", (Cap.VIEW_CATALOGUE,)),
        Entry("colleagues", _("Colleagues"), "catalogue:contact-list", (Cap.VIEW_CATALOGUE,)),
    ]),
    ("cases", _("Cases"), [
        Entry("unit-inbox", _("Unit inbox"), "forwarding:inbox", (Cap.WORK_UNIT_INBOX,)),
        Entry("forwarded", _("Forwarded"), "forwarding:lookup", (Cap.FORWARD_INQUIRIES,)),
        Entry("appointments", _("Appointments"), "bookings:appointment-list",
              (Cap.BOOK_APPOINTMENTS, Cap.OWN_APPOINTMENTS)),
        Entry("rooms", _("Rooms and halls"), "bookings:rental-list", (Cap.MANAGE_RENTALS,)),
    ]),
    ("leadership", _("Leadership"), [
        Entry("overview", _("Overview"), "analytics:dashboard", (Cap.VIEW_INSIGHT,)),
        Entry("live-board", _("Live board"), "queues:board", (Cap.WATCH_QUEUES,)),
        Entry("staffing", _("Staffing"), "staffing:overview", (Cap.PLAN_STAFFING,)),
        Entry("transfers", _("Task transfer"), "transfers:unit-list", (), _may_use_transfers),
        Entry("surveys", _("Surveys"), "analytics:survey-overview", (Cap.VIEW_INSIGHT,)),
        Entry("audit", _("Audit log"), "audit:log", (Cap.VIEW_AUDIT_LOG,)),
        Entry("admin", _("Administration"), "admin:index", (Cap.USE_ADMIN,)),
    ]),
]


def safe_reverse(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


_EXTRA_COUNTS: list[Callable] = []


def register_count(func: Callable) -> Callable:
    """Add a count callable from an AppConfig.ready(): f(user) -> {entry key: count}."""
    _EXTRA_COUNTS.append(func)
    return func


def counts_for(user) -> dict[str, int]:
    counts: dict[str, int] = {}
    funcs = [import_string(path) for path in getattr(settings, "NAV_COUNTS", [])] + _EXTRA_COUNTS
    for func in funcs:
        try:
            for key, value in (func(user) or {}).items():
                counts[key] = counts.get(key, 0) + int(value)
        except Exception:  # noqa: BLE001 -- a count must never break the page
            logger.exception("nav count %s failed", func)
    return counts


def _allowed(user, entry: Entry) -> bool:
    if entry.caps and not any(user_can(user, cap) for cap in entry.caps):
        return False
    if not entry.caps and not entry.check and not user.is_authenticated:
        return False
    return entry.check(user) if entry.check else True


def navigation(request) -> list[dict]:
    """The groups the user may use, with their entries, the current page and the counts."""
    user = request.user
    if not user.is_authenticated:
        return []
    counts = counts_for(user)
    path = request.path
    groups = []
    for key, label, entries in GROUPS:
        items = []
        for entry in entries:
            if not _allowed(user, entry):
                continue
            url = safe_reverse(entry.url_name)
            if url is None:
                continue
            current = path == url or (url != "/" and path.startswith(url) and entry.key not in ("admin",))
            items.append({"key": entry.key, "label": entry.label, "url": url, "current": current,
                          "count": counts.get(entry.key, 0)})
        if items:
            groups.append({"key": key, "label": label, "items": items})
    # Only the longest matching entry is the current page.
    best = max((i for g in groups for i in g["items"] if i["current"]), key=lambda i: len(i["url"]), default=None)
    for group in groups:
        for item in group["items"]:
            item["current"] = item is best
    return groups


def context(request) -> dict:
    """Template context processor: `shell_nav`, lazily, so pages without the shell pay nothing."""
    from django.utils.functional import SimpleLazyObject

    return {"shell_nav": SimpleLazyObject(lambda: navigation(request))}
