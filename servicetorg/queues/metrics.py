"""The queue's gauge for /metrics: walk-ins waiting for their turn today, per site."""

from django.db.models import Count
from django.utils import timezone

from servicetorg.core.ops import read_db, register_gauge
from servicetorg.queues.models import Ticket, TicketStatus


def _people_waiting():
    rows = (Ticket.objects.using(read_db()).filter(status=TicketStatus.WAITING, day=timezone.localdate())
            .values_list("site__municipality__slug", "site__slug").annotate(n=Count("id")))
    return [((municipality, site), n) for municipality, site, n in rows]


register_gauge("servicetorg_people_waiting", "Walk-ins waiting for their turn today, per site.",
               ["municipality", "site"], _people_waiting)
