"""`manage.py contact_retention`: which contact details the retention job deletes.

Lists each inquiry whose contact details are due (id, reference, deletion date),
never the details themselves.
`--delete` deletes them now, as the scheduled job does."""

from django.core.management.base import BaseCommand, CommandParser

from servicetorg.forwarding.services import contacts_delete_expired, contacts_expired


class Command(BaseCommand):
    help = "Show the contact details past their deletion date (with --delete: delete them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="Delete them now instead of only showing them.")

    def handle(self, *args, delete: bool, **options) -> None:
        rows = list(contacts_expired().order_by("delete_after", "inquiry_id")
                    .values_list("inquiry_id", "inquiry__forwarding__reference", "delete_after"))
        total = len(rows)
        if not total:
            self.stdout.write("No contact details are due for deletion.")
            return
        self.stdout.write("inquiry     reference   delete after")
        for inquiry_id, reference, delete_after in rows:
            self.stdout.write(f"{inquiry_id:<11} {reference or '–':<11} {delete_after:%Y-%m-%d}")
        if delete:
            deleted = contacts_delete_expired()
            self.stdout.write(self.style.SUCCESS(f"Deleted contact details of {deleted} inquiries."))
        else:
            self.stdout.write(f"{total} contact details would be deleted. Run with --delete to delete them now.")
