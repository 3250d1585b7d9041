import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicetorg.forwarding.worktime import WorkCalendar


class DeadlineRule(models.Model):
    """A unit's response targets and business hours (forvaltningsloven §11a:
    answer without undue delay, a preliminary reply when it takes long). One
    row per unit; a unit without one uses the defaults below. A new act only
    means new numbers here."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    unit = models.OneToOneField(
        "organisation.Unit", on_delete=models.CASCADE, related_name="deadline_rule", verbose_name=_("unit")
    )
    first_response_hours = models.PositiveSmallIntegerField(
        _("first response (working hours)"), default=8,
        help_text=_("Working hours from forwarding until the citizen must have had a first reply."),
    )
    final_answer_days = models.PositiveSmallIntegerField(
        _("final answer (working days)"), default=10,
        help_text=_("Working days from forwarding until the inquiry must be closed."),
    )
    preliminary_reply_days = models.PositiveSmallIntegerField(
        _("preliminary reply reminder (working days)"), default=5,
        help_text=_("After this many working days without a final answer the unit is reminded to send a "
                    "preliminary reply."),
    )
    opens = models.TimeField(_("business hours from"), default=dt.time(8, 0))
    closes = models.TimeField(_("business hours until"), default=dt.time(15, 30))
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("leader"), help_text=_("Gets overdue inquiries of the unit by e-mail."),
    )

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="deadline_rule_closes_after_opens"),
            models.CheckConstraint(condition=Q(first_response_hours__gte=1), name="deadline_rule_first_response_set"),
            models.CheckConstraint(condition=Q(final_answer_days__gte=1), name="deadline_rule_final_answer_set"),
            models.CheckConstraint(
                condition=Q(preliminary_reply_days__lt=F("final_answer_days")),
                name="deadline_rule_reminder_before_final",
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit)

    @property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(opens=self.opens, closes=self.closes)


class Status(models.TextChoices):
    NEW = "new", _("New")
    CLAIMED = "claimed", _("In progress")
    WAITING_CITIZEN = "waiting_citizen", _("Waiting for the citizen")
    WAITING_CENTRE = "waiting_centre", _("Waiting for the service centre")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.NEW, Status.CLAIMED, Status.WAITING_CITIZEN, Status.WAITING_CENTRE)
# Statuses whose clock runs: a case waiting for the citizen is never overdue.
RUNNING_STATUSES = (Status.NEW, Status.CLAIMED, Status.WAITING_CENTRE)


def overdue_q(now: dt.datetime) -> Q:
    """The one definition of overdue, for queries: the clock runs and the answer was due before `now`."""
    return Q(status__in=RUNNING_STATUSES, due_at__lt=now)


class CloseOutcome(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    CASE_OPENED = "case_opened", _("Registered as a case in the unit")
    REFERRED = "referred", _("Referred elsewhere")
    NOT_REACHED = "not_reached", _("Citizen could not be reached")
    NOT_NEEDED = "not_needed", _("No longer needed")


class Forwarding(models.Model):
    """An inquiry forwarded from the service centre to a unit or external body
    (forvaltningsloven §11): the unit's case in its inbox, with a reference the
    citizen can quote. Free text lives here and in its events, never on the
    anonymous Inquiry, so a sensitive unit's content stays with the unit."""

    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    inquiry = models.OneToOneField(
        "inquiries.Inquiry", on_delete=models.PROTECT, related_name="forwarding", verbose_name=_("inquiry")
    )
    reference = models.CharField(_("reference"), max_length=12)
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="forwardings", verbose_name=_("unit"),
        db_index=False,
    )
    # Copied from the unit when forwarded: the centre then sees only that and when.
    sensitive = models.BooleanField(_("sensitive"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    forwarded_at = models.DateTimeField(_("forwarded"))
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("forwarded by"),
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("claimed by"),
    )
    first_response_due_at = models.DateTimeField(_("first response due"))
    due_at = models.DateTimeField(_("final answer due"))
    reminder_at = models.DateTimeField(_("preliminary reply reminder"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    paused_at = models.DateTimeField(_("clock paused"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=CloseOutcome.choices, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("forwarded inquiry")
        verbose_name_plural = _("forwarded inquiries")
        indexes = [
            # The inbox: a unit's open cases by due time, and its closed ones newest first; the
            # counters read only the open part, however long the closed history grows.
            models.Index(fields=["unit", "due_at", "id"], name="forwarding_unit_open_due",
                         condition=~Q(status="closed")),
            models.Index(fields=["unit", "-closed_at", "-id"], name="forwarding_unit_closed",
                         condition=Q(status="closed")),
            # The periodic jobs look only at open cases.
            models.Index(fields=["reminder_at"], name="forwarding_open_reminder",
                         condition=Q(reminded_at__isnull=True) & ~Q(status="closed")),
            models.Index(fields=["due_at"], name="forwarding_open_due",
                         condition=Q(escalated_at__isnull=True) & ~Q(status="closed")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "reference"], name="forwarding_unique_reference"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="forwarding_status_valid"),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False) & ~Q(outcome="")
                | (~Q(status="closed") & Q(closed_at__isnull=True, outcome="")),
                name="forwarding_closed_has_time_and_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status="waiting_citizen", paused_at__isnull=False)
                | (~Q(status="waiting_citizen") & Q(paused_at__isnull=True)),
                name="forwarding_paused_while_waiting",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def is_overdue(self) -> bool:
        """The same rule as `overdue_q`, for one case already in memory."""
        return self.status in RUNNING_STATUSES and self.due_at is not None and self.due_at < timezone.now()


class EventKind(models.TextChoices):
    FORWARDED = "forwarded", _("Forwarded")
    CLAIMED = "claimed", _("Claimed")
    REPLIED = "replied", _("Replied to the citizen")
    WAITING_CITIZEN = "waiting_citizen", _("Waiting for the citizen")
    RESUMED = "resumed", _("Clock resumed")
    ASKED_CENTRE = "asked_centre", _("Asked the service centre for more")
    CENTRE_ANSWERED = "centre_answered", _("The service centre answered")
    SENT_ON = "sent_on", _("Sent on to another unit")
    CLOSED = "closed", _("Closed")
    REMINDED = "reminded", _("Preliminary reply reminder sent")
    ESCALATED = "escalated", _("Escalated to the unit's leader")
    RECEIPT = "receipt", _("Receipt sent to the citizen")


class ForwardingEvent(models.Model):
    """What happened to a forwarded inquiry, with any message. Only inserted."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    forwarding = models.ForeignKey(Forwarding, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("unit"),
    )
    channel = models.CharField(_("channel"), max_length=8, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.forwarding_id} {self.kind}"
