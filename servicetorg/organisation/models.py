from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """One municipality. An installation may serve several (an inter-municipal
    cooperation), so every record that belongs to one carries municipality_id:
    the distribution column if a national installation shards by municipality."""

    number = models.CharField(_("municipality number"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    # The municipality's Designsystemet theme: its main colour and its logo (servicetorg/organisation/theme.py).
    # db_default: the version still running during an upgrade inserts municipalities without these columns.
    theme_color = models.CharField(
        _("theme colour"), max_length=7, blank=True, default="", db_default="",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Give the colour as #RRGGBB, e.g. #005b8e."))],
        help_text=_("The main colour of buttons and links, as #RRGGBB. Empty: Designsystemet's own."),
    )
    logo_url = models.URLField(_("logo address"), blank=True, default="", db_default="",
                               help_text=_("An image (SVG or PNG) shown in the header of every page."))
    accessibility_statement_url = models.URLField(
        _("accessibility statement"), blank=True, default="", db_default="",
        help_text=_("The address of the accessibility statement (tilgjengelighetserklæring), linked in the footer."),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """A service centre (servicetorg), often inside a library."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=50)
    address = models.CharField(_("address"), max_length=200, blank=True)
    library = models.CharField(_("co-located library"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="site_unique_slug_per_municipality"),
        ]

    def __str__(self) -> str:
        return self.name


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WeeklyHours(models.Model):
    """One opening window on a weekday (several rows for split days). Service centres and the
    rooms and halls they rent share this shape; `organisation/hours.py` reads both."""

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        abstract = True


class OpeningHours(WeeklyHours):
    """Regular opening hours of a site on one weekday (several rows for split days)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="opening_hours")

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["site", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="opening_hours_closes_after_opens"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="opening_hours_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A dated exception: closed (a holiday) or other hours (summer hours)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="opening_exceptions")
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=False)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")
        ordering = ["site", "date"]
        constraints = [
            models.UniqueConstraint(fields=["site", "date"], name="opening_exception_one_per_site_and_date"),
            models.CheckConstraint(
                condition=Q(closed=True, opens__isnull=True, closes__isnull=True)
                | Q(closed=False, opens__isnull=False, closes__isnull=False, closes__gt=models.F("opens")),
                name="opening_exception_closed_or_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.date}"


class UnitKind(models.TextChoices):
    INTERNAL = "internal", _("Municipal unit")
    EXTERNAL = "external", _("External body")


class Unit(models.Model):
    """A unit of the municipality (fagenhet), or an external body such as NAV."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=50)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent unit"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=UnitKind.choices, default=UnitKind.INTERNAL)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    # Child welfare and the like: inquiries are kept as statistics only, never free text.
    sensitive = models.BooleanField(_("sensitive"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="unit_unique_slug_per_municipality"),
        ]

    def __str__(self) -> str:
        return self.name


class StaffContact(models.Model):
    """An entry in the staff directory: who works where and what they handle.
    The switchboard lives on this list, so it is searchable from every staff page."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="staff_contacts")
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=150, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="staff_contacts", verbose_name=_("unit"))
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff_contacts",
        verbose_name=_("site"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    handles = models.TextField(_("handles"), blank=True, help_text=_("What this person answers for."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("staff directory entry")
        verbose_name_plural = _("staff directory")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
