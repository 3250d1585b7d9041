from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "servicetorg.staffing"
    label = "staffing"
