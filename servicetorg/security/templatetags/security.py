from django import template

from servicetorg.security.oidc import oidc_enabled

register = template.Library()


@register.simple_tag
def sso_enabled() -> bool:
    return oidc_enabled()
