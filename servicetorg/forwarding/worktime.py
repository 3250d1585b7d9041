"""Working time: deadlines counted in a unit's business hours on Norwegian
working days. Weekends and the public holidays of the `holidays` package are
closed (Easter, Ascension, Whit Monday, 1 and 17 May, Christmas, New Year's
Day); Christmas Eve and New Year's Eve are ordinary working days by law.

A target of N working days is N times the length of the unit's business day,
counted from the moment of forwarding (or from the next opening, when that
falls outside business hours). So a one-day target set at 10:00 on Wednesday
1 April 2026 is due at 10:00 on Tuesday 7 April 2026: Maundy Thursday, Good
Friday, the weekend and Easter Monday do not count.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

OSLO = ZoneInfo("Europe/Oslo")
WEEKDAYS = frozenset(range(5))
# A search for the next working day gives up after this many days: no real calendar is closed so long.
MAX_CLOSED_DAYS = 366


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    # include_sundays=False: some versions list every Sunday as a holiday; weekends are handled apart.
    try:
        calendar = holidays.country_holidays("NO", years=year, include_sundays=False)
    except TypeError:
        calendar = holidays.country_holidays("NO", years=year)
    return frozenset(calendar.keys())


def is_public_holiday(day: dt.date) -> bool:
    return day in _public_holidays(day.year)


@dataclass(frozen=True)
class WorkCalendar:
    """Business hours of one unit: the same opening and closing time on each working weekday."""

    opens: dt.time = dt.time(8, 0)
    closes: dt.time = dt.time(15, 30)
    weekdays: frozenset[int] = WEEKDAYS
    tz: ZoneInfo = field(default=OSLO)

    def __post_init__(self) -> None:
        if self.closes <= self.opens:
            raise ValueError("closes must be after opens")
        if not self.weekdays:
            raise ValueError("at least one working weekday is needed")

    @property
    def day_minutes(self) -> int:
        start = dt.datetime.combine(dt.date(2000, 1, 3), self.opens)
        return int((dt.datetime.combine(dt.date(2000, 1, 3), self.closes) - start).total_seconds() // 60)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() in self.weekdays and not is_public_holiday(day)

    def _bounds(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        # Aware local times: a working day on the night of a DST change still opens at local 08:00.
        return (
            dt.datetime.combine(day, self.opens, tzinfo=self.tz),
            dt.datetime.combine(day, self.closes, tzinfo=self.tz),
        )

    def _local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            raise ValueError("working time needs an aware datetime")
        return moment.astimezone(self.tz)

    def add(self, start: dt.datetime, minutes: int) -> dt.datetime:
        """The moment `minutes` of business time after `start`. Always on a working
        day inside business hours, never before `start`, and later for a larger target."""
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        moment = self._local(start)
        remaining = dt.timedelta(minutes=minutes)
        day = moment.date()
        for _ in range(MAX_CLOSED_DAYS * 40):
            if self.is_working_day(day):
                opens, closes = self._bounds(day)
                begin = max(moment, opens)
                if begin < closes:
                    available = closes - begin
                    if remaining <= available:
                        return begin + remaining
                    remaining -= available
            day += dt.timedelta(days=1)
        raise ValueError("no working time found")

    def add_days(self, start: dt.datetime, days: int) -> dt.datetime:
        return self.add(start, days * self.day_minutes)

    def add_hours(self, start: dt.datetime, hours: int) -> dt.datetime:
        return self.add(start, hours * 60)

    def minutes_between(self, start: dt.datetime, end: dt.datetime) -> int:
        """Business minutes from `start` to `end` (0 when end is not after start)."""
        begin, finish = self._local(start), self._local(end)
        if finish <= begin:
            return 0
        total = dt.timedelta()
        day = begin.date()
        while day <= finish.date():
            if self.is_working_day(day):
                opens, closes = self._bounds(day)
                lo, hi = max(begin, opens), min(finish, closes)
                if hi > lo:
                    total += hi - lo
            day += dt.timedelta(days=1)
        return int(total.total_seconds() // 60)

    def next_working_day(self, day: dt.date) -> dt.date:
        for _ in range(MAX_CLOSED_DAYS):
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError("no working day found")
