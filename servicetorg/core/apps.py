from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "servicetorg.core"
    label = "core"
    # The group's name in the admin, translated.
    verbose_name = _("Audit and system")

    def ready(self):
        # Runs after the admin's autodiscover (django.contrib.admin comes first in INSTALLED_APPS).
        from servicetorg.core.admin import rescope_third_party_admins

        rescope_third_party_admins()
