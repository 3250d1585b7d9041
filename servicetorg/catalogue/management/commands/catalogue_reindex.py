"""`manage.py catalogue_reindex [--municipality SLUG]`: build the search index again."""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from servicetorg.catalogue.search import index_rebuild
from servicetorg.organisation.models import Municipality


class Command(BaseCommand):
    help = (
        "Build the catalogue search index again from the services and articles: all municipalities, or one. "
        "Needed after changing the search's text rules or the national synonym list; the catalogue's own "
        "changes keep the index in step by themselves."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="Only this municipality (its slug).")

    def handle(self, *args, municipality: str | None, **options) -> None:
        target = None
        if municipality:
            target = Municipality.objects.filter(slug=municipality).first()
            if target is None:
                raise CommandError(_("There is no municipality with the slug “%(slug)s”.") % {"slug": municipality})
        started = time.perf_counter()
        rows = index_rebuild(municipality_id=target.pk if target else None)
        self.stdout.write(self.style.SUCCESS(
            f"Indexed {rows} services and articles in {time.perf_counter() - started:.1f} s."
        ))
