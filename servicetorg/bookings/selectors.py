"""Reads of appointments and rentals, scoped to the acting user where staff read them."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Min, Sum
from django.http import Http404
from django.utils import timezone

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.bookings.availability import TZ, free_slots, local, weekly_dates
from servicetorg.bookings.models import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    Mode,
    PriceCategory,
    PriceRule,
    RentalRequest,
    RentalStatus,
    Resource,
    ResourceBooking,
    Season,
)
from servicetorg.core.parsing import ParseError, parse_datetime, parse_id
from servicetorg.organisation.models import Site


@dataclass(frozen=True)
class PublicSlot:
    """A time a citizen can choose; which caseworker gets it is decided on booking."""

    starts_at: dt.datetime
    mode: str
    site_id: int | None
    site_name: str

    @property
    def value(self) -> str:
        return f"{self.starts_at.isoformat()}|{self.mode}|{self.site_id or ''}"


@dataclass
class SlotDay:
    date: dt.date
    slots: list[PublicSlot] = field(default_factory=list)


def public_slot_days(*, appointment_type: AppointmentType, start: dt.date | None = None, days: int | None = None,
                     ignore_appointment_id: int | None = None) -> list[SlotDay]:
    """The free times of an appointment type, day by day, one entry per time and place."""
    now = timezone.now()
    start = start or timezone.localdate()
    days = days or settings.BOOKING_HORIZON_DAYS
    slots = free_slots(appointment_type=appointment_type, start=start, end=start + dt.timedelta(days=days - 1),
                       not_before=now + dt.timedelta(hours=settings.BOOKING_MIN_NOTICE_HOURS),
                       ignore_appointment_id=ignore_appointment_id, one_per_time=True)
    site_names = dict(Site.objects.filter(pk__in={s.site_id for s in slots if s.site_id}).values_list("pk", "name"))
    seen = set()
    by_day: dict[dt.date, SlotDay] = {}
    for slot in slots:
        key = (slot.starts_at, slot.mode, slot.site_id)
        if key in seen:
            continue
        seen.add(key)
        date = slot.starts_at.astimezone(TZ).date()
        by_day.setdefault(date, SlotDay(date)).slots.append(
            PublicSlot(slot.starts_at, slot.mode, slot.site_id, site_names.get(slot.site_id, ""))
        )
    return list(by_day.values())


def parse_slot_value(value: str, *, municipality_id: int):
    """'2026-03-02T09:00:00+01:00|site|3' → (starts_at, mode, site) or None."""
    try:
        raw_start, mode, raw_site = (value or "").split("|")
        # An offset of +23:00 or year 9999 parse in Python but break the database and the calendar.
        starts_at = parse_datetime(raw_start)
        site_id = parse_id(raw_site) if raw_site else None
    except (ValueError, ParseError):
        return None
    if mode not in Mode.values:
        return None
    site = None
    if site_id is not None:
        site = Site.objects.filter(pk=site_id, municipality_id=municipality_id, active=True).first()
        if site is None:
            return None
    return starts_at, mode, site


def appointment_types_public(*, municipality_id: int):
    return (AppointmentType.objects.filter(municipality_id=municipality_id, active=True)
            .select_related("unit").order_by("unit__name", "name"))


def appointment_list(*, user, start: dt.date, end: dt.date):
    """Appointments between two dates: the whole municipality for the centre's
    staff, their own for a caseworker. Names are not shown in lists (audited on the detail page)."""
    qs = Appointment.objects.filter(
        municipality_id=user.municipality_id, starts_at__gte=local(start, dt.time.min),
        starts_at__lt=local(end + dt.timedelta(days=1), dt.time.min),
    ).select_related("appointment_type__unit", "caseworker", "site").order_by("starts_at", "pk")
    if user_can(user, Cap.BOOK_APPOINTMENTS):
        return qs
    if user_can(user, Cap.OWN_APPOINTMENTS):
        return qs.filter(caseworker=user)
    return qs.none()


def appointment_get(*, user, pk: int) -> Appointment:
    appointment = appointment_list(user=user, start=dt.date.min + dt.timedelta(days=1),
                                   end=dt.date.max - dt.timedelta(days=1)).filter(pk=pk).first()
    if appointment is None:
        raise Http404
    return appointment


def caseworker_feed_appointments(*, user):
    since = timezone.now() - dt.timedelta(days=60)
    return (Appointment.objects.filter(caseworker=user, status=AppointmentStatus.BOOKED, starts_at__gte=since)
            .select_related("appointment_type__unit", "site").order_by("starts_at"))


# Resources


def resources_of_site(*, site: Site, public: bool = False):
    qs = Resource.objects.filter(site=site, active=True)
    if public:
        qs = qs.filter(bookable_by_public=True)
    return qs.order_by("name")


@dataclass
class CalendarCell:
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str
    request_id: int | None
    label: str = ""  # "18:00–20:00" in Oslo time, made once here: a week of a big site has a thousand cells


@dataclass
class CalendarRow:
    resource: Resource
    days: list[list[CalendarCell]]


def site_calendar(*, site: Site, start: dt.date, days: int, public: bool = False) -> list[CalendarRow]:
    """Each resource of a site with its bookings per day. Two queries whatever the
    number of resources or bookings. The public view gets no titles: busy, never who."""
    resources = list(resources_of_site(site=site, public=public))
    index = {r.pk: i for i, r in enumerate(resources)}
    rows = [CalendarRow(r, [[] for _ in range(days)]) for r in resources]
    begin, finish = local(start, dt.time.min), local(start + dt.timedelta(days=days), dt.time.min)
    # Bookings never run past a day (a rental is from and until on one date), so a lower
    # bound on starts_at lets PostgreSQL use the (resource, starts_at) index.
    bookings = ResourceBooking.objects.filter(
        resource_id__in=list(index), active=True, starts_at__gte=begin - dt.timedelta(days=1),
        starts_at__lt=finish, ends_at__gt=begin,
    )
    for resource_id, starts_at, ends_at, title, request_id, customer in bookings.values_list(
        "resource_id", "starts_at", "ends_at", "title", "request_id", "request__customer_name"
    ).order_by("starts_at"):
        begins, ends = starts_at.astimezone(TZ), ends_at.astimezone(TZ)
        day = (begins.date() - start).days
        if resource_id in index and 0 <= day < days:
            shown = "" if public else (customer or title)
            label = f"{begins.hour:02d}:{begins.minute:02d}–{ends.hour:02d}:{ends.minute:02d}"
            rows[index[resource_id]].days[day].append(CalendarCell(starts_at, ends_at, shown, request_id, label))
    return rows


def rental_requests_for(*, user, status: str | None = None, season: Season | None = None):
    qs = RentalRequest.objects.filter(municipality_id=user.municipality_id).select_related(
        "resource__site", "season", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    if season is not None:
        qs = qs.filter(season=season)
    return qs.order_by("first_date", "starts", "pk")


def rental_request_get(*, user, pk: int) -> RentalRequest:
    request = rental_requests_for(user=user).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def request_dates(request: RentalRequest) -> set[dt.date]:
    return set(weekly_dates(request.first_date, request.last_date))


def season_conflicts(requests) -> dict[int, list[RentalRequest]]:
    """For each request, the other requests (pending or approved) that want the same
    resource at an overlapping time on at least one common date."""
    by_resource: dict[int, list[RentalRequest]] = defaultdict(list)
    for request in requests:
        if request.status in (RentalStatus.REQUESTED, RentalStatus.APPROVED):
            by_resource[request.resource_id].append(request)
    conflicts: dict[int, list[RentalRequest]] = defaultdict(list)
    for group in by_resource.values():
        dates = {r.pk: request_dates(r) for r in group}
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.starts < b.ends and b.starts < a.ends and dates[a.pk] & dates[b.pk]:
                    conflicts[a.pk].append(b)
                    conflicts[b.pk].append(a)
    # A plain dict: a template's lookup of a missing key must not add it.
    return dict(conflicts)


# Invoicing


@dataclass(frozen=True)
class InvoiceRow:
    request_id: int
    customer: str
    organisation_number: str
    resource: str
    site: str
    period_from: dt.date
    period_to: dt.date
    occurrences: int
    hours: Decimal
    category: str
    price_per_hour: Decimal
    amount: Decimal


def invoice_rows(*, municipality_id: int, start: dt.date, end: dt.date) -> list[InvoiceRow]:
    """Approved rentals used between two dates (the booking has ended), one row per
    request: hours summed in the database, priced by the resource's rule for the category."""
    now = timezone.now()
    used = ResourceBooking.objects.filter(
        municipality_id=municipality_id, active=True, request__status=RentalStatus.APPROVED,
        starts_at__gte=local(start, dt.time.min), starts_at__lt=local(end + dt.timedelta(days=1), dt.time.min),
        ends_at__lte=now,
    )
    totals = (
        used.values("request_id")
        .annotate(
            n=Count("pk"), first=Min("starts_at"), last=Max("starts_at"),
            duration=Sum(ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())),
        )
        .order_by("request_id")
    )
    totals = {row["request_id"]: row for row in totals}
    requests = RentalRequest.objects.filter(pk__in=totals).select_related("resource__site").order_by(
        "customer_name", "pk")
    prices = {
        (rule.resource_id, rule.category): rule.per_hour
        for rule in PriceRule.objects.filter(resource_id__in={r.resource_id for r in requests})
    }
    rows = []
    for request in requests:
        total = totals[request.pk]
        hours = (Decimal(total["duration"].total_seconds()) / Decimal(3600)).quantize(Decimal("0.01"))
        per_hour = (Decimal("0.00") if request.category == PriceCategory.YOUTH
                    else prices.get((request.resource_id, request.category), Decimal("0.00")))
        rows.append(InvoiceRow(
            request_id=request.pk, customer=request.customer_name, organisation_number=request.organisation_number,
            resource=request.resource.name, site=request.resource.site.name,
            period_from=total["first"].astimezone(TZ).date(), period_to=total["last"].astimezone(TZ).date(),
            occurrences=total["n"], hours=hours, category=request.category, price_per_hour=per_hour,
            amount=(hours * per_hour).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        ))
    return rows


def pending_request_count(*, municipality_id: int) -> int:
    return RentalRequest.objects.filter(municipality_id=municipality_id, status=RentalStatus.REQUESTED).count()

