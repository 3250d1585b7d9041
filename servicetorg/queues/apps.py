from django.apps import AppConfig


class QueuesConfig(AppConfig):
    name = "servicetorg.queues"
    label = "queues"

    def ready(self) -> None:
        # The quick-log and the appointment confirmation are lower apps: they offer hooks, the queue fills them.
        from servicetorg.bookings.notify import confirmation_lines_register
        from servicetorg.inquiries.hooks import quicklog_register
        from servicetorg.queues.quicklog import quicklog_link, quicklog_prefill
        from servicetorg.queues.services import checkin_lines

        quicklog_register(prefill=quicklog_prefill, saved=quicklog_link)
        confirmation_lines_register(checkin_lines)
        from servicetorg.queues import metrics  # noqa: F401 (registers its gauge)
