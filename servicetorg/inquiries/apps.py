from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "servicetorg.inquiries"
    label = "inquiries"
