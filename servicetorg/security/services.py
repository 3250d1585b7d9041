import secrets

from django.db import transaction

from servicetorg.core.audit import audit_record
from servicetorg.core.models import AuditAction


@transaction.atomic
def user_logout_everywhere(*, user) -> None:
    """End every session of `user` on every device: a new session salt changes the
    account's session hash, which Django compares on each request."""
    user.session_salt = secrets.token_hex(16)
    user.save(update_fields=["session_salt"])
    audit_record(actor=user, action=AuditAction.LOGOUT_EVERYWHERE, obj=user)
