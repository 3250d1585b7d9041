"""Who may open the queue pages (see servicetorg.accounts.perms.Access)."""

from servicetorg.accounts.perms import PUBLIC, Cap, any_of

URL_ACCESS = {
    # The kiosk and the display run on screens at the site, with no login.
    "queue:kiosk": PUBLIC,
    "queue:check-in": PUBLIC,
    "queue:display": PUBLIC,
    "queue:display-rows": PUBLIC,
    "hooks-calls": PUBLIC,  # the switchboard's webhook: token and signature, not a login
    "queues:counter-list": any_of(Cap.SERVE_QUEUE),
    "queues:counter-detail": any_of(Cap.SERVE_QUEUE),
    "queues:counter-action": any_of(Cap.SERVE_QUEUE),
    "queues:board": any_of(Cap.WATCH_QUEUES),
    "queues:phone-message": any_of(Cap.TAKE_MESSAGES),
}
