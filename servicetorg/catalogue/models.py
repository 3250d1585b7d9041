from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Handling(models.TextChoices):
    ANSWER = "answer", _("Answer")
    GUIDE = "guide", _("Guide")
    FORWARD = "forward", _("Forward")
    REFER = "refer", _("Refer")


class Step(models.IntegerChoices):
    """The service staircase (tjenestetrappa)."""

    INFORMATION = 1, _("1 Information")
    GUIDANCE = 2, _("2 Guidance")
    RULE_BASED = 3, _("3 Rule-based case handling")
    DISCRETIONARY = 4, _("4 Discretionary case handling")


class Area(models.Model):
    """A catalogue area. The codes are a stable interface (API, imports,
    statistics) shared by every municipality: they are added, never renamed."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name_nb = models.CharField(_("name (bokmål)"), max_length=100)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    scope = models.TextField(_("scope"), blank=True)
    typical_owner = models.CharField(_("typical owner"), max_length=100, blank=True)
    frontline_default = models.CharField(
        _("frontline default"), max_length=10, choices=Handling.choices, default=Handling.GUIDE
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name_nb"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        lang = (get_language() or "nb")[:2]
        return {"nn": self.name_nn, "en": self.name_en}.get(lang) or self.name_nb


class Service(models.Model):
    """A catalogue entry: one thing the municipality does for people."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="services")
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="services", verbose_name=_("area"))
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices, default=Step.INFORMATION)
    owner_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="owned_services",
        verbose_name=_("owner unit"),
    )
    handling = models.CharField(_("frontline handling"), max_length=10, choices=Handling.choices)
    forward_to = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="forwarded_services",
        verbose_name=_("forward to"),
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    keywords = models.TextField(_("keywords"), blank=True, help_text=_("Words people use, separated by commas."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="service_unique_slug_per_municipality"),
            models.CheckConstraint(condition=Q(step__gte=1, step__lte=4), name="service_step_1_to_4"),
            models.CheckConstraint(
                condition=~Q(handling__in=["forward", "refer"]) | Q(forward_to__isnull=False),
                name="service_forward_needs_target",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sensitive(self) -> bool:
        return bool(
            (self.forward_to_id and self.forward_to.sensitive) or (self.owner_unit_id and self.owner_unit.sensitive)
        )
