"""Reads for the leader's dashboard, the KPIs and the exports. Every figure
comes from the rollups, never from a scan of the inquiry log: whole months of a
period are read from the monthly rollups and only the days at its edges from
the daily ones, so a year costs about the same as a month; and when no area
(or no channel) is chosen, from rollups without that dimension, which hold a
tenth to a twentieth of the rows (`COARSER`)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, IntegerField, Q, Sum
from django.db.models.functions import Cast, ExtractIsoWeekDay, TruncDay, TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from servicetorg.analytics.models import (
    OUTCOME_COLUMNS,
    DailyRollup,
    HalfHourRollup,
    HourMonthlyRollup,
    MonthlyRollup,
    SatisfactionDailyRollup,
    SatisfactionMonthlyRollup,
    ServiceDailyRollup,
    ServiceMonthlyRollup,
    ServiceSiteDailyRollup,
    ServiceSiteMonthlyRollup,
    SiteDailyRollup,
    SiteMonthlyRollup,
    UnitDailyRollup,
    UnitMonthlyRollup,
)
from servicetorg.catalogue.models import Area, Service
from servicetorg.core.numbers import Minutes, Percent, format_number
from servicetorg.forwarding.models import Forwarding, Status, overdue_q
from servicetorg.inquiries.models import Channel, Outcome
from servicetorg.organisation.models import Site, Unit, Weekday

COUNTS = ("n", "handling_seconds", *OUTCOME_COLUMNS, "in_time")
FIRST_CONTACT = ("answered", "self_service", "digital_help")
DIGITAL_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.SOCIAL, Channel.CHAT, Channel.WEB_FORM, Channel.VIDEO)


class Granularity:
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    CHOICES = [(DAY, gettext_lazy("Day")), (WEEK, gettext_lazy("Week")), (MONTH, gettext_lazy("Month"))]


@dataclass(frozen=True)
class Filters:
    municipality_id: int
    start: dt.date
    end: dt.date  # included
    site_ids: tuple[int, ...] = ()
    channels: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    granularity: str = Granularity.MONTH

    def shifted(self, start: dt.date, end: dt.date) -> "Filters":
        return Filters(self.municipality_id, start, end, self.site_ids, self.channels, self.areas, self.granularity)


def previous_period(filters: Filters) -> Filters:
    length = filters.end - filters.start + dt.timedelta(days=1)
    return filters.shifted(filters.start - length, filters.start - dt.timedelta(days=1))


def _year_back(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def last_year(filters: Filters) -> Filters:
    return filters.shifted(_year_back(filters.start), _year_back(filters.end))


def _month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def split_period(start: dt.date, end: dt.date) -> tuple[tuple[dt.date, dt.date] | None, list[tuple[dt.date, dt.date]]]:
    """(first and last whole month, or None; the day ranges left over at the edges)."""
    first = start if start.day == 1 else _month_end(start) + dt.timedelta(days=1)
    last = end.replace(day=1) if end == _month_end(end) else end.replace(day=1) - dt.timedelta(days=1)
    last = last.replace(day=1)
    if first > last or first > end:
        return None, [(start, end)]
    edges = []
    if start < first:
        edges.append((start, first - dt.timedelta(days=1)))
    if _month_end(last) < end:
        edges.append((_month_end(last) + dt.timedelta(days=1), end))
    return (first, last), edges


def _dims(qs, filters: Filters, *, area: bool = True, channel: bool = True):
    qs = qs.filter(municipality_id=filters.municipality_id)
    if filters.site_ids:
        qs = qs.filter(site_id__in=filters.site_ids)
    if channel and filters.channels:
        qs = qs.filter(channel__in=filters.channels)
    if area and filters.areas:
        qs = qs.filter(area_code__in=filters.areas)
    return qs


# Rollups without one dimension: (the coarser model, the dimension it lacks, the filter on it).
COARSER = {
    DailyRollup: (SiteDailyRollup, "area_code", "areas"),
    MonthlyRollup: (SiteMonthlyRollup, "area_code", "areas"),
    ServiceDailyRollup: (ServiceSiteDailyRollup, "channel", "channels"),
    ServiceMonthlyRollup: (ServiceSiteMonthlyRollup, "channel", "channels"),
}


def _rows(model, filters: Filters, group: tuple[str, ...], **period):
    """A period's rows from the coarsest rollup that can answer: one without a dimension that is
    neither filtered nor grouped by has a tenth or a twentieth of the rows."""
    if model in COARSER:
        coarse, lacks, chosen = COARSER[model]
        if lacks not in group and not getattr(filters, chosen):
            return _dims(coarse.objects.filter(**period), filters, **{lacks.removesuffix("_code"): False})
    return _dims(model.objects.filter(**period), filters)


def _sum(daily, monthly, filters: Filters, *, group: tuple[str, ...], fields: tuple[str, ...]) -> dict[tuple, dict]:
    """Sum `fields` by `group` over the period, months from `monthly`, edge days from `daily`."""
    months, edges = split_period(filters.start, filters.end)
    parts = []
    if months:
        parts.append(_rows(monthly, filters, group, month__range=months))
    for first, last in edges:
        parts.append(_rows(daily, filters, group, day__range=(first, last)))
    result: dict[tuple, dict] = {}
    for qs in parts:
        for row in qs.values(*group).annotate(**{f"sum_{f}": Sum(f) for f in fields}).order_by():
            key = tuple(row[g] for g in group)
            target = result.setdefault(key, dict.fromkeys(fields, 0))
            for f in fields:
                target[f] += row[f"sum_{f}"] or 0
    return result


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


@dataclass
class Totals:
    """Sums over a period by site and channel, and the figures made from them."""

    by_site_channel: dict[tuple, dict]

    def total(self, *, site_id=None, channel=None) -> dict:
        out = dict.fromkeys(COUNTS, 0)
        for (s, c), row in self.by_site_channel.items():
            if (site_id is None or s == site_id) and (channel is None or c == channel):
                for k in COUNTS:
                    out[k] += row[k]
        return out

    @property
    def n(self) -> int:
        return self.total()["n"]

    def fcr(self, **kw) -> float | None:
        t = self.total(**kw)
        return _share(sum(t[c] for c in FIRST_CONTACT), t["n"])

    def aht(self, **kw) -> float | None:
        t = self.total(**kw)
        return t["handling_seconds"] / t["n"] if t["n"] else None

    def email_in_time(self) -> float | None:
        t = self.total(channel=Channel.EMAIL)
        return _share(t["in_time"], t["n"])

    def phone_direct(self) -> float | None:
        t = self.total(channel=Channel.PHONE)
        return _share(sum(t[c] for c in FIRST_CONTACT), t["n"])

    def misdirected(self) -> float | None:
        t = self.total()
        return _share(t["referred"], t["n"])

    def digital_help(self) -> float | None:
        t = self.total()
        return _share(t["digital_help"], t["n"])

    def forwarded(self) -> float | None:
        t = self.total()
        return _share(t["forwarded"], t["n"])

    def digital_channels(self) -> float | None:
        return _share(sum(self.total(channel=c)["n"] for c in DIGITAL_CHANNELS), self.n)


def period_totals(filters: Filters) -> Totals:
    return Totals(_sum(DailyRollup, MonthlyRollup, filters, group=("site_id", "channel"), fields=COUNTS))


def forwarded_deadline_figures(filters: Filters) -> dict:
    """For forwarded inquiries: the share of those closed in the period that the receiving
    unit closed by its due time (in per cent, None when none were closed), and how many
    open ones are past their due time now. Read from the forwarding records, which hold
    only the forwarded tenth of the log; a case waiting for the citizen has its clock
    stopped and is never overdue."""
    tz = ZoneInfo(settings.TIME_ZONE)
    cases = Forwarding.objects.filter(municipality_id=filters.municipality_id)
    if filters.site_ids:
        cases = cases.filter(inquiry__site_id__in=filters.site_ids)
    if filters.channels:
        cases = cases.filter(inquiry__channel__in=filters.channels)
    if filters.areas:
        cases = cases.filter(inquiry__area__code__in=filters.areas)
    start = dt.datetime.combine(filters.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    closed = cases.filter(status=Status.CLOSED, closed_at__gte=start, closed_at__lt=end).aggregate(
        total=Count("pk"), in_time=Count("pk", filter=Q(closed_at__lte=F("due_at"))))
    overdue_now = cases.filter(overdue_q(timezone.now())).count()
    share = 100 * closed["in_time"] / closed["total"] if closed["total"] else None
    return {"answered_in_time_share": share, "closed": closed["total"], "overdue_now": overdue_now}


@dataclass
class Table:
    """One table of the dashboard: shown beside its chart, exported as CSV or XLSX."""

    key: str
    caption: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: dict | None = None  # Chart.js data for the chart drawn from this table


def _names():
    return {
        "channel": dict(Channel.choices),
        "outcome": dict(Outcome.choices),
    }


def _label(value: float | None, kind: str = "share"):
    """A share as a Percent, a duration as Minutes: shown in the locale's format, typed in exports."""
    if value is None:
        return "–"
    if kind == "share":
        return Percent(round(value * 100, 1))
    if kind == "seconds":
        return Minutes(round(value / 60, 1))
    return round(value, 2)


