from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "servicetorg.security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from servicetorg.security import checks, signals  # noqa: F401  (registers the checks and receivers)
