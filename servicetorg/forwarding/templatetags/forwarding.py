"""`{% forwarding_panel inquiry %}`: the inquiry page's forwarding section, one query."""

from django import template

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.forwarding.selectors import forwarding_of_inquiry
from servicetorg.forwarding.services import user_works_in

register = template.Library()


@register.inclusion_tag("forwarding/partials/inquiry_panel.html", takes_context=True)
def forwarding_panel(context, inquiry):
    user = context["request"].user
    forwarding = forwarding_of_inquiry(inquiry=inquiry)
    centre = user_can(user, Cap.FORWARD_INQUIRIES) and inquiry.municipality_id == user.municipality_id
    return {
        "inquiry": inquiry,
        "forwarding": forwarding,
        "can_forward": centre and forwarding is None,
        "centre": centre,
        "in_unit": forwarding is not None and user_works_in(user, forwarding.unit_id),
    }
