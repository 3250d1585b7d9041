"""Staffing closes the loop: per half hour, what was measured at the counter and on the
phone (arrivals, waiting-time distribution, service level, the staff who were serving)
beside what Erlang C (counter) or Erlang A (phone) predicts for those staff.

Callers' patience for Erlang A is estimated from the abandoned calls, not typed in:
with exponentially distributed patience the maximum-likelihood estimate of the mean
patience is the total time all callers spent waiting (answered and abandoned alike)
divided by the number who abandoned (Palm 1943; Mandelbaum & Zeltyn, "Data-stories
about (im)patient customers in tele-queues", Queueing Systems 75 (2013) 115-146, §2;
the same estimator as Brown et al., JASA 100 (2005) 36-50, §6). No-shows at the counter
are reported beside it but not mixed in: people at the counter wait (Erlang C)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import ExtractIsoWeekDay

from servicetorg.queues.dashboard import SUMS, percentile_from_buckets
from servicetorg.queues.models import BUCKETS, Kind, QueuePresence, QueueRollup
from servicetorg.staffing.erlang import erlang_a, service_level, traffic
from servicetorg.staffing.selectors import SLOT_SECONDS, history_window, slot_label

# Fewer abandonments than this and the estimate is too noisy to use.
MIN_ABANDONED = 5


@dataclass
class Patience:
    seconds: int | None
    abandoned: int
    waited_seconds: int


def patience_estimate(*, municipality_id: int, start: dt.date, end: dt.date, site_id: int | None = None) -> Patience:
    qs = QueueRollup.objects.filter(municipality_id=municipality_id, kind=Kind.PHONE, day__range=(start, end))
    if site_id:
        qs = qs.filter(site_id=site_id)
    sums = qs.aggregate(w=Sum("wait_seconds"), a=Sum("abandoned"))
    waited, abandoned = sums["w"] or 0, sums["a"] or 0
    seconds = round(waited / abandoned) if abandoned >= MIN_ABANDONED and waited else None
    return Patience(seconds, abandoned, waited)


@dataclass
class Measured:
    weekday: int
    slot: int
    kind: str
    arrivals: float  # mean per day
    staff: float  # mean staff serving
    median: float | None
    p90: float | None
    measured_level: float | None
    predicted_level: float | None

    @property
    def label(self) -> str:
        return slot_label(self.slot)


def measured_vs_predicted(*, site, start: dt.date, end: dt.date, targets, aht: dict[str, float],
                          patience: int | None) -> list[Measured]:
    """One row per weekday, half hour and queue that had arrivals (two grouped reads)."""
    days = defaultdict(int)
    day = start
    while day <= end:
        days[day.weekday()] += 1
        day += dt.timedelta(days=1)
    rows = (QueueRollup.objects.filter(municipality_id=site.municipality_id, site_id=site.pk,
                                       day__range=(start, end))
            .annotate(weekday=ExtractIsoWeekDay("day")).values("weekday", "slot", "kind")
            .annotate(**{c: Sum(c) for c in SUMS}).order_by("weekday", "slot", "kind"))
    present = defaultdict(int)
    for r in (QueuePresence.objects.filter(site_id=site.pk, day__range=(start, end))
              .annotate(weekday=ExtractIsoWeekDay("day")).values("weekday", "slot", "kind")
              .annotate(n=Count("pk")).order_by()):
        present[(r["weekday"] - 1, r["slot"], r["kind"])] = r["n"]
    out = []
    for r in rows:
        weekday = r["weekday"] - 1
        n_days = max(days[weekday], 1)
        arrivals = (r["n"] or 0) / n_days
        staff = present[(weekday, r["slot"], r["kind"])] / n_days
        counts = [r[b] or 0 for b in BUCKETS]
        served = r["served"] or 0
        channel = "walk_in" if r["kind"] == Kind.WALK_IN else "phone"
        handling = aht.get(channel) or 300.0
        agents = round(staff)
        predicted = None
        if agents and arrivals:
            if r["kind"] == Kind.PHONE and patience:
                predicted = erlang_a(arrivals=arrivals, interval_seconds=SLOT_SECONDS, aht_seconds=handling,
                                     patience_seconds=patience, agents=agents,
                                     target_seconds=targets.phone_seconds).service_level
            else:
                predicted = service_level(traffic=traffic(arrivals=arrivals, interval_seconds=SLOT_SECONDS,
                                                          aht_seconds=handling),
                                          agents=agents, aht_seconds=handling, target_seconds=targets.seconds(channel))
        out.append(Measured(weekday, r["slot"], r["kind"], arrivals, staff, percentile_from_buckets(counts, 0.5),
                            percentile_from_buckets(counts, 0.9), (r["in_target"] or 0) / served if served else None,
                            predicted))
    return out


def patience_default(user) -> int | str:
    """The staffing page's default patience: estimated from the municipality's abandoned calls
    over the usual history window ("" when too few calls were abandoned, i.e. Erlang C)."""
    start, end = history_window()
    return patience_estimate(municipality_id=user.municipality_id, start=start, end=end).seconds or ""
