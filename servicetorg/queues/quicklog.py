"""The bridge to the quick-log: *Done* at the counter, or an answered call, opens
the quick-log pre-filled from the ticket or call (never from free query values, so
nothing can be planted), and saving links the inquiry to what it served."""

from servicetorg.core.parsing import parse_id, parse_or
from servicetorg.inquiries.forms import DEFAULT_OUTCOME
from servicetorg.inquiries.models import Channel, Outcome
from servicetorg.queues import services
from servicetorg.queues.models import Call, Ticket


def _id(value) -> int | None:
    return parse_or(value, parse_id)


def _minutes(seconds: int | None) -> float:
    # The quick-log's minutes field steps by half minutes.
    return round((seconds or 0) / 30) / 2


def linked_ticket(params, *, user) -> Ticket | None:
    pk = _id(params.get("queue_ticket"))
    if pk is None:
        return None
    return (Ticket.objects.select_related("errand").filter(pk=pk, municipality_id=user.municipality_id,
                                                           served_by=user).first())


def linked_call(params, *, user) -> Call | None:
    pk = _id(params.get("queue_call"))
    if pk is None:
        return None
    return Call.objects.filter(pk=pk, municipality_id=user.municipality_id, answered_by=user).first()


def quicklog_prefill(params, *, user) -> dict:
    """Initial quick-log values for `?queue_ticket=<id>` or `?queue_call=<id>`; {} otherwise."""
    ticket = linked_ticket(params, user=user)
    if ticket is not None:
        initial = {"channel": Channel.WALK_IN, "site": ticket.site_id, "language": ticket.language,
                   "minutes": _minutes(ticket.served_seconds)}
        service = ticket.errand.first_service if ticket.errand_id else None
        area = ticket.errand.areas.order_by("code").first() if ticket.errand_id else None
        if service is not None:
            initial.update(pick=f"service:{service.pk}", pick_label=service.name,
                           outcome=DEFAULT_OUTCOME[service.handling])
        elif area is not None:
            initial.update(pick=f"area:{area.pk}", pick_label=area.name, outcome=Outcome.ANSWERED)
        return initial
    call = linked_call(params, user=user)
    if call is not None:
        return {"channel": Channel.PHONE, "site": call.site_id, "minutes": _minutes(call.handling_seconds)}
    return {}


def quicklog_link(params, *, inquiry, user) -> None:
    """After the quick-log saved `inquiry`: link the ticket or call it came from."""
    ticket_id, call_id = _id(params.get("queue_ticket")), _id(params.get("queue_call"))
    if ticket_id is not None:
        services.ticket_attach_inquiry(ticket_id=ticket_id, inquiry=inquiry, by=user)
    if call_id is not None:
        services.call_attach_inquiry(call_id=call_id, inquiry=inquiry, by=user)
