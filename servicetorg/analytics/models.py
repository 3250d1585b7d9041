"""Pre-aggregated rollups of the inquiry log, and satisfaction surveys.

The rollups are derived data: `manage.py rollups_rebuild` makes them again from
the log and checks them. Their dimensions are plain ids and codes, not foreign
keys, so a rollup never blocks deleting a site or a service and every write
stays one cheap upsert. Days and half hours are local (Europe/Oslo).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from servicetorg.inquiries.models import Channel

# One counter column per outcome, in this order, named as the outcome's value.
OUTCOME_COLUMNS = (
    "answered", "self_service", "digital_help", "forwarded", "appointment", "referred", "transferred",
    "unresolved",
)


class _Rollup(models.Model):
    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class _Counts(_Rollup):
    n = models.IntegerField(default=0)
    handling_seconds = models.BigIntegerField(default=0)
    answered = models.IntegerField(default=0)
    self_service = models.IntegerField(default=0)
    digital_help = models.IntegerField(default=0)
    forwarded = models.IntegerField(default=0)
    appointment = models.IntegerField(default=0)
    referred = models.IntegerField(default=0)
    transferred = models.IntegerField(default=0)
    unresolved = models.IntegerField(default=0)
    # Logged by the end of the next working day after it was received.
    in_time = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DailyRollup(_Counts):
    """Inquiries per local day, site, channel and area, with a counter per outcome."""

    municipality_id = models.IntegerField()
    day = models.DateField()
    site_id = models.IntegerField()
    channel = models.CharField(max_length=12)
    area_code = models.CharField(max_length=50)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality_id", "day", "site_id", "channel", "area_code"],
                                               name="rollup_daily_key")]


class SiteDailyRollup(_Counts):
    """DailyRollup without the area: days and weeks whenever no area is chosen."""

    municipality_id = models.IntegerField()
    day = models.DateField()
    site_id = models.IntegerField()
    channel = models.CharField(max_length=12)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality_id", "day", "site_id", "channel"],
                                               name="rollup_site_daily_key")]


class MonthlyRollup(_Counts):
    """The same per month (first day of the month): whole months of a period are read here."""

    municipality_id = models.IntegerField()
    month = models.DateField()
    site_id = models.IntegerField()
    channel = models.CharField(max_length=12)
    area_code = models.CharField(max_length=50)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality_id", "month", "site_id", "channel", "area_code"],
                                    name="rollup_monthly_key"),
            models.CheckConstraint(condition=Q(month__day=1), name="rollup_monthly_first_day"),
        ]


class SiteMonthlyRollup(_Counts):
    """MonthlyRollup without the area: a twentieth of the rows, read whenever no area is chosen."""

    municipality_id = models.IntegerField()
    month = models.DateField()
    site_id = models.IntegerField()
    channel = models.CharField(max_length=12)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality_id", "month", "site_id", "channel"],
                                    name="rollup_site_monthly_key"),
            models.CheckConstraint(condition=Q(month__day=1), name="rollup_site_monthly_first_day"),
        ]


class HalfHourRollup(_Rollup):
    """Arrivals per local day, site, channel and half hour (slot 0 = 00:00–00:30): heatmap and staffing."""

    municipality_id = models.IntegerField()
    day = models.DateField()
    site_id = models.IntegerField()
    channel = models.CharField(max_length=12)
    slot = models.SmallIntegerField()
    n = models.IntegerField(default=0)
    handling_seconds = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality_id", "day", "site_id", "channel", "slot"],
                                    name="rollup_halfhour_key"),
            models.CheckConstraint(condition=Q(slot__gte=0, slot__lt=48), name="rollup_halfhour_slot_valid"),
        ]


class HourMonthlyRollup(_Rollup):
    """Arrivals per month, site, channel, local weekday (0 = Monday) and hour: the heatmap's whole months."""

    municipality_id = models.IntegerField()
    month = models.DateField()
    site_id = models.IntegerField()
    channel = models.CharField(max_length=12)
    weekday = models.SmallIntegerField()
    hour = models.SmallIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality_id", "month", "site_id", "channel", "weekday", "hour"],
                                    name="rollup_hour_monthly_key"),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6, hour__gte=0, hour__lt=24),
                                   name="rollup_hour_monthly_valid"),
        ]


class ServiceDailyRollup(_Rollup):
    """Inquiries per day and catalogue service (those logged with an area only are not here)."""

    municipality_id = models.IntegerField()
    day = models.DateField()
    site_id = models.IntegerField()
    channel = models.CharField(max_length=12)
    area_code = models.CharField(max_length=50)
    service_id = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["municipality_id", "day", "site_id", "channel", "area_code", "service_id"],
            name="rollup_service_daily_key")]


