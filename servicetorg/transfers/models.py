from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from servicetorg.transfers.volumes import Volume, VolumeKind


class Audience(models.TextChoices):
    EXTERNAL = "external", _("Citizen-facing")
    INTERNAL = "internal", _("Internal")


class Access(models.TextChoices):
    NONE = "none", _("No access needed")
    READ = "read", _("Read access")
    WRITE = "write", _("Read and write access")


class Capability(models.TextChoices):
    """Can the service centre take the task?"""

    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class Recommendation(models.TextChoices):
    UNDECIDED = "", _("Not assessed yet")
    KEEP = "keep", _("Keep in the unit")
    TRANSFER = "transfer", _("Transfer")
    TRANSFER_PART = "transfer_part", _("Transfer part")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    TRAINED = "trained", _("Trained")
    TRANSFERRED = "transferred", _("Transferred")
    EVALUATED = "evaluated", _("Evaluated")


# The order of the life of a task; a status only moves forward one step at a time.
STATUS_ORDER = [Status.PROPOSED, Status.AGREED, Status.TRAINED, Status.TRANSFERRED, Status.EVALUATED]
# The service centre carries the work from this status on.
CARRIED_BY_CENTRE = (Status.TRANSFERRED, Status.EVALUATED)
PLANNED = (Status.AGREED, Status.TRAINED)


