"""Written inquiries as they arrive: e-mail, SMS and the web contact form.

A Conversation is the centre's work item (queue, status, who has it, the service
it turned out to be about); its Messages carry the text. The sender's address or
number is personal data and lives apart in ConversationContact, erasable on its
own and audited on every read; the statistics are the anonymous Inquiry the
conversation writes when it is closed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConversationChannel(models.TextChoices):
    # Values shared with inquiries.Channel, so the inquiry gets the same channel.
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WEB_FORM = "web_form", _("Web form")
    CHAT = "chat", _("Chat")
    SOCIAL = "social", _("Social media")


class ConversationStatus(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting for the citizen")
    CLOSED = "closed", _("Closed")


class Queue(models.Model):
    """One of the centre's inboxes: a site's or a team's address. Mail to the
    addresses mapped to it, and SMS to its number, land here."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    site = models.ForeignKey("organisation.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site"),
                             help_text=_("The service centre whose statistics the closed conversations count for."))
    sms_number = models.CharField(_("SMS number"), max_length=30, blank=True,
                                  help_text=_("The number citizens send SMS to, in E.164 (+4759000000)."))
    reply_from = models.EmailField(_("reply from"), blank=True,
                                   help_text=_("The address answers are sent from; the first mapped address if empty."))
    web_form = models.BooleanField(_("receives the web contact form"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="conversation_queue_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class QueueAddress(models.Model):
    """An e-mail address the centre receives on (servicetorget@…, postmottak@…), mapped to a queue."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("queue"))
    address = models.EmailField(_("address"), unique=True)

    class Meta:
        verbose_name = _("receiving address")
        verbose_name_plural = _("receiving addresses")

    def __str__(self) -> str:
        return self.address


class Conversation(models.Model):
    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    queue = models.ForeignKey(Queue, on_delete=models.PROTECT, related_name="conversations", verbose_name=_("queue"),
                              db_index=False)
    reference = models.CharField(_("reference"), max_length=12)
    channel = models.CharField(_("channel"), max_length=10, choices=ConversationChannel.choices)
    status = models.CharField(_("status"), max_length=8, choices=ConversationStatus.choices,
                              default=ConversationStatus.NEW)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("assigned to"),
    )
    suggested_services = models.ManyToManyField("catalogue.Service", blank=True, related_name="+",
                                                verbose_name=_("suggested services"))
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("service"))
    outcome = models.CharField(_("outcome"), max_length=14, blank=True)
    language = models.CharField(_("language"), max_length=5, default="nb")
    # A suggested or chosen sensitive service (child welfare, PPT): no text is kept once forwarded.
    sensitive = models.BooleanField(_("sensitive"), default=False)
    first_message_at = models.DateTimeField(_("first message"))
    last_message_at = models.DateTimeField(_("last message"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Seconds of staff work, from the thread page's timers (the quick-log measures the same way).
    handling_seconds = models.PositiveIntegerField(_("handling time (seconds)"), default=0)
    forwarded = models.BooleanField(_("forwarded"), default=False)
    inquiry = models.OneToOneField("inquiries.Inquiry", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="conversation", verbose_name=_("inquiry"))
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            # The inbox: a queue's open conversations oldest first; the closed history newest first.
            models.Index(fields=["queue", "status", "last_message_at", "id"], name="conversation_queue_open",
                         condition=~Q(status="closed")),
            models.Index(fields=["queue", "-closed_at", "-id"], name="conversation_queue_closed",
                         condition=Q(status="closed")),
            # The closed history of all queues, the inbox's default when no queue is chosen.
            models.Index(fields=["municipality", "-closed_at", "-id"], name="conversation_muni_closed",
                         condition=Q(status="closed")),
            models.Index(fields=["assigned_to", "status"], name="conversation_assigned",
                         condition=~Q(status="closed")),
            models.Index(fields=["closed_at"], name="conversation_to_erase",
                         condition=Q(status="closed", erased_at__isnull=True)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "reference"], name="conversation_unique_reference"),
            models.CheckConstraint(condition=Q(status__in=ConversationStatus.values), name="conversation_status_valid"),
            models.CheckConstraint(condition=Q(channel__in=ConversationChannel.values),
                                   name="conversation_channel_valid"),
            models.CheckConstraint(condition=~Q(status="closed") | Q(closed_at__isnull=False),
                                   name="conversation_closed_has_time"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status != ConversationStatus.CLOSED


class ConversationContact(models.Model):
    """Who wrote: personal data, kept apart from the statistics, erased on its own, read only through
    selectors.contact_read (audited)."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    conversation = models.OneToOneField(Conversation, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)

    class Meta:
        verbose_name = _("sender")
        verbose_name_plural = _("senders")

    def __str__(self) -> str:
        return f"sender of {self.conversation_id}"


class Direction(models.TextChoices):
    IN = "in", _("From the citizen")
    OUT = "out", _("To the citizen")
    NOTE = "note", _("Internal note")


class Message(models.Model):
    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices)
    at = models.DateTimeField(_("at"))
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    # Only a copy reduced by nh3 to harmless markup, for display; never the sender's HTML.
    html = models.TextField(_("sanitised HTML"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=250, blank=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=250, blank=True)
    references = models.TextField(_("References"), blank=True)
    auto = models.BooleanField(_("automatic"), default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("by"))
    notification = models.ForeignKey("notifications.Notification", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["municipality", "message_id"], name="conversation_message_id",
                                condition=~Q(message_id=""))]
        constraints = [
            # The same mail delivered twice (two of our addresses in To, a retry) is one message.
            models.UniqueConstraint(fields=["municipality", "message_id"], name="conversation_message_unique_id",
                                    condition=~Q(message_id="")),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    content_id = models.CharField(_("Content-ID"), max_length=250, blank=True)
    data = models.BinaryField(_("content"), blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class QuarantineSource(models.TextChoices):
    SMTP = "smtp", _("SMTP receiver")
    IMAP = "imap", _("IMAP mailbox")
    SMS = "sms", _("SMS webhook")


class Quarantine(models.Model):
    """Input we could not take as it came (malformed MIME, too large, no known address): kept raw so
    nothing is silently lost; an administrator sees it in the admin and can process it again."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    source = models.CharField(_("source"), max_length=5, choices=QuarantineSource.choices)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    recipients = models.TextField(_("recipients"), blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    raw = models.BinaryField(_("raw message"))
    size = models.PositiveIntegerField(_("size"), default=0)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    conversation = models.ForeignKey(Conversation, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")

    class Meta:
        verbose_name = _("quarantined message")
        verbose_name_plural = _("quarantined messages")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.received_at:%Y-%m-%d %H:%M}: {self.reason}"
