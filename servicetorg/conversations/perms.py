"""Who may open the inbox pages (see servicetorg.accounts.perms.Access)."""

from servicetorg.accounts.perms import API, PUBLIC, Cap, Scope, any_of

_CENTRE = any_of(Cap.LOG_INQUIRIES)

URL_ACCESS = {
    "conversations:inbox": _CENTRE,
    "conversations:thread": _CENTRE,
    "conversations:claim": _CENTRE,
    "conversations:reply": _CENTRE,
    "conversations:forward": _CENTRE,
    "conversations:close": _CENTRE,
    "contact:form": PUBLIC,  # the citizens' "Send us a message"
    "hooks:sms": PUBLIC,  # the SMS provider's webhook: its signature is checked, not a login
    "api:conversation_list": API,
    "api:conversation_read": API,
    "api:conversation_reply": API,
    "api:conversation_close": API,
}

API_SCOPES = {
    ("GET", "conversations"): {Scope.CONVERSATIONS_READ},
    ("GET", "conversations/<pk>"): {Scope.CONVERSATIONS_READ},
    ("POST", "conversations/<pk>/reply"): {Scope.CONVERSATIONS_WRITE},
    ("POST", "conversations/<pk>/close"): {Scope.CONVERSATIONS_WRITE},
}
