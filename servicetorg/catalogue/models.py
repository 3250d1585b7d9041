from django.conf import settings
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
    """A catalogue entry: one thing the municipality does for people.

    Bokmål is required; nynorsk and English are optional and fall back to bokmål.
    """

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="services")
    name = models.CharField(_("name"), max_length=150)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    slug = models.SlugField(_("slug"), max_length=160)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="services", verbose_name=_("area"))
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices, default=Step.INFORMATION)
    owner_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="owned_services",
        verbose_name=_("owner unit"),
    )
    handling = models.CharField(_("frontline handling"), max_length=10, choices=Handling.choices)
    guidance = models.TextField(
        _("guidance for staff"), blank=True,
        help_text=_("What the service centre may do, and what to tell the citizen."),
    )
    forward_to = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="forwarded_services",
        verbose_name=_("forward to"),
    )
    # Child welfare and the like: the log keeps the category only, never free text.
    sensitive = models.BooleanField(_("sensitive"), default=False)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    summary_nn = models.CharField(_("summary (nynorsk)"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    body_nn = models.TextField(_("text (nynorsk)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    # [{"title": "Søk barnehageplass", "url": "https://..."}]: self-service solutions and forms.
    links = models.JSONField(_("self-service links and forms"), default=list, blank=True)
    fees = models.TextField(_("fees"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    keywords = models.TextField(_("keywords"), blank=True, help_text=_("Words people use, separated by commas."))
    content_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_content",
        verbose_name=_("content owner"),
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

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

    def localized(self, field: str) -> str:
        """The field in the active language, falling back to bokmål."""
        lang = (get_language() or "nb")[:2]
        if lang in ("nn", "en"):
            value = getattr(self, f"{field}_{lang}")
            if value:
                return value
        return getattr(self, field)

    @property
    def is_sensitive(self) -> bool:
        """Sensitive itself, or handled by a sensitive unit."""
        return bool(
            self.sensitive
            or (self.forward_to_id and self.forward_to.sensitive)
            or (self.owner_unit_id and self.owner_unit.sensitive)
        )


class ServiceVersion(models.Model):
    """One saved change of a service: who, when, and what changed (old and new values)."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("changed by"),
    )
    # {"field": [old, new], ...}; the first version holds every field as [null, value].
    changes = models.JSONField(_("changes"), default=dict)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("service version")
        verbose_name_plural = _("service versions")
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="service_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.service} v{self.number}"


class ArticleKind(models.TextChoices):
    FAQ = "faq", _("Question and answer")
    HOWTO = "howto", _("How-to")
    PHONE_SCRIPT = "phone_script", _("Phone script")


class Article(models.Model):
    """A knowledge article linked to services. Phone scripts are for staff only."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=ArticleKind.choices, default=ArticleKind.FAQ)
    body = models.TextField(_("text"))
    public = models.BooleanField(_("shown to the public"), default=True)
    services = models.ManyToManyField(Service, blank=True, related_name="articles", verbose_name=_("services"))
    keywords = models.TextField(_("keywords"), blank=True)
    content_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("content owner"),
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="article_unique_slug_per_municipality"),
        ]

    def __str__(self) -> str:
        return self.title


class Synonym(models.Model):
    """A group of words that mean the same to the search (søppel, bos, avfall).
    National groups (no municipality) ship with the release; a municipality adds its own."""

    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="synonyms"
    )
    words = models.TextField(_("words"), help_text=_("Words that mean the same, separated by commas."))

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")

    def __str__(self) -> str:
        return self.words[:80]

    @property
    def word_list(self) -> list[str]:
        return [w.strip().lower() for w in self.words.split(",") if w.strip()]
