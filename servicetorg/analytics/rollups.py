"""Keeping the rollups true: an incremental upsert for each inquiry written
through the services, and a rebuild from the raw log (after bulk loads, or to
repair) that can check its result against the log.

Both paths use the same definitions: the local day and half hour of
`received_at`, the outcome counters, and "in time" = logged (created) by the
end of the next working day after the day it was received.
"""

import datetime as dt
import functools
import time
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db import connection, transaction

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
    SurveyResponse,
    UnitDailyRollup,
    UnitMonthlyRollup,
)
from servicetorg.inquiries.models import Inquiry, Outcome

COUNT_COLUMNS = ("n", "handling_seconds", *OUTCOME_COLUMNS, "in_time")


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@functools.lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("NO", years=[year]))


def next_workday(day: dt.date) -> dt.date:
    """The first day after `day` that is neither a weekend nor a Norwegian public holiday."""
    day += dt.timedelta(days=1)
    while day.weekday() >= 5 or day in _public_holidays(day.year):
        day += dt.timedelta(days=1)
    return day


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _upsert(model, keys: dict, counts: dict) -> None:
    """Add `counts` to the row with `keys`, creating it when missing (PostgreSQL and SQLite alike)."""
    table = _table(model)
    q = connection.ops.quote_name
    columns = [*keys, *counts]
    sql = (
        f"INSERT INTO {table} ({', '.join(q(c) for c in columns)}) "  # noqa: S608 -- names from our models
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(q(c) for c in keys)}) DO UPDATE SET "
        + ", ".join(f"{q(c)} = {table}.{q(c)} + excluded.{q(c)}" for c in counts)
    )
    keys = {k: connection.ops.adapt_datefield_value(v) if isinstance(v, dt.date) else v for k, v in keys.items()}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*keys.values(), *counts.values()])
        if any(v < 0 for v in counts.values()):
            # An undo can bring a row to zero; an empty row would only be noise.
            where = " AND ".join(f"{q(c)} = %s" for c in keys)
            cursor.execute(f"DELETE FROM {table} WHERE {where} AND {q('n')} <= 0", list(keys.values()))  # noqa: S608


