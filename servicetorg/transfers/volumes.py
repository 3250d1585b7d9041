"""Volumes of work as people state them, in a structured form, converted to hours
and full-time equivalents (FTE) per calendar month.

The forms the Innherred work group used: "4–5 hours a week", "2 days a quarter",
"half a position from 20.09 to 25.10", "every 14 days". A range is stored as
its low and high end and converted at its middle. A dated period recurs every
year on the same days (TV-aksjonen is every autumn); a share of a position
counts `share × FTE basis` hours a year, spread evenly over the calendar days.
Everything is computed with fractions, so the twelve months add up to the year
exactly; rounding happens only for display.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class VolumeKind(models.TextChoices):
    NONE = "none", gettext_lazy("Not stated")
    PER_WEEK = "per_week", gettext_lazy("Hours a week")
    PER_MONTH = "per_month", gettext_lazy("Hours a month")
    PER_QUARTER = "per_quarter", gettext_lazy("Hours a quarter")
    PER_YEAR = "per_year", gettext_lazy("Hours a year")
    DAYS_PER_QUARTER = "days_per_quarter", gettext_lazy("Days a quarter")
    PERIOD_SHARE = "period_share", gettext_lazy("Share of a position in a dated period")
    EVERY_N_DAYS = "every_n_days", gettext_lazy("Hours every n days")


def fte_basis_hours() -> int:
    """Hours of one full-time position in a year (settings.TRANSFER_FTE_HOURS, 1,695 by default)."""
    return settings.TRANSFER_FTE_HOURS


def hours_per_day() -> Fraction:
    """A working day, for volumes stated in days (settings.TRANSFER_WORKDAY_MINUTES)."""
    return Fraction(settings.TRANSFER_WORKDAY_MINUTES, 60)


@dataclass(frozen=True)
class Volume:
    kind: str = VolumeKind.NONE
    amount: Decimal | None = None  # hours, days or the share of a position, per the kind
    amount_max: Decimal | None = None  # the high end of a range ("4–5 hours"), else None
    interval_days: int | None = None  # EVERY_N_DAYS: the n
    start: dt.date | None = None  # PERIOD_SHARE: the period's first and last day (both included)
    end: dt.date | None = None

    @property
    def middle(self) -> Fraction:
        low = Fraction(self.amount or 0)
        high = Fraction(self.amount_max) if self.amount_max is not None else low
        return (low + high) / 2

    def errors(self) -> dict[str, str]:
        """What is missing or wrong for the kind, as {field: reason}; empty when the volume is complete."""
        errors: dict[str, str] = {}
        if self.kind == VolumeKind.NONE:
            return errors
        if self.amount is None:
            errors["volume_amount"] = _("Give the amount for this kind of volume.")
        elif self.amount <= 0:
            errors["volume_amount"] = _("The amount must be more than zero.")
        if self.amount_max is not None and self.amount is not None and self.amount_max < self.amount:
            errors["volume_amount_max"] = _("The high end of the range must not be below the low end.")
        if self.kind == VolumeKind.PERIOD_SHARE:
            if self.amount is not None and self.amount > 1:
                errors["volume_amount"] = _("A share of a position is at most 1 (a whole position).")
            if self.start is None:
                errors["volume_start"] = _("Give the first day of the period.")
            if self.end is None:
                errors["volume_end"] = _("Give the last day of the period.")
            if self.start and self.end and self.end < self.start:
                errors["volume_end"] = _("The period must not end before it starts.")
            if self.start and self.end and (self.end - self.start).days >= 364:
                errors["volume_end"] = _("A period that recurs every year must be shorter than a year.")
        if self.kind == VolumeKind.EVERY_N_DAYS and not (self.interval_days and self.interval_days > 0):
            errors["volume_interval_days"] = _("Say how many days apart it recurs.")
        return errors


def _days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def _same_day_in(year: int, day: dt.date) -> dt.date:
    # 29 February in a year without it is taken as 28 February.
    return dt.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def _period_days_per_month(volume: Volume, year: int) -> list[int]:
    """Days of the (yearly recurring) period that fall in each month of `year`."""
    start, end = _same_day_in(year, volume.start), _same_day_in(year, volume.end)
    wraps = end < start
    days = [0] * 12
    for month in range(1, 13):
        last = calendar.monthrange(year, month)[1]
        for day in range(1, last + 1):
            date = dt.date(year, month, day)
            inside = (date >= start or date <= end) if wraps else (start <= date <= end)
            if inside:
                days[month - 1] += 1
    return days


def monthly_hours_exact(volume: Volume, year: int) -> list[Fraction]:
    """Hours in each calendar month of `year`, exactly."""
    if volume.kind == VolumeKind.NONE or volume.errors():
        return [Fraction(0)] * 12
    amount = volume.middle
    months = [calendar.monthrange(year, m)[1] for m in range(1, 13)]
    if volume.kind == VolumeKind.PER_WEEK:
        return [amount * d / 7 for d in months]
    if volume.kind == VolumeKind.PER_MONTH:
        return [amount] * 12
    if volume.kind == VolumeKind.PER_QUARTER:
        return [amount / 3] * 12
    if volume.kind == VolumeKind.PER_YEAR:
        return [amount / 12] * 12
    if volume.kind == VolumeKind.DAYS_PER_QUARTER:
        return [amount * hours_per_day() / 3] * 12
    if volume.kind == VolumeKind.EVERY_N_DAYS:
        return [amount * d / volume.interval_days for d in months]
    if volume.kind == VolumeKind.PERIOD_SHARE:
        per_day = amount * fte_basis_hours() / _days_in_year(year)
        return [per_day * d for d in _period_days_per_month(volume, year)]
    raise ValueError(f"unknown volume kind {volume.kind!r}")


def yearly_hours_exact(volume: Volume, year: int) -> Fraction:
    """Hours in `year`, computed from the kind's own yearly rule (not by summing months)."""
    if volume.kind == VolumeKind.NONE or volume.errors():
        return Fraction(0)
    amount = volume.middle
    days = _days_in_year(year)
    if volume.kind == VolumeKind.PER_WEEK:
        return amount * days / 7
    if volume.kind == VolumeKind.PER_MONTH:
        return amount * 12
    if volume.kind == VolumeKind.PER_QUARTER:
        return amount * 4
    if volume.kind == VolumeKind.PER_YEAR:
        return amount
    if volume.kind == VolumeKind.DAYS_PER_QUARTER:
        return amount * hours_per_day() * 4
    if volume.kind == VolumeKind.EVERY_N_DAYS:
        return amount * days / volume.interval_days
    if volume.kind == VolumeKind.PERIOD_SHARE:
        start = _same_day_in(year, volume.start)
        end = _same_day_in(year, volume.end)
        length = (end - start).days + 1
        if length <= 0:
            length += days
        return amount * fte_basis_hours() * length / days
    raise ValueError(f"unknown volume kind {volume.kind!r}")


