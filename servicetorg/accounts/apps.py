from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "servicetorg.accounts"
    label = "accounts"
    # The group's name in the admin, translated.
    verbose_name = _("Accounts")

    def ready(self):
        from servicetorg.accounts import audit_signals

        audit_signals.connect()
