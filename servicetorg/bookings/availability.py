"""Free time: caseworkers' weekly patterns, less their exceptions, inside the
site's opening hours, never on a Norwegian public holiday, never over a booked
appointment; and weekly recurrences of rentals.

Everything is computed in Europe/Oslo wall time and only then made aware, so a
09:00 slot stays 09:00 on both sides of a daylight-saving change. A fixed number
of queries whatever the range: rules, exceptions, opening hours, bookings.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q

from servicetorg.bookings.models import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    AvailabilityException,
    AvailabilityRule,
    Mode,
    ResourceOpeningHours,
)
from servicetorg.organisation.hours import (
    Window,
    is_public_holiday,
    site_windows,
    weekly,
    windows_on,
)

TZ = ZoneInfo("Europe/Oslo")


def local(date: dt.date, time: dt.time) -> dt.datetime:
    """The aware instant of a wall-clock time in Oslo on a date."""
    return dt.datetime.combine(date, time, tzinfo=TZ)


def days(start: dt.date, end: dt.date):
    date = start
    while date <= end:
        yield date
        date += dt.timedelta(days=1)


def _minute(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def site_hours(site_ids, start: dt.date, end: dt.date) -> dict[tuple[int, dt.date], list[Window]]:
    """Each site's opening windows on each date: the weekly hours, replaced by a dated exception."""
    return site_windows(site_ids, start, end)


def _intersect(windows: list[Window], limits: list[Window]) -> list[Window]:
    out = []
    for a_start, a_end in windows:
        for b_start, b_end in limits:
            start, end = max(a_start, b_start), min(a_end, b_end)
            if start < end:
                out.append((start, end))
    return out


def _subtract(windows: list[Window], away: list[Window]) -> list[Window]:
    for a_start, a_end in away:
        cut = []
        for start, end in windows:
            if a_end <= start or a_start >= end:
                cut.append((start, end))
                continue
            if start < a_start:
                cut.append((start, a_start))
            if a_end < end:
                cut.append((a_end, end))
        windows = cut
    return windows


@dataclass(frozen=True, order=True)
class Slot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: str
    site_id: int | None
    caseworker_id: int


