from django.apps import AppConfig


class QueuesConfig(AppConfig):
    name = "servicetorg.queues"
    label = "queues"
