"""`manage.py demo_logins`: where to open the demo and how to log in."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from servicetorg.accounts.models import Role, User
from servicetorg.demo.loader import DEMO_URL, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo URL and the demo accounts (username, password, role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default=None,
                            help=f"The address to print (default PUBLIC_BASE_URL, else {DEMO_URL}).")

    def handle(self, *args, url: str | None, **options) -> None:
        # `make run PORT=…` sets PUBLIC_BASE_URL, so the banner, e-mails and SMS follow the port.
        url = url or settings.PUBLIC_BASE_URL or DEMO_URL
        existing = set(User.objects.filter(username__in=[u.username for u in DEMO_USERS])
                       .values_list("username", flat=True))
        rows = [("Username", "Password", "Role", "Where")]
        rows += [
            (u.username, u.password, str(Role(u.role).label), u.note + ("" if u.username in existing else " (missing)"))
            for u in DEMO_USERS
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        line = "  ".join("-" * w for w in widths)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Servicetorg demo: {url}"))
        self.stdout.write("")
        for i, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
            if i == 0:
                self.stdout.write(line)
        if len(existing) < len(DEMO_USERS):
            self.stdout.write("")
            self.stdout.write(self.style.WARNING("Some demo accounts are missing: run `manage.py load_demo`."))
        self.stdout.write("")
