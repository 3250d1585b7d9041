import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One e-mail or SMS to a citizen or a colleague: an outbox row written in the
    same transaction as the work that needs it, delivered by a task after commit.

    The recipient and the text are personal data: they are erased
    NOTIFICATION_RETENTION_DAYS after the message is sent or given up on.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=5, choices=NotificationChannel.choices)
    recipient = models.CharField(_("recipient"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    # [{"filename", "mimetype", "content_b64"}]: small files such as an .ics.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    purpose = models.CharField(_("purpose"), max_length=60)
    # Extra e-mail headers, e.g. In-Reply-To and References so an answer joins the citizen's thread.
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=120, null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=NotificationStatus.choices,
                              default=NotificationStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    send_after = models.DateTimeField(_("send after"), default=timezone.now)
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    provider_reference = models.CharField(_("provider reference"), max_length=100, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            # The sweep reads only the few rows still waiting or in flight.
            models.Index(fields=["send_after"], name="notification_waiting",
                         condition=Q(status__in=["pending", "sending"])),
            models.Index(fields=["sent_at"], name="notification_to_erase",
                         condition=Q(erased_at__isnull=True, status__in=["sent", "failed"])),
        ]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "idempotency_key"], name="notification_idempotent",
                                    condition=Q(idempotency_key__isnull=False)),
            models.CheckConstraint(condition=Q(channel__in=NotificationChannel.values),
                                   name="notification_channel_valid"),
            models.CheckConstraint(condition=Q(status__in=NotificationStatus.values),
                                   name="notification_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.purpose} #{self.pk}"
