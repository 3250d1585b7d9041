"""Who may open the core URLs (see servicetorg.accounts.perms.Access)."""

from servicetorg.accounts.perms import ADMIN_SITE, PUBLIC, Cap, any_of

URL_ACCESS = {
    "home": PUBLIC,  # staff are sent on to their work, citizens to their municipality
    "healthz": PUBLIC,
    "set_language": PUBLIC,
    "admin:login": PUBLIC,  # the admin's own sign-in page
    "admin:logout": PUBLIC,
    "admin:*": ADMIN_SITE,  # every page of the Django admin, scoped by core.admin.TenantScoped
    # The API: which scope each operation needs is in each app's API_SCOPES.
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:api-root": PUBLIC,
    "core:audit-log": any_of(Cap.VIEW_AUDIT_LOG),
    "core:audit-export": any_of(Cap.VIEW_AUDIT_LOG),
}
