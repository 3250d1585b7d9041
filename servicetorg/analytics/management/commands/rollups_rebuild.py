"""`manage.py rollups_rebuild`: make the dashboard's rollups again from the raw log, and check them."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from servicetorg.analytics.rollups import rollups_rebuild, rollups_verify
from servicetorg.core.progress import progress
from servicetorg.organisation.models import Municipality


class Command(BaseCommand):
    help = ("Rebuild the pre-aggregated rollups of the inquiry log from scratch, then check every rollup "
            "against the raw log. --verify-only checks without rebuilding. Exits non-zero on a mismatch.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="Only this municipality (slug); default all.")
        parser.add_argument("--verify-only", action="store_true", help="Check the rollups, change nothing.")
        parser.add_argument("--no-verify", action="store_true", help="Rebuild without the check afterwards.")

    def handle(self, *args, municipality: str | None, verify_only: bool, no_verify: bool, **options) -> None:
        municipality_id = None
        if municipality:
            found = Municipality.objects.filter(slug=municipality).first()
            if found is None:
                raise CommandError(f"no municipality with slug {municipality!r}")
            municipality_id = found.pk
        if not verify_only:
            with progress(total=None, unit="table", desc="Rollups", stream=self.stderr) as tick:
                report = rollups_rebuild(municipality_id=municipality_id,
                                         on_table=lambda name, rows: tick(1, rows=rows))
            self.stdout.write(
                f"Rebuilt the rollups from {report.inquiries:,} inquiries in {report.seconds:.1f} s "
                f"({report.inquiries / max(report.seconds, 1e-9):,.0f} inquiries/s): "
                + ", ".join(f"{name} {rows:,}" for name, rows in report.rows.items())
            )
        if no_verify and not verify_only:
            return
        check = rollups_verify(municipality_id=municipality_id)
        for name, count in check.mismatches.items():
            self.stdout.write(f"  {name}: {'ok' if not count else f'{count:,} rows differ'}")
        if not check.ok:
            raise CommandError("the rollups do not match the raw log; run rollups_rebuild to repair them")
        self.stdout.write(self.style.SUCCESS(f"The rollups match the raw log (checked in {check.seconds:.1f} s)."))
