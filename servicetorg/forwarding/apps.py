from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForwardingConfig(AppConfig):
    name = "servicetorg.forwarding"
    verbose_name = _("Forwarding")

    def ready(self) -> None:
        from servicetorg.forwarding.selectors import inquiry_forwarded_lock
        from servicetorg.inquiries.hooks import inquiry_lock_register

        inquiry_lock_register(inquiry_forwarded_lock)
        from servicetorg.forwarding import metrics  # noqa: F401 (registers its gauge)
