"""The quick-log's optional "received at" for e-mails and letters logged by hand."""

import datetime as dt

import pytest
import time_machine

from servicetorg.inquiries.models import Inquiry

URL = "/inquiries/log/"


def post(client, **fields):
    data = {"channel": "email", "outcome": "answered", "language": "nb", **fields}
    return client.post(URL, data, HTTP_HX_REQUEST="true")


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC), tick=False)
def test_an_email_logged_by_hand_keeps_its_arrival_time(client_for, clerk, site, service_renovasjon):
    post(client_for(clerk), site=site.pk, pick=f"service:{service_renovasjon.pk}", received_at="2026-03-03T09:30")
    inquiry = Inquiry.objects.get()
    assert inquiry.received_at == dt.datetime(2026, 3, 3, 8, 30, tzinfo=dt.UTC)  # 09:30 in Oslo


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_phone_call_ignores_it(client_for, clerk, site, service_renovasjon):
    post(client_for(clerk), site=site.pk, pick=f"service:{service_renovasjon.pk}", channel="phone",
         received_at="2026-03-03T09:30")
    assert Inquiry.objects.get().received_at == dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_time_in_the_future_is_a_form_error(client_for, clerk, site, service_renovasjon):
    response = post(client_for(clerk), site=site.pk, pick=f"service:{service_renovasjon.pk}",
                    received_at="2026-03-09T09:30")
    assert not Inquiry.objects.exists()
    assert b"received_at" in response.content and b"aria-invalid" in response.content
