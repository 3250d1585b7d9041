"""Who may open the dashboard and survey pages (see servicetorg.accounts.perms.Access)."""

from servicetorg.accounts.perms import PUBLIC, Cap, any_of

_INSIGHT = any_of(Cap.VIEW_INSIGHT)

URL_ACCESS = {
    "analytics:dashboard": _INSIGHT,
    "analytics:table-export": _INSIGHT,
    "analytics:open-data": _INSIGHT,
    "analytics:survey-overview": _INSIGHT,
    # One-answer survey links and the counter tablet: the token is the key, no personal data.
    "survey:kiosk": PUBLIC,
    "survey:answer": PUBLIC,
}