def _direction(now: float | None, before: float | None) -> str:
    if now is None or before is None or now == before:
        return "same"
    return "up" if now > before else "down"


def _signed(text: str, value: float) -> str:
    return ("+" if value > 0 else "") + text


def _change(now: float | None, before: float | None, kind: str) -> str:
    if now is None or before is None:
        return "–"
    if kind == "count":
        if not before:
            return "–"
        change = (now - before) / before * 100
        return _signed(str(Percent(change)), change)
    if kind == "share":
        change = (now - before) * 100
        return _signed(format_number(change, 1) + "\u00a0" + _("pp"), change)
    if kind == "seconds":
        change = (now - before) / 60
        return _signed(str(Minutes(change)), change)
    return _signed(format_number(now - before, 2), now - before)


def _buckets(filters: Filters) -> list[tuple[dt.date, dt.date]]:
    """The buckets of the period at its granularity, as (first day, last day) clipped to the period."""
    out = []
    day = filters.start
    while day <= filters.end:
        if filters.granularity == Granularity.DAY:
            first, last = day, day
        elif filters.granularity == Granularity.WEEK:
            first = day - dt.timedelta(days=day.weekday())
            last = first + dt.timedelta(days=6)
        else:
            first, last = day.replace(day=1), _month_end(day)
        out.append((first, min(last, filters.end)))
        day = last + dt.timedelta(days=1)
    return out


