"""Reads of the task-transfer register, scoped to the acting person.

"Not found" and "forbidden" look the same: a person who may not see a unit's
register gets a 404 for it, as if it did not exist."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum
from django.http import Http404

from servicetorg.analytics.models import SiteMonthlyRollup
from servicetorg.inquiries.models import FIRST_CONTACT_OUTCOMES, Inquiry
from servicetorg.organisation.models import Unit, UnitKind
from servicetorg.transfers.models import CARRIED_BY_CENTRE, PLANNED, MandateReport, StaffPosition, Status, Task
from servicetorg.transfers.services import register_can_edit, transfers_can_assess
from servicetorg.transfers.volumes import fte_basis_hours, full_time_hours, hours_to_fte, monthly_hours_exact

OSLO = ZoneInfo("Europe/Oslo")


def units_visible(*, user):
    """The units whose registers the person may open, with their task counts."""
    units = Unit.objects.filter(municipality_id=user.municipality_id, kind=UnitKind.INTERNAL)
    if not transfers_can_assess(user=user):
        units = units.filter(leaderships__user=user)
    return units.annotate(
        tasks=Count("transfer_tasks", distinct=True),
        transferring=Count("transfer_tasks", filter=Q(transfer_tasks__recommendation__in=["transfer", "transfer_part"]),
                           distinct=True),
    ).order_by("name")


def may_use_transfers(*, user) -> bool:
    if not (user and user.is_authenticated):
        return False
    return transfers_can_assess(user=user) or user.unit_leaderships.exists()


def unit_get(*, user, slug: str) -> Unit:
    unit = Unit.objects.filter(municipality_id=user.municipality_id, slug=slug).first()
    if unit is None or not register_can_edit(user=user, unit=unit):
        raise Http404
    return unit


def task_get(*, user, unit: Unit, pk: int) -> Task:
    task = (Task.objects.filter(unit=unit, pk=pk)
            .select_related("unit", "service", "catalogue_area", "assessed_by").first())
    if task is None:
        raise Http404
    return task


@dataclass
class TaskRow:
    task: Task
    months: list[Fraction]
    year: int

    @property
    def month_cells(self) -> list[tuple[int, float, float]]:
        """(month, hours, FTE) for each month of the year."""
        return [(m, float(h), hours_to_fte(h, year=self.year, month=m)) for m, h in enumerate(self.months, start=1)]

    @property
    def hours_year(self) -> float:
        return float(sum(self.months))

    @property
    def hours_month(self) -> float:
        return self.hours_year / 12

    @property
    def fte(self) -> float:
        return self.hours_year / fte_basis_hours()


@dataclass
class Register:
    unit: Unit
    year: int
    rows: list[TaskRow]
    report: MandateReport | None

    def by_step(self) -> list[tuple[int, list[TaskRow]]]:
        return [(step, [r for r in self.rows if r.task.step == step]) for step in (1, 2, 3, 4)]

    @property
    def proposed_transfers(self) -> list[TaskRow]:
        return [r for r in self.rows if r.task.recommendation in ("transfer", "transfer_part")]

    @property
    def kept(self) -> list[TaskRow]:
        return [r for r in self.rows if r.task.recommendation not in ("transfer", "transfer_part")]

    @property
    def transfer_hours_year(self) -> float:
        return sum(r.hours_year for r in self.proposed_transfers)

    @property
    def transfer_fte(self) -> float:
        return self.transfer_hours_year / fte_basis_hours()

    @property
    def systems(self) -> list[tuple[str, str]]:
        """Each system the service centre needs access to, with the widest access asked for:
        for the tasks it takes over, and read access to answer questions on tasks the unit keeps."""
        rank = {"none": 0, "read": 1, "write": 2}
        wanted: dict[str, Task] = {}
        for row in self.rows:
            if row.task.access == "none":
                continue
            for name in (s.strip() for s in row.task.systems.split(",")):
                if name and (name not in wanted or rank[row.task.access] > rank[wanted[name].access]):
                    wanted[name] = row.task
        return [(name, task.get_access_display()) for name, task in sorted(wanted.items())]


def register_get(*, unit: Unit, year: int) -> Register:
    """The unit's register with each task's hours per month in `year`: two queries."""
    tasks = list(Task.objects.filter(unit=unit).select_related("service", "catalogue_area", "assessed_by"))
    rows = [TaskRow(task=t, months=monthly_hours_exact(t.volume, year), year=year) for t in tasks]
    return Register(unit=unit, year=year, rows=rows, report=MandateReport.objects.filter(unit=unit).first())


def inquiry_workload(*, municipality_id: int, year: int) -> list[tuple[int, float]]:
    """(count, hours) of logged inquiries in each month of `year` (Oslo time), from the dashboard's
    monthly rollup: one small query, whatever the size of the log."""
    rows = (SiteMonthlyRollup.objects.filter(municipality_id=municipality_id,
                                             month__range=(dt.date(year, 1, 1), dt.date(year, 12, 1)))
            .values("month").annotate(count=Sum("n"), seconds=Sum("handling_seconds")).order_by())
    by_month = {row["month"].month: (row["count"], row["seconds"] / 3600) for row in rows}
    return [by_month.get(month, (0, 0.0)) for month in range(1, 13)]


@dataclass
class CapacityMonth:
    year: int
    month: int
    transferred: float
    planned: float
    proposed: float
    inquiries: int
    inquiry_hours: float
    staff_hours: float
    peak: bool = False

    @property
    def load(self) -> float:
        """Hours the centre carries now, plus what is agreed or in training."""
        return self.transferred + self.planned + self.inquiry_hours

    @property
    def load_with_proposed(self) -> float:
        return self.load + self.proposed

    @property
    def free(self) -> float:
        return self.staff_hours - self.load_with_proposed

    @property
    def utilisation(self) -> float:
        return self.load_with_proposed / self.staff_hours if self.staff_hours else 0.0

    @property
    def transfer_fte(self) -> float:
        return hours_to_fte(Fraction(self.transferred + self.planned + self.proposed), year=self.year,
                            month=self.month)

    def share(self, hours: float) -> float:
        """Percent of the staff hours, for the bars (capped at 100)."""
        return min(100.0, 100 * hours / self.staff_hours) if self.staff_hours else 0.0


@dataclass
class Capacity:
    year: int
    staff_fte: Decimal
    positions: list[StaffPosition]
    months: list[CapacityMonth] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)

    @property
    def over(self) -> list[CapacityMonth]:
        return [m for m in self.months if m.free < 0]

    @property
    def totals(self) -> dict:
        keys = ("transferred", "planned", "proposed", "inquiry_hours", "staff_hours")
        return {k: sum(getattr(m, k) for m in self.months) for k in keys} | {
            "inquiries": sum(m.inquiries for m in self.months)}


def capacity_get(*, municipality_id: int, year: int) -> Capacity:
    """The centre's workload per month of `year`: the tasks it carries (transferred,
    evaluated), those agreed or in training, those proposed for transfer, and the
    inquiries in the log, against the staff's hours. A month is a peak when the
    transferred tasks take more than one and a half times their monthly average."""
    positions = list(StaffPosition.objects.filter(municipality_id=municipality_id).prefetch_related("sites"))
    staff_fte = sum((p.fte for p in positions), Decimal(0))
    tasks = list(
        Task.objects.filter(municipality_id=municipality_id, recommendation__in=["transfer", "transfer_part"])
        .select_related("unit")
    )
    rows = [TaskRow(task=t, months=monthly_hours_exact(t.volume, year), year=year) for t in tasks]
    workload = inquiry_workload(municipality_id=municipality_id, year=year)
    months = []
    for index in range(12):
        parts = {"transferred": 0.0, "planned": 0.0, "proposed": 0.0}
        for row in rows:
            key = ("transferred" if row.task.status in CARRIED_BY_CENTRE
                   else "planned" if row.task.status in PLANNED else "proposed")
            parts[key] += float(row.months[index])
        count, hours = workload[index]
        staff_hours = float(staff_fte) * float(full_time_hours(year, index + 1))
        months.append(CapacityMonth(year=year, month=index + 1, inquiries=count, inquiry_hours=hours,
                                    staff_hours=staff_hours, **parts))
    task_hours = [m.transferred + m.planned + m.proposed for m in months]
    average = sum(task_hours) / 12
    for month, hours in zip(months, task_hours, strict=True):
        month.peak = average > 0 and hours > 1.5 * average
    return Capacity(year=year, staff_fte=staff_fte, positions=positions, months=months, tasks=rows)


@dataclass
class Evaluation:
    since: dt.date
    count: int
    first_contact: int
    hours: float

    @property
    def first_contact_share(self) -> float | None:
        return self.first_contact / self.count if self.count else None

    @property
    def minutes_each(self) -> float | None:
        return self.hours * 60 / self.count if self.count else None


def task_evaluation(*, task: Task) -> Evaluation | None:
    """The inquiries on the task's catalogue service since it was transferred: one aggregate query."""
    if task.service_id is None or task.transferred_on is None:
        return None
    since = dt.datetime.combine(task.transferred_on, dt.time.min, tzinfo=OSLO)
    figures = Inquiry.objects.filter(
        municipality_id=task.municipality_id, service_id=task.service_id, received_at__gte=since,
    ).aggregate(
        count=Count("id"), first_contact=Count("id", filter=Q(outcome__in=FIRST_CONTACT_OUTCOMES)),
        seconds=Sum("handling_seconds"),
    )
    return Evaluation(since=task.transferred_on, count=figures["count"], first_contact=figures["first_contact"],
                      hours=(figures["seconds"] or 0) / 3600)


def status_counts(*, unit: Unit) -> dict[str, int]:
    counts = dict(Task.objects.filter(unit=unit).values_list("status").annotate(n=Count("id")))
    return {s.value: counts.get(s.value, 0) for s in Status}
