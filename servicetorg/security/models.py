from django.db import models
from django.utils.translation import gettext_lazy as _


class SealedMessage(models.Model):
    """The message of a forward to a sensitive unit, encrypted with the municipality's
    key. Only the receiving unit's caseworkers read it (every read is audited); it is
    deleted on the unit's retention schedule. Deliberately not in the admin."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    event = models.OneToOneField("forwarding.ForwardingEvent", on_delete=models.CASCADE, related_name="sealed")
    ciphertext = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sealed message")
        verbose_name_plural = _("sealed messages")

    def __str__(self) -> str:
        return f"sealed message {self.pk}"
