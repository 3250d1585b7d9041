"""The dashboard's queue section: waiting time (median and 90th percentile from the
rollup's histogram), service level and abandonment per site, errand and hour.
Read from QueueRollup only, never from the tickets or calls."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext as _

from servicetorg.organisation.models import Site
from servicetorg.queues.models import BUCKET_EDGES, BUCKETS, Errand, Kind, QueueRollup

SUMS = ("n", "served", "abandoned", "wait_seconds", "in_target", *BUCKETS)


def percentile_from_buckets(counts: list[int], q: float) -> float | None:
    """The q-quantile of waits, interpolated linearly inside the bucket where it falls.
    The open last bucket answers its lower edge (a floor: 'at least')."""
    total = sum(counts)
    if not total:
        return None
    rank = q * total
    seen = 0
    lower = 0
    for index, count in enumerate(counts):
        upper = BUCKET_EDGES[index] if index < len(BUCKET_EDGES) else None
        if count and seen + count >= rank:
            if upper is None:
                return float(lower)
            return lower + (upper - lower) * (rank - seen) / count
        seen += count
        lower = upper if upper is not None else lower
    return float(lower)


@dataclass
class Row:
    label: str
    n: int
    served: int
    abandoned: int
    median: float | None
    p90: float | None
    service_level: float | None  # share served within the target
    abandonment: float | None


def _row(label: str, sums: dict) -> Row:
    counts = [sums.get(b) or 0 for b in BUCKETS]
    n, served, abandoned = sums.get("n") or 0, sums.get("served") or 0, sums.get("abandoned") or 0
    return Row(label, n, served, abandoned, percentile_from_buckets(counts, 0.5),
               percentile_from_buckets(counts, 0.9), (sums.get("in_target") or 0) / served if served else None,
               abandoned / (served + abandoned) if served + abandoned else None)


def queue_figures(*, municipality_id: int, start: dt.date, end: dt.date, site_ids=()) -> dict:
    """Three grouped reads of the rollup: per site and kind, per errand, per hour."""
    qs = QueueRollup.objects.filter(municipality_id=municipality_id, day__range=(start, end))
    if site_ids:
        qs = qs.filter(site_id__in=site_ids)
    sums = {c: Sum(c) for c in SUMS}
    sites = dict(Site.objects.filter(municipality_id=municipality_id).values_list("pk", "name"))
    kinds = dict(Kind.choices)
    per_site = [_row(f"{sites.get(r['site_id'], '?')} · {kinds[r['kind']]}", r)
                for r in qs.values("site_id", "kind").annotate(**sums).order_by("site_id", "kind")]
    errand_rows = list(qs.filter(kind=Kind.WALK_IN).values("errand_id").annotate(**sums).order_by("errand_id"))
    errands = dict(Errand.objects.filter(pk__in=[r["errand_id"] for r in errand_rows])
                   .values_list("pk", "name"))
    per_errand = [_row(errands.get(r["errand_id"], _("Appointments")), r) for r in errand_rows]
    hour_rows = {}
    for r in qs.values("kind", "slot").annotate(**sums).order_by("kind", "slot"):
        key = (r["kind"], r["slot"] // 2)
        acc = hour_rows.setdefault(key, dict.fromkeys(SUMS, 0))
        for c in SUMS:
            acc[c] += r[c] or 0
    per_hour = [_row(f"{kinds[kind]} {hour:02d}:00", acc) for (kind, hour), acc in sorted(hour_rows.items())]
    return {"per_site": per_site, "per_errand": per_errand, "per_hour": per_hour}