def monthly_hours(volume: Volume, year: int) -> list[float]:
    return [float(h) for h in monthly_hours_exact(volume, year)]


def full_time_hours(year: int, month: int) -> Fraction:
    """Hours one full position works in a calendar month: the FTE basis spread over the
    days of the year, as a share of a position is, so a whole position is 1.0 in every month."""
    return Fraction(fte_basis_hours()) * calendar.monthrange(year, month)[1] / _days_in_year(year)


def hours_to_fte(hours, *, year: int, month: int) -> float:
    """FTE for hours worked in one calendar month."""
    return float(Fraction(hours) / full_time_hours(year, month))


def monthly_fte(volume: Volume, year: int) -> list[float]:
    return [hours_to_fte(h, year=year, month=m) for m, h in enumerate(monthly_hours_exact(volume, year), start=1)]


# Reading a volume stated in words, as units write it in their spreadsheets.

_NUMBER = r"(\d+(?:[.,]\d+)?|\d+/\d+)"
_RANGE = rf"{_NUMBER}(?:\s*(?:-|–|—|til|to)\s*{_NUMBER})?"
_WORDS_HALF = re.compile(r"\b(?:halv|half|1/2)\b")
_DATE = r"(\d{1,2})\.(\d{1,2})\.?(\d{4})?"


class VolumeParseError(ValueError):
    pass


def _number(text: str) -> Decimal:
    if "/" in text:
        top, bottom = text.split("/")
        return Decimal(top) / Decimal(bottom)
    return Decimal(text.replace(",", "."))


