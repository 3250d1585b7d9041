from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from servicetorg.inquiries.models import Outcome
from servicetorg.inquiries.services import inquiry_create

URL = reverse("inquiries:inquiry-list")


def log(by, site, service, **kwargs):
    kwargs.setdefault("outcome", Outcome.ANSWERED)
    return inquiry_create(by=by, site=site, service=service, channel=kwargs.pop("channel", "phone"), **kwargs)


def ids(response):
    return {i.pk for i in response.context["inquiries"]}


def test_the_leader_sees_the_whole_municipality(client_for, clerk, leader, site, other_site, service_renovasjon):
    mine = log(clerk, site, service_renovasjon)
    theirs = log(leader, other_site, service_renovasjon)
    assert ids(client_for(leader).get(URL)) == {mine.pk, theirs.pk}


def test_a_clerk_sees_only_their_own(client_for, clerk, leader, site, service_renovasjon):
    mine = log(clerk, site, service_renovasjon)
    log(leader, site, service_renovasjon)
    assert ids(client_for(clerk).get(URL)) == {mine.pk}


def test_a_caseworker_sees_only_what_was_forwarded_to_their_unit(
    client_for, clerk, caseworker, site, service_byggesak, service_barnevern, service_renovasjon
):
    to_byggesak = log(clerk, site, service_byggesak, outcome=Outcome.FORWARDED)
    log(clerk, site, service_barnevern, outcome=Outcome.FORWARDED)
    log(clerk, site, service_renovasjon)
    client = client_for(caseworker)
    assert ids(client.get(URL)) == {to_byggesak.pk}


def test_a_caseworker_cannot_open_another_units_inquiry(client_for, clerk, caseworker, site, service_barnevern):
    other = log(clerk, site, service_barnevern, outcome=Outcome.FORWARDED)
    assert client_for(caseworker).get(reverse("inquiries:inquiry-detail", args=[other.pk])).status_code == 404


def test_another_municipality_sees_nothing(client_for, clerk, site, service_renovasjon, other_municipality):
    from servicetorg.accounts.models import Role, User

    log(clerk, site, service_renovasjon)
    stranger = User.objects.create_user("levanger", password="pw-123-abc-xyz", role=Role.LEADER,
                                        municipality=other_municipality)
    assert ids(client_for(stranger).get(URL)) == set()


def test_it_filters(client_for, leader, site, other_site, service_renovasjon, service_byggesak):
    email = log(leader, site, service_renovasjon, channel="email")
    log(leader, site, service_renovasjon, channel="phone")
    stokke = log(leader, other_site, service_byggesak, channel="phone", outcome=Outcome.SELF_SERVICE)
    client = client_for(leader)
    assert ids(client.get(URL, {"channel": "email"})) == {email.pk}
    assert ids(client.get(URL, {"site": other_site.pk})) == {stokke.pk}
    assert ids(client.get(URL, {"area": "byggesak", "outcome": "self_service"})) == {stokke.pk}


def test_it_explains_a_bad_filter(client_for, leader):
    response = client_for(leader).get(URL, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors


def test_it_pages_by_cursor_without_repeats(client_for, leader, site, service_renovasjon, settings):
    from servicetorg.inquiries import views

    logged = {log(leader, site, service_renovasjon).pk for _ in range(7)}
    original, views.LIST_PAGE_SIZE = views.LIST_PAGE_SIZE, 3
    try:
        client = client_for(leader)
        seen, url = [], URL
        while url:
            response = client.get(url)
            seen += [i.pk for i in response.context["inquiries"]]
            url = response.context["next_url"]
    finally:
        views.LIST_PAGE_SIZE = original
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == logged


def test_a_tampered_cursor_falls_back_to_the_first_page(client_for, leader, site, service_renovasjon):
    log(leader, site, service_renovasjon)
    response = client_for(leader).get(URL, {"cursor": "not-a-cursor"})
    assert response.status_code == 200
    assert len(response.context["inquiries"]) == 1


def test_the_list_takes_a_fixed_number_of_queries(client_for, leader, site, service_renovasjon, service_byggesak):
    client = client_for(leader)
    log(leader, site, service_renovasjon)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(20):
        log(leader, site, service_byggesak, outcome=Outcome.FORWARDED)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_detail_page_hides_nothing_but_free_text_of_sensitive_inquiries(
    client_for, clerk, leader, site, service_barnevern
):
    inquiry = log(clerk, site, service_barnevern, outcome=Outcome.FORWARDED)
    response = client_for(leader).get(reverse("inquiries:inquiry-detail", args=[inquiry.pk]))
    assert response.status_code == 200
    assert "Barneverntjenesten" in response.content.decode()


def test_htmx_gets_the_results_and_back_gets_the_whole_page(client_for, leader, site, service_renovasjon):
    log(leader, site, service_renovasjon)
    client = client_for(leader)
    swap = client.get(URL, {"channel": "phone"}, headers={"HX-Request": "true"})
    assert "<html" not in swap.content.decode()
    assert "HX-Request" in swap["Vary"]
    restore = client.get(URL, {"channel": "phone"},
                         headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()
    assert "HX-Request" in restore["Vary"]
