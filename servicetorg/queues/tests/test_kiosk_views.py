import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from servicetorg.queues import services
from servicetorg.queues.models import Ticket, TicketPhone


@pytest.fixture
def kiosk_url(site):
    return reverse("queue:kiosk", args=[site.municipality.slug, site.slug])


def test_the_kiosk_needs_no_login_and_lists_the_errands(client, kiosk_url, errand):
    response = client.get(kiosk_url)
    assert response.status_code == 200
    assert "Generelle spørsmål" in response.content.decode()


def test_the_kiosk_speaks_english_when_asked(client, kiosk_url, errand):
    body = client.get(f"{kiosk_url}?lang=en").content.decode()
    assert "General questions" in body and 'lang="en"' in body


def test_taking_a_number_shows_it_and_the_wait(client, kiosk_url, errand):
    services.ticket_issue(site=errand.site, errand=errand)
    response = client.post(kiosk_url, {"errand": errand.pk, "phone": "912 34 567", "lang": "nb"})
    assert response.status_code == 200
    ticket = Ticket.objects.order_by("-pk").first()
    assert ticket.label in response.content.decode()
    assert TicketPhone.objects.get(ticket=ticket).phone == "+4791234567"
    assert "foran deg" in response.content.decode() or "ahead of you" in response.content.decode()


def test_a_bad_phone_number_is_explained_not_an_error_page(client, kiosk_url, errand):
    response = client.post(kiosk_url, {"errand": errand.pk, "phone": "abc"})
    assert response.status_code == 200
    assert not Ticket.objects.exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_an_errand_of_another_site_is_refused_gently(client, other_site, errand):
    url = reverse("queue:kiosk", args=[other_site.municipality.slug, other_site.slug])
    response = client.post(url, {"errand": errand.pk})
    assert response.status_code == 200
    assert not Ticket.objects.exists()


def test_the_kiosk_shows_a_friendly_page_when_something_breaks(client, kiosk_url, errand, monkeypatch):
    # A database failure mid-request (simulated by a broken estimate) must not reach the citizen as a 500.
    def broken(ticket):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "estimated_wait_seconds", broken)
    response = client.post(kiosk_url, {"errand": errand.pk})
    assert response.status_code == 200
    assert 'id="kiosk-sorry"' in response.content.decode()


def test_an_unknown_site_is_404(client, municipality):
    assert client.get(reverse("queue:kiosk", args=[municipality.slug, "nowhere"])).status_code == 404


@pytest.fixture
def appointment(municipality, site, caseworker, byggesak):
    from servicetorg.bookings.models import Appointment, AppointmentType
    from servicetorg.bookings.services import token_hash

    caseworker.email = "cw@kommune.example"
    caseworker.save(update_fields=["email"])
    kind = AppointmentType.objects.create(municipality=municipality, unit=byggesak, name="Byggesak",
                                          slug="byggesak", minutes=30)
    start = timezone.localtime().replace(hour=23, minute=0, second=0, microsecond=0)
    return Appointment.objects.create(municipality=municipality, appointment_type=kind, caseworker=caseworker,
                                      mode="site", site=site, starts_at=start, ends_at=start + dt.timedelta(minutes=30),
                                      token_hash=token_hash("secret-token-abc"))


def test_check_in_puts_the_ticket_in_the_caseworkers_queue_and_tells_them(
        client, site, appointment, caseworker, mailoutbox, django_capture_on_commit_callbacks):
    url = reverse("queue:check-in", args=[site.municipality.slug, site.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reference": "http://x/public/sandefjord/booking/manage/secret-token-abc/"})
    assert response.status_code == 200
    ticket = Ticket.objects.get()
    assert ticket.assigned_to == caseworker and ticket.appointment == appointment
    assert [m.to for m in mailoutbox] == [["cw@kommune.example"]]
    assert ticket.label in mailoutbox[0].body


def test_check_in_with_the_short_code(client, site, appointment):
    url = reverse("queue:check-in", args=[site.municipality.slug, site.slug])
    client.post(url, {"reference": services.checkin_code(appointment)})
    assert Ticket.objects.filter(appointment=appointment).exists()


def test_a_wrong_reference_is_explained(client, site, appointment):
    url = reverse("queue:check-in", args=[site.municipality.slug, site.slug])
    response = client.post(url, {"reference": f"{appointment.pk}-0000x"})
    assert response.status_code == 200
    assert not Ticket.objects.exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_booking_confirmation_carries_the_check_in_code(appointment, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    from servicetorg.bookings.notify import appointment_confirmation

    appointment.citizen_email = "ola@example.com"
    appointment.save(update_fields=["citizen_email"])
    with django_capture_on_commit_callbacks(execute=True):
        appointment_confirmation(appointment=appointment, token="secret-token-abc")
    assert services.checkin_code(appointment) in mailoutbox[0].body
