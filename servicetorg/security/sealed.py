"""Sensitive messages: stored encrypted, read only by the receiving unit, every read audited."""

import datetime as dt

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from servicetorg.accounts.models import Role
from servicetorg.core.audit import audit_record
from servicetorg.core.models import AuditAction, AuditEvent
from servicetorg.security.crypto import municipality_cipher
from servicetorg.security.models import SealedMessage


def sealed_message_store(*, event, unit, text: str) -> SealedMessage:
    """Encrypt `text` for `unit` and keep it with the forwarding event (inside the caller's transaction)."""
    token = municipality_cipher(event.municipality_id).encrypt(text.encode())
    return SealedMessage.objects.create(municipality_id=event.municipality_id, unit=unit, event=event,
                                        ciphertext=token.decode())


def sealed_message_may_read(*, sealed: SealedMessage, user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role == Role.CASEWORKER
        and user.municipality_id == sealed.municipality_id
        and user.units.filter(pk=sealed.unit_id).exists()
    )


@transaction.atomic
def sealed_message_read(*, sealed: SealedMessage, by) -> str:
    """The plain text, for a caseworker of the receiving unit only; the read is audited."""
    if not sealed_message_may_read(sealed=sealed, user=by):
        raise PermissionDenied(_("Only the receiving unit's caseworkers may read this message."))
    try:
        text = municipality_cipher(sealed.municipality_id).decrypt(sealed.ciphertext.encode()).decode()
    except InvalidToken:
        raise PermissionDenied(_("The message cannot be opened with the keys configured.")) from None
    audit_record(actor=by, action=AuditAction.READ_SENSITIVE_MESSAGE, obj=sealed,
                 detail=f"forwarding {sealed.event.forwarding.reference}")
    return text


def sealed_messages_rotate() -> int:
    """Re-encrypt every sealed message with the newest key; returns how many."""
    count = 0
    for sealed in SealedMessage.objects.only("pk", "municipality_id", "ciphertext").iterator():
        rotated = municipality_cipher(sealed.municipality_id).rotate(sealed.ciphertext.encode()).decode()
        SealedMessage.objects.filter(pk=sealed.pk).update(ciphertext=rotated)
        count += 1
    return count


def sealed_messages_erase_expired(*, now: dt.datetime | None = None) -> int:
    """Delete the sealed messages of forwardings closed more than SENSITIVE_MESSAGE_RETENTION_DAYS ago."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.SENSITIVE_MESSAGE_RETENTION_DAYS)
    expired = SealedMessage.objects.filter(event__forwarding__closed_at__lt=cutoff)
    with transaction.atomic():
        rows = list(expired.values_list("pk", "municipality_id"))
        AuditEvent.objects.bulk_create(
            AuditEvent(municipality_id=municipality_id, actor=None, action=AuditAction.DELETE_PERSONAL_DATA,
                       object_type=SealedMessage._meta.label_lower, object_id=str(pk),
                       detail="retention: sealed message")
            for pk, municipality_id in rows
        )
        return SealedMessage.objects.filter(pk__in=[pk for pk, _m in rows]).delete()[0]
