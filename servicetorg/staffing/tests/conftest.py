import datetime as dt

import pytest
import time_machine

from servicetorg.analytics.rollups import rollups_rebuild
from servicetorg.inquiries.generator import inquiries_generate
from servicetorg.organisation.models import OpeningHours


@pytest.fixture
def history(municipality, site, other_site, clerk, service_renovasjon, service_byggesak):
    """Eight weeks of history at two sites open 08:00–15:30 on weekdays, the day before 2025-03-12."""
    for s in (site, other_site):
        OpeningHours.objects.bulk_create(
            OpeningHours(municipality=municipality, site=s, weekday=d, opens=dt.time(8), closes=dt.time(15, 30))
            for d in range(5))
    with time_machine.travel(dt.datetime(2025, 3, 12, 10, tzinfo=dt.UTC), tick=False):
        inquiries_generate(municipality=municipality, start=dt.date(2025, 1, 15), end=dt.date(2025, 3, 11),
                           per_day=300, seed=11)
        rollups_rebuild()
        yield
