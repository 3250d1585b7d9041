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


@register.inclusion_tag("queues/partials/dashboard_section.html")
def queue_dashboard(form):
    """The queue section of the analytics dashboard, for the filters of its (valid) form."""
    from servicetorg.queues.dashboard import queue_figures

    if not form.is_valid():
        return {}
    filters = form.filters()
    return {"figures": queue_figures(municipality_id=filters.municipality_id, start=filters.start, end=filters.end,
                                     site_ids=filters.site_ids)}


@register.filter
def percent(value):
    return "–" if value is None else f"{value * 100:.0f} %"


@register.filter
def weekday_name(value):
    from servicetorg.organisation.models import Weekday

    return Weekday(value).label
