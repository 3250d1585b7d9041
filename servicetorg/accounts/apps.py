from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "servicetorg.accounts"
    label = "accounts"
