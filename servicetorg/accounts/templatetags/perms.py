from django import template

from servicetorg.accounts.perms import Cap, user_can

register = template.Library()


@register.filter
def can(user, capability: str) -> bool:
    """{% if user|can:"inquiries.log" %}: the same table the views use."""
    return user_can(user, Cap(capability))
