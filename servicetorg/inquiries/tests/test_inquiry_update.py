import datetime as dt

import time_machine
from django.urls import reverse

from servicetorg.inquiries.models import Inquiry
from servicetorg.inquiries.services import inquiry_create

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def logged(clerk, site, service):
    return inquiry_create(by=clerk, site=site, service=service, channel="phone", outcome="answered")


def form_data(site, service, **extra):
    data = {"channel": "email", "site": site.pk, "pick": f"service:{service.pk}", "outcome": "self_service",
            "language": "nn", "minutes": "4", "note": "retta"}
    data.update(extra)
    return data


def test_it_changes_an_inquiry_within_the_window(client_for, clerk, site, service_renovasjon, service_byggesak):
    with time_machine.travel(START, tick=False):
        inquiry = logged(clerk, site, service_renovasjon)
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        client = client_for(clerk)
        url = reverse("inquiries:inquiry-update", args=[inquiry.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, form_data(site, service_byggesak))
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.channel, inquiry.service, inquiry.area_id, inquiry.language, inquiry.handling_seconds) == (
        "email", service_byggesak, "byggesak", "nn", 240)
    assert inquiry.received_at == START


def test_it_refuses_changes_after_the_window(client_for, clerk, site, service_renovasjon):
    with time_machine.travel(START, tick=False):
        inquiry = logged(clerk, site, service_renovasjon)
    with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
        client = client_for(clerk)
        response = client.post(reverse("inquiries:inquiry-update", args=[inquiry.pk]),
                                form_data(site, service_renovasjon))
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.channel == "phone"


def test_it_shows_errors_without_saving(client_for, clerk, site, service_renovasjon):
    inquiry = logged(clerk, site, service_renovasjon)
    response = client_for(clerk).post(reverse("inquiries:inquiry-update", args=[inquiry.pk]),
                                      form_data(site, service_renovasjon, channel="pigeon"))
    assert response.status_code == 200
    assert "channel" in response.context["form"].errors
    inquiry.refresh_from_db()
    assert inquiry.channel == "phone"


def test_it_undoes_an_inquiry_within_the_window(client_for, clerk, site, service_renovasjon):
    inquiry = logged(clerk, site, service_renovasjon)
    response = client_for(clerk).post(reverse("inquiries:inquiry-undo", args=[inquiry.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert not Inquiry.objects.exists()
    assert 'id="counters" class="counters" hx-swap-oob="true"' in response.content.decode()


def test_it_refuses_undo_after_the_window(client_for, clerk, site, service_renovasjon):
    with time_machine.travel(START, tick=False):
        inquiry = logged(clerk, site, service_renovasjon)
    with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
        client_for(clerk).post(reverse("inquiries:inquiry-undo", args=[inquiry.pk]))
    assert Inquiry.objects.filter(pk=inquiry.pk).exists()


def test_nobody_undoes_someone_elses_inquiry(client_for, clerk, leader, site, service_renovasjon):
    inquiry = logged(clerk, site, service_renovasjon)
    response = client_for(leader).post(reverse("inquiries:inquiry-undo", args=[inquiry.pk]))
    assert response.status_code == 302
    assert Inquiry.objects.filter(pk=inquiry.pk).exists()


def test_another_clerk_cannot_even_see_it(client_for, clerk, site, service_renovasjon, municipality):
    from servicetorg.accounts.models import Role, User

    inquiry = logged(clerk, site, service_renovasjon)
    other = User.objects.create_user("other", password="x-y-z-123456", role=Role.FRONTLINE, municipality=municipality)
    client = client_for(other)
    assert client.post(reverse("inquiries:inquiry-undo", args=[inquiry.pk])).status_code == 404
    assert client.get(reverse("inquiries:inquiry-update", args=[inquiry.pk])).status_code == 404
