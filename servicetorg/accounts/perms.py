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
    USE_ADMIN = "admin.use"


ROLE_CAPABILITIES: dict[str, frozenset[Cap]] = {
    Role.FRONTLINE: frozenset({Cap.LOG_INQUIRIES, Cap.VIEW_CATALOGUE, Cap.FORWARD_INQUIRIES, Cap.USE_API,
                               Cap.BOOK_APPOINTMENTS, Cap.MANAGE_RENTALS}),
    Role.LEADER: frozenset(
        {Cap.LOG_INQUIRIES, Cap.VIEW_MUNICIPALITY_INQUIRIES, Cap.VIEW_CATALOGUE, Cap.EDIT_CATALOGUE,
         Cap.FORWARD_INQUIRIES, Cap.USE_API, Cap.VIEW_INSIGHT, Cap.PLAN_STAFFING, Cap.ASSESS_TRANSFERS,
         Cap.BOOK_APPOINTMENTS, Cap.MANAGE_RENTALS}
    ),
    Role.CASEWORKER: frozenset({Cap.VIEW_UNIT_INQUIRIES, Cap.VIEW_CATALOGUE, Cap.WORK_UNIT_INBOX, Cap.USE_API,
                                Cap.OWN_APPOINTMENTS}),
    Role.ADMIN: frozenset(
        {Cap.LOG_INQUIRIES, Cap.VIEW_MUNICIPALITY_INQUIRIES, Cap.VIEW_CATALOGUE, Cap.EDIT_CATALOGUE,
         Cap.FORWARD_INQUIRIES, Cap.USE_API, Cap.USE_ADMIN, Cap.VIEW_INSIGHT, Cap.PLAN_STAFFING,
         Cap.ASSESS_TRANSFERS, Cap.BOOK_APPOINTMENTS, Cap.MANAGE_RENTALS}
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
