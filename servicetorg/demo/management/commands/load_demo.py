"""`manage.py load_demo`: the demo municipality, built once (`make run` calls this every time)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from servicetorg.demo.loader import HISTORY_DAYS, HISTORY_PER_DAY, HISTORY_SEED, MUNICIPALITY, demo_load


class Command(BaseCommand):
    help = (
        "Create the demo municipality (Sandefjord): sites, opening hours, units, a starter catalogue, "
        "one user per role and two years of synthetic inquiries. Does nothing if it already exists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--history-days", type=int, default=HISTORY_DAYS,
                            help=f"Days of synthetic history ending yesterday (default {HISTORY_DAYS}).")
        parser.add_argument("--per-day", type=float, default=HISTORY_PER_DAY,
                            help=f"Mean inquiries per ordinary weekday (default {HISTORY_PER_DAY}).")
        parser.add_argument("--no-history", action="store_true", help="Create no synthetic inquiries.")
        parser.add_argument("--seed", type=int, default=HISTORY_SEED,
                            help="Random seed for the history, for a repeatable demo.")

    def handle(self, *args, history_days: int, per_day: float, no_history: bool, seed: int, **options) -> None:
        if history_days < 0 or per_day < 0:
            raise CommandError("--history-days and --per-day must be zero or more")
        result = demo_load(history_days=0 if no_history else history_days, per_day=per_day, seed=seed)
        if not result.created:
            self.stdout.write(f"Demo municipality {MUNICIPALITY['name']} already exists: nothing to do.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"Created demo municipality {result.municipality.name}: {result.sites} sites, {result.units} units, "
            f"{result.services} services, {result.users} users, {result.exceptions} opening exceptions."
        ))
        if result.inquiries:
            self.stdout.write(
                f"Generated {result.inquiries:,} synthetic inquiries over {history_days} days "
                f"in {result.history_seconds:.1f} s."
            )
