from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "servicetorg.analytics"
    label = "analytics"
