from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "servicetorg.core"
    label = "core"
    # The group's name in the admin, translated.
    verbose_name = _("Audit and system")

