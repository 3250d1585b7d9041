"""Writes of accounts: API tokens for staff integrations.

A token's key is shown once, when it is made; only its SHA-256 is stored, so a
leaked database does not leak working keys.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from servicetorg.accounts.models import ApiToken, User
from servicetorg.accounts.perms import Cap, Scope, scopes_for_user, user_can
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


def api_token_create(
    *, user: User, name: str, by: User | None = None, scopes: list[str] | None = None,
    expires_days: int | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for `user` and return it with its plain key, which is never available again.

    `by` is who asked for it (None when an operator runs the management command).
    `scopes` default to all the owner's role allows, and may not exceed it; the
    token expires after `expires_days` (API_TOKEN_DEFAULT_DAYS when not given).
    """
    if not user.is_active or not user_can(user, Cap.USE_API):
        raise PermissionDenied(_("This account may not use the API."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the token a name.")]})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": [_("The name can be at most 100 characters.")]})
    allowed = scopes_for_user(user)
    if scopes is None:
        chosen = sorted(allowed)
    else:
        unknown = [scope for scope in scopes if scope not in Scope.__members__.values()]
        if unknown:
            raise ValidationError({"scopes": [_("Unknown scope: %(scope)s. Known: %(known)s.") % {
                "scope": unknown[0], "known": ", ".join(Scope)}]})
        beyond = sorted(set(scopes) - allowed)
        if beyond:
            raise ValidationError({"scopes": [_("The account's role does not allow the scope %(scope)s.") % {
                "scope": beyond[0]}]})
        chosen = sorted(set(scopes))
    if not chosen:
        raise ValidationError({"scopes": [_("Give the token at least one scope.")]})
    days = settings.API_TOKEN_DEFAULT_DAYS if expires_days is None else expires_days
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError({"expires_days": [_("A token expires after 1 to %(max)s days.") % {
            "max": settings.API_TOKEN_MAX_DAYS}]})

    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=key[:8], key_hash=_hash(key),
                                        scopes=[str(scope) for scope in chosen],
                                        expires_at=timezone.now() + dt.timedelta(days=days))
        audit_record(actor=by, action=AuditAction.CREATE_API_TOKEN, obj=token,
                     detail=f"{name} for {user.username}: {' '.join(token.scopes)}, {days} days")
    return token, key


def api_token_effective_scopes(token: ApiToken) -> frozenset[str]:
    """What the token may do now: its own scopes, capped by what its owner's role allows today."""
    return frozenset(token.scopes or ()) & {str(scope) for scope in scopes_for_user(token.user)}


def api_token_authenticate(key: str) -> User | None:
    """The active user a key belongs to, or None for an unknown, revoked, expired or malformed key."""
    token = api_token_get(key)
    return token.user if token is not None else None


def api_token_get(key: str) -> ApiToken | None:
    """The live token of a key (its owner active), or None for an unknown, revoked, expired or malformed key.

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
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        token.save(update_fields=["last_used_at"])
    return token


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
