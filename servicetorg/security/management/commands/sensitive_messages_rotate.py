from django.core.management.base import BaseCommand

from servicetorg.security.sealed import sealed_messages_rotate


class Command(BaseCommand):
    help = "Re-encrypt every sealed message with the first key of SENSITIVE_MESSAGE_KEYS."

    def handle(self, *args, **options):
        count = sealed_messages_rotate()
        self.stdout.write(f"Re-encrypted {count} sealed messages.")
