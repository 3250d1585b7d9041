import datetime as dt

import pytest

from conftest import _user
from servicetorg.accounts.models import Role
from servicetorg.forwarding import services
from servicetorg.forwarding.models import DeadlineRule
from servicetorg.forwarding.worktime import OSLO
from servicetorg.inquiries.models import Channel, Outcome
from servicetorg.inquiries.services import inquiry_create

# A Wednesday morning before Easter: the example.
WEDNESDAY_BEFORE_EASTER = dt.datetime(2026, 4, 1, 10, 0, tzinfo=OSLO)


@pytest.fixture
def byggesak_leader(municipality, byggesak):
    return _user("byggeleder", Role.CASEWORKER, municipality, units=[byggesak], email="leder@example.no")


@pytest.fixture
def byggesak_rule(byggesak, byggesak_leader):
    return DeadlineRule.objects.create(
        municipality=byggesak.municipality, unit=byggesak, first_response_hours=4, final_answer_days=1,
        preliminary_reply_days=0, leader=byggesak_leader,
    )


@pytest.fixture
def barnevern_worker(municipality, barnevern):
    """A caseworker in child welfare: must not reach Byggesak's inbox."""
    return _user("barnevernsarbeider", Role.CASEWORKER, municipality, units=[barnevern])


@pytest.fixture
def other_clerk(municipality, site):
    return _user("clerk2", Role.FRONTLINE, municipality, sites=[site])


@pytest.fixture
def logged(clerk, site, service_byggesak):
    """An inquiry about a building permit, logged by the clerk."""
    return inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.FORWARDED,
                          service=service_byggesak, note="Spør om garasje")


@pytest.fixture
def forwarded(logged, clerk, byggesak, byggesak_rule):
    """The inquiry forwarded to Byggesak with the citizen's e-mail and phone."""
    return services.inquiry_forward(
        inquiry=logged, unit=byggesak, by=clerk, message="Vil vite om garasjen krever søknad.",
        name="Kari Nordmann", phone="912 34 567", email="kari@example.no",
    )

