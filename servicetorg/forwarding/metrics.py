"""Forwarding's gauge for /metrics: cases past their due time whose clock runs, per municipality."""

from django.db.models import Count
from django.utils import timezone

from servicetorg.core.ops import read_db, register_gauge
from servicetorg.forwarding.models import Forwarding, overdue_q


def _overdue_forwardings():
    rows = (Forwarding.objects.using(read_db()).filter(overdue_q(timezone.now()))
            .values_list("municipality__slug").annotate(n=Count("id")))
    return [((slug,), n) for slug, n in rows]


register_gauge("servicetorg_forwardings_overdue", "Forwarded inquiries past their due time whose clock runs.",
               ["municipality"], _overdue_forwardings)
