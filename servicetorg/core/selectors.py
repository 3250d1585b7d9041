"""Reads of the audit log, scoped to the municipalities the acting user acts for."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from servicetorg.core import tenancy
from servicetorg.core.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    person: str = ""  # a username or part of a name (the actor, or the account an event is about)
    object_type: str = ""
    object_ref: str = ""  # an object id, or a reference in the detail (a forwarding's reference)
    action: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


def audit_events_for(*, user, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """The audit events of the user's municipalities, newest first, filtered."""
    events = tenancy.scope_queryset(AuditEvent.objects.all(), user, "municipality").select_related("actor")
    if filters is None:
        return events
    if filters.person:
        words = filters.person.strip()
        events = events.filter(
            Q(actor__username__iexact=words) | Q(actor__first_name__icontains=words)
            | Q(actor__last_name__icontains=words) | Q(object_type="accounts.user", detail__icontains=words)
        )
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_ref:
        events = events.filter(Q(object_id=filters.object_ref) | Q(detail__icontains=filters.object_ref))
    if filters.action:
        events = events.filter(action=filters.action)
    tz = timezone.get_current_timezone()
    if filters.start:
        events = events.filter(at__gte=dt.datetime.combine(filters.start, dt.time.min, tzinfo=tz))
    if filters.end:
        events = events.filter(at__lt=dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return events.order_by("-at", "-pk")


def audit_object_types(*, user) -> list[str]:
    return list(
        tenancy.scope_queryset(AuditEvent.objects.all(), user, "municipality")
        .order_by("object_type").values_list("object_type", flat=True).distinct()
    )
