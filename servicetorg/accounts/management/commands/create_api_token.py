from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from servicetorg.accounts.models import User
from servicetorg.accounts.perms import Scope
from servicetorg.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a staff account and print its key. The key is shown only this once."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="username of the account the token acts as")
        parser.add_argument("--name", required=True, help="what the token is for, e.g. an integration")
        parser.add_argument("--scope", action="append", dest="scopes", metavar="SCOPE",
                            help=f"what the token may do (repeat for several): {', '.join(Scope)}; "
                                 "default: all the account's role allows")
        parser.add_argument("--expires-days", type=int, default=None,
                            help="days until the token expires (default API_TOKEN_DEFAULT_DAYS)")

    def handle(self, *args, user: str, name: str, scopes=None, expires_days=None, **options):
        try:
            account = User.objects.get(username=user)
        except User.DoesNotExist:
            raise CommandError(f"No user named {user!r}.") from None
        try:
            token, key = api_token_create(user=account, name=name, scopes=scopes, expires_days=expires_days)
        except PermissionDenied as exc:
            raise CommandError(str(exc) or f"{user} may not use the API.") from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        # The key alone on stdout, so a script can capture it; the reminder goes to stderr.
        self.stdout.write(key)
        self.stderr.write(f"Token {token} created for {account.username} with {' '.join(token.scopes)}, "
                          f"expires {token.expires_at:%Y-%m-%d}. Store the key now: it is not kept.")
