from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FRONTLINE = "frontline", _("Frontline staff")
    LEADER = "leader", _("Service centre leader")
    CASEWORKER = "caseworker", _("Caseworker")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A staff account. Citizens have no accounts."""

    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, null=True, blank=True,
        related_name="users", verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.FRONTLINE)
    # An inter-municipal cooperation (Innherred: Levanger and Verdal): the other municipalities this
    # person also acts for, with the same role. The tenant boundary (core.tenancy) covers all of them.
    serves = models.ManyToManyField(
        "organisation.Municipality", blank=True, related_name="cooperating_staff",
        verbose_name=_("also serves"),
        help_text=_("Other municipalities this person works for in an inter-municipal cooperation."),
    )
    sites = models.ManyToManyField("organisation.Site", blank=True, related_name="staff", verbose_name=_("sites"))
    units = models.ManyToManyField("organisation.Unit", blank=True, related_name="staff", verbose_name=_("units"))
    # The quick-log remembers the channel and site of this person's last inquiry.
    last_channel = models.CharField(_("last channel"), max_length=12, blank=True)
    last_site = models.ForeignKey(
        "organisation.Site", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("last site"),
    )

    # Changed by "log out everywhere": every session made before no longer matches
    # the account's session hash (Django checks it on each request) and ends.
    # db_default: the version still running during an upgrade inserts accounts without this column.
    session_salt = models.CharField(max_length=32, blank=True, editable=False, default="", db_default="")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def _get_session_auth_hash(self, secret=None):
        if not self.session_salt:
            return super()._get_session_auth_hash(secret=secret)
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "servicetorg.accounts.User.session_auth_hash", f"{self.password}:{self.session_salt}",
            secret=secret, algorithm="sha256",
        ).hexdigest()

    def served_municipality_ids(self) -> set[int]:
        """The other municipalities this person acts for (read once per request)."""
        cached = getattr(self, "_served_ids", None)
        if cached is None:
            cached = set(self.serves.values_list("pk", flat=True)) if self.pk else set()
            self._served_ids = cached
        return cached

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token for a staff integration. Only the SHA-256 of the key is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # What the token may do (accounts.perms.Scope values), always capped at use by its owner's role.
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