def _rules(appointment_type: AppointmentType, start: dt.date, end: dt.date, caseworker_id: int | None) -> list:
    """The weekly availability rules of the type's unit valid in the range, as tuples."""
    rules = AvailabilityRule.objects.filter(
        unit_id=appointment_type.unit_id, valid_from__lte=end, caseworker__is_active=True,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
    if caseworker_id is not None:
        rules = rules.filter(caseworker_id=caseworker_id)
    return list(rules.values_list("caseworker_id", "mode", "site_id", "weekday", "starts", "ends",
                                  "valid_from", "valid_until"))


def _away(caseworkers: set[int], start: dt.date, end: dt.date) -> dict[tuple[int, dt.date], list[Window] | None]:
    """Each caseworker's days away in the range: None for the whole day, else the hours away."""
    away: dict[tuple[int, dt.date], list[Window] | None] = {}
    for cw, date, a_start, a_end in AvailabilityException.objects.filter(
        caseworker_id__in=caseworkers, date__gte=start, date__lte=end,
    ).values_list("caseworker_id", "date", "starts", "ends"):
        if a_start is None:
            away[(cw, date)] = None
        elif away.get((cw, date), []) is not None:
            away.setdefault((cw, date), []).append((a_start, a_end))
    return away


def _busy(caseworkers: set[int], start: dt.date, end: dt.date,
          ignore_appointment_id: int | None) -> dict[tuple[int, dt.date], list[tuple[int, int]]]:
    """Booked appointments by caseworker and Oslo date, in minutes after that day's midnight: each
    slot is checked against that day's few bookings with integer arithmetic only."""
    range_start, range_end = local(start, dt.time.min), local(end + dt.timedelta(days=1), dt.time.min)
    booked = Appointment.objects.filter(
        caseworker_id__in=caseworkers, status=AppointmentStatus.BOOKED,
        # An appointment is at most eight hours (AppointmentType): the lower bound lets the index work.
        starts_at__gte=range_start - dt.timedelta(days=1), starts_at__lt=range_end, ends_at__gt=range_start,
    )
    if ignore_appointment_id is not None:
        booked = booked.exclude(pk=ignore_appointment_id)
    busy: dict[tuple[int, dt.date], list[tuple[int, int]]] = defaultdict(list)
    for cw, b_start, b_end in booked.values_list("caseworker_id", "starts_at", "ends_at"):
        b_start, b_end = b_start.astimezone(TZ), b_end.astimezone(TZ)
        for date in days(b_start.date(), b_end.date()):
            first = _minute(b_start.time()) if date == b_start.date() else 0
            last = _minute(b_end.time()) if date == b_end.date() else 24 * 60
            busy[(cw, date)].append((first, last))
    return busy


def _free_minutes(windows: list[Window], length: int, earliest: int, day_busy) -> list[int]:
    """The start minutes of back-to-back slots of `length` in the windows, from `earliest` on, that
    overlap no booking."""
    out = []
    for w_start, w_end in windows:
        minute, last = _minute(w_start), _minute(w_end)
        while minute + length <= last:
            ends = minute + length
            if minute >= earliest and not (
                day_busy and any(b_start < ends and minute < b_end for b_start, b_end in day_busy)
            ):
                out.append(minute)
            minute = ends
    return out


def _as_slots(found: list[tuple], length: int) -> list[Slot]:
    """(ordinal, minute, mode, site, caseworker) tuples as Slots with aware start and end."""
    # One aware datetime per distinct wall-clock time: twenty caseworkers share most of them.
    instants: dict[tuple[int, int], dt.datetime] = {}

    def instant(ordinal: int, minute: int) -> dt.datetime:
        key = (ordinal, minute)
        if key not in instants:
            instants[key] = dt.datetime.combine(dt.date.fromordinal(ordinal), dt.time(minute // 60, minute % 60),
                                                tzinfo=TZ)
        return instants[key]

    return [
        Slot(instant(ordinal, minute), instant(ordinal, minute + length) if minute + length < 24 * 60
             else local(dt.date.fromordinal(ordinal + 1), dt.time(0)) + dt.timedelta(minutes=minute + length - 1440),
             mode, site_id or None, cw)
        for ordinal, minute, mode, site_id, cw in found
    ]


def free_slots(
    *, appointment_type: AppointmentType, start: dt.date, end: dt.date, not_before: dt.datetime,
    caseworker_id: int | None = None, ignore_appointment_id: int | None = None, one_per_time: bool = False,
) -> list[Slot]:
    """Every free slot of the type's length between two dates (inclusive), for each
    caseworker of the type's unit who has availability then (or once per time and
    place with one_per_time). Slots start at the start of each availability window
    and follow each other without gaps."""
    rules = _rules(appointment_type, start, end, caseworker_id)
    if not rules:
        return []
    caseworkers = {rule[0] for rule in rules}
    by_weekday: dict[int, list] = defaultdict(list)
    for rule in rules:
        by_weekday[rule[3]].append(rule)
    away = _away(caseworkers, start, end)
    hours = site_hours({rule[2] for rule in rules if rule[2]}, start, end)
    busy = _busy(caseworkers, start, end, ignore_appointment_id)

    length = appointment_type.minutes
    not_before = not_before.astimezone(TZ)
    first_date, first_minute = not_before.date(), _minute(not_before.time()) + (not_before.second > 0)
    found = []
    for date in days(max(start, first_date), end):
        if is_public_holiday(date):
            continue
        earliest = first_minute if date == first_date else 0
        for cw, mode, site_id, _weekday, r_start, r_end, valid_from, valid_until in by_weekday.get(date.weekday(), []):
            if date < valid_from or (valid_until and date > valid_until):
                continue
            windows = [(r_start, r_end)]
            if mode == Mode.SITE:
                windows = _intersect(windows, hours.get((site_id, date), []))
            if (cw, date) in away:
                windows = [] if away[(cw, date)] is None else _subtract(windows, away[(cw, date)])
            ordinal = date.toordinal()
            found += [(ordinal, minute, mode, site_id or 0, cw)
                      for minute in _free_minutes(windows, length, earliest, busy.get((cw, date), ()))]
    if one_per_time:
        # The public page shows a time once, whoever is free then (caseworker_id 0); booking picks one.
        found = list({(ordinal, minute, mode, site, 0) for ordinal, minute, mode, site, _cw in found})
    found.sort()
    return _as_slots(found, length)


def resource_windows(resource_id: int, dates) -> dict[dt.date, list[Window]]:
    """A resource's opening windows on each date; none on public holidays."""
    rows = ResourceOpeningHours.objects.filter(resource_id=resource_id).values_list("weekday", "opens", "closes")
    hours = weekly(rows)
    return {date: windows_on(date, hours, closed_on_public_holidays=True) for date in dates}


def weekly_dates(first: dt.date, last: dt.date | None) -> list[dt.date]:
    """first, and the same weekday every week up to and including last."""
    if last is None:
        return [first]
    out = []
    date = first
    while date <= last:
        out.append(date)
        date += dt.timedelta(days=7)
    return out
