from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo municipality: the top layer, which puts every app's demo data together."""

    name = "servicetorg.demo"
    label = "demo"
    verbose_name = _("Demo")
