from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW_PERSONAL_DATA = "view_personal_data", _("Viewed personal data")
    ADD_PERSONAL_DATA = "add_personal_data", _("Added personal data")
    DELETE_PERSONAL_DATA = "delete_personal_data", _("Deleted personal data")
    CREATE_API_TOKEN = "create_api_token", _("Created API token")
    FORWARD_INQUIRY = "forward_inquiry", _("Forwarded an inquiry")
    REPLY_TO_CITIZEN = "reply_to_citizen", _("Replied to a citizen")
    CLOSE_FORWARDING = "close_forwarding", _("Closed a forwarded inquiry")
    LOCKED_OUT = "locked_out", _("Locked out after wrong passwords")
    LOGOUT_EVERYWHERE = "logout_everywhere", _("Logged out everywhere")
    CHANGE_MFA = "change_mfa", _("Changed the second factor")
    READ_SENSITIVE_MESSAGE = "read_sensitive_message", _("Read a sensitive message")
    REFUSED_FREE_TEXT = "refused_free_text", _("Refused free text with personal data")
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Signed out")
    ROLE_CHANGE = "role_change", _("Changed role or privileges")
    EXPORT_AUDIT_LOG = "export_audit_log", _("Exported the audit log")


class AuditEvent(models.Model):
    """An append-only record of who did what to personal data. The
    application only ever inserts these rows."""

    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=40)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


class PeriodicRun(models.Model):
    """When each periodic task was last enqueued. The row lock on it makes the
    scheduler enqueue a task once per interval however many workers run one."""

    name = models.CharField(_("task"), max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued"))

    class Meta:
        verbose_name = _("periodic task run")
        verbose_name_plural = _("periodic task runs")

    def __str__(self) -> str:
        return self.name
