"""Who may open the inquiry pages (see servicetorg.accounts.perms.Access)."""

from servicetorg.accounts.perms import Cap, any_of

_SEE = any_of(Cap.LOG_INQUIRIES, Cap.VIEW_MUNICIPALITY_INQUIRIES, Cap.VIEW_UNIT_INQUIRIES)

URL_ACCESS = {
    "inquiries:inquiry-list": _SEE,
    "inquiries:inquiry-detail": _SEE,
    "inquiries:quicklog": any_of(Cap.LOG_INQUIRIES),
    "inquiries:service-options": any_of(Cap.LOG_INQUIRIES),
    "inquiries:inquiry-update": any_of(Cap.LOG_INQUIRIES),
    "inquiries:inquiry-undo": any_of(Cap.LOG_INQUIRIES),
}
