import time

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from servicetorg.core.models import AuditAction, AuditEvent
from servicetorg.security.mfa import mfa_needed
from servicetorg.security.middleware import LAST_SEEN_KEY, MFA_SESSION_KEY


@receiver(user_logged_in, dispatch_uid="security-session-last-seen")
def on_logged_in(sender, request, user, **kwargs):
    # The idle clock starts at login; without this the first page would write the session again.
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())
        need = mfa_needed(user)
        if need:
            request.session[MFA_SESSION_KEY] = need


@receiver(user_locked_out, dispatch_uid="security-locked-out-audit")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    user = get_user_model().objects.filter(username=username).first() if username else None
    AuditEvent.objects.create(
        municipality_id=getattr(user, "municipality_id", None),
        actor=None,
        action=AuditAction.LOCKED_OUT,
        object_type="accounts.user",
        object_id=str(user.pk) if user else "",
        detail=f"username={username or ''} address={ip_address or ''}"[:300],
    )
