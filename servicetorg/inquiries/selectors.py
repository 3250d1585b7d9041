"""Reads of inquiries, always scoped to the acting user."""

import base64
import binascii
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.inquiries.models import FIRST_CONTACT_OUTCOMES, Inquiry


def inquiry_visible(*, user) -> QuerySet[Inquiry]:
    """Every inquiry `user` may see: the municipality for leaders and
    administrators, their units' for caseworkers, their own for frontline staff."""
    qs = Inquiry.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    if user.is_superuser and user.municipality_id is None:
        return qs
    if user_can(user, Cap.VIEW_MUNICIPALITY_INQUIRIES):
        return qs.filter(municipality_id=user.municipality_id)
    if user_can(user, Cap.VIEW_UNIT_INQUIRIES):
        return qs.filter(municipality_id=user.municipality_id, forwarded_to__in=user.units.all())
    if user_can(user, Cap.LOG_INQUIRIES):
        return qs.filter(municipality_id=user.municipality_id, handled_by=user)
    return qs.none()


def inquiry_get(*, user, pk: int) -> Inquiry:
    """The one way to fetch an inquiry by id: 'not found' and 'not yours' look the same."""
    try:
        return inquiry_visible(user=user).select_related(
            "site", "service", "area", "forwarded_to", "handled_by"
        ).get(pk=pk)
    except (Inquiry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass(frozen=True, kw_only=True)
class InquiryFilters:
    site_id: int | None = None
    channel: str | None = None
    area: str | None = None
    outcome: str | None = None
    received_from: dt.datetime | None = None
    received_to: dt.datetime | None = None


def inquiry_list(*, user, filters: InquiryFilters | None = None) -> QuerySet[Inquiry]:
    filters = filters or InquiryFilters()
    qs = inquiry_visible(user=user)
    if filters.site_id:
        qs = qs.filter(site_id=filters.site_id)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.area:
        qs = qs.filter(area_id=filters.area)
    if filters.outcome:
        qs = qs.filter(outcome=filters.outcome)
    if filters.received_from:
        qs = qs.filter(received_at__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_at__lt=filters.received_to)
    return qs.select_related("site", "service", "area", "forwarded_to", "handled_by").order_by(
        "-received_at", "-id"
    )


def today_bounds(now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """Start and end of today in the local time zone (Europe/Oslo)."""
    local = timezone.localtime(now or timezone.now())
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    end = timezone.make_aware(dt.datetime.combine(start.date() + dt.timedelta(days=1), dt.time()))
    return start, end


def inquiry_today_for_user(*, user, limit: int = 15) -> QuerySet[Inquiry]:
    start, end = today_bounds()
    return (
        Inquiry.objects.filter(handled_by=user, received_at__gte=start, received_at__lt=end)
        .select_related("site", "service", "area", "forwarded_to")
        .order_by("-received_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class DayCounters:
    mine: int
    mine_first_contact: int
    mine_seconds: int
    site: int
    by_channel: dict[str, int]

    @property
    def first_contact_share(self) -> int | None:
        return round(100 * self.mine_first_contact / self.mine) if self.mine else None

    @property
    def mean_minutes(self) -> float | None:
        return round(self.mine_seconds / self.mine / 60, 1) if self.mine else None


def inquiry_day_counters(*, user, site_id: int | None) -> DayCounters:
    """Today's counters for the quick-log: the person's own and their site's, in two aggregate queries."""
    start, end = today_bounds()
    today = Inquiry.objects.filter(received_at__gte=start, received_at__lt=end)
    mine = today.filter(handled_by=user).aggregate(
        n=Count("id"),
        fcr=Count("id", filter=Q(outcome__in=FIRST_CONTACT_OUTCOMES)),
        seconds=Sum("handling_seconds"),
    )
    by_channel = dict(
        today.filter(handled_by=user).values_list("channel").annotate(n=Count("id")).values_list("channel", "n")
    )
    site_count = today.filter(site_id=site_id).count() if site_id else 0
    return DayCounters(
        mine=mine["n"] or 0,
        mine_first_contact=mine["fcr"] or 0,
        mine_seconds=mine["seconds"] or 0,
        site=site_count,
        by_channel=by_channel,
    )


class BadCursor(ValueError):
    """A page cursor that was not made by inquiry_page."""


def _cursor_encode(inquiry: Inquiry) -> str:
    raw = f"{inquiry.received_at.isoformat()}|{inquiry.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _cursor_decode(cursor: str) -> tuple[dt.datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stamp, pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        when = parse_datetime(stamp)
        if when is None or when.tzinfo is None:
            raise ValueError
        when.astimezone(dt.UTC)  # a time with no UTC equivalent (year 1 at +14:00) cannot be stored
        pk = int(pk)
        if not 0 < pk < 2**63:
            raise ValueError
        return when, pk
    except (ValueError, OverflowError, UnicodeDecodeError, binascii.Error):
        raise BadCursor(cursor) from None


def inquiry_page(*, qs: QuerySet[Inquiry], cursor: str | None, limit: int) -> tuple[list[Inquiry], str | None]:
    """One page of a newest-first list after `cursor`, and the cursor of the next page.

    Keyset paging on (received_at, id): each page costs the same however deep,
    and nothing counts the millions of rows behind it.
    """
    if cursor:
        when, pk = _cursor_decode(cursor)
        # The outer bound lets PostgreSQL read the index as one range; the OR breaks ties on id.
        qs = qs.filter(Q(received_at__lte=when) & (Q(received_at__lt=when) | Q(pk__lt=pk)))
    rows = list(qs.order_by("-received_at", "-id")[: limit + 1])
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, _cursor_encode(rows[-1])
    return rows, None
