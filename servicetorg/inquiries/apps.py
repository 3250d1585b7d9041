from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "servicetorg.inquiries"
    label = "inquiries"
    # The group's name in the admin, translated.
    verbose_name = _("Inquiries")
