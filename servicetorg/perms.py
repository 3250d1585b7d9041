"""Who may open the project-level URLs, above the apps (see servicetorg.accounts.perms.Access); each app
keeps its own map in its perms.py."""

from servicetorg.accounts.perms import ADMIN_SITE, PUBLIC, SIGNED_IN

URL_ACCESS = {
    "home": PUBLIC,  # staff are sent on to their work, citizens to their municipality
    "healthz": PUBLIC,
    "readyz": PUBLIC,
    "metrics": PUBLIC,  # no login: a token (METRICS_TOKEN) or an allowed address (METRICS_ALLOWED_IPS)
    "theme-css": PUBLIC,  # a municipality's colours
    "search": SIGNED_IN,  # the header's search: each kind of hit is checked against the person's capabilities
    # Staff single sign-on (mozilla-django-oidc): the provider's round trip.
    "oidc_authentication_init": PUBLIC,
    "oidc_authentication_callback": PUBLIC,
    "oidc_logout": PUBLIC,
    "set_language": PUBLIC,
    "admin:login": PUBLIC,  # the admin's own sign-in page
    "admin:logout": PUBLIC,
    "admin:*": ADMIN_SITE,  # every page of the Django admin, scoped by core.admin.TenantScoped
    # The API: which scope each operation needs is in each app's API_SCOPES.
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:api-root": PUBLIC,
}
