"""The outbox's gauge for /metrics: messages not (yet) delivered, by status."""

from django.db.models import Count

from servicetorg.core.ops import read_db, register_gauge
from servicetorg.notifications.models import Notification, NotificationStatus


def _outbox():
    wanted = [NotificationStatus.PENDING, NotificationStatus.SENDING, NotificationStatus.FAILED]
    counts = dict(Notification.objects.using(read_db()).filter(status__in=wanted, erased_at__isnull=True)
                  .values_list("status").annotate(n=Count("id")))
    return [((str(status),), counts.get(status, 0)) for status in wanted]


register_gauge("servicetorg_outbox_messages", "E-mails and SMS in the outbox not (yet) delivered, by status.",
               ["status"], _outbox)