def _range(match: re.Match) -> tuple[Decimal, Decimal | None]:
    low = _number(match.group(1))
    high = _number(match.group(2)) if match.group(2) else None
    return low, (high if high is not None and high != low else None)


def volume_parse(text: str, *, year: int) -> Volume:
    """A stated volume in bokmål, nynorsk or English, read into a Volume.

    Understands "4-5 timer pr uke", "10 hours a month", "20 timar i kvartalet",
    "100 t/år", "2 dager pr kvartal", "1/2 stilling 20.09–25.10" (the year, when
    not written, is `year`), "50 % of a position from 20.09.2026 to 25.10.2026",
    "3 timer hver 14. dag", "every 14 days, 3 hours". Raises VolumeParseError.
    """
    raw = " ".join(text.split())
    lowered = raw.lower()
    if not lowered:
        return Volume()
    # A dated period with a share of a position.
    dates = re.findall(_DATE, lowered)
    if len(dates) == 2 and re.search(r"stilling|position|%|årsverk|fte", lowered):
        (d1, m1, y1), (d2, m2, y2) = dates
        try:
            start = dt.date(int(y1 or year), int(m1), int(d1))
            end = dt.date(int(y2 or y1 or year), int(m2), int(d2))
        except ValueError:
            raise VolumeParseError(_("The dates of the period are not real dates.")) from None
        if end < start and not y2:
            end = dt.date(start.year + 1, end.month, end.day)
        without_dates = re.sub(_DATE, " ", lowered)
        percent = re.search(rf"{_NUMBER}\s*%", without_dates)
        if percent:
            share = _number(percent.group(1)) / 100
        elif _WORDS_HALF.search(without_dates):
            share = Decimal("0.5")
        else:
            share_match = re.search(_NUMBER, without_dates)
            if not share_match:
                raise VolumeParseError(_("Say how large a share of a position, such as 1/2 or 50 %."))
            share = _number(share_match.group(1))
        return Volume(kind=VolumeKind.PERIOD_SHARE, amount=share, start=start, end=end)
    # Every n days.
    every = re.search(r"(?:hver|kvar|every)\s+(\d+)\.?\s*(?:dag|days?)|(\d+)\s*(?:dagers|dagars)\s+basis", lowered)
    if every:
        interval = int(every.group(1) or every.group(2))
        rest = lowered[: every.start()] + " " + lowered[every.end():]
        hours = re.search(rf"{_RANGE}\s*(?:timer|timar|time|hours?|t\b)", rest)
        if not hours:
            raise VolumeParseError(_("Say how many hours it takes each time, such as “3 hours every 14 days”."))
        low, high = _range(hours)
        return Volume(kind=VolumeKind.EVERY_N_DAYS, amount=low, amount_max=high, interval_days=interval)
    match = re.search(
        rf"{_RANGE}\s*(timer|timar|time|hours?|t|dager|dagar|dag|days?|d)\b\s*(?:pr\.?|per|i|a|an|each|om|/)?\s*"
        r"(uke|veke|week|måned|månad|month|mnd|kvartal|kvartalet|quarter|år|året|year)",
        lowered,
    )
    if not match:
        raise VolumeParseError(
            _("Write the volume as hours or days per week, month, quarter or year, a share of a position "
              "with dates, or hours every n days.")
        )
    low, high = _range(match)
    unit, per = match.group(3), match.group(4)
    in_days = unit.startswith(("dag", "day")) or unit == "d"
    if in_days and per.startswith(("kvartal", "quarter")):
        return Volume(kind=VolumeKind.DAYS_PER_QUARTER, amount=low, amount_max=high)
    if in_days:
        # Days per week, month or year: converted to hours with the working day.
        per_day = Decimal(settings.TRANSFER_WORKDAY_MINUTES) / 60
        low, high = low * per_day, (high * per_day if high is not None else None)
    kind = {
        "u": VolumeKind.PER_WEEK, "v": VolumeKind.PER_WEEK, "w": VolumeKind.PER_WEEK,
        "m": VolumeKind.PER_MONTH, "k": VolumeKind.PER_QUARTER, "q": VolumeKind.PER_QUARTER,
        "å": VolumeKind.PER_YEAR, "y": VolumeKind.PER_YEAR,
    }[per[0]]
    return Volume(kind=kind, amount=low, amount_max=high)
