"""When a place is open: one mechanism for the service centres and the rooms and halls they rent.

A place has weekly hours (rows of weekday, opens, closes; several a day for a split day). A service
centre also has dated exceptions (closed, or other hours); a resource is closed on public holidays.
`windows_on` turns that into the opening windows of one date, and `is_open_at` answers "is this open
at t?" for every caller.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from servicetorg.organisation.models import OpeningException, OpeningHours

OSLO = ZoneInfo("Europe/Oslo")
Window = tuple[dt.time, dt.time]


@lru_cache(maxsize=32)
def _public_holidays(year: int) -> frozenset[dt.date]:
    calendar = holidays.country_holidays("NO", years=[year])
    # Some versions of the calendar count every Sunday as a holiday; only the named public
    # holidays matter here (Sundays have no opening hours anyway).
    return frozenset(date for date, name in calendar.items() if "Søndag" not in name and "Sunday" not in name)


def is_public_holiday(date: dt.date) -> bool:
    return date in _public_holidays(date.year)


def holiday_name(date: dt.date) -> str:
    return holidays.country_holidays("NO", years=[date.year]).get(date, "")


def weekly(rows: Iterable[tuple[int, dt.time, dt.time]]) -> dict[int, list[Window]]:
    """Weekly hours by weekday (Monday 0), from (weekday, opens, closes) rows."""
    out: dict[int, list[Window]] = defaultdict(list)
    for weekday, opens, closes in rows:
        out[weekday].append((opens, closes))
    return {day: sorted(windows) for day, windows in out.items()}


def windows_on(date: dt.date, hours: Mapping[int, list[Window]], *, exceptions: Mapping[dt.date, list[Window]] = {},  # noqa: B006 (read only)
               closed_on_public_holidays: bool = False) -> list[Window]:
    """The opening windows of one date: a dated exception replaces the weekly hours."""
    if date in exceptions:
        return list(exceptions[date])
    if closed_on_public_holidays and is_public_holiday(date):
        return []
    return list(hours.get(date.weekday(), []))


def is_open_at(at: dt.datetime, windows: list[Window]) -> bool:
    """Whether `at` (aware; read in Oslo time) falls inside one of the date's windows."""
    local = at.astimezone(OSLO).time()
    return any(opens <= local < closes for opens, closes in windows)


def site_windows(site_ids, start: dt.date, end: dt.date) -> dict[tuple[int, dt.date], list[Window]]:
    """Each service centre's opening windows on each date from `start` to `end`, in two queries."""
    rows: dict[int, list] = defaultdict(list)
    for site_id, *row in OpeningHours.objects.filter(site_id__in=site_ids).values_list(
        "site_id", "weekday", "opens", "closes"
    ):
        rows[site_id].append(row)
    exceptions: dict[int, dict[dt.date, list[Window]]] = defaultdict(dict)
    for site_id, date, closed, opens, closes in OpeningException.objects.filter(
        site_id__in=site_ids, date__gte=start, date__lte=end
    ).values_list("site_id", "date", "closed", "opens", "closes"):
        exceptions[site_id][date] = [] if closed else [(opens, closes)]
    out = {}
    for site_id in site_ids:
        hours = weekly(rows[site_id])
        date = start
        while date <= end:
            out[(site_id, date)] = windows_on(date, hours, exceptions=exceptions[site_id])
            date += dt.timedelta(days=1)
    return out


def site_is_open_at(site_id: int, at: dt.datetime) -> bool:
    """Is this service centre open at `at`? (weekly hours and the date's exception)"""
    date = at.astimezone(OSLO).date()
    return is_open_at(at, site_windows([site_id], date, date)[(site_id, date)])
