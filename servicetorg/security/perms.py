"""Who may open the sign-in and security pages (see servicetorg.accounts.perms.Access)."""

from servicetorg.accounts.perms import SIGNED_IN, Cap, any_of

URL_ACCESS = {
    "security:account": SIGNED_IN,
    "security:logout-everywhere": SIGNED_IN,
    "security:mfa-setup": SIGNED_IN,
    "security:mfa-verify": SIGNED_IN,
    "security:sealed-read": any_of(Cap.WORK_UNIT_INBOX),  # the receiving unit's caseworkers only
    "audit:log": any_of(Cap.VIEW_AUDIT_LOG),
    "audit:export": any_of(Cap.VIEW_AUDIT_LOG),
}
