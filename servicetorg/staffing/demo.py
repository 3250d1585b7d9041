"""Demo weekly staffing plans for the sites: a steady crew through the opening
hours, one more on Monday mornings at the main site, so the staffing page shows
both shortfalls and slack."""

from servicetorg.organisation.models import OpeningHours, Site
from servicetorg.staffing.models import PlannedStaff

CREW = {"sandefjord": 4, "stokke": 2, "andebu": 1}


def staffing_demo_load(*, municipality) -> int:
    rows = []
    for site in Site.objects.filter(municipality=municipality, slug__in=list(CREW)):
        for hours in OpeningHours.objects.filter(site=site):
            first = hours.opens.hour * 2 + hours.opens.minute // 30
            last = hours.closes.hour * 2 + (hours.closes.minute + 29) // 30
            for slot in range(first, last):
                staff = CREW[site.slug] + (1 if site.slug == "sandefjord" and hours.weekday == 0 and slot < 24 else 0)
                rows.append(PlannedStaff(municipality=municipality, site=site, weekday=hours.weekday, slot=slot,
                                         staff=staff))
    PlannedStaff.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
