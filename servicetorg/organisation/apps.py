from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "servicetorg.organisation"
    label = "organisation"
    # The group's name in the admin, translated.
    verbose_name = _("Organisation")
