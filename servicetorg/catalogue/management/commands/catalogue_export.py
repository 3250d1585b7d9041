"""`manage.py catalogue_export --municipality SLUG --format json|csv [-o FILE]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from servicetorg.catalogue.importexport import catalogue_export
from servicetorg.organisation.models import Municipality


class Command(BaseCommand):
    help = (
        "Export a municipality's catalogue in the import format (JSON: services and articles; CSV: services), "
        "so it can be edited and imported again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="The municipality's slug.")
        parser.add_argument("--format", choices=["json", "csv"], required=True, dest="fmt")
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")

    def handle(self, *args, municipality: str, fmt: str, output: str | None, **options) -> None:
        try:
            target = Municipality.objects.get(slug=municipality)
        except Municipality.DoesNotExist:
            raise CommandError(_("There is no municipality with the slug “%(slug)s”.") % {"slug": municipality}) \
                from None
        text = catalogue_export(municipality=target, fmt=fmt)
        if output:
            # newline="": the CSV writer already ends rows with CRLF, as the CSV standard says.
            Path(output).write_text(text, encoding="utf-8", newline="")
        else:
            self.stdout.write(text, ending="")
