from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "servicetorg.accounts"
    label = "accounts"

    def ready(self):
        from servicetorg.accounts import audit_signals

        audit_signals.connect()
