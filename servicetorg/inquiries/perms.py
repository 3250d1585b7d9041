"""Who may open the inquiry pages (see servicetorg.accounts.perms.Access)."""

from servicetorg.accounts.perms import API, Cap, Scope, any_of

_SEE = any_of(Cap.LOG_INQUIRIES, Cap.VIEW_MUNICIPALITY_INQUIRIES, Cap.VIEW_UNIT_INQUIRIES)

URL_ACCESS = {
    "inquiries:inquiry-list": _SEE,
    "inquiries:inquiry-detail": _SEE,
    "inquiries:quicklog": any_of(Cap.LOG_INQUIRIES),
    "inquiries:service-options": any_of(Cap.LOG_INQUIRIES),
    "inquiries:inquiry-update": any_of(Cap.LOG_INQUIRIES),
    "inquiries:inquiry-undo": any_of(Cap.LOG_INQUIRIES),
    "api:create": API,  # GET lists, POST logs: see API_SCOPES
    "api:list_": API,  # the same path as api:create
    "api:read": API,
}

API_SCOPES = {
    ("GET", "inquiries"): {Scope.INQUIRIES_READ},
    ("POST", "inquiries"): {Scope.INQUIRIES_WRITE},
    ("GET", "inquiries/<id>"): {Scope.INQUIRIES_READ},
}
