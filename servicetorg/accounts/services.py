"""Writes of accounts: API tokens for staff integrations.

A token's key is shown once, when it is made; only its SHA-256 is stored, so a
leaked database does not leak working keys.
"""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from servicetorg.accounts.models import ApiToken, User
from servicetorg.accounts.perms import Cap, user_can
from servicetorg.core.audit import audit_record
from servicetorg.core.models import AuditAction

# Makes a leaked key recognisable to secret scanners and to people.
KEY_PREFIX = "st_"
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
# Longer than any key we make; a longer value is not worth hashing.
MAX_KEY_LENGTH = 100


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User, name: str, by: User | None = None) -> tuple[ApiToken, str]:
    """Make a token for `user` and return it with its plain key, which is never available again.

    `by` is who asked for it (None when an operator runs the management command).
    """
    if not user.is_active or not user_can(user, Cap.USE_API):
        raise PermissionDenied(_("This account may not use the API."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the token a name.")]})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": [_("The name can be at most 100 characters.")]})

    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=key[:8], key_hash=_hash(key))
        audit_record(actor=by, action=AuditAction.CREATE_API_TOKEN, obj=token,
                     detail=f"{name} for {user.username}")
    return token, key


def api_token_authenticate(key: str) -> User | None:
    """The active user a key belongs to, or None for an unknown, revoked or malformed key.

    Looking the key up by its hash means no comparison of the secret itself
    runs in Python, so response times say nothing about how close a guess was.
    """
    if not isinstance(key, str) or not key.startswith(KEY_PREFIX) or len(key) > MAX_KEY_LENGTH:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        token.save(update_fields=["last_used_at"])
    return token.user


def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke a token at once. Its owner may, and so may an administrator of the owner's municipality."""
    owner = token.user
    allowed = by.pk == owner.pk or by.is_superuser or (
        user_can(by, Cap.USE_ADMIN) and by.municipality_id is not None
        and by.municipality_id == owner.municipality_id
    )
    if not (by.is_active and allowed):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
