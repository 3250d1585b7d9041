from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "servicetorg.core"
    label = "core"
