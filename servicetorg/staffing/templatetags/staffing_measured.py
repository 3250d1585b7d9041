from django import template

from servicetorg.staffing.measured import measured_vs_predicted, patience_estimate

register = template.Library()


@register.inclusion_tag("staffing/partials/measured.html")
def queue_staffing(result, targets):
    """Measured waits beside the Erlang prediction for one site of the staffing page."""
    site, demand = result.site, result.demand
    patience = patience_estimate(municipality_id=site.municipality_id, start=demand.start, end=demand.end)
    rows = measured_vs_predicted(site=site, start=demand.start, end=demand.end, targets=targets, aht=demand.aht,
                                 patience=targets.phone_patience or patience.seconds)
    return {"site": site, "rows": rows, "patience": patience}
