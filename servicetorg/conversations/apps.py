from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "servicetorg.conversations"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        from servicetorg.conversations import metrics  # noqa: F401 (registers its gauge)
