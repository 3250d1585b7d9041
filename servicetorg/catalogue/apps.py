from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "servicetorg.catalogue"
    label = "catalogue"