def rollups_apply_inquiry(*, inquiry: Inquiry, sign: int) -> None:
    """Add (sign=1) or take away (sign=-1) one inquiry in every rollup.

    Call it inside the transaction that writes the inquiry: with the old row
    before a change or an undo, with the new row after a create or a change.
    """
    tz = _tz()
    local = inquiry.received_at.astimezone(tz)
    day = local.date()
    created = (inquiry.answered_at or inquiry.created_at or inquiry.received_at).astimezone(tz).date()
    base = {"municipality_id": inquiry.municipality_id, "site_id": inquiry.site_id, "channel": str(inquiry.channel)}
    area = inquiry.area_id
    counts = dict.fromkeys(COUNT_COLUMNS, 0)
    counts["n"] = sign
    counts["handling_seconds"] = sign * (inquiry.handling_seconds or 0)
    counts[str(inquiry.outcome)] = sign
    counts["in_time"] = sign if created <= next_workday(day) else 0

    _upsert(DailyRollup, {**base, "day": day, "area_code": area}, counts)
    _upsert(MonthlyRollup, {**base, "month": day.replace(day=1), "area_code": area}, counts)
    _upsert(SiteDailyRollup, {**base, "day": day}, counts)
    _upsert(SiteMonthlyRollup, {**base, "month": day.replace(day=1)}, counts)
    _upsert(HalfHourRollup, {**base, "day": day, "slot": local.hour * 2 + local.minute // 30},
            {"n": sign, "handling_seconds": sign * (inquiry.handling_seconds or 0)})
    _upsert(HourMonthlyRollup, {**base, "month": day.replace(day=1), "weekday": day.weekday(), "hour": local.hour},
            {"n": sign})
    if inquiry.service_id is not None:
        _upsert(ServiceDailyRollup, {**base, "day": day, "area_code": area, "service_id": inquiry.service_id},
                {"n": sign})
        _upsert(ServiceMonthlyRollup,
                {**base, "month": day.replace(day=1), "area_code": area, "service_id": inquiry.service_id},
                {"n": sign})
        site_service = {"municipality_id": inquiry.municipality_id, "site_id": inquiry.site_id, "area_code": area,
                        "service_id": inquiry.service_id}
        _upsert(ServiceSiteDailyRollup, {**site_service, "day": day}, {"n": sign})
        _upsert(ServiceSiteMonthlyRollup, {**site_service, "month": day.replace(day=1)}, {"n": sign})
    if inquiry.forwarded_to_id is not None and inquiry.outcome in (Outcome.FORWARDED, Outcome.REFERRED):
        unit = {"area_code": area, "unit_id": inquiry.forwarded_to_id, "outcome": str(inquiry.outcome)}
        _upsert(UnitDailyRollup, {**base, "day": day, **unit}, {"n": sign})
        _upsert(UnitMonthlyRollup, {**base, "month": day.replace(day=1), **unit}, {"n": sign})


def rollups_apply_survey_response(*, response: SurveyResponse, sign: int = 1) -> None:
    day = response.answered_at.astimezone(_tz()).date()
    keys = {"municipality_id": response.municipality_id, "site_id": response.site_id, "channel": response.channel,
            "area_code": response.area_code}
    counts = {"n": sign, "score_sum": sign * response.score, "satisfied": sign if response.score >= 4 else 0}
    _upsert(SatisfactionDailyRollup, {**keys, "day": day}, counts)
    _upsert(SatisfactionMonthlyRollup, {**keys, "month": day.replace(day=1)}, counts)


# ---------------------------------------------------------------- rebuild ---

@functools.lru_cache(maxsize=200_000)
def _offset_minutes(utc_hour: str, tzname: str) -> int:
    """The zone's UTC offset in minutes during one UTC hour ("YYYY-MM-DD HH")."""
    moment = dt.datetime.fromisoformat(f"{utc_hour}:00:00").replace(tzinfo=dt.UTC)
    return int(moment.astimezone(ZoneInfo(tzname)).utcoffset().total_seconds()) // 60


def _sqlite_local(value: str | None) -> str | None:
    """'YYYY-MM-DD HH:MM[:SS…]' in UTC (as Django stores it in SQLite) to local 'YYYY-MM-DD HH:MM'."""
    if value is None:
        return None
    base = dt.datetime(int(value[0:4]), int(value[5:7]), int(value[8:10]), int(value[11:13]), int(value[14:16]))
    local = base + dt.timedelta(minutes=_offset_minutes(value[:13], settings.TIME_ZONE))
    return f"{local.year:04d}-{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"


def _local(column: str) -> dict[str, str]:
    """SQL for the local date, first of month and half-hour slot of a timestamp column.

    On SQLite the column holds local 'YYYY-MM-DD HH:MM' text already (see _sqlite_source).
    """
    if connection.vendor == "postgresql":
        local = f"({column} AT TIME ZONE '{settings.TIME_ZONE}')"
        return {
            "day": f"CAST({local} AS date)",
            "month": f"CAST(date_trunc('month', {local}) AS date)",
            "slot": f"CAST(EXTRACT(HOUR FROM {local}) * 2 + FLOOR(EXTRACT(MINUTE FROM {local}) / 30) AS integer)",
            "weekday": f"CAST(EXTRACT(ISODOW FROM {local}) - 1 AS integer)",
            "hour": f"CAST(EXTRACT(HOUR FROM {local}) AS integer)",
        }
    return {
        "weekday": f"((CAST(strftime('%w', substr({column}, 1, 10)) AS integer) + 6) % 7)",
        "hour": f"CAST(substr({column}, 12, 2) AS integer)",
        "day": f"substr({column}, 1, 10)",
        "month": f"substr({column}, 1, 7) || '-01'",
        "slot": f"(CAST(substr({column}, 12, 2) AS integer) * 2 + CAST(substr({column}, 15, 2) AS integer) / 30)",
    }


def _sqlite_source(cursor, municipality_id: int | None) -> None:
    """SQLite knows no time zones: convert each timestamp once, with a small cached Python
    function, into a temporary copy of the columns the rollups need; the rest is plain SQL."""
    connection.connection.create_function("st_local", 1, _sqlite_local, deterministic=True)
    cursor.execute("DROP TABLE IF EXISTS temp.st_inquiry")
    cursor.execute("DROP TABLE IF EXISTS temp.st_survey")
    where = f" WHERE municipality_id = {int(municipality_id)}" if municipality_id is not None else ""
    cursor.execute(
        "CREATE TEMP TABLE st_inquiry AS SELECT municipality_id, site_id, channel, area_id, service_id, "  # noqa: S608
        "forwarded_to_id, outcome, handling_seconds, st_local(received_at) AS received_at, "
        f"st_local(COALESCE(answered_at, created_at)) AS created_at FROM {_table(Inquiry)}{where}"
    )
    cursor.execute(
        "CREATE TEMP TABLE st_survey AS SELECT municipality_id, site_id, channel, area_code, score, "  # noqa: S608
        f"st_local(answered_at) AS answered_at FROM {_table(SurveyResponse)}{where}"
    )


@dataclass
class RollupSpec:
    model: type
    keys: tuple[str, ...]
    select: str  # the same columns, computed from the raw log, in keys + counts order
    counts: tuple[str, ...]
    build: str = ""  # a cheaper select for the rebuild (from a rollup made before); the check uses `select`


def _from_daily(model, dims: tuple[str, ...], counts: tuple[str, ...], municipality_id: int | None) -> str:
    """Months summed from a daily rollup: the same figures as from the log, in a fraction of the time."""
    q = connection.ops.quote_name
    month = ("CAST(date_trunc('month', day) AS date)" if connection.vendor == "postgresql"
             else "substr(day, 1, 7) || '-01'")
    where = f" WHERE municipality_id = {int(municipality_id)}" if municipality_id is not None else ""
    keys = [q(d) for d in dims]
    # The key order of a spec: municipality, site, channel, month, then the rest.
    ordered = [*keys[:3], month, *keys[3:]]
    return (f"SELECT {', '.join(ordered)}, {', '.join(f'SUM({q(c)})' for c in counts)} "  # noqa: S608
            f"FROM {_table(model)}{where} GROUP BY {', '.join([*keys, month])}")


def _coarser(model, keys: tuple[str, ...], counts: tuple[str, ...], municipality_id: int | None) -> str:
    """A rollup without one of `model`'s dimensions, summed from `model` (made before it)."""
    q = connection.ops.quote_name
    where = f" WHERE municipality_id = {int(municipality_id)}" if municipality_id is not None else ""
    dims = ", ".join(q(k) for k in keys)
    return (f"SELECT {dims}, {', '.join(f'SUM({q(c)})' for c in counts)} "  # noqa: S608
            f"FROM {_table(model)}{where} GROUP BY {dims}")


def _hours_from_half_hours(municipality_id: int | None) -> str:
    """The heatmap's months summed from the half-hour rollup."""
    if connection.vendor == "postgresql":
        month, weekday = "CAST(date_trunc('month', day) AS date)", "CAST(EXTRACT(ISODOW FROM day) - 1 AS integer)"
    else:
        month, weekday = "substr(day, 1, 7) || '-01'", "((CAST(strftime('%w', day) AS integer) + 6) % 7)"
    where = f" WHERE municipality_id = {int(municipality_id)}" if municipality_id is not None else ""
    dims = f"municipality_id, site_id, channel, {month}, {weekday}, slot / 2"
    return f"SELECT {dims}, SUM(n) FROM {_table(HalfHourRollup)}{where} GROUP BY {dims}"  # noqa: S608


def _specs(municipality_id: int | None) -> list[RollupSpec]:
    sqlite = connection.vendor != "postgresql"
    inquiries = "st_inquiry" if sqlite else _table(Inquiry)
    received = _local("i.received_at")
    created_day = _local("i.created_at" if sqlite else "COALESCE(i.answered_at, i.created_at)")["day"]
    where = f"WHERE i.municipality_id = {int(municipality_id)}" if municipality_id is not None else ""
    counters = ", ".join(
        [
            "COUNT(*)", "SUM(i.handling_seconds)",
            *(f"SUM(CASE WHEN i.outcome = '{o}' THEN 1 ELSE 0 END)" for o in OUTCOME_COLUMNS),
            f"SUM(CASE WHEN {created_day} <= w.next_day THEN 1 ELSE 0 END)",
        ]
    )

    def grouped(dims: list[str], aggregates: str, extra_where: str = "", join: str = "") -> str:
        conditions = " AND ".join(c for c in (where.removeprefix("WHERE "), extra_where) if c)
        return (
            f"SELECT {', '.join(dims)}, {aggregates} FROM {inquiries} i {join} "  # noqa: S608
            f"{'WHERE ' + conditions if conditions else ''} GROUP BY {', '.join(dims)}"
        )

    base = ["i.municipality_id", "i.site_id", "i.channel"]
    workdays = f"LEFT JOIN st_next_workday w ON w.day = {received['day']}"
    survey = "st_survey" if sqlite else _table(SurveyResponse)
    answered = _local("s.answered_at")
    survey_where = f"WHERE s.municipality_id = {int(municipality_id)}" if municipality_id is not None else ""
    return [
        RollupSpec(DailyRollup, ("municipality_id", "site_id", "channel", "day", "area_code"),
                   grouped([*base, received["day"], "i.area_id"], counters, join=workdays), COUNT_COLUMNS),
        RollupSpec(MonthlyRollup, ("municipality_id", "site_id", "channel", "month", "area_code"),
                   grouped([*base, received["month"], "i.area_id"], counters, join=workdays), COUNT_COLUMNS,
                   build=_from_daily(DailyRollup, ("municipality_id", "site_id", "channel", "area_code"),
                                     COUNT_COLUMNS, municipality_id)),
        RollupSpec(SiteDailyRollup, ("municipality_id", "site_id", "channel", "day"),
                   grouped([*base, received["day"]], counters, join=workdays), COUNT_COLUMNS,
                   build=_coarser(DailyRollup, ("municipality_id", "site_id", "channel", "day"), COUNT_COLUMNS,
                                  municipality_id)),
        RollupSpec(SiteMonthlyRollup, ("municipality_id", "site_id", "channel", "month"),
                   grouped([*base, received["month"]], counters, join=workdays), COUNT_COLUMNS,
                   build=_coarser(MonthlyRollup, ("municipality_id", "site_id", "channel", "month"), COUNT_COLUMNS,
                                  municipality_id)),
        RollupSpec(HalfHourRollup, ("municipality_id", "site_id", "channel", "day", "slot"),
                   grouped([*base, received["day"], received["slot"]], "COUNT(*), SUM(i.handling_seconds)"),
                   ("n", "handling_seconds")),
        RollupSpec(HourMonthlyRollup, ("municipality_id", "site_id", "channel", "month", "weekday", "hour"),
                   grouped([*base, received["month"], received["weekday"], received["hour"]], "COUNT(*)"), ("n",),
                   build=_hours_from_half_hours(municipality_id)),
        RollupSpec(ServiceDailyRollup, ("municipality_id", "site_id", "channel", "day", "area_code", "service_id"),
                   grouped([*base, received["day"], "i.area_id", "i.service_id"], "COUNT(*)",
                           "i.service_id IS NOT NULL"), ("n",)),
        RollupSpec(ServiceMonthlyRollup,
                   ("municipality_id", "site_id", "channel", "month", "area_code", "service_id"),
                   grouped([*base, received["month"], "i.area_id", "i.service_id"], "COUNT(*)",
                           "i.service_id IS NOT NULL"), ("n",),
                   build=_from_daily(ServiceDailyRollup, ("municipality_id", "site_id", "channel", "area_code",
                                                          "service_id"), ("n",), municipality_id)),
        RollupSpec(ServiceSiteDailyRollup, ("municipality_id", "site_id", "area_code", "day", "service_id"),
                   grouped(["i.municipality_id", "i.site_id", "i.area_id", received["day"], "i.service_id"],
                           "COUNT(*)", "i.service_id IS NOT NULL"), ("n",),
                   build=_coarser(ServiceDailyRollup, ("municipality_id", "site_id", "area_code", "day",
                                                       "service_id"), ("n",), municipality_id)),
        RollupSpec(ServiceSiteMonthlyRollup, ("municipality_id", "site_id", "area_code", "month", "service_id"),
                   grouped(["i.municipality_id", "i.site_id", "i.area_id", received["month"], "i.service_id"],
                           "COUNT(*)", "i.service_id IS NOT NULL"), ("n",),
                   build=_coarser(ServiceMonthlyRollup, ("municipality_id", "site_id", "area_code", "month",
                                                         "service_id"), ("n",), municipality_id)),
        RollupSpec(UnitDailyRollup,
                   ("municipality_id", "site_id", "channel", "day", "area_code", "unit_id", "outcome"),
                   grouped([*base, received["day"], "i.area_id", "i.forwarded_to_id", "i.outcome"], "COUNT(*)",
                           "i.forwarded_to_id IS NOT NULL AND i.outcome IN ('forwarded', 'referred')"), ("n",)),
        RollupSpec(UnitMonthlyRollup,
                   ("municipality_id", "site_id", "channel", "month", "area_code", "unit_id", "outcome"),
                   grouped([*base, received["month"], "i.area_id", "i.forwarded_to_id", "i.outcome"], "COUNT(*)",
                           "i.forwarded_to_id IS NOT NULL AND i.outcome IN ('forwarded', 'referred')"), ("n",),
                   build=_from_daily(UnitDailyRollup, ("municipality_id", "site_id", "channel", "area_code",
                                                       "unit_id", "outcome"), ("n",), municipality_id)),
        RollupSpec(SatisfactionDailyRollup, ("municipality_id", "site_id", "channel", "day", "area_code"),
                   f"SELECT s.municipality_id, s.site_id, s.channel, {answered['day']}, s.area_code, COUNT(*), "  # noqa: S608
                   f"SUM(s.score), SUM(CASE WHEN s.score >= 4 THEN 1 ELSE 0 END) FROM {survey} s {survey_where} "
                   f"GROUP BY s.municipality_id, s.site_id, s.channel, {answered['day']}, s.area_code",
                   ("n", "score_sum", "satisfied")),
        RollupSpec(SatisfactionMonthlyRollup, ("municipality_id", "site_id", "channel", "month", "area_code"),
                   f"SELECT s.municipality_id, s.site_id, s.channel, {answered['month']}, s.area_code, COUNT(*), "  # noqa: S608
                   f"SUM(s.score), SUM(CASE WHEN s.score >= 4 THEN 1 ELSE 0 END) FROM {survey} s {survey_where} "
                   f"GROUP BY s.municipality_id, s.site_id, s.channel, {answered['month']}, s.area_code",
                   ("n", "score_sum", "satisfied"),
                   build=_from_daily(SatisfactionDailyRollup, ("municipality_id", "site_id", "channel", "area_code"),
                                     ("n", "score_sum", "satisfied"), municipality_id)),
    ]


def _fill_workdays(cursor) -> None:
    """A small table of each day's next working day, for the days in the log."""
    if connection.vendor == "postgresql":
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS st_next_workday (day date PRIMARY KEY, next_day date)")
    else:
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS st_next_workday (day text PRIMARY KEY, next_day text)")
    cursor.execute("DELETE FROM st_next_workday")
    cursor.execute(f"SELECT MIN(received_at), MAX(received_at) FROM {_table(Inquiry)}")  # noqa: S608
    first, last = cursor.fetchone()
    if first is None:
        return
    if isinstance(first, str):  # SQLite hands back text
        first, last = dt.datetime.fromisoformat(first), dt.datetime.fromisoformat(last)
    day = first.date() - dt.timedelta(days=1)
    rows = []
    while day <= last.date() + dt.timedelta(days=1):
        rows.append((day.isoformat(), next_workday(day).isoformat()))
        day += dt.timedelta(days=1)
    cursor.executemany("INSERT INTO st_next_workday (day, next_day) VALUES (%s, %s)", rows)


@dataclass
class RebuildReport:
    inquiries: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    mismatches: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(self.mismatches.values())


def rollups_rebuild(*, municipality_id: int | None = None, on_table=None) -> RebuildReport:
    """Make every rollup again from the raw log (and the survey answers), in one transaction.
    `on_table(name, rows)` is called after each rollup table (progress)."""
    report = RebuildReport()
    started = time.perf_counter()
    q = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        specs = _specs(municipality_id)
        if connection.vendor == "postgresql":
            # Writers wait while we rebuild, so no increment lands between our delete and insert.
            tables = ", ".join(_table(spec.model) for spec in specs)
            cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        _fill_workdays(cursor)
        if connection.vendor != "postgresql":
            _sqlite_source(cursor, municipality_id)
        where = f" WHERE municipality_id = {int(municipality_id)}" if municipality_id is not None else ""
        for spec in specs:
            table = _table(spec.model)
            cursor.execute(f"DELETE FROM {table}{where}")  # noqa: S608
            columns = ", ".join(q(c) for c in (*spec.keys, *spec.counts))
            # In day order, so that a period's rows lie together on disk (every key has its day or month 4th).
            cursor.execute(f"INSERT INTO {table} ({columns}) {spec.build or spec.select} ORDER BY 4")  # noqa: S608
            report.rows[spec.model.__name__] = cursor.rowcount
            if on_table is not None:
                on_table(spec.model.__name__, cursor.rowcount)
        cursor.execute(f"SELECT COUNT(*) FROM {_table(Inquiry)}"  # noqa: S608
                       + (f" WHERE municipality_id = {int(municipality_id)}" if municipality_id is not None else ""))
        report.inquiries = cursor.fetchone()[0]
    report.seconds = time.perf_counter() - started
    return report


def rollups_verify(*, municipality_id: int | None = None) -> RebuildReport:
    """Count the rows where a rollup and the raw log disagree, per rollup (0 everywhere = true)."""
    report = RebuildReport()
    started = time.perf_counter()
    q = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        _fill_workdays(cursor)
        if connection.vendor != "postgresql":
            _sqlite_source(cursor, municipality_id)
        where = f" AND municipality_id = {int(municipality_id)}" if municipality_id is not None else ""
        for spec in _specs(municipality_id):
            columns = ", ".join(q(c) for c in (*spec.keys, *spec.counts))
            stored = f"SELECT {columns} FROM {_table(spec.model)} WHERE {q('n')} <> 0{where}"  # noqa: S608
            cursor.execute(
                f"SELECT (SELECT COUNT(*) FROM ({spec.select} EXCEPT {stored}) a), "  # noqa: S608
                f"(SELECT COUNT(*) FROM ({stored} EXCEPT {spec.select}) b)"
            )
            missing, extra = cursor.fetchone()
            report.mismatches[spec.model.__name__] = missing + extra
    report.seconds = time.perf_counter() - started
    return report
