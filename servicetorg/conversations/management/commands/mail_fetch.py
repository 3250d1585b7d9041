from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from servicetorg.conversations.mailin import mail_fetch


class Command(BaseCommand):
    help = "Take new messages from the shared mailbox over IMAP (MAIL_FETCH_* settings)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, limit=500, **options):
        if not settings.MAIL_FETCH_HOST:
            raise CommandError("Set MAIL_FETCH_HOST (and MAIL_FETCH_USER, MAIL_FETCH_PASSWORD or "
                               "MAIL_FETCH_OAUTH2_TOKEN).")
        result = mail_fetch(limit=limit)
        self.stdout.write(f"taken {result.taken}, new or threaded {result.created}, quarantined {result.quarantined}")
