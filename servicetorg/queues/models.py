"""Queues at the counter and on the phone: walk-in tickets called to counters,
and the switchboard's call events. Waiting is measured here, so the staffing
page and the dashboard read what people actually waited."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Errand(models.Model):
    """What a walk-in comes for at one site (ærend), tied to catalogue areas or
    services; the staff listed take it (nobody listed: everyone at the site)."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("organisation.Site", on_delete=models.PROTECT, related_name="errands",
                             verbose_name=_("site"))
    name = models.CharField(_("name (bokmål)"), max_length=100)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    letter = models.CharField(_("letter"), max_length=1, default="A",
                              help_text=_("Ticket numbers of this errand start with it, e.g. A012."))
    priority = models.PositiveSmallIntegerField(_("priority"), default=0,
                                                help_text=_("Higher is called first."))
    areas = models.ManyToManyField("catalogue.Area", blank=True, related_name="+", verbose_name=_("areas"))
    services = models.ManyToManyField("catalogue.Service", blank=True, related_name="+",
                                      verbose_name=_("services"))
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="queue_errands",
                                   verbose_name=_("staff who take it"))
    target_wait_seconds = models.PositiveIntegerField(_("target wait (seconds)"), default=300)
    order = models.PositiveSmallIntegerField(_("order on the kiosk"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("errand")
        verbose_name_plural = _("errands")
        ordering = ["site", "order", "name"]

    def __str__(self) -> str:
        return self.name

    def label(self, language: str) -> str:
        return {"nn": self.name_nn, "en": self.name_en}.get(language) or self.name

    @property
    def first_service(self):
        return self.services.order_by("name").first()


class Counter(models.Model):
    """A counter or desk a number is called to. `staffed_by` is who sits there now."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("organisation.Site", on_delete=models.PROTECT, related_name="counters",
                             verbose_name=_("site"))
    name = models.CharField(_("name"), max_length=40)
    staffed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("staffed by"))
    staffed_since = models.DateTimeField(_("staffed since"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["site", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="queue_counter_unique_name")]

    def __str__(self) -> str:
        return self.name


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called")
    SERVING = "serving", _("Being served")
    DONE = "done", _("Done")
    NO_SHOW = "no_show", _("Did not show up")


ACTIVE_STATUSES = (TicketStatus.CALLED, TicketStatus.SERVING)
ENDED_STATUSES = (TicketStatus.DONE, TicketStatus.NO_SHOW)


class DaySequence(models.Model):
    """The last ticket number given at a site on a day; its row lock hands out numbers one at a time."""

    site = models.ForeignKey("organisation.Site", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "day"], name="queue_sequence_unique_day")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.day}: {self.last}"


class Ticket(models.Model):
    """One walk-in's place in the queue. Anonymous: the optional mobile number
    lives in TicketPhone and is deleted when the ticket ends."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("organisation.Site", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("site"))
    day = models.DateField(_("day"))
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("ticket"), max_length=8)
    errand = models.ForeignKey(Errand, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets",
                               verbose_name=_("errand"))
    # A checked-in appointment waits in its caseworker's own queue.
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("for"))
    appointment = models.ForeignKey("bookings.Appointment", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("appointment"))
    priority = models.PositiveSmallIntegerField(_("priority"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=TicketStatus.choices,
                              default=TicketStatus.WAITING)
    language = models.CharField(_("language"), max_length=5, default="nb")
    issued_at = models.DateTimeField(_("issued"))
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    served_at = models.DateTimeField(_("served"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    calls = models.PositiveSmallIntegerField(_("times called"), default=0)
    counter = models.ForeignKey(Counter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("counter"))
    served_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("served by"))
    transfers = models.PositiveSmallIntegerField(_("transfers"), default=0)
    sms_sent_at = models.DateTimeField(_("SMS sent"), null=True, blank=True)
    inquiry = models.OneToOneField("inquiries.Inquiry", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="queue_ticket", verbose_name=_("inquiry"))

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-issued_at"]
        indexes = [
            # Call next: the waiting tickets of a site in calling order.
            models.Index(fields=["site", "status", "-priority", "issued_at"], name="ticket_queue_order",
                         condition=Q(status="waiting")),
            models.Index(fields=["site", "-called_at"], name="ticket_site_called",
                         condition=Q(called_at__isnull=False)),
            models.Index(fields=["site", "day"], name="ticket_site_day"),
            # The ticket at a counter now: a handful of rows, not the counter's year of history.
            models.Index(fields=["counter", "-called_at"], name="ticket_counter_active",
                         condition=Q(status__in=["called", "serving"])),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "day", "number"], name="ticket_unique_number"),
            models.CheckConstraint(condition=Q(errand__isnull=False) | Q(assigned_to__isnull=False),
                                   name="ticket_errand_or_person"),
            models.CheckConstraint(condition=Q(status__in=TicketStatus.values), name="ticket_status_valid"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def waited_seconds(self) -> int | None:
        if self.called_at is None:
            return None
        return max(0, int((self.called_at - self.issued_at).total_seconds()))

    @property
    def served_seconds(self) -> int | None:
        if self.done_at is None:
            return None
        return max(0, int((self.done_at - (self.served_at or self.called_at or self.done_at)).total_seconds()))


class TicketPhone(models.Model):
    """A walk-in's mobile number for the 'you are next but two' SMS: deleted when the ticket ends."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="phone")
    phone = models.CharField(max_length=20)

    def __str__(self) -> str:
        return f"phone for ticket {self.ticket_id}"


class CallHook(models.Model):
    """A switchboard allowed to post call events: the bearer token names it, the
    secret signs each body (HMAC-SHA256)."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    site = models.ForeignKey("organisation.Site", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("site the calls count for"))
    token = models.CharField(_("token"), max_length=64, unique=True)
    secret = models.CharField(_("signing secret"), max_length=128)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("switchboard hook")
        verbose_name_plural = _("switchboard hooks")

    def __str__(self) -> str:
        return self.name


class CallStatus(models.TextChoices):
    OFFERED = "offered", _("Waiting")
    ANSWERED = "answered", _("Answered")
    ABANDONED = "abandoned", _("Abandoned")
    TRANSFERRED = "transferred", _("Transferred")
    ENDED = "ended", _("Ended")


class Call(models.Model):
    """One phone call as the switchboard's events describe it. Each event fills
    its own timestamp, so events in any order give the same call."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("organisation.Site", on_delete=models.PROTECT, related_name="+")
    call_id = models.CharField(_("call id"), max_length=100)
    queue = models.CharField(_("queue"), max_length=100, blank=True)
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    abandoned_at = models.DateTimeField(_("abandoned"), null=True, blank=True)
    transferred_at = models.DateTimeField(_("transferred"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))
    extension = models.CharField(_("extension"), max_length=30, blank=True)
    inquiry = models.OneToOneField("inquiries.Inquiry", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="queue_call", verbose_name=_("inquiry"))

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [models.UniqueConstraint(fields=["municipality", "call_id"], name="call_unique_id")]
        indexes = [models.Index(fields=["site", "offered_at"], name="call_site_offered")]

    def __str__(self) -> str:
        return self.call_id

    @property
    def status(self) -> str:
        if self.abandoned_at and not self.answered_at:
            return CallStatus.ABANDONED
        if self.ended_at:
            return CallStatus.ENDED
        if self.transferred_at:
            return CallStatus.TRANSFERRED
        if self.answered_at:
            return CallStatus.ANSWERED
        return CallStatus.OFFERED

    @property
    def arrived_at(self):
        return self.offered_at or self.answered_at or self.abandoned_at or self.ended_at

    @property
    def waited_seconds(self) -> int | None:
        end = self.answered_at or self.abandoned_at
        if end is None or self.offered_at is None:
            return None
        return max(0, int((end - self.offered_at).total_seconds()))

    @property
    def handling_seconds(self) -> int:
        if self.answered_at and self.ended_at:
            return max(0, int((self.ended_at - self.answered_at).total_seconds()))
        return 0


class CallEvent(models.Model):
    """One event as received; the provider's event id makes a repeat a no-op."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(_("event id"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=CallStatus.choices)
    at = models.DateTimeField(_("at"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("call event")
        verbose_name_plural = _("call events")
        constraints = [models.UniqueConstraint(fields=["municipality", "event_id"], name="call_event_unique_id")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.kind}"


class RejectedHook(models.Model):
    """A webhook request we refused, and why (forged, stale, malformed)."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)
    remote_addr = models.CharField(_("address"), max_length=45, blank=True)
    body_excerpt = models.CharField(_("start of the body"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("rejected webhook request")
        verbose_name_plural = _("rejected webhook requests")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.reason}"


class Kind(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone")


# Upper edges of the waiting-time buckets in seconds; the last bucket is open.
# 20 s (phone) and 300 s (counter) are edges, so the usual service levels read straight off.
BUCKET_EDGES = (10, 20, 30, 60, 120, 300, 600, 900, 1800)
BUCKETS = tuple(f"b{i}" for i in range(len(BUCKET_EDGES) + 1))


class QueueRollup(models.Model):
    """Per site, kind, errand (0 for the phone), day and half hour of arrival:
    arrivals, served, abandoned (no-shows and hang-ups), the summed wait and its
    histogram. Kept by the queue services in the same transaction as the ticket or call."""

    municipality_id = models.IntegerField()
    site_id = models.IntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    errand_id = models.IntegerField(default=0)
    day = models.DateField()
    slot = models.PositiveSmallIntegerField()  # half hour of the day, 0-47
    n = models.IntegerField(default=0)  # arrivals
    served = models.IntegerField(default=0)
    abandoned = models.IntegerField(default=0)
    wait_seconds = models.BigIntegerField(default=0)  # of served and abandoned alike
    in_target = models.IntegerField(default=0)  # served within the target wait
    b0 = models.IntegerField(default=0)
    b1 = models.IntegerField(default=0)
    b2 = models.IntegerField(default=0)
    b3 = models.IntegerField(default=0)
    b4 = models.IntegerField(default=0)
    b5 = models.IntegerField(default=0)
    b6 = models.IntegerField(default=0)
    b7 = models.IntegerField(default=0)
    b8 = models.IntegerField(default=0)
    b9 = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality_id", "site_id", "kind", "errand_id", "day",
                                                       "slot"], name="queue_rollup_key")]
        indexes = [models.Index(fields=["municipality_id", "day"], name="queue_rollup_muni_day")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.kind} {self.day} {self.slot}"


class QueuePresence(models.Model):
    """Who was serving (calling tickets or answering calls) at a site in a half hour: the
    staff actually there, for the staffing page's prediction. One row per person and half hour."""

    site_id = models.IntegerField()
    day = models.DateField()
    slot = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    user_id = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site_id", "day", "slot", "kind", "user_id"],
                                               name="queue_presence_key")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.day} {self.slot} {self.kind} {self.user_id}"
