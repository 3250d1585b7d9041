"""Staffing needs from the rollups: arrivals per half hour by weekday and the
mean handling time per channel give the staff needed by Erlang C; set beside
the weekly plan they show where a site is under- or over-staffed."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import ExtractIsoWeekDay
from django.utils import timezone

from servicetorg.analytics.models import HalfHourRollup
from servicetorg.inquiries.models import Channel
from servicetorg.organisation.models import OpeningHours, Site
from servicetorg.staffing.erlang import agents_needed
from servicetorg.staffing.models import PlannedStaff

SLOT_SECONDS = 1800
# The queues that need someone there at the moment: the counter and the phone.
QUEUES = (Channel.WALK_IN, Channel.PHONE)


@dataclass(frozen=True)
class Targets:
    service_level: float  # share, e.g. 0.8
    phone_seconds: int  # answered within
    walk_in_seconds: int  # waiting time at the counter
    phone_patience: int | None = None  # callers' mean patience: Erlang A for the phone when given

    @classmethod
    def from_settings(cls) -> "Targets":
        return cls(settings.STAFFING_SERVICE_LEVEL_PERCENT / 100, settings.STAFFING_PHONE_TARGET_SECONDS,
                   settings.STAFFING_WALK_IN_TARGET_SECONDS)

    def seconds(self, channel: str) -> int:
        return self.phone_seconds if channel == Channel.PHONE else self.walk_in_seconds

    def patience(self, channel: str) -> int | None:
        """Callers hang up; people at the counter wait (Erlang C)."""
        return self.phone_patience if channel == Channel.PHONE else None


def slot_label(slot: int) -> str:
    return f"{slot // 2:02d}:{slot % 2 * 30:02d}"


def history_window(weeks: int | None = None) -> tuple[dt.date, dt.date]:
    end = timezone.localdate() - dt.timedelta(days=1)
    return end - dt.timedelta(weeks=weeks or settings.STAFFING_HISTORY_WEEKS) + dt.timedelta(days=1), end


@dataclass
class Demand:
    """Mean arrivals per weekday (0 = Monday), half hour and queue, and the queues' handling times."""

    arrivals: dict[tuple[int, int, str], float]
    aht: dict[str, float]
    start: dt.date
    end: dt.date


def site_demand(*, site: Site, start: dt.date, end: dt.date) -> Demand:
    rows = (HalfHourRollup.objects.filter(municipality_id=site.municipality_id, site_id=site.pk,
                                          day__range=(start, end), channel__in=QUEUES)
            .annotate(weekday=ExtractIsoWeekDay("day")).values("weekday", "slot", "channel")
            .annotate(arrivals=Sum("n"), handling=Sum("handling_seconds")).order_by())
    days = defaultdict(int)
    day = start
    while day <= end:
        days[day.weekday()] += 1
        day += dt.timedelta(days=1)
    arrivals, handled, count = {}, defaultdict(int), defaultdict(int)
    for r in rows:
        weekday = r["weekday"] - 1
        arrivals[(weekday, r["slot"], r["channel"])] = r["arrivals"] / max(days[weekday], 1)
        handled[r["channel"]] += r["handling"]
        count[r["channel"]] += r["arrivals"]
    aht = {c: handled[c] / count[c] for c in count if count[c]}
    return Demand(arrivals, aht, start, end)


def needed(demand: Demand, targets: Targets, weekday: int, slot: int) -> dict[str, int]:
    out = {}
    for channel in QUEUES:
        arrivals = demand.arrivals.get((weekday, slot, channel), 0.0)
        aht = demand.aht.get(channel, 0.0)
        out[channel] = agents_needed(arrivals=arrivals, interval_seconds=SLOT_SECONDS, aht_seconds=aht,
                                     target_seconds=targets.seconds(channel),
                                     service_level_target=targets.service_level,
                                     patience_seconds=targets.patience(channel)).agents if arrivals else 0
    return out


