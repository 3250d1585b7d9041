from django import template

from servicetorg.queues.quicklog import linked_call, linked_ticket

register = template.Library()


@register.inclusion_tag("queues/partials/quicklog_link.html", takes_context=True)
def queue_link_fields(context):
    """Hidden fields that carry the ticket or call into the quick-log's POST, and what was measured."""
    request = context.get("request")
    if request is None or context.get("saved") or not request.user.is_authenticated:
        return {}
    params = request.POST if request.method == "POST" else request.GET
    return {"ticket": linked_ticket(params, user=request.user), "call": linked_call(params, user=request.user)}


@register.simple_tag
def duration(seconds):
    """6 min 40 s"""
    if seconds is None:
        return "–"
    seconds = int(seconds)
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"
