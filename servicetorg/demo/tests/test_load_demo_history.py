"""The demo with a short synthetic history. Apart from test_load_demo.py, whose tests share one demo
built for the module: these build their own."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from servicetorg.accounts.models import User
from servicetorg.catalogue.models import Service
from servicetorg.inquiries.models import Inquiry
from servicetorg.organisation.models import Municipality, OpeningException, OpeningHours, Site, Unit


def load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (Municipality, Site, OpeningHours, OpeningException, Unit, Service, User, Inquiry)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_it_builds_the_demo_municipality_with_a_short_history():
    output = load_demo("--history-days", "3")

    municipality = Municipality.objects.get(slug="sandefjord")
    assert municipality.number == "3907"
    assert "Created demo municipality Sandefjord" in output
    assert sorted(municipality.sites.values_list("slug", flat=True)) == ["andebu", "sandefjord", "stokke"]
    for site in municipality.sites.all():
        assert site.library.endswith("bibliotek")
        assert site.opening_hours.exists()
    inquiries = Inquiry.objects.filter(municipality=municipality)
    assert inquiries.exists()
    first_day = timezone.localdate() - dt.timedelta(days=3)
    assert timezone.localtime(inquiries.earliest("received_at").received_at).date() >= first_day
    assert timezone.localtime(inquiries.latest("received_at").received_at).date() < timezone.localdate()


@pytest.mark.django_db
def test_it_is_idempotent():
    load_demo("--history-days", "2")
    before = counts()

    output = load_demo("--history-days", "2")

    assert "already exists" in output
    assert counts() == before