def _series(filters: Filters) -> dict[tuple[dt.date, str], int]:
    """Inquiries per bucket and channel."""
    return {key: row["n"] for key, row in _series_counts(filters).items()}


def _series_counts(filters: Filters) -> dict[tuple[dt.date, str], dict]:
    """Every count per bucket and channel: the over-time chart and the key figures' trend lines."""
    result: dict[tuple[dt.date, str], dict] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    if filters.granularity == Granularity.MONTH:
        months, edges = split_period(filters.start, filters.end)
        parts = []
        if months:
            parts.append(_rows(MonthlyRollup, filters, ("channel",), month__range=months)
                         .annotate(bucket=F("month")))
        for first, last in edges:
            parts.append(_rows(DailyRollup, filters, ("channel",), day__range=(first, last))
                         .annotate(bucket=TruncMonth("day")))
    else:
        trunc = TruncWeek("day") if filters.granularity == Granularity.WEEK else TruncDay("day")
        parts = [_rows(DailyRollup, filters, ("channel",), day__range=(filters.start, filters.end))
                 .annotate(bucket=trunc)]
    for qs in parts:
        for row in qs.values("bucket", "channel").annotate(**{f"sum_{f}": Sum(f) for f in COUNTS}).order_by():
            bucket = row["bucket"]
            if isinstance(bucket, dt.datetime):
                bucket = bucket.date()
            counts = result[(bucket, row["channel"])]
            for f in COUNTS:
                counts[f] += row[f"sum_{f}"] or 0
    return result


def _heatmap(filters: Filters) -> dict[tuple[int, int, int], int]:
    """Inquiries per site, ISO weekday (1 = Monday) and local hour."""
    months, edges = split_period(filters.start, filters.end)
    out: dict[tuple[int, int, int], int] = defaultdict(int)
    if months:
        qs = _dims(HourMonthlyRollup.objects.filter(month__range=months), filters, area=False)
        for r in qs.values("site_id", "weekday", "hour").annotate(total=Sum("n")).order_by():
            out[(r["site_id"], r["weekday"] + 1, r["hour"])] += r["total"]
    for first, last in edges:
        qs = _dims(HalfHourRollup.objects.filter(day__range=(first, last)), filters, area=False)
        rows = (qs.annotate(weekday=ExtractIsoWeekDay("day"), hour=Cast(F("slot") / 2, IntegerField()))
                .values("site_id", "weekday", "hour").annotate(total=Sum("n")).order_by())
        for r in rows:
            out[(r["site_id"], r["weekday"], r["hour"])] += r["total"]
    return out


def _weekday_counts(start: dt.date, end: dt.date) -> dict[int, int]:
    counts = dict.fromkeys(range(1, 8), 0)
    day = start
    while day <= end:
        counts[day.isoweekday()] += 1
        day += dt.timedelta(days=1)
    return counts


