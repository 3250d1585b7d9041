"""Who may open the staffing pages (see servicetorg.accounts.perms.Access)."""

from servicetorg.accounts.perms import Cap, any_of

URL_ACCESS = {
    "staffing:overview": any_of(Cap.PLAN_STAFFING),
    "staffing:plan-edit": any_of(Cap.PLAN_STAFFING),
    "staffing:export": any_of(Cap.PLAN_STAFFING),
}
