"""The centre's screens: forward from the inquiry page and the quick-log, look up
a reference, answer a unit's question; and who may not."""

import pytest
from django.urls import reverse

from servicetorg.forwarding import services
from servicetorg.forwarding.models import Forwarding, Status
from servicetorg.inquiries.models import Channel, Outcome
from servicetorg.inquiries.services import inquiry_create


def _url(inquiry):
    return reverse("forwarding:forward", args=[inquiry.pk])


def test_the_form_suggests_the_services_unit_and_the_note(client_for, clerk, logged, byggesak):
    response = client_for(clerk).get(_url(logged))
    assert response.status_code == 200
    assert response.context["form"].initial["unit"] == byggesak.pk
    assert response.context["form"].initial["message"] == "Spør om garasje"


def test_a_clerk_forwards_with_the_citizens_email(client_for, clerk, logged, byggesak):
    response = client_for(clerk).post(_url(logged), {
        "unit": byggesak.pk, "message": "Garasje på 40 kvm", "email": "kari@example.no", "send_receipt": "on",
    })
    forwarding = Forwarding.objects.get(inquiry=logged)
    assert response.status_code == 302
    assert response["Location"] == reverse("forwarding:centre-detail", args=[forwarding.reference])
    page = client_for(clerk).get(response["Location"]).content.decode()
    assert forwarding.reference in page
    assert "Garasje på 40 kvm" in page
    assert "kari@example.no" not in page  # the centre does not see the contact details afterwards


def test_bad_input_shows_translated_errors_and_saves_nothing(client_for, clerk, logged, byggesak):
    response = client_for(clerk).post(_url(logged), {"unit": byggesak.pk, "message": "Garasje", "phone": "12"},
                                      HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert response.context["form"].errors["phone"]
    assert not Forwarding.objects.exists()


def test_a_forwarded_inquiry_leads_to_its_status(client_for, clerk, logged, forwarded):
    response = client_for(clerk).get(_url(logged))
    assert response["Location"] == reverse("forwarding:centre-detail", args=[forwarded.reference])


def test_another_clerks_inquiry_is_not_found(client_for, other_clerk, logged):
    assert client_for(other_clerk).get(_url(logged)).status_code == 404


def test_a_caseworker_may_not_forward(client_for, caseworker, logged):
    assert client_for(caseworker).get(_url(logged)).status_code == 403


def test_the_leader_forwards_any_inquiry_of_the_municipality(client_for, leader, logged, byggesak):
    response = client_for(leader).post(_url(logged), {"unit": byggesak.pk, "message": "Garasje"})
    assert response.status_code == 302
    assert Forwarding.objects.get(inquiry=logged).forwarded_by == leader


def test_the_inquiry_page_offers_forward_and_then_shows_the_forwarding(client_for, clerk, logged, byggesak):
    detail = reverse("inquiries:inquiry-detail", args=[logged.pk])
    assert _url(logged) in client_for(clerk).get(detail).content.decode()
    forwarding = services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="Garasje")
    page = client_for(clerk).get(detail).content.decode()
    assert forwarding.reference in page
    assert _url(logged) not in page


def test_the_quicklog_offers_forward_for_a_forwarded_outcome(client_for, clerk, logged):
    page = client_for(clerk).get(reverse("inquiries:quicklog")).content.decode()
    assert _url(logged) in page


def test_for_a_sensitive_unit_the_centre_sees_only_that_and_when(client_for, clerk, site, service_barnevern,
                                                                barnevern):
    inquiry = inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.FORWARDED,
                             service=service_barnevern)
    forwarding = services.inquiry_forward(inquiry=inquiry, unit=barnevern, by=clerk, message="Bekymring for Ola",
                                          phone="91234567")
    page = client_for(clerk).get(reverse("inquiries:inquiry-detail", args=[inquiry.pk])).content.decode()
    assert forwarding.reference in page
    assert "Bekymring for Ola" not in page
    status = client_for(clerk).get(reverse("forwarding:centre-detail", args=[forwarding.reference]))
    body = status.content.decode()
    assert str(Status.NEW.label) in body or "Ny" in body
    assert "Bekymring for Ola" not in body
    assert "91234567" not in body and "+4791234567" not in body
    assert status.context["events"] == []


def test_the_lookup_finds_a_reference_however_it_is_typed(client_for, other_clerk, forwarded):
    typed = forwarded.reference.replace("-", " ").lower()
    response = client_for(other_clerk).get(reverse("forwarding:lookup"), {"reference": typed})
    assert response["Location"] == reverse("forwarding:centre-detail", args=[forwarded.reference])


def test_the_lookup_says_when_nothing_has_the_reference(client_for, clerk, forwarded):
    response = client_for(clerk).get(reverse("forwarding:lookup"), {"reference": "ZZZZ-ZZZZ"})
    assert response.status_code == 200
    assert response.context["not_found"]


def test_the_lookup_stays_in_the_municipality(client_for, forwarded, other_municipality):
    from conftest import _user
    from servicetorg.accounts.models import Role

    stranger = _user("stranger", Role.FRONTLINE, other_municipality)
    response = client_for(stranger).get(reverse("forwarding:centre-detail", args=[forwarded.reference]))
    assert response.status_code == 404


def test_a_caseworker_has_no_lookup(client_for, caseworker):
    assert client_for(caseworker).get(reverse("forwarding:lookup")).status_code == 403


def test_the_centre_answers_a_units_question(client_for, clerk, caseworker, forwarded):
    services.forwarding_ask_centre(forwarding=forwarded, by=caseworker, message="Hvilken adresse?")
    lookup = client_for(clerk).get(reverse("forwarding:lookup")).content.decode()
    assert forwarded.reference in lookup
    url = reverse("forwarding:centre-answer", args=[forwarded.reference])
    assert client_for(clerk).post(url, {"message": ""}).status_code == 400
    response = client_for(clerk).post(url, {"message": "Storgata 1"})
    assert response.status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.status == Status.NEW


@pytest.mark.parametrize("persona", ["clerk", "leader"])
def test_the_menu_shows_the_lookup_to_the_centre(request, client_for, persona):
    user = request.getfixturevalue(persona)
    page = client_for(user).get(reverse("inquiries:inquiry-list")).content.decode()
    assert reverse("forwarding:lookup") in page
    assert reverse("forwarding:inbox") not in page
