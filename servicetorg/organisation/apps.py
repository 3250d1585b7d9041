from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "servicetorg.organisation"
    label = "organisation"