def planned(site: Site) -> dict[tuple[int, int], int]:
    return {(p.weekday, p.slot): p.staff for p in PlannedStaff.objects.filter(site=site)}


@dataclass
class Cell:
    weekday: int
    slot: int
    arrivals: dict[str, float]
    needed: dict[str, int]
    planned: int

    @property
    def total_needed(self) -> int:
        return sum(self.needed.values())

    @property
    def gap(self) -> int:
        return self.planned - self.total_needed


@dataclass
class SiteStaffing:
    site: Site
    demand: Demand
    targets: Targets
    weekdays: list[int]
    slots: list[int]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)

    @property
    def short_slots(self) -> int:
        return sum(1 for c in self.cells.values() if c.gap < 0)

    @property
    def over_slots(self) -> int:
        return sum(1 for c in self.cells.values() if c.gap > 0)

    def rows(self):
        for slot in self.slots:
            yield slot_label(slot), [self.cells[(w, slot)] for w in self.weekdays]


def site_staffing(*, site: Site, targets: Targets, start: dt.date, end: dt.date) -> SiteStaffing:
    demand = site_demand(site=site, start=start, end=end)
    plan = planned(site)
    busy = {(w, s) for (w, s, _c) in demand.arrivals} | set(plan)
    weekdays = sorted({w for w, _s in busy}) or [0, 1, 2, 3, 4]
    slots = sorted({s for _w, s in busy})
    slots = list(range(min(slots), max(slots) + 1)) if slots else []
    result = SiteStaffing(site, demand, targets, weekdays, slots)
    for w in weekdays:
        for s in slots:
            result.cells[(w, s)] = Cell(
                w, s, {c: demand.arrivals.get((w, s, c), 0.0) for c in QUEUES}, needed(demand, targets, w, s),
                plan.get((w, s), 0))
    return result


def _slot_of(value: dt.time) -> int:
    return value.hour * 2 + value.minute // 30


@dataclass
class WhatIf:
    site: Site
    weekday: int
    closes_now: dt.time | None
    closes: dt.time
    slots: list[tuple[str, dict[str, float], dict[str, int], int]]  # label, arrivals, needed, total
    staff_hours: float
    basis: str  # "afternoon" or "site_mean"


def what_if_longer_hours(*, site: Site, weekday: int, closes: dt.time, targets: Targets, start: dt.date,
                         end: dt.date) -> WhatIf:
    """Staff needed to keep a site open until `closes` on a weekday.

    The added half hours have no history of their own, so their arrivals are
    estimated as the mean of the same weekday's last two open hours (or, when
    the site is closed that weekday, the mean of all its open half hours).
    """
    demand = site_demand(site=site, start=start, end=end)
    hours = list(OpeningHours.objects.filter(site=site, weekday=weekday).order_by("opens"))
    closes_now = hours[-1].closes if hours else None
    if closes_now is not None:
        last = _slot_of(closes_now)
        basis_slots = [(weekday, s) for s in range(max(0, last - 4), last)]
        basis = "afternoon"
        first_new = last
    else:
        basis_slots = sorted({(w, s) for (w, s, _c) in demand.arrivals})
        basis = "site_mean"
        first_new = _slot_of(min((h.opens for h in OpeningHours.objects.filter(site=site)), default=dt.time(10)))
    mean = {c: (sum(demand.arrivals.get((w, s, c), 0.0) for w, s in basis_slots) / len(basis_slots)
                if basis_slots else 0.0) for c in QUEUES}
    slots = []
    for slot in range(first_new, _slot_of(closes)):
        need = {c: agents_needed(arrivals=mean[c], interval_seconds=SLOT_SECONDS, aht_seconds=demand.aht.get(c, 0.0),
                                 target_seconds=targets.seconds(c), service_level_target=targets.service_level,
                                 patience_seconds=targets.patience(c)).agents
                if mean[c] else 0 for c in QUEUES}
        slots.append((slot_label(slot), mean, need, sum(need.values())))
    return WhatIf(site, weekday, closes_now, closes, slots, sum(s[3] for s in slots) / 2, basis)