class ServiceSiteDailyRollup(_Rollup):
    """ServiceDailyRollup without the channel: a period's edge days whenever no channel is chosen."""

    municipality_id = models.IntegerField()
    day = models.DateField()
    site_id = models.IntegerField()
    area_code = models.CharField(max_length=50)
    service_id = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["municipality_id", "day", "site_id", "area_code", "service_id"],
            name="rollup_service_site_daily_key")]


class ServiceMonthlyRollup(_Rollup):
    municipality_id = models.IntegerField()
    month = models.DateField()
    site_id = models.IntegerField()
    channel = models.CharField(max_length=12)
    area_code = models.CharField(max_length=50)
    service_id = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["municipality_id", "month", "site_id", "channel", "area_code", "service_id"],
            name="rollup_service_monthly_key")]


class ServiceSiteMonthlyRollup(_Rollup):
    """ServiceMonthlyRollup without the channel: the top services whenever no channel is chosen."""

    municipality_id = models.IntegerField()
    month = models.DateField()
    site_id = models.IntegerField()
    area_code = models.CharField(max_length=50)
    service_id = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["municipality_id", "month", "site_id", "area_code", "service_id"],
            name="rollup_service_site_monthly_key")]


class UnitDailyRollup(_Rollup):
    """Forwarded and referred inquiries per day and receiving unit."""

    municipality_id = models.IntegerField()
    day = models.DateField()
    site_id = models.IntegerField()
    channel = models.CharField(max_length=12)
    area_code = models.CharField(max_length=50)
    unit_id = models.IntegerField()
    outcome = models.CharField(max_length=14)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["municipality_id", "day", "site_id", "channel", "area_code", "unit_id", "outcome"],
            name="rollup_unit_daily_key")]


class UnitMonthlyRollup(_Rollup):
    municipality_id = models.IntegerField()
    month = models.DateField()
    site_id = models.IntegerField()
    channel = models.CharField(max_length=12)
    area_code = models.CharField(max_length=50)
    unit_id = models.IntegerField()
    outcome = models.CharField(max_length=14)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["municipality_id", "month", "site_id", "channel", "area_code", "unit_id", "outcome"],
            name="rollup_unit_monthly_key")]


class SatisfactionDailyRollup(_Rollup):
    """Survey answers per day, site, channel and area ("" for kiosk answers, which know no area)."""

    municipality_id = models.IntegerField()
    day = models.DateField()
    site_id = models.IntegerField()
    channel = models.CharField(max_length=12)
    area_code = models.CharField(max_length=50)
    n = models.IntegerField(default=0)
    score_sum = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)  # answered 4 or 5

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality_id", "day", "site_id", "channel", "area_code"],
                                               name="rollup_satisfaction_daily_key")]


class SatisfactionMonthlyRollup(_Rollup):
    """The same per month: whole months of a period are read here."""

    municipality_id = models.IntegerField()
    month = models.DateField()
    site_id = models.IntegerField()
    channel = models.CharField(max_length=12)
    area_code = models.CharField(max_length=50)
    n = models.IntegerField(default=0)
    score_sum = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality_id", "month", "site_id", "channel", "area_code"],
                                    name="rollup_satisfaction_monthly_key"),
            models.CheckConstraint(condition=Q(month__day=1), name="rollup_satisfaction_monthly_first_day"),
        ]


class SurveySource(models.TextChoices):
    LINK = "link", _("Link in receipt")
    KIOSK = "kiosk", _("Counter tablet")


class SurveyInvitation(models.Model):
    """A survey link for one inquiry. The token is the only key; it tells nothing about the person."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    inquiry = models.OneToOneField("inquiries.Inquiry", on_delete=models.CASCADE, related_name="survey_invitation")
    token = models.CharField(max_length=43, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")

    def __str__(self) -> str:
        return f"survey for inquiry #{self.inquiry_id}"


class SurveyResponse(models.Model):
    """One answer: a 1–5 score and an optional comment. No personal data; the
    comment is read by the leader and never leaves in a statistics export."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("organisation.Site", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    area_code = models.CharField(max_length=50, blank=True)
    source = models.CharField(_("source"), max_length=5, choices=SurveySource.choices)
    invitation = models.OneToOneField(SurveyInvitation, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="response")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        indexes = [models.Index(fields=["municipality", "-answered_at"], name="survey_muni_answered")]
        constraints = [models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="survey_score_1_to_5")]

    def __str__(self) -> str:
        return f"{self.score}/5 {self.answered_at:%Y-%m-%d}"
