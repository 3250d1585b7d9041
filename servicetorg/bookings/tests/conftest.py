"""Bookings fixtures: Byggesak's pre-application meeting (45 minutes), the
caseworker's Mondays at the Sandefjord centre, and time frozen on Monday
23 March 2026 at 08:00 in Oslo: the week before summer time begins (29 March)
and two weeks before Easter (Easter Monday is 6 April)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from servicetorg.bookings.availability import TZ
from servicetorg.bookings.models import (
    AppointmentType,
    AvailabilityRule,
    Mode,
    PriceCategory,
    PriceRule,
    Resource,
    ResourceKind,
    ResourceOpeningHours,
)
from servicetorg.organisation.models import OpeningHours

NOW = dt.datetime(2026, 3, 23, 8, 0, tzinfo=TZ)
MONDAY = dt.date(2026, 3, 23)
NEXT_MONDAY = dt.date(2026, 3, 30)  # summer time
EASTER_MONDAY = dt.date(2026, 4, 6)


def at(date: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, hh, mm, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are asserted in English, the msgid language; views use the request's language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def site_hours(municipality, site):
    """The Sandefjord centre: weekdays 08:00–15:30."""
    OpeningHours.objects.bulk_create(
        OpeningHours(municipality=municipality, site=site, weekday=day, opens=dt.time(8), closes=dt.time(15, 30))
        for day in range(5)
    )


@pytest.fixture
def conference(municipality, byggesak):
    return AppointmentType.objects.create(municipality=municipality, unit=byggesak, slug="forhandskonferanse",
                                          name="Byggesak — forhåndskonferanse", minutes=45)


@pytest.fixture
def mondays(municipality, byggesak, caseworker, site, site_hours):
    """The caseworker sees citizens at the centre on Mondays 09:00–12:00."""
    return AvailabilityRule.objects.create(
        municipality=municipality, caseworker=caseworker, unit=byggesak, mode=Mode.SITE, site=site,
        weekday=0, starts=dt.time(9), ends=dt.time(12), valid_from=dt.date(2026, 1, 1),
    )


@pytest.fixture
def hall(municipality, other_site):
    """Stokkehallen: evenings 16:00–22:00 every day."""
    resource = Resource.objects.create(
        municipality=municipality, site=other_site, slug="stokkehallen", name="Stokkehallen",
        kind=ResourceKind.SPORTS_HALL, capacity=300, feed_token="hall-feed-token-" + "x" * 20,
    )
    ResourceOpeningHours.objects.bulk_create(
        ResourceOpeningHours(resource=resource, weekday=day, opens=dt.time(16), closes=dt.time(22))
        for day in range(7)
    )
    PriceRule.objects.bulk_create([
        PriceRule(resource=resource, category=PriceCategory.ASSOCIATION, per_hour=Decimal("350")),
        PriceRule(resource=resource, category=PriceCategory.COMMERCIAL, per_hour=Decimal("1200")),
    ])
    return resource
