"""Reads of forwarded inquiries, always scoped to the acting user.

Two doors: a unit's caseworkers reach their unit's inquiries (`forwarding_for_unit`),
the service centre reaches any of its municipality's forwardings by reference
(`forwarding_for_centre`), and for a sensitive unit it learns only the status."""

import base64
import binascii
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.core.audit import audit_record
from servicetorg.core.models import AuditAction
from servicetorg.forwarding.models import OPEN_STATUSES, Forwarding, ForwardingEvent, Status, overdue_q
from servicetorg.forwarding.services import reference_normalise
from servicetorg.inquiries.models import InquiryContact
from servicetorg.organisation.models import Unit


def inbox_units(*, user) -> list[Unit]:
    """The units whose inbox `user` works in."""
    if not user_can(user, Cap.WORK_UNIT_INBOX):
        return []
    if user.is_superuser and user.municipality_id is None:
        return list(Unit.objects.order_by("name"))
    return list(user.units.filter(municipality_id=user.municipality_id).order_by("name"))


def _related(qs: QuerySet[Forwarding]) -> QuerySet[Forwarding]:
    return qs.select_related("unit", "claimed_by", "forwarded_by", "inquiry__service", "inquiry__area",
                             "inquiry__site")


def forwarding_for_unit(*, user, reference: str) -> Forwarding:
    """A caseworker's way to a forwarding: only their units'. Not found and not yours look the same."""
    units = [unit.pk for unit in inbox_units(user=user)]
    try:
        return _related(Forwarding.objects.filter(unit_id__in=units)).get(reference=reference_normalise(reference))
    except (Forwarding.DoesNotExist, Forwarding.MultipleObjectsReturned):
        raise Http404 from None


def forwarding_for_centre(*, user, reference: str) -> Forwarding:
    """The service centre's way: any forwarding of the municipality, by reference."""
    if not user_can(user, Cap.FORWARD_INQUIRIES):
        raise Http404
    try:
        return _related(Forwarding.objects.filter(municipality_id=user.municipality_id)).get(
            reference=reference_normalise(reference)
        )
    except Forwarding.DoesNotExist:
        raise Http404 from None


def forwarding_of_inquiry(*, inquiry) -> Forwarding | None:
    return Forwarding.objects.select_related("unit").filter(inquiry=inquiry).first()


def forwarding_events(*, forwarding: Forwarding) -> list[ForwardingEvent]:
    # "sealed": a sensitive message, shown to the unit as a link to read it (audited).
    return list(forwarding.events.select_related("actor", "unit", "sealed").order_by("at", "id"))


def forwarding_contact(*, forwarding: Forwarding, user) -> InquiryContact | None:
    """The citizen's contact details for the unit's caseworker; every read is in the audit log."""
    contact = InquiryContact.objects.filter(inquiry_id=forwarding.inquiry_id).first()
    if contact is not None:
        audit_record(actor=user, action=AuditAction.VIEW_PERSONAL_DATA, obj=contact,
                     detail=f"{forwarding.reference}: contact details in the unit's inbox")
    return contact


def centre_waiting(*, user, limit: int = 20) -> list[Forwarding]:
    """Forwardings whose unit asked the centre for more: the newest first."""
    if not user_can(user, Cap.FORWARD_INQUIRIES):
        return []
    return list(
        Forwarding.objects.filter(municipality_id=user.municipality_id, status=Status.WAITING_CENTRE)
        .select_related("unit").order_by("-updated_at")[:limit]
    )


@dataclass(frozen=True, kw_only=True)
class InboxFilters:
    status: str = "open"  # "open", "closed" or one open status
    overdue: bool = False
    mine: bool = False


def inbox_list(*, user, unit: Unit, filters: InboxFilters, now: dt.datetime | None = None) -> QuerySet[Forwarding]:
    """One unit's inbox: open cases by due time (the most urgent first), closed ones newest first."""
    if unit.pk not in {u.pk for u in inbox_units(user=user)}:
        return Forwarding.objects.none()
    now = now or timezone.now()
    qs = Forwarding.objects.filter(unit=unit)
    if filters.status == "closed":
        qs = qs.filter(status=Status.CLOSED)
    elif filters.status in OPEN_STATUSES:
        qs = qs.filter(status=filters.status)
    else:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.overdue:
        qs = qs.filter(overdue_q(now))
    if filters.mine:
        qs = qs.filter(claimed_by=user)
    # Only what a row shows: fewer joins keep the planner and the model building cheap.
    return qs.select_related("inquiry__service", "inquiry__area", "claimed_by").only(
        "reference", "status", "forwarded_at", "due_at", "closed_at", "unit_id", "sensitive", "outcome",
        "first_response_due_at", "first_response_at",
        "inquiry__service__name", "inquiry__area__name_nb", "inquiry__area__name_nn", "inquiry__area__name_en",
        "inquiry__area_id", "inquiry__service_id",
        "claimed_by__username", "claimed_by__first_name", "claimed_by__last_name",
    )


