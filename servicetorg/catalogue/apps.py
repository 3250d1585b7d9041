import importlib

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def restore_area_codes(sender, using="default", apps=None, **kwargs) -> None:
    """The 29 area codes are reference data that a data migration loads. A flush (`manage.py
    flush`, and Django's transactional tests after each test) empties the table and then sends
    post_migrate: put them back, so a catalogue never exists without its codes."""
    from django.apps import apps as global_apps

    registry = apps or global_apps
    Area = registry.get_model("catalogue", "Area")
    if Area.objects.using(using).exists():
        return
    migration = importlib.import_module("servicetorg.catalogue.migrations.0002_load_area_codes")
    migration.add_areas(registry, None)


class CatalogueConfig(AppConfig):
    name = "servicetorg.catalogue"
    label = "catalogue"
    # The group's name in the admin, translated.
    verbose_name = _("Service catalogue")

    def ready(self) -> None:
        post_migrate.connect(restore_area_codes, sender=self)
