from django.db import models
from django.utils.translation import gettext_lazy as _

from servicetorg.accounts.models import Role


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


class OidcGroupMapping(models.Model):
    """A group of the municipality's identity provider (Entra ID: the group's object id)
    and what it gives a person who signs in with single sign-on."""

    group = models.CharField(_("group"), max_length=200, unique=True,
                             help_text=_("The group's id as the provider sends it in the groups claim."))
    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("municipality"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.FRONTLINE)
    sites = models.ManyToManyField("organisation.Site", blank=True, related_name="+", verbose_name=_("sites"))
    units = models.ManyToManyField("organisation.Unit", blank=True, related_name="+", verbose_name=_("units"))

    class Meta:
        verbose_name = _("single sign-on group")
        verbose_name_plural = _("single sign-on groups")

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()}"
