import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from servicetorg.catalogue.models import Area
from servicetorg.inquiries.models import Inquiry, Outcome
from servicetorg.inquiries.services import inquiry_create


def create(by, site, **kwargs):
    kwargs.setdefault("channel", "phone")
    kwargs.setdefault("outcome", Outcome.ANSWERED)
    return inquiry_create(by=by, site=site, **kwargs)


def test_it_takes_the_area_from_the_service(clerk, site, service_byggesak):
    inquiry = create(clerk, site, service=service_byggesak, area=Area.objects.get(code="bolig"))
    assert inquiry.area_id == "byggesak"


def test_it_remembers_the_channel_and_site(clerk, site, service_renovasjon):
    create(clerk, site, service=service_renovasjon, channel="sms")
    clerk.refresh_from_db()
    assert clerk.last_channel == "sms"
    assert clerk.last_site == site


def test_it_keeps_no_personal_data_on_the_inquiry(clerk, site, service_renovasjon):
    inquiry = create(clerk, site, service=service_renovasjon)
    fields = {f.name for f in Inquiry._meta.get_fields()}
    assert not fields & {"name", "phone", "email", "national_id"}
    assert not hasattr(inquiry, "contact") or inquiry.contact is None


def test_it_marks_inquiries_for_sensitive_units(clerk, site, service_barnevern, barnevern):
    inquiry = create(clerk, site, service=service_barnevern, outcome=Outcome.FORWARDED)
    assert inquiry.sensitive
    assert inquiry.forwarded_to == barnevern


def test_it_marks_an_inquiry_forwarded_to_a_sensitive_unit(clerk, site, service_renovasjon, barnevern):
    inquiry = create(clerk, site, service=service_renovasjon, outcome=Outcome.FORWARDED, forwarded_to=barnevern)
    assert inquiry.sensitive


def test_it_refuses_free_text_on_sensitive_inquiries(clerk, site, service_barnevern):
    with pytest.raises(ValidationError) as error:
        create(clerk, site, service=service_barnevern, outcome=Outcome.FORWARDED, note="navn og adresse")
    assert "note" in error.value.message_dict
    assert not Inquiry.objects.exists()


def test_the_database_refuses_a_note_on_a_sensitive_inquiry(clerk, site, service_barnevern):
    from django.db import IntegrityError, transaction

    inquiry = create(clerk, site, service=service_barnevern, outcome=Outcome.FORWARDED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Inquiry.objects.filter(pk=inquiry.pk).update(note="fritekst")


def test_it_needs_a_unit_to_forward_to(clerk, site, service_renovasjon):
    with pytest.raises(ValidationError) as error:
        create(clerk, site, service=service_renovasjon, outcome=Outcome.FORWARDED)
    assert "forwarded_to" in error.value.message_dict


def test_it_needs_a_service_or_an_area(clerk, site):
    with pytest.raises(ValidationError) as error:
        create(clerk, site)
    assert "service" in error.value.message_dict


def test_it_drops_the_unit_when_not_forwarded(clerk, site, service_renovasjon, byggesak):
    inquiry = create(clerk, site, service=service_renovasjon, forwarded_to=byggesak)
    assert inquiry.forwarded_to is None


def test_it_refuses_another_municipalitys_site(clerk, other_municipality, service_renovasjon):
    from servicetorg.organisation.models import Site

    foreign = Site.objects.create(municipality=other_municipality, name="Levanger", slug="levanger")
    with pytest.raises(ValidationError) as error:
        create(clerk, foreign, service=service_renovasjon)
    assert "site" in error.value.message_dict


def test_it_refuses_unknown_channels_and_outcomes(clerk, site, service_renovasjon):
    with pytest.raises(ValidationError) as error:
        create(clerk, site, service=service_renovasjon, channel="pigeon", outcome="shrug", language="xx")
    assert set(error.value.message_dict) == {"channel", "outcome", "language"}


@time_machine.travel(dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC), tick=False)
def test_it_refuses_times_in_the_future_or_long_ago(clerk, site, service_renovasjon):
    for when in (timezone.now() + dt.timedelta(hours=1), timezone.now() - dt.timedelta(days=40)):
        with pytest.raises(ValidationError) as error:
            create(clerk, site, service=service_renovasjon, received_at=when)
        assert "received_at" in error.value.message_dict


def test_it_is_denied_to_caseworkers(caseworker, site, service_renovasjon):
    with pytest.raises(PermissionDenied):
        create(caseworker, site, service=service_renovasjon)
