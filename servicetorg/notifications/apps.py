from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "servicetorg.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Registers the background delivery with the outbox service (and the periodic jobs).
        from servicetorg.notifications import metrics, tasks  # noqa: F401