def _satisfaction(filters: Filters, group: str) -> dict:
    sums = _sum(SatisfactionDailyRollup, SatisfactionMonthlyRollup, filters, group=(group,),
                fields=("n", "score_sum", "satisfied"))
    return {key: {"answers": row["n"], "score": row["score_sum"], "happy": row["satisfied"]}
            for (key,), row in sums.items() if row["n"]}


@dataclass
class Dashboard:
    filters: Filters
    kpis: list[dict]
    tables: list[Table]
    heatmaps: list[dict]
    forwarding: dict | None
    area_note: bool  # the heatmap counts every area even when areas are filtered

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


def dashboard_build(filters: Filters) -> Dashboard:
    """Everything the leader's dashboard shows, for one period and its two comparisons."""
    names = _names()
    sites = dict(Site.objects.filter(municipality_id=filters.municipality_id).values_list("pk", "name"))
    now, before, year_ago = period_totals(filters), period_totals(previous_period(filters)), period_totals(
        last_year(filters))

    kpi_specs = [
        ("inquiries", _("Inquiries"), lambda t: t.n, "count",
         _("All inquiries logged in the period, in every channel.")),
        ("fcr", _("First-contact resolution"), lambda t: t.fcr(), "share",
         _("Share of inquiries answered, guided to self-service or helped with a digital service at the first "
           "contact, without forwarding, appointment or referral.")),
        ("email_in_time", _("E-mails answered within one working day"), lambda t: t.email_in_time(), "share",
         _("Share of e-mails logged as handled no later than the end of the next working day after they arrived "
           "(weekends and Norwegian public holidays do not count). A KKiK measure.")),
        ("phone_direct", _("Phone calls with a direct answer"), lambda t: t.phone_direct(), "share",
         _("Share of phone calls resolved in the call itself: answered, guided or helped, not transferred, "
           "forwarded or referred. A KKiK measure.")),
        ("misdirected", _("Misdirected inquiries"), lambda t: t.misdirected(), "share",
         _("Share of inquiries that belonged to another body (state agency, county, other municipality) and were "
           "referred there.")),
        ("digital_help", _("Digital assistance"), lambda t: t.digital_help(), "share",
         _("Share of inquiries where the person was helped to use a digital service.")),
        ("digital_channels", _("Digital channels"), lambda t: t.digital_channels(), "share",
         _("Share of inquiries that came by e-mail, SMS, social media, chat, web form or video.")),
        ("forwarded", _("Forwarded to a unit"), lambda t: t.forwarded(), "share",
         _("Share of inquiries forwarded to a unit of the municipality for follow-up.")),
        ("aht", _("Average handling time"), lambda t: t.aht(), "seconds",
         _("Mean of the handling time logged per inquiry.")),
    ]
    # Each key figure's trend over the period's buckets, from the over-time query (no extra query).
    series_counts = _series_counts(filters)
    buckets = _buckets(filters)
    per_bucket = [Totals({(None, c): row for (b, c), row in series_counts.items() if b == first})
                  for first, _last in buckets]
    kpis = []
    for key, name, get, kind, definition in kpi_specs:
        value, prev, last = get(now), get(before), get(year_ago)
        kpis.append({"key": key, "name": name, "definition": definition, "kind": kind,
                     "trend": [get(t) for t in per_bucket], "direction": _direction(value, prev),
                     "value": format_number(value) if kind == "count" else _label(value, kind),
                     "previous": _change(value, prev, kind), "last_year": _change(value, last, kind)})

    tables: list[Table] = []

    # Over time, by channel; and the channel mix per bucket.
    series = {key: row["n"] for key, row in series_counts.items()}
    channels = [c for c in Channel.values if any(series.get((b, c)) for b, _last in buckets)]
    over_time = Table("over_time", _("Inquiries over time by channel"),
                      [_("Period"), *[str(names["channel"][c]) for c in channels], _("Total")])
    mix = Table("channel_mix", _("Channel mix over time (share of inquiries)"),
                [_("Period"), *[str(names["channel"][c]) for c in channels]])
    for first, _last in buckets:
        counts = [series.get((first, c), 0) for c in channels]
        total = sum(counts)
        label = first.isoformat() if filters.granularity == Granularity.DAY else (
            f"{first.isocalendar().year}-W{first.isocalendar().week:02d}" if filters.granularity == Granularity.WEEK
            else first.strftime("%Y-%m"))
        over_time.rows.append([label, *counts, total])
        mix.rows.append([label, *[Percent(round(c / total * 100, 1) if total else 0) for c in counts]])
    over_time.chart = {"type": "bar", "stacked": True, "labels": [r[0] for r in over_time.rows],
                       "datasets": [{"label": str(names["channel"][c]), "data": [r[i + 1] for r in over_time.rows]}
                                    for i, c in enumerate(channels)]}
    mix.chart = {"type": "line", "labels": [r[0] for r in mix.rows], "percent": True,
                 "datasets": [{"label": str(names["channel"][c]), "data": [r[i + 1] for r in mix.rows]}
                              for i, c in enumerate(channels)]}
    tables += [over_time, mix]

    # Channels this period against the comparisons.
    by_channel = Table("channels", _("Inquiries by channel"),
                       [_("Channel"), _("Inquiries"), _("Share"), _("Previous period"), _("Same period last year")])
    for c in channels:
        n = now.total(channel=c)["n"]
        by_channel.rows.append([str(names["channel"][c]), n, _label(_share(n, now.n)),
                                before.total(channel=c)["n"], year_ago.total(channel=c)["n"]])
    by_channel.chart = {"type": "doughnut", "labels": [r[0] for r in by_channel.rows],
                        "datasets": [{"label": _("Inquiries"), "data": [r[1] for r in by_channel.rows]}]}
    tables.append(by_channel)

    # Outcomes, and first-contact resolution per site.
    outcomes = Table("outcomes", _("Outcomes"), [_("Outcome"), _("Inquiries"), _("Share")])
    total_now = now.total()
    for o in OUTCOME_COLUMNS:
        outcomes.rows.append([str(names["outcome"][o]), total_now[o], _label(_share(total_now[o], now.n))])
    outcomes.chart = {"type": "bar", "horizontal": True, "labels": [r[0] for r in outcomes.rows],
                      "datasets": [{"label": _("Inquiries"), "data": [r[1] for r in outcomes.rows]}]}
    tables.append(outcomes)

    sat_site = _satisfaction(filters, "site_id")
    per_site = Table("sites", _("Sites: volume, first-contact resolution, handling time and satisfaction"),
                     [_("Site"), _("Inquiries"), _("First-contact resolution (%)"), _("Average handling time (min)"),
                      _("Survey answers"), _("Satisfied (4–5) (%)"), _("Mean score (1–5)")])
    for site_id in sorted({s for s, _c in now.by_site_channel}, key=lambda s: sites.get(s, "")):
        fcr, aht = now.fcr(site_id=site_id), now.aht(site_id=site_id)
        sat = sat_site.get(site_id)
        per_site.rows.append([
            sites.get(site_id, str(site_id)), now.total(site_id=site_id)["n"],
            Percent(round(fcr * 100, 1)) if fcr is not None else None,
            Minutes(round(aht / 60, 1)) if aht is not None else None,
            sat["answers"] if sat else 0, Percent(round(sat["happy"] / sat["answers"] * 100, 1)) if sat else None,
            round(sat["score"] / sat["answers"], 2) if sat else None,
        ])
    per_site.chart = {"type": "bar", "labels": [r[0] for r in per_site.rows], "percent": True,
                      "datasets": [{"label": _("First-contact resolution (%)"), "data": [r[2] for r in per_site.rows]},
                                   {"label": _("Satisfied (4–5) (%)"), "data": [r[5] for r in per_site.rows]}]}
    tables.append(per_site)

    # Areas and services.
    area_names = {a.code: a.name for a in Area.objects.all()}
    areas = _sum(DailyRollup, MonthlyRollup, filters, group=("area_code",), fields=("n", *FIRST_CONTACT))
    top_areas = Table("areas", _("Top areas"), [_("Area"), _("Inquiries"), _("Share"),
                                                 _("First-contact resolution")])
    for (code,), row in sorted(areas.items(), key=lambda kv: -kv[1]["n"])[:15]:
        top_areas.rows.append([area_names.get(code, code), row["n"], _label(_share(row["n"], now.n)),
                               _label(_share(sum(row[c] for c in FIRST_CONTACT), row["n"]))])
    top_areas.chart = {"type": "bar", "horizontal": True, "labels": [r[0] for r in top_areas.rows],
                       "datasets": [{"label": _("Inquiries"), "data": [r[1] for r in top_areas.rows]}]}
    tables.append(top_areas)

    service_counts = _sum(ServiceDailyRollup, ServiceMonthlyRollup, filters, group=("service_id",), fields=("n",))
    top = sorted(service_counts.items(), key=lambda kv: -kv[1]["n"])[:15]
    service_names = dict(Service.objects.filter(pk__in=[k[0] for k, _v in top]).values_list("pk", "name"))
    top_services = Table("services", _("Top services"), [_("Service"), _("Inquiries"), _("Share")])
    for (service_id,), row in top:
        top_services.rows.append([service_names.get(service_id, str(service_id)), row["n"],
                                  _label(_share(row["n"], now.n))])
    tables.append(top_services)

    # Forwarded and referred, by receiving unit.
    unit_rows = _sum(UnitDailyRollup, UnitMonthlyRollup, filters, group=("unit_id", "outcome"), fields=("n",))
    per_unit: dict[int, dict] = defaultdict(lambda: {"forwarded": 0, "referred": 0})
    for (unit_id, outcome), row in unit_rows.items():
        per_unit[unit_id][outcome] += row["n"]
    unit_names = dict(Unit.objects.filter(pk__in=list(per_unit)).values_list("pk", "name"))
    units = Table("units", _("Forwarded and referred, by receiving unit"),
                  [_("Unit"), _("Forwarded"), _("Share of all inquiries forwarded"), _("Referred")])
    for unit_id, row in sorted(per_unit.items(), key=lambda kv: -(kv[1]["forwarded"] + kv[1]["referred"]))[:20]:
        units.rows.append([unit_names.get(unit_id, str(unit_id)), row["forwarded"],
                           _label(_share(row["forwarded"], total_now["forwarded"])), row["referred"]])
    tables.append(units)

    # Satisfaction by channel and area.
    sat_channel = _satisfaction(filters, "channel")
    satisfaction = Table("satisfaction", _("Satisfaction by channel"),
                         [_("Channel"), _("Survey answers"), _("Satisfied (4–5)"), _("Mean score (1–5)")])
    for c, row in sorted(sat_channel.items(), key=lambda kv: -kv[1]["answers"]):
        satisfaction.rows.append([str(names["channel"].get(c, c)), row["answers"],
                                  _label(_share(row["happy"], row["answers"])),
                                  round(row["score"] / row["answers"], 2)])
    tables.append(satisfaction)
    sat_area = _satisfaction(filters, "area_code")
    satisfaction_area = Table("satisfaction_areas", _("Satisfaction by area"),
                              [_("Area"), _("Survey answers"), _("Satisfied (4–5)"), _("Mean score (1–5)")])
    for code, row in sorted(sat_area.items(), key=lambda kv: -kv[1]["answers"]):
        satisfaction_area.rows.append([area_names.get(code, code) if code else _("Counter tablet (no area)"),
                                       row["answers"], _label(_share(row["happy"], row["answers"])),
                                       round(row["score"] / row["answers"], 2)])
    tables.append(satisfaction_area)

    # Heatmap: mean inquiries per weekday and hour, per site.
    cells = _heatmap(filters)
    weekdays = _weekday_counts(filters.start, filters.end)
    heatmaps = []
    hours = sorted({h for (_s, _w, h) in cells}) or list(range(8, 16))
    hours = list(range(min(hours), max(hours) + 1))
    for site_id in sorted({s for (s, _w, _h) in cells}, key=lambda s: sites.get(s, "")):
        peak = max((v / max(weekdays[w], 1) for (s, w, _h), v in cells.items() if s == site_id), default=1) or 1
        rows = []
        for weekday in range(1, 8):
            values = []
            for hour in hours:
                mean = cells.get((site_id, weekday, hour), 0) / max(weekdays[weekday], 1)
                values.append({"value": round(mean, 1), "level": min(5, int(mean / peak * 5.999))})
            rows.append({"weekday": Weekday(weekday - 1).label, "cells": values})
        heatmaps.append({"site": sites.get(site_id, str(site_id)), "site_id": site_id, "key": f"heatmap_{site_id}",
                         "hours": hours, "rows": rows})
        table = Table(f"heatmap_{site_id}", _("Mean inquiries per weekday and hour: %(site)s")
                      % {"site": sites.get(site_id, site_id)},
                      [_("Weekday"), *[f"{h:02d}" for h in hours]],
                      [[r["weekday"], *[c["value"] for c in r["cells"]]] for r in rows])
        tables.append(table)

    return Dashboard(filters=filters, kpis=kpis, tables=tables, heatmaps=heatmaps,
                     forwarding=forwarded_deadline_figures(filters), area_note=bool(filters.areas))
