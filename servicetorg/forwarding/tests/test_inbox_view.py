"""The unit inbox and a case's page: what caseworkers see and do, and the denials."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from servicetorg.core.models import AuditAction, AuditEvent
from servicetorg.forwarding import services
from servicetorg.forwarding.models import Forwarding, Status
from servicetorg.forwarding.worktime import OSLO
from servicetorg.inquiries.models import Channel, Outcome
from servicetorg.inquiries.services import inquiry_create

INBOX = reverse("forwarding:inbox")


def _case(forwarding, action=None):
    if action is None:
        return reverse("forwarding:case-detail", args=[forwarding.reference])
    return reverse(f"forwarding:case-{action}", args=[forwarding.reference])


@pytest.fixture
def many(clerk, site, service_byggesak, byggesak):
    """Twelve forwarded inquiries in Byggesak's inbox."""
    rows = []
    for i in range(12):
        inquiry = inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.FORWARDED,
                                 service=service_byggesak)
        rows.append(services.inquiry_forward(inquiry=inquiry, unit=byggesak, by=clerk, message=f"Sak {i}",
                                             email=f"c{i}@example.no"))
    return rows


def test_the_caseworker_sees_the_units_inbox(client_for, caseworker, forwarded):
    response = client_for(caseworker).get(INBOX)
    assert response.status_code == 200
    assert [f.reference for f in response.context["rows"]] == [forwarded.reference]
    assert response.context["counts"].new == 1


def test_another_units_caseworker_sees_none_of_it(client_for, barnevern_worker, forwarded):
    response = client_for(barnevern_worker).get(INBOX)
    assert response.context["rows"] == []
    assert client_for(barnevern_worker).get(_case(forwarded)).status_code == 404
    assert client_for(barnevern_worker).post(_case(forwarded, "claim")).status_code == 404


@pytest.mark.parametrize("persona", ["clerk", "leader"])
def test_the_centre_has_no_inbox(request, client_for, persona, forwarded):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(INBOX).status_code == 403
    assert client_for(user).get(_case(forwarded)).status_code == 403


def test_the_inbox_lists_with_a_fixed_number_of_queries(client_for, caseworker, many,
                                                        django_assert_max_num_queries):
    client = client_for(caseworker)
    client.get(INBOX)
    with django_assert_max_num_queries(12):
        response = client.get(INBOX)
    assert len(response.context["rows"]) == 12


def test_the_inbox_pages_by_due_time(client_for, caseworker, many, monkeypatch):
    monkeypatch.setattr("servicetorg.forwarding.views.INBOX_PAGE_SIZE", 5)
    client = client_for(caseworker)
    seen = []
    response = client.get(INBOX)
    while True:
        seen += response.context["rows"]
        if not response.context["next_url"]:
            break
        response = client.get(response.context["next_url"])
    assert len(seen) == 12 and len({f.pk for f in seen}) == 12
    assert [f.due_at for f in seen] == sorted(f.due_at for f in seen)


def test_a_bad_cursor_shows_the_first_page(client_for, caseworker, many):
    response = client_for(caseworker).get(INBOX, {"cursor": "nonsense"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 12


def test_the_filters(client_for, caseworker, many):
    services.forwarding_claim(forwarding=many[0], by=caseworker)
    services.forwarding_close(forwarding=many[1], by=caseworker, outcome="answered")
    client = client_for(caseworker)
    assert [f.pk for f in client.get(INBOX, {"mine": "on"}).context["rows"]] == [many[0].pk]
    assert [f.pk for f in client.get(INBOX, {"status": "closed"}).context["rows"]] == [many[1].pk]
    assert [f.pk for f in client.get(INBOX, {"status": "claimed"}).context["rows"]] == [many[0].pk]
    assert len(client.get(INBOX, {"status": "open"}).context["rows"]) == 11
    Forwarding.objects.filter(pk=many[2].pk).update(due_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    response = client.get(INBOX, {"overdue": "on"})
    assert [f.pk for f in response.context["rows"]] == [many[2].pk]
    assert response.context["counts"].overdue == 1
    assert response.context["counts"].mine == 1


def test_opening_a_case_shows_the_contact_and_records_the_view(client_for, caseworker, forwarded):
    page = client_for(caseworker).get(_case(forwarded)).content.decode()
    assert "kari@example.no" in page
    assert "Vil vite om garasjen krever søknad." in page
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA, actor=caseworker).count() == 1


def test_claim_reply_and_close_through_the_page(client_for, caseworker, forwarded,
                                                django_capture_on_commit_callbacks):
    client = client_for(caseworker)
    assert client.post(_case(forwarded, "claim")).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_case(forwarded, "reply"), {"channel": "email", "message": "Søknadsfri."})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["kari@example.no"]
    response = client.post(_case(forwarded, "close"), {"outcome": "answered"})
    assert response.status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.status == Status.CLOSED and forwarded.claimed_by == caseworker


def test_a_reply_without_text_shows_the_error(client_for, caseworker, forwarded):
    response = client_for(caseworker).post(_case(forwarded, "reply"), {"channel": "email", "message": ""})
    assert response.status_code == 400
    assert response.context["reply_form"].errors["message"]
    assert mail.outbox == []


def test_pause_and_resume_through_the_page(client_for, caseworker, forwarded):
    client = client_for(caseworker)
    client.post(_case(forwarded, "reply"), {"channel": "sms", "message": "Mål?", "wait_for_citizen": "on"})
    forwarded.refresh_from_db()
    assert forwarded.status == Status.WAITING_CITIZEN
    assert client.post(_case(forwarded, "resume"), {"message": "40 kvm"}).status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.status == Status.CLAIMED


def test_send_on_and_ask_through_the_page(client_for, caseworker, forwarded, barnevern, byggesak):
    client = client_for(caseworker)
    assert client.post(_case(forwarded, "ask"), {"message": "Adresse?"}).status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.status == Status.WAITING_CENTRE
    response = client.post(_case(forwarded, "send-on"), {"unit": byggesak.pk, "message": "Hit"})
    assert response.status_code == 400  # the own unit is not a choice
    response = client.post(_case(forwarded, "send-on"), {"unit": barnevern.pk, "message": "Gjelder barn"})
    assert response["Location"] == INBOX
    forwarded.refresh_from_db()
    assert forwarded.unit == barnevern


def test_the_issue_example_shows_in_the_inbox(client_for, clerk, caseworker, logged, byggesak, byggesak_rule):
    with time_machine.travel(dt.datetime(2026, 4, 1, 10, 0, tzinfo=OSLO), tick=False):
        forwarding = services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="Garasje")
        response = client_for(caseworker).get(INBOX)
    assert response.context["rows"][0].due_at.astimezone(OSLO).date() == dt.date(2026, 4, 7)
    assert forwarding.reference in response.content.decode()


def test_the_menu_shows_the_inbox_to_caseworkers(client_for, caseworker):
    page = client_for(caseworker).get(reverse("inquiries:inquiry-list")).content.decode()
    assert INBOX in page
    assert reverse("forwarding:lookup") not in page


def test_htmx_gets_the_results_and_back_gets_the_whole_page(client_for, caseworker, forwarded):
    client = client_for(caseworker)
    swap = client.get(INBOX, {"status": "new"}, headers={"HX-Request": "true"})
    assert swap.status_code == 200
    assert "<html" not in swap.content.decode()
    assert "HX-Request" in swap["Vary"]
    restore = client.get(INBOX, {"status": "new"},
                         headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()
