"""Who may do what. One table maps each role to its capabilities; views name
the capability they need with @requires, and the tests walk the whole table."""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from servicetorg.accounts.models import Role


class Cap(StrEnum):
    LOG_INQUIRIES = "inquiries.log"  # the quick-log: record, edit and undo own inquiries
    VIEW_MUNICIPALITY_INQUIRIES = "inquiries.view_municipality"  # every inquiry of the municipality
    VIEW_UNIT_INQUIRIES = "inquiries.view_unit"  # inquiries forwarded to one's own units
    VIEW_CATALOGUE = "catalogue.view"  # the staff side of the catalogue: guidance, articles, directory
    EDIT_CATALOGUE = "catalogue.edit"  # every service of the municipality (content owners edit their own)
    FORWARD_INQUIRIES = "forwarding.forward"  # forward an inquiry to a unit; look up references; add what a unit asks
    WORK_UNIT_INBOX = "forwarding.inbox"  # the inbox of one's own units: claim, reply, close, send on
    VIEW_INSIGHT = "analytics.view"  # the leader's dashboard, KPIs, survey answers and exports
    PLAN_STAFFING = "staffing.plan"  # staffing needs, the weekly staffing plans and what-ifs
    ASSESS_TRANSFERS = "transfers.assess"  # every unit's task register: assess, move tasks on, capacity
    BOOK_APPOINTMENTS = "bookings.book"  # book, move and cancel appointments for citizens; see the list
    OWN_APPOINTMENTS = "bookings.own"  # a caseworker's own appointments and calendar feed
    MANAGE_RENTALS = "bookings.rentals"  # rental requests, the resource calendar, seasons, invoicing export
    SERVE_QUEUE = "queues.serve"  # the counter view: call next, recall, no-show, transfer, done
    WATCH_QUEUES = "queues.watch"  # the leader's live board of the queues
    TAKE_MESSAGES = "queues.message"  # take a phone message (telefonnotat) for a colleague
    USE_API = "api.use"
    VIEW_AUDIT_LOG = "core.audit"  # the municipality's audit log: read, filter, export
    USE_ADMIN = "admin.use"


ROLE_CAPABILITIES: dict[str, frozenset[Cap]] = {
    Role.FRONTLINE: frozenset({Cap.LOG_INQUIRIES, Cap.VIEW_CATALOGUE, Cap.FORWARD_INQUIRIES, Cap.USE_API,
                               Cap.BOOK_APPOINTMENTS, Cap.MANAGE_RENTALS}),
    Role.LEADER: frozenset(
        {Cap.LOG_INQUIRIES, Cap.VIEW_MUNICIPALITY_INQUIRIES, Cap.VIEW_CATALOGUE, Cap.EDIT_CATALOGUE,
         Cap.FORWARD_INQUIRIES, Cap.USE_API, Cap.VIEW_INSIGHT, Cap.PLAN_STAFFING, Cap.ASSESS_TRANSFERS,
         Cap.BOOK_APPOINTMENTS, Cap.MANAGE_RENTALS, Cap.VIEW_AUDIT_LOG}
    ),
    Role.CASEWORKER: frozenset({Cap.VIEW_UNIT_INQUIRIES, Cap.VIEW_CATALOGUE, Cap.WORK_UNIT_INBOX, Cap.USE_API,
                                Cap.OWN_APPOINTMENTS}),
    Role.ADMIN: frozenset(
        {Cap.LOG_INQUIRIES, Cap.VIEW_MUNICIPALITY_INQUIRIES, Cap.VIEW_CATALOGUE, Cap.EDIT_CATALOGUE,
         Cap.FORWARD_INQUIRIES, Cap.USE_API, Cap.USE_ADMIN, Cap.VIEW_INSIGHT, Cap.PLAN_STAFFING,
         Cap.ASSESS_TRANSFERS, Cap.BOOK_APPOINTMENTS, Cap.MANAGE_RENTALS, Cap.VIEW_AUDIT_LOG}
    ),
}


# queues (issue 17): added here rather than in the table above, so parallel branches merge cleanly.
ROLE_CAPABILITIES[Role.FRONTLINE] |= {Cap.SERVE_QUEUE, Cap.TAKE_MESSAGES}
ROLE_CAPABILITIES[Role.LEADER] |= {Cap.SERVE_QUEUE, Cap.WATCH_QUEUES, Cap.TAKE_MESSAGES}
ROLE_CAPABILITIES[Role.CASEWORKER] |= {Cap.SERVE_QUEUE}
ROLE_CAPABILITIES[Role.ADMIN] |= {Cap.SERVE_QUEUE, Cap.WATCH_QUEUES, Cap.TAKE_MESSAGES}


def user_can(user, cap: Cap) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return cap in ROLE_CAPABILITIES.get(user.role, frozenset())


