"""`manage.py catalogue_import FILE --municipality SLUG [--dry-run]`: load a catalogue file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from servicetorg.catalogue.importexport import catalogue_import, read_upload
from servicetorg.organisation.models import Municipality


class Command(BaseCommand):
    help = (
        "Import services (and, from JSON, articles) into a municipality's catalogue from a .json or .csv file "
        "in the format of servicetorg/catalogue/data/FORMAT.md. If any row is bad, nothing is imported and "
        "every bad row is listed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A .json or .csv file.")
        parser.add_argument("--municipality", required=True, help="The municipality's slug.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")

    def handle(self, *args, file: str, municipality: str, dry_run: bool, **options) -> None:
        path = Path(file)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("json", "csv"):
            raise CommandError(_("The file must end in .json or .csv."))
        try:
            target = Municipality.objects.get(slug=municipality)
        except Municipality.DoesNotExist:
            raise CommandError(_("There is no municipality with the slug “%(slug)s”.") % {"slug": municipality}) \
                from None
        try:
            text = read_upload(path.read_bytes())
        except OSError as error:
            raise CommandError(str(error)) from None
        source = {"csv_text": text} if fmt == "csv" else {"json_text": text}
        report = catalogue_import(municipality=target, dry_run=dry_run, **source)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            message = ngettext(
                "Nothing was imported: %(count)s problem in %(file)s.",
                "Nothing was imported: %(count)s problems in %(file)s.",
                len(report.errors),
            ) % {"count": len(report.errors), "file": path.name}
            raise CommandError(message, returncode=1)
        summary = _(
            "Services: %(created)s created, %(updated)s updated, %(unchanged)s unchanged. "
            "Articles: %(articles_created)s created, %(articles_updated)s updated, "
            "%(articles_unchanged)s unchanged."
        ) % vars(report)
        if dry_run:
            self.stdout.write(_("Dry run, nothing was written.") + " " + summary)
        else:
            self.stdout.write(self.style.SUCCESS(summary))
