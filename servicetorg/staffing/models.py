from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from servicetorg.organisation.models import Weekday


class PlannedStaff(models.Model):
    """The weekly plan of a site: how many staff serve the public in one half hour
    (slot 0 = 00:00–00:30) of a weekday. A missing row means nobody is planned."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("organisation.Site", on_delete=models.CASCADE, related_name="planned_staff",
                             verbose_name=_("site"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    slot = models.PositiveSmallIntegerField(_("half hour"))
    staff = models.PositiveSmallIntegerField(_("staff"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("planned staff")
        verbose_name_plural = _("planned staff")
        ordering = ["site", "weekday", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["site", "weekday", "slot"], name="planned_staff_unique_slot"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="planned_staff_weekday_valid"),
            models.CheckConstraint(condition=Q(slot__lt=48), name="planned_staff_slot_valid"),
            models.CheckConstraint(condition=Q(staff__lte=99), name="planned_staff_at_most_99"),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.get_weekday_display()} {self.slot // 2:02d}:{self.slot % 2 * 30:02d} {self.staff}"