def requires(*caps: Cap) -> Callable:
    """View decorator: log in first, then 403 unless the user has any of `caps`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(user_can(request.user, cap) for cap in caps):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


# Who may open each URL ----------------------------------------------------------
# Each app declares URL_ACCESS in its perms.py: URL name -> Access. The test in
# servicetorg/core/tests/test_url_permissions.py requests every URL pattern as
# every role and compares the answer with this map; a URL missing from every map
# fails it.


class Access:
    """What a URL needs. `kind` is one of PUBLIC (no login: citizen pages, capability
    links), CAPS (any of `caps`, or being a unit leader when `unit_leaders`),
    ADMIN_SITE (the Django admin) and API (a bearer token, checked by the API)."""

    PUBLIC = "public"
    SIGNED_IN = "signed_in"  # any signed-in person: their own account and security, the header search
    CAPS = "caps"
    ADMIN_SITE = "admin"
    API = "api"

    def __init__(self, kind: str, caps: frozenset[Cap] = frozenset(), *, unit_leaders: bool = False):
        self.kind = kind
        self.caps = caps
        self.unit_leaders = unit_leaders

    def __repr__(self) -> str:
        return f"Access({self.kind}, {sorted(self.caps)}, unit_leaders={self.unit_leaders})"

    def allows(self, user) -> bool:
        if self.kind == Access.PUBLIC:
            return True
        if self.kind == Access.SIGNED_IN:
            return bool(user.is_authenticated)
        if self.kind == Access.ADMIN_SITE:
            return user_can(user, Cap.USE_ADMIN) and user.is_staff
        if self.kind == Access.API:
            return user_can(user, Cap.USE_API)
        if any(user_can(user, cap) for cap in self.caps):
            return True
        return bool(self.unit_leaders and user.is_authenticated and user.unit_leaderships.exists())


PUBLIC = Access(Access.PUBLIC)
SIGNED_IN = Access(Access.SIGNED_IN)
ADMIN_SITE = Access(Access.ADMIN_SITE)
API = Access(Access.API)


def any_of(*caps: Cap, unit_leaders: bool = False) -> Access:
    return Access(Access.CAPS, frozenset(caps), unit_leaders=unit_leaders)


URL_ACCESS: dict[str, Access] = {
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
}


# API token scopes --------------------------------------------------------------
# A token carries scopes and an expiry; at every use it is capped by what its
# owner's role allows *now*, so a token never has more than its owner.


class Scope(StrEnum):
    INQUIRIES_READ = "inquiries:read"  # list and read inquiries
    INQUIRIES_WRITE = "inquiries:write"  # log inquiries
    FORWARDING_FORWARD = "forwarding:forward"  # forward inquiries, follow their status
    FORWARDING_INBOX = "forwarding:inbox"  # a unit's inbox: read, reply, close
    CONVERSATIONS_READ = "conversations:read"  # the centre's inbox: list and read conversations
    CONVERSATIONS_WRITE = "conversations:write"  # reply to and close conversations


SCOPE_CAPS: dict[Scope, frozenset[Cap]] = {
    Scope.INQUIRIES_READ: frozenset({Cap.LOG_INQUIRIES, Cap.VIEW_MUNICIPALITY_INQUIRIES, Cap.VIEW_UNIT_INQUIRIES}),
    Scope.INQUIRIES_WRITE: frozenset({Cap.LOG_INQUIRIES}),
    Scope.FORWARDING_FORWARD: frozenset({Cap.FORWARD_INQUIRIES}),
    Scope.FORWARDING_INBOX: frozenset({Cap.WORK_UNIT_INBOX}),
    Scope.CONVERSATIONS_READ: frozenset({Cap.LOG_INQUIRIES}),
    Scope.CONVERSATIONS_WRITE: frozenset({Cap.LOG_INQUIRIES}),
}


def scopes_for_user(user) -> frozenset[Scope]:
    """The scopes `user`'s role allows: the most any of their tokens can do."""
    if not user_can(user, Cap.USE_API):
        return frozenset()
    return frozenset(scope for scope, caps in SCOPE_CAPS.items() if any(user_can(user, cap) for cap in caps))


def api_scope_map() -> dict[tuple[str, str], frozenset[Scope]]:
    """Every app's API_SCOPES in one dict: (method, route under /api/v1/) -> the scopes
    of which a token needs one. An operation missing here is refused (fail closed)."""
    merged: dict[tuple[str, str], frozenset[Scope]] = {}
    for module in _perms_modules():
        for key, scopes in getattr(module, "API_SCOPES", {}).items():
            if key in merged:
                raise ValueError(f"{key} is in two API scope maps")
            merged[key] = frozenset(scopes)
    return merged


def _perms_modules():
    from importlib import import_module

    from django.apps import apps

    yield import_module("servicetorg.perms")  # the project-level URLs: /, health, the admin, the API
    for config in apps.get_app_configs():
        if not config.name.startswith("servicetorg."):
            continue
        try:
            yield import_module(f"{config.name}.perms")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.perms":
                raise


def url_access_map() -> dict[str, Access]:
    """Every app's URL_ACCESS in one dict (a name claimed twice is an error)."""
    merged: dict[str, Access] = {}
    for module in _perms_modules():
        for name, access in getattr(module, "URL_ACCESS", {}).items():
            if name in merged:
                raise ValueError(f"{name} is in two permission maps")
            merged[name] = access
    return merged
