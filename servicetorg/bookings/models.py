"""Appointments with caseworkers, and rooms, halls and video rooms for rent.

No double booking, ever: a booked appointment and an active resource booking
each hold a time range that PostgreSQL refuses to overlap with another for the
same caseworker or resource: exclusion constraints (btree_gist) made by
migration 0002 on PostgreSQL only, so they are not in Meta. SQLite has no such
constraint; there the services check inside a transaction that SQLite runs as
BEGIN IMMEDIATE (settings.py), so the check and the insert are serialized
across processes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from servicetorg.organisation.models import Weekday, WeeklyHours


class Mode(models.TextChoices):
    SITE = "site", _("At a service centre")
    VIDEO = "video", _("Video meeting")


class AppointmentType(models.Model):
    """What a citizen can book with a unit, and how long it takes."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="appointment_types",
                             verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("appointment type")
        verbose_name_plural = _("appointment types")
        ordering = ["unit__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="appointment_type_unique_slug"),
            models.CheckConstraint(condition=Q(minutes__gte=5, minutes__lte=480), name="appointment_type_minutes"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """The unit and the type, without saying the unit twice ("Byggesak — forhåndskonferanse",
        not "Byggesak — Byggesak — forhåndskonferanse" when the type's name starts with it)."""
        unit = self.unit.name
        return self.name if self.name.casefold().startswith(unit.casefold()) else f"{unit} — {self.name}"


class AvailabilityRule(models.Model):
    """A caseworker's weekly pattern: on this weekday, between these times, at a
    site (or by video), for the unit's appointment types."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="availability_rules", verbose_name=_("caseworker"))
    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE, related_name="availability_rules",
                             verbose_name=_("unit"))
    mode = models.CharField(_("where"), max_length=5, choices=Mode.choices, default=Mode.SITE)
    site = models.ForeignKey("organisation.Site", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="availability_rules", verbose_name=_("site"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        ordering = ["caseworker", "weekday", "starts"]
        indexes = [models.Index(fields=["unit", "weekday"], name="availability_unit_weekday")]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="availability_ends_after_starts"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="availability_weekday_valid"),
            models.CheckConstraint(
                condition=Q(mode="site", site__isnull=False) | Q(mode="video", site__isnull=True),
                name="availability_site_or_video",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.caseworker} {self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class AvailabilityException(models.Model):
    """A caseworker is away on a date: all day, or between two times."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="availability_exceptions", verbose_name=_("caseworker"))
    date = models.DateField(_("date"))
    starts = models.TimeField(_("away from"), null=True, blank=True)
    ends = models.TimeField(_("away until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("availability exception")
        verbose_name_plural = _("availability exceptions")
        ordering = ["caseworker", "date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts__isnull=True, ends__isnull=True)
                | Q(starts__isnull=False, ends__isnull=False, ends__gt=models.F("starts")),
                name="availability_exception_all_day_or_times",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.caseworker} {self.date}"


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class Appointment(models.Model):
    """A booked conversation. The citizen's name, phone and e-mail are personal
    data: every staff read is audited and they are cleared
    BOOKING_RETENTION_DAYS after the appointment (personal_data_deleted_at)."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    appointment_type = models.ForeignKey(AppointmentType, on_delete=models.PROTECT, related_name="appointments",
                                         verbose_name=_("appointment type"))
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="appointments", verbose_name=_("caseworker"))
    mode = models.CharField(_("where"), max_length=5, choices=Mode.choices)
    site = models.ForeignKey("organisation.Site", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="appointments", verbose_name=_("site"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(_("status"), max_length=10, choices=AppointmentStatus.choices,
                              default=AppointmentStatus.BOOKED)
    inquiry = models.ForeignKey("inquiries.Inquiry", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="appointments", verbose_name=_("inquiry"))
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("booked by"))
    citizen_name = models.CharField(_("name"), max_length=150, blank=True)
    citizen_phone = models.CharField(_("phone"), max_length=20, blank=True)
    citizen_email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="nb")
    # The SHA-256 of the secret in the citizen's cancel/move link.
    token_hash = models.CharField(max_length=64, unique=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    personal_data_deleted_at = models.DateTimeField(_("personal data deleted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["caseworker", "starts_at"], name="appointment_caseworker_start"),
            models.Index(fields=["municipality", "starts_at"], name="appointment_muni_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after"),
            models.CheckConstraint(condition=Q(status__in=AppointmentStatus.values), name="appointment_status"),
            models.CheckConstraint(
                condition=Q(mode="site", site__isnull=False) | Q(mode="video", site__isnull=True),
                name="appointment_site_or_video",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appointment_type} {self.starts_at:%Y-%m-%d %H:%M}"


class ResourceKind(models.TextChoices):
    MEETING_ROOM = "meeting_room", _("Meeting room")
    HALL = "hall", _("Hall")
    SPORTS_HALL = "sports_hall", _("Sports hall")
    PITCH = "pitch", _("Pitch")
    VIDEO_ROOM = "video_room", _("Video meeting room")


class PriceCategory(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    PRIVATE = "private", _("Private person")
    COMMERCIAL = "commercial", _("Commercial")
    YOUTH = "youth", _("Youth team (free)")


class Resource(models.Model):
    """A room, hall, pitch or video room that the public may rent."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("organisation.Site", on_delete=models.PROTECT, related_name="resources",
                             verbose_name=_("site"))
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60)
    kind = models.CharField(_("kind"), max_length=14, choices=ResourceKind.choices)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    equipment = models.TextField(_("equipment"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    description = models.TextField(_("description"), blank=True)
    bookable_by_public = models.BooleanField(_("the public may request it"), default=True)
    active = models.BooleanField(_("active"), default=True)
    feed_token = models.CharField(max_length=43, unique=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["site__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="resource_unique_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.site})"


class ResourceOpeningHours(WeeklyHours):
    """When a resource may be used on a weekday (a sports hall is open in the evening
    when the service centre is closed)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="opening_hours")

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["resource", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="resource_hours_closes_after"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="resource_hours_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class PriceRule(models.Model):
    """The price per hour of a resource for one category of customer."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="price_rules")
    category = models.CharField(_("price category"), max_length=12, choices=PriceCategory.choices)
    per_hour = models.DecimalField(_("price per hour (NOK)"), max_digits=9, decimal_places=2)

    class Meta:
        verbose_name = _("price rule")
        verbose_name_plural = _("price rules")
        ordering = ["resource", "category"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "category"], name="price_rule_one_per_category"),
            models.CheckConstraint(condition=Q(per_hour__gte=0), name="price_rule_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.category} {self.per_hour}"


class Season(models.Model):
    """A period for which clubs request regular hall time, allocated in one go."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    starts = models.DateField(_("first day"))
    ends = models.DateField(_("last day"))
    requests_until = models.DateField(_("requests until"))

    class Meta:
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        ordering = ["-starts"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="season_ends_after_starts"),
        ]

    def __str__(self) -> str:
        return self.name


class RentalStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class RentalRequest(models.Model):
    """A request from the public: one date, or a weekday and times repeated weekly
    from first_date to last_date. The contact person's name, phone and e-mail are
    personal data, cleared RENTAL_RETENTION_DAYS after the last use."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="requests",
                                 verbose_name=_("resource"))
    season = models.ForeignKey(Season, on_delete=models.PROTECT, null=True, blank=True, related_name="requests",
                               verbose_name=_("season"))
    customer_name = models.CharField(_("renter"), max_length=150)
    organisation_number = models.CharField(_("organisation number"), max_length=9, blank=True)
    category = models.CharField(_("price category"), max_length=12, choices=PriceCategory.choices)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    first_date = models.DateField(_("date"))
    last_date = models.DateField(_("repeat weekly until"), null=True, blank=True)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    status = models.CharField(_("status"), max_length=10, choices=RentalStatus.choices,
                              default=RentalStatus.REQUESTED)
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    personal_data_deleted_at = models.DateTimeField(_("personal data deleted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("rental request")
        verbose_name_plural = _("rental requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "status", "first_date"], name="rental_muni_status")]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="rental_ends_after_starts"),
            models.CheckConstraint(
                condition=Q(last_date__isnull=True) | Q(last_date__gte=models.F("first_date")),
                name="rental_last_date_after_first",
            ),
            models.CheckConstraint(condition=Q(status__in=RentalStatus.values), name="rental_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_name}: {self.resource}"

    @property
    def recurring(self) -> bool:
        return self.last_date is not None and self.last_date != self.first_date


class ResourceBooking(models.Model):
    """One occupied time range of a resource: an occurrence of an approved
    request, or time the centre holds itself (no request)."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    request = models.ForeignKey(RentalRequest, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="bookings")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    active = models.BooleanField(_("active"), default=True)
    title = models.CharField(_("title"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("resource booking")
        verbose_name_plural = _("resource bookings")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["resource", "starts_at"], name="resource_booking_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="resource_booking_ends_after"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.starts_at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A caseworker's private iCalendar feed: whoever has the URL reads it, so the
    token is long and the caseworker may make a new one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=43, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"feed of {self.user}"
