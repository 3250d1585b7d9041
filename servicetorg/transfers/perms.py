"""Who may open the task-transfer pages (see servicetorg.accounts.perms.Access).
A unit's leader (UnitLeadership) keeps their own unit's register."""

from servicetorg.accounts.perms import Cap, any_of

_REGISTER = any_of(Cap.ASSESS_TRANSFERS, unit_leaders=True)
_ASSESS = any_of(Cap.ASSESS_TRANSFERS)

URL_ACCESS = {
    "transfers:unit-list": _REGISTER,
    "transfers:capacity": _ASSESS,
    "transfers:register-detail": _REGISTER,
    "transfers:task-create": _REGISTER,
    "transfers:task-detail": _REGISTER,
    "transfers:task-update": _REGISTER,
    "transfers:task-assess": _ASSESS,
    "transfers:task-advance": _ASSESS,
    "transfers:task-delete": _REGISTER,
    "transfers:report-detail": _REGISTER,
    "transfers:report-update": _REGISTER,
    "transfers:report-pdf": _REGISTER,
    "transfers:register-export-csv": _REGISTER,
    "transfers:register-export-xlsx": _REGISTER,
    "transfers:register-import": _REGISTER,
}
