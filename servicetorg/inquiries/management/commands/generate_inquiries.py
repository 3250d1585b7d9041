"""`manage.py generate_inquiries`: synthetic inquiry history for demos and load tests."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from servicetorg.core.progress import progress
from servicetorg.inquiries import hooks
from servicetorg.inquiries.generator import inquiries_generate
from servicetorg.organisation.models import Municipality


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = (
        "Write synthetic inquiries for a municipality: weekday, hour and seasonal patterns, public holidays, "
        "and a channel mix drifting toward digital. For demos and load tests, never for production data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30, help="Number of days, ending at --end (default 30).")
        volume = parser.add_mutually_exclusive_group()
        volume.add_argument("--per-day", type=float, default=150,
                            help="Mean inquiries on an ordinary weekday across all sites (default 150).")
        volume.add_argument("--total", type=int, help="Exactly this many inquiries over the period instead.")
        parser.add_argument("--municipality", default="sandefjord", help="Municipality slug (default sandefjord).")
        parser.add_argument("--end", type=_date, help="Last day, YYYY-MM-DD (default yesterday).")
        parser.add_argument("--seed", type=int, help="Random seed, for a repeatable run.")

    def handle(self, *args, days: int, per_day: float, total: int | None, municipality: str,
               end: dt.date | None, seed: int | None, **options) -> None:
        today = timezone.localdate()
        end = end or today - dt.timedelta(days=1)
        if end >= today:
            raise CommandError("--end must be yesterday or earlier: synthetic history never reaches today")
        if days < 1:
            raise CommandError("--days must be at least 1")
        if per_day < 0 or (total is not None and total < 0):
            raise CommandError("the volume must be zero or more")
        found = Municipality.objects.filter(slug=municipality).first()
        if found is None:
            raise CommandError(f"no municipality with slug {municipality!r} (run `manage.py load_demo` first?)")
        start = end - dt.timedelta(days=days - 1)
        started = time.perf_counter()
        try:
            with progress(total=days, unit="day", desc="Inquiries", stream=self.stderr) as tick:
                written = inquiries_generate(municipality=found, start=start, end=end, per_day=per_day,
                                             total=total, seed=seed, on_day=lambda rows: tick(1, rows=rows))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        seconds = time.perf_counter() - started
        with progress(total=None, unit="table", desc="Rollups", stream=self.stderr) as tick:
            # bulk rows bypass the services' counters: the rollups are built again
            hooks.bulk_loaded(municipality_id=found.pk, on_table=lambda name, rows: tick(1, rows=rows))
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {written:,} inquiries for {found.name}, {start} to {end}, in {seconds:.1f} s "
            f"({written / max(seconds, 1e-9):,.0f} rows/s)."
        ))
