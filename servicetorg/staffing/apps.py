from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "servicetorg.staffing"
    label = "staffing"
    # The group's name in the admin, translated.
    verbose_name = _("Staffing")
