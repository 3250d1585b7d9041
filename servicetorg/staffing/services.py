from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.organisation.models import Site
from servicetorg.staffing.models import PlannedStaff


def staffing_plan_save(*, site: Site, by, staff: dict[tuple[int, int], int]) -> int:
    """Replace a site's weekly plan: {(weekday, slot): staff}. Zero means nobody; returns the half hours planned."""
    if not user_can(by, Cap.PLAN_STAFFING) or site.municipality_id != by.municipality_id:
        raise PermissionDenied
    bad = [key for key, value in staff.items()
           if not (0 <= key[0] <= 6 and 0 <= key[1] < 48) or not isinstance(value, int) or not 0 <= value <= 99]
    if bad:
        raise ValidationError(_("Each half hour takes a number of staff from 0 to 99."))
    with transaction.atomic():
        PlannedStaff.objects.filter(site=site).delete()
        rows = PlannedStaff.objects.bulk_create(
            PlannedStaff(municipality_id=site.municipality_id, site=site, weekday=w, slot=s, staff=n, updated_by=by)
            for (w, s), n in sorted(staff.items()) if n
        )
    return len(rows)
