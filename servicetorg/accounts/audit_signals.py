"""Sign-ins, failed sign-ins and sign-outs go to the audit log. Django's auth
signals are the only place every login path (the form, the admin, SSO) passes."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from servicetorg.core.audit import audit_account_event
from servicetorg.core.models import AuditAction


def _address(request) -> str:
    return (request.META.get("REMOTE_ADDR", "") if request is not None else "")[:45]


def on_logged_in(sender, request, user, **kwargs):
    audit_account_event(actor=user, subject=user, action=AuditAction.LOGIN, detail=f"from {_address(request)}")


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_account_event(actor=user, subject=user, action=AuditAction.LOGOUT, detail=f"from {_address(request)}")


def on_login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` has the password masked by Django; only the username is kept.
    username = str(credentials.get("username", ""))[:150]
    account = get_user_model().objects.filter(username=username).only("pk", "municipality_id").first()
    audit_account_event(actor=None, subject=account, action=AuditAction.LOGIN_FAILED,
                        detail=f"{username} from {_address(request)}")


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="servicetorg.audit.login")
    user_logged_out.connect(on_logged_out, dispatch_uid="servicetorg.audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="servicetorg.audit.login_failed")
