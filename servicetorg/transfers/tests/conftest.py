import datetime as dt
from decimal import Decimal

import pytest

from conftest import _user
from servicetorg.accounts.models import Role
from servicetorg.organisation.models import Unit
from servicetorg.transfers.models import UnitLeadership
from servicetorg.transfers.services import task_create


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def okonomi(municipality):
    return Unit.objects.create(municipality=municipality, name="Økonomienheten", slug="okonomi")


@pytest.fixture
def unit_leader(municipality, okonomi):
    """A caseworker who leads Økonomienheten and so keeps its register."""
    user = _user("okonomileder", Role.CASEWORKER, municipality, units=[okonomi])
    UnitLeadership.objects.create(municipality=municipality, unit=okonomi, user=user)
    return user


@pytest.fixture
def hall_rental(okonomi, unit_leader):
    return task_create(
        by=unit_leader, unit=okonomi, name="Utleie av haller", audience="external", step=3,
        volume_text="4-5 timer pr uke", volume_kind="per_week", volume_amount=Decimal(4),
        volume_amount_max=Decimal(5), training_what="Opplæring", training_by="Marit Wangberg",
    )


@pytest.fixture
def tv_aksjonen(okonomi, unit_leader):
    return task_create(
        by=unit_leader, unit=okonomi, name="TV-aksjonen", audience="external", step=3,
        volume_kind="period_share", volume_amount=Decimal("0.5"), volume_start=dt.date(2026, 9, 20),
        volume_end=dt.date(2026, 10, 25),
    )
