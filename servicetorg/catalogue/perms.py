"""Who may open the catalogue pages (see servicetorg.accounts.perms.Access)."""

from servicetorg.accounts.perms import PUBLIC, Cap, any_of

_VIEW = any_of(Cap.VIEW_CATALOGUE)

URL_ACCESS = {
    "catalogue:service-list": _VIEW,
    "catalogue:service-detail": _VIEW,
    # A service's content owner may also edit it: decided per service by the view (403 for others).
    "catalogue:service-update": any_of(Cap.EDIT_CATALOGUE),
    "catalogue:service-history": _VIEW,
    "catalogue:service-reviewed": any_of(Cap.EDIT_CATALOGUE),  # or the service's content owner
    "catalogue:service-review-list": _VIEW,
    "catalogue:article-detail": _VIEW,
    "catalogue:contact-list": _VIEW,
    "public:front": PUBLIC,
    "public:area": PUBLIC,
    "public:service": PUBLIC,
    "public:article": PUBLIC,
    "api:search": PUBLIC,
    "api:catalogue_suggest": PUBLIC,
    "api:service_list": PUBLIC,
    "api:service_read": PUBLIC,
}
