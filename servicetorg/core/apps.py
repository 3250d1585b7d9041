from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "servicetorg.core"
    label = "core"

    def ready(self):
        # Runs after the admin's autodiscover (django.contrib.admin comes first in INSTALLED_APPS).
        from servicetorg.core.admin import rescope_third_party_admins

        rescope_third_party_admins()
