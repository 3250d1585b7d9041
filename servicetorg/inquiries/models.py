from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    SOCIAL = "social", _("Social media")
    CHAT = "chat", _("Chat")
    WEB_FORM = "web_form", _("Web form")
    LETTER = "letter", _("Letter")
    VIDEO = "video", _("Video")


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    SELF_SERVICE = "self_service", _("Guided to self-service")
    DIGITAL_HELP = "digital_help", _("Helped with a digital service")
    FORWARDED = "forwarded", _("Forwarded to a unit")
    APPOINTMENT = "appointment", _("Appointment booked")
    REFERRED = "referred", _("Referred to an external body")
    TRANSFERRED = "transferred", _("Call transferred")
    UNRESOLVED = "unresolved", _("Not resolved")


# Resolved at first contact: the person left with what they came for.
FIRST_CONTACT_OUTCOMES = (Outcome.ANSWERED, Outcome.SELF_SERVICE, Outcome.DIGITAL_HELP)


class Language(models.TextChoices):
    NB = "nb", _("Bokmål")
    NN = "nn", _("Nynorsk")
    EN = "en", _("English")
    SE = "se", _("Northern Sami")
    PL = "pl", _("Polish")
    UK = "uk", _("Ukrainian")
    AR = "ar", _("Arabic")
    SO = "so", _("Somali")
    TI = "ti", _("Tigrinya")
    OTHER = "other", _("Other language")


class Inquiry(models.Model):
    """One inquiry to a service centre (henvendelse). Anonymous by design: no
    name, phone or ID here. Contact details, when a follow-up needs them, live
    in InquiryContact and can be deleted without touching the statistics."""

    # The composite indexes in Meta lead with municipality, site, handled_by and
    # forwarded_to, so those foreign keys need no single-column index of their own:
    # every index costs time on each of the millions of writes.
    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    received_at = models.DateTimeField(_("received"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    site = models.ForeignKey("organisation.Site", on_delete=models.PROTECT, related_name="inquiries",
                             verbose_name=_("site"), db_index=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="inquiries",
        verbose_name=_("handled by"), db_index=False,
    )
    service = models.ForeignKey(
        "catalogue.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="inquiries",
        verbose_name=_("service"),
    )
    # Always set: the service's area, or the area chosen when no service fits.
    area = models.ForeignKey("catalogue.Area", on_delete=models.PROTECT, related_name="inquiries",
                             verbose_name=_("area"))
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices)
    forwarded_to = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="inquiries",
        verbose_name=_("forwarded to"), db_index=False,
    )
    # None: not measured, or measured implausibly (a clock never started, seconds of typing after the call).
    handling_seconds = models.PositiveIntegerField(_("handling time (seconds)"), null=True, blank=True, default=0)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.NB)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Copied from the service or unit when written: a sensitive inquiry never keeps free text.
    sensitive = models.BooleanField(_("sensitive"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When the citizen first got an answer, for written inquiries answered before they were logged
    # (the inbox); "answered within one working day" counts from it, else from when it was logged.
    answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["municipality", "-received_at", "-id"], name="inquiry_muni_received"),
            models.Index(fields=["handled_by", "-received_at"], name="inquiry_handler_received"),
            models.Index(fields=["site", "-received_at"], name="inquiry_site_received"),
            models.Index(fields=["forwarded_to", "-received_at"], name="inquiry_unit_received",
                         condition=Q(forwarded_to__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(sensitive=False) | Q(note=""), name="inquiry_sensitive_has_no_note"),
            models.CheckConstraint(
                condition=~Q(outcome="forwarded") | Q(forwarded_to__isnull=False),
                name="inquiry_forwarded_has_unit",
            ),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="inquiry_channel_valid"),
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="inquiry_outcome_valid"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.received_at:%Y-%m-%d %H:%M}"

    @property
    def resolved_at_first_contact(self) -> bool:
        return self.outcome in FIRST_CONTACT_OUTCOMES


class InquiryContact(models.Model):
    """Contact details for an inquiry that needs a follow-up. Personal data:
    kept only as long as needed (delete_after), every read is audited."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    inquiry = models.OneToOneField(Inquiry, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delete_after = models.DateField(_("delete after"), db_index=True)

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")
        constraints = [
            models.CheckConstraint(condition=~Q(phone="") | ~Q(email=""), name="contact_has_phone_or_email"),
        ]

    def __str__(self) -> str:
        return f"contact for inquiry #{self.inquiry_id}"
