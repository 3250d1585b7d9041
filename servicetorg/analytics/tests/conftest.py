import datetime as dt

import pytest
import time_machine

from servicetorg.organisation.models import OpeningHours

NOW = dt.datetime(2025, 3, 12, 10, 0, tzinfo=dt.UTC)  # a Wednesday


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def open_sites(site, other_site, municipality):
    """Both sites open on weekdays 08:00–15:30, so the generator has staffed hours to fill."""
    for s in (site, other_site):
        OpeningHours.objects.bulk_create(
            OpeningHours(municipality=municipality, site=s, weekday=d, opens=dt.time(8), closes=dt.time(15, 30))
            for d in range(5)
        )
    return [site, other_site]