class UnitLeadership(models.Model):
    """A person who leads a unit and so keeps its task register.

    The accounts know roles, not who leads which unit; this table says it, and
    the Django admin (or the demo) fills it. A unit may have several leaders."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE, related_name="leaderships",
                             verbose_name=_("unit"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_leaderships",
                             verbose_name=_("person"))

    class Meta:
        verbose_name = _("unit leader")
        verbose_name_plural = _("unit leaders")
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="unit_leadership_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit}"


class Task(models.Model):
    """One task of a unit in the register: where it sits on the service staircase,
    how much work it is, what it needs, and whether the service centre takes it."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="transfer_tasks",
                             verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.INTERNAL)
    step = models.PositiveSmallIntegerField(
        _("step"), choices=[(1, _("1 Information")), (2, _("2 Guidance")), (3, _("3 Rule-based case handling")),
                            (4, _("4 Discretionary case handling"))],
    )
    # The volume as people said it, and the structured form it is computed from.
    volume_text = models.CharField(_("volume as stated"), max_length=200, blank=True)
    volume_kind = models.CharField(_("kind of volume"), max_length=20, choices=VolumeKind.choices,
                                   default=VolumeKind.NONE)
    volume_amount = models.DecimalField(_("amount"), max_digits=8, decimal_places=2, null=True, blank=True,
                                        help_text=_("Hours, days or the share of a position (0.5 for half)."))
    volume_amount_max = models.DecimalField(_("up to"), max_digits=8, decimal_places=2, null=True, blank=True,
                                            help_text=_("The high end when a range is stated (4–5 hours)."))
    volume_interval_days = models.PositiveSmallIntegerField(_("every n days"), null=True, blank=True)
    volume_start = models.DateField(_("period from"), null=True, blank=True)
    volume_end = models.DateField(_("period to"), null=True, blank=True)
    systems = models.CharField(_("systems"), max_length=200, blank=True)
    access = models.CharField(_("access level"), max_length=6, choices=Access.choices, default=Access.NONE)
    training_what = models.CharField(_("training needed"), max_length=300, blank=True)
    training_hours = models.DecimalField(_("training hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    training_by = models.CharField(_("trained by"), max_length=150, blank=True)
    # The service centre leader's assessment.
    can_short = models.CharField(_("can take it, short term"), max_length=6, choices=Capability.choices, blank=True)
    can_long = models.CharField(_("can take it, long term"), max_length=6, choices=Capability.choices, blank=True)
    assessment_reason = models.TextField(_("reason for the recommendation"), blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=14, choices=Recommendation.choices,
                                      blank=True, default=Recommendation.UNDECIDED)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("assessed by"))
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    # A citizen-facing task, once transferred, is a service in the catalogue.
    catalogue_area = models.ForeignKey("catalogue.Area", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("catalogue area"))
    catalogue_handling = models.CharField(
        _("frontline handling"), max_length=10, blank=True,
        choices=[("answer", _("Answer")), ("guide", _("Guide"))],
    )
    catalogue_guidance = models.TextField(_("guidance for staff"), blank=True)
    service = models.ForeignKey("catalogue.Service", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="transfer_tasks", verbose_name=_("catalogue service"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["unit", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="transfer_task_unique_name_per_unit"),
            models.CheckConstraint(condition=Q(step__gte=1, step__lte=4), name="transfer_task_step_1_to_4"),
            models.CheckConstraint(condition=Q(volume_kind__in=VolumeKind.values),
                                   name="transfer_task_volume_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="transfer_task_status_valid"),
            models.CheckConstraint(
                condition=Q(volume_kind="none") | Q(volume_amount__gt=0), name="transfer_task_volume_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(volume_kind="period_share")
                | Q(volume_start__isnull=False, volume_end__isnull=False, volume_end__gte=models.F("volume_start"),
                    volume_amount__lte=1),
                name="transfer_task_period_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(volume_kind="every_n_days") | Q(volume_interval_days__gt=0),
                name="transfer_task_every_n_days_has_n",
            ),
            # A task the centre carries has been through the leader's assessment.
            models.CheckConstraint(
                condition=Q(status__in=["proposed"]) | ~Q(recommendation=""),
                name="transfer_task_moves_only_when_assessed",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def volume(self) -> Volume:
        return Volume(
            kind=self.volume_kind, amount=self.volume_amount, amount_max=self.volume_amount_max,
            interval_days=self.volume_interval_days, start=self.volume_start, end=self.volume_end,
        )

    @property
    def is_external(self) -> bool:
        return self.audience == Audience.EXTERNAL


class MandateReport(models.Model):
    """A unit's answer to the work group's five-point mandate. Points 1–3 also
    list the register (tasks by step, assessments, proposed transfers); each
    point has the group's own answer and its conclusion or recommendation."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    unit = models.OneToOneField("organisation.Unit", on_delete=models.PROTECT, related_name="mandate_report",
                                verbose_name=_("unit"))
    group_members = models.CharField(_("work group"), max_length=300, blank=True)
    mandate_comment = models.TextField(_("comments on the mandate"), blank=True)
    answer_1 = models.TextField(_("1. The task list: answer"), blank=True)
    conclusion_1 = models.TextField(_("1. The task list: conclusion"), blank=True)
    answer_2 = models.TextField(_("2. Principled assessment: answer"), blank=True)
    conclusion_2 = models.TextField(_("2. Principled assessment: conclusion"), blank=True)
    answer_3 = models.TextField(_("3. Proposed transfers: answer"), blank=True)
    conclusion_3 = models.TextField(_("3. Proposed transfers: conclusion"), blank=True)
    answer_4 = models.TextField(_("4. Cooperation and communication: answer"), blank=True)
    conclusion_4 = models.TextField(_("4. Cooperation and communication: conclusion"), blank=True)
    answer_5 = models.TextField(_("5. Challenges of co-location: answer"), blank=True)
    conclusion_5 = models.TextField(_("5. Challenges of co-location: conclusion"), blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    dated = models.DateField(_("dated"), null=True, blank=True)
    signed_by = models.CharField(_("signed by"), max_length=150, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mandate report")
        verbose_name_plural = _("mandate reports")

    def __str__(self) -> str:
        return str(self.unit)


class StaffPosition(models.Model):
    """Positions at the service centre, per site (or shared by several sites):
    the capacity that transferred tasks and inquiries draw on."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    sites = models.ManyToManyField("organisation.Site", related_name="+", verbose_name=_("sites"))
    fte = models.DecimalField(_("full-time equivalents"), max_digits=5, decimal_places=2)
    includes_leader = models.BooleanField(_("includes the leader"), default=False)

    class Meta:
        verbose_name = _("staff position")
        verbose_name_plural = _("staff positions")
        ordering = ["title"]
        constraints = [models.CheckConstraint(condition=Q(fte__gt=0), name="staff_position_fte_positive")]

    def __str__(self) -> str:
        return f"{self.title} ({self.fte})"