@dataclass(frozen=True)
class InboxCounts:
    new: int
    claimed: int
    waiting_citizen: int
    waiting_centre: int
    overdue: int
    mine: int

    @property
    def open(self) -> int:
        return self.new + self.claimed + self.waiting_citizen + self.waiting_centre


def inbox_counts(*, user, unit: Unit, now: dt.datetime | None = None) -> InboxCounts:
    """The inbox's counters in one aggregate over the unit's open cases only, which
    the (unit, status, due_at) index reaches directly: the closed history, however
    long, is never counted."""
    now = now or timezone.now()
    row = Forwarding.objects.filter(unit=unit, status__in=OPEN_STATUSES).aggregate(
        new=Count("id", filter=Q(status=Status.NEW)),
        claimed=Count("id", filter=Q(status=Status.CLAIMED)),
        waiting_citizen=Count("id", filter=Q(status=Status.WAITING_CITIZEN)),
        waiting_centre=Count("id", filter=Q(status=Status.WAITING_CENTRE)),
        overdue=Count("id", filter=overdue_q(now)),
        mine=Count("id", filter=Q(claimed_by=user)),
    )
    return InboxCounts(**{key: value or 0 for key, value in row.items()})


class BadCursor(ValueError):
    """A page cursor that inbox_page did not make."""


def _encode(moment: dt.datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{pk}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[dt.datetime, int]:
    try:
        stamp, pk = base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()).decode().split("|")
        moment = parse_datetime(stamp)
        if moment is None or moment.tzinfo is None:
            raise ValueError
        moment.astimezone(dt.UTC)
        pk = int(pk)
        if not 0 < pk < 2**63:
            raise ValueError
        return moment, pk
    except (ValueError, OverflowError, UnicodeDecodeError, binascii.Error):
        raise BadCursor(cursor) from None


def inbox_page(
    *, qs: QuerySet[Forwarding], closed: bool, cursor: str | None, limit: int
) -> tuple[list[Forwarding], str | None]:
    """Keyset paging: open cases on (due_at, id) ascending, closed on (closed_at, id)
    descending. Each page costs the same however deep, and nothing counts the rows."""
    if closed:
        if cursor:
            moment, pk = _decode(cursor)
            qs = qs.filter(Q(closed_at__lte=moment) & (Q(closed_at__lt=moment) | Q(pk__lt=pk)))
        rows = list(qs.order_by("-closed_at", "-id")[: limit + 1])
    else:
        if cursor:
            moment, pk = _decode(cursor)
            qs = qs.filter(Q(due_at__gte=moment) & (Q(due_at__gt=moment) | Q(pk__gt=pk)))
        rows = list(qs.order_by("due_at", "id")[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, _encode(last.closed_at if closed else last.due_at, last.pk)


def inquiry_forwarded_lock(*, inquiry) -> str | None:
    """Once forwarded, an inquiry belongs to the unit: the clerk may no longer change or undo it."""
    if Forwarding.objects.filter(inquiry=inquiry).exists():
        return _("This inquiry has been forwarded; only the unit can change it now.")
    return None


def nav_overdue_counts(user) -> dict[str, int]:
    """The staff shell's counts of overdue forwardings: the unit's for a caseworker, the
    municipality's for the centre (NAV_COUNTS)."""
    now = timezone.now()
    counts = {}
    if user_can(user, Cap.WORK_UNIT_INBOX):
        # One query: the user's units as a subquery, as inbox_units() picks them.
        units = user.units.filter(municipality_id=user.municipality_id).values("pk")
        counts["unit-inbox"] = Forwarding.objects.filter(overdue_q(now), unit__in=units).count()
    if user_can(user, Cap.FORWARD_INQUIRIES):
        counts["forwarded"] = Forwarding.objects.filter(overdue_q(now), municipality_id=user.municipality_id).count()
    return counts
