from django.core.management.base import BaseCommand

from servicetorg.security.oidc import oidc_discovery


class Command(BaseCommand):
    help = "Print the OIDC_* endpoint settings of an issuer, read from its discovery document."

    def add_arguments(self, parser):
        parser.add_argument("issuer", help="e.g. https://login.microsoftonline.com/<tenant-id>/v2.0")

    def handle(self, *args, issuer, **options):
        for name, value in oidc_discovery(issuer).items():
            self.stdout.write(f"{name}={value}")
