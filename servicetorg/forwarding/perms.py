"""Who may open the forwarding pages (see servicetorg.accounts.perms.Access)."""

from servicetorg.accounts.perms import API, Cap, Scope, any_of

_CENTRE = any_of(Cap.FORWARD_INQUIRIES)
_UNIT = any_of(Cap.WORK_UNIT_INBOX)

URL_ACCESS = {
    "forwarding:forward": _CENTRE,
    "forwarding:lookup": _CENTRE,
    "forwarding:centre-detail": _CENTRE,
    "forwarding:centre-answer": _CENTRE,
    "forwarding:inbox": _UNIT,
    "forwarding:case-detail": _UNIT,
    "forwarding:case-claim": _UNIT,
    "forwarding:case-reply": _UNIT,
    "forwarding:case-resume": _UNIT,
    "forwarding:case-close": _UNIT,
    "forwarding:case-send-on": _UNIT,
    "forwarding:case-ask": _UNIT,
    "api:forward": API,
    "api:inbox": API,
    "api:status": API,
    "api:reply": API,
    "api:close": API,
}

API_SCOPES = {
    ("POST", "forwarding"): {Scope.FORWARDING_FORWARD},
    ("GET", "forwarding/inbox"): {Scope.FORWARDING_INBOX},
    ("GET", "forwarding/<reference>"): {Scope.FORWARDING_FORWARD, Scope.FORWARDING_INBOX},
    ("POST", "forwarding/<reference>/reply"): {Scope.FORWARDING_INBOX},
    ("POST", "forwarding/<reference>/close"): {Scope.FORWARDING_INBOX},
}
