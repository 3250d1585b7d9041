from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from servicetorg.inquiries.models import Inquiry, Outcome

URL = reverse("inquiries:quicklog")


def post(client, **fields):
    data = {"channel": "phone", "language": "nb", "outcome": "answered", "note": "", "minutes": "", "elapsed_ms": ""}
    data.update(fields)
    return client.post(URL, data, HTTP_HX_REQUEST="true")


def test_it_shows_the_form_with_the_remembered_channel_and_site(client_for, clerk, site):
    clerk.last_channel = "email"
    clerk.last_site = site
    clerk.save()
    response = client_for(clerk).get(URL)
    assert response.status_code == 200
    assert response.context["form"].initial["channel"] == "email"
    assert response.context["form"].initial["site"] == site.pk


def test_it_logs_an_inquiry_and_answers_with_a_fresh_form(client_for, clerk, site, service_renovasjon):
    response = post(client_for(clerk), site=site.pk, pick=f"service:{service_renovasjon.pk}", elapsed_ms="95000")
    assert response.status_code == 200
    inquiry = Inquiry.objects.get()
    assert inquiry.service == service_renovasjon
    assert inquiry.area_id == "renovasjon"
    assert inquiry.handled_by == clerk
    assert inquiry.handling_seconds == 95
    body = response.content.decode()
    assert 'id="today" hx-swap-oob="true"' in body
    assert service_renovasjon.name in body
    assert response.context["form"].is_bound is False


def test_it_redirects_after_a_plain_post(client_for, clerk, site, service_renovasjon):
    client = client_for(clerk)
    response = client.post(URL, {"channel": "walk_in", "site": site.pk, "pick": f"service:{service_renovasjon.pk}",
                                 "outcome": "answered", "language": "nb", "minutes": "3"})
    assert response.status_code == 302
    assert Inquiry.objects.get().handling_seconds == 180


def test_it_logs_an_area_when_no_service_fits(client_for, clerk, site):
    post(client_for(clerk), site=site.pk, pick="area:bolig", outcome="self_service")
    inquiry = Inquiry.objects.get()
    assert inquiry.service is None
    assert inquiry.area_id == "bolig"


def test_it_forwards_to_the_services_usual_recipient(client_for, clerk, site, service_barnevern, barnevern):
    post(client_for(clerk), site=site.pk, pick=f"service:{service_barnevern.pk}", outcome="forwarded")
    inquiry = Inquiry.objects.get()
    assert inquiry.forwarded_to == barnevern
    assert inquiry.sensitive is True


def test_it_refuses_a_note_on_a_sensitive_service(client_for, clerk, site, service_barnevern):
    response = post(client_for(clerk), site=site.pk, pick=f"service:{service_barnevern.pk}", outcome="forwarded",
                    note="Naboen sier at ...")
    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    assert not Inquiry.objects.exists()


def test_it_explains_what_is_missing(client_for, clerk, site):
    response = post(client_for(clerk), site=site.pk, pick="", outcome="")
    form = response.context["form"]
    assert set(form.errors) >= {"pick", "outcome"}
    assert 'role="alert"' in response.content.decode()
    # The summary links the missing service to the typeahead the clerk types in, not the hidden value.
    assert 'href="#id_pick_label"' in response.content.decode()
    assert not Inquiry.objects.exists()


def test_it_rejects_a_site_the_clerk_does_not_work_at(client_for, clerk, other_site, service_renovasjon):
    response = post(client_for(clerk), site=other_site.pk, pick=f"service:{service_renovasjon.pk}")
    assert "site" in response.context["form"].errors
    assert not Inquiry.objects.exists()


def test_it_rejects_an_unknown_service(client_for, clerk, site):
    response = post(client_for(clerk), site=site.pk, pick="service:999999")
    assert "pick" in response.context["form"].errors


def test_it_rejects_an_absurd_handling_time(client_for, clerk, site, service_renovasjon):
    response = post(client_for(clerk), site=site.pk, pick=f"service:{service_renovasjon.pk}", minutes="100000")
    assert "minutes" in response.context["form"].errors
    assert not Inquiry.objects.exists()


def test_it_counts_the_day(client_for, clerk, site, service_renovasjon):
    client = client_for(clerk)
    post(client, site=site.pk, pick=f"service:{service_renovasjon.pk}", outcome=Outcome.ANSWERED, minutes="2")
    post(client, site=site.pk, pick=f"service:{service_renovasjon.pk}", outcome=Outcome.UNRESOLVED, minutes="4")
    counters = client.get(URL).context["counters"]
    assert counters.mine == 2
    assert counters.first_contact_share == 50
    assert counters.mean_minutes == 3.0
    assert counters.site == 2


def test_it_is_denied_to_caseworkers(client_for, caseworker):
    assert client_for(caseworker).get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_page_takes_a_fixed_number_of_queries(client_for, clerk, site, service_renovasjon):
    client = client_for(clerk)
    post(client, site=site.pk, pick=f"service:{service_renovasjon.pk}")
    with CaptureQueriesContext(connection) as one_row:
        client.get(URL)
    for _ in range(10):
        post(client, site=site.pk, pick=f"service:{service_renovasjon.pk}")
    with CaptureQueriesContext(connection) as eleven_rows:
        client.get(URL)
    assert len(eleven_rows.captured_queries) == len(one_row.captured_queries) <= 15


def test_it_lists_the_newest_and_links_to_the_whole_day(client_for, clerk, site, service_renovasjon):
    client = client_for(clerk)
    for _ in range(17):
        post(client, site=site.pk, pick=f"service:{service_renovasjon.pk}")
    response = client.get(URL)
    assert len(response.context["today"]) == 15
    assert "date_from=" in response.context["today_list_url"]
    assert escape(response.context["today_list_url"]) in response.content.decode()


def test_seconds_of_typing_after_the_call_are_stored_as_unknown_not_as_zero(client_for, clerk, site,
                                                                            service_renovasjon):
    """A clerk who logs after the call types for 2 s: that is not the handling time."""
    post(client_for(clerk), site=site.pk, pick=f"service:{service_renovasjon.pk}", elapsed_ms="2000")
    assert Inquiry.objects.get().handling_seconds is None


def test_no_clock_started_is_unknown(client_for, clerk, site, service_renovasjon):
    post(client_for(clerk), site=site.pk, pick=f"service:{service_renovasjon.pk}")
    assert Inquiry.objects.get().handling_seconds is None


def test_typed_minutes_are_stored_as_typed(client_for, clerk, site, service_renovasjon):
    post(client_for(clerk), site=site.pk, pick=f"service:{service_renovasjon.pk}", minutes="0.5", elapsed_ms="2000")
    assert Inquiry.objects.get().handling_seconds == 30


def test_the_form_offers_an_explicit_start_and_shows_the_time_to_be_stored(client_for, clerk, site,
                                                                           service_renovasjon):
    client = client_for(clerk)
    body = client.get(URL).content.decode()
    assert 'id="clock-start"' in body and 'name="clock"' in body and 'id="clock-preview"' in body
    assert 'data-since-previous-ms=""' in body
    post(client, site=site.pk, pick=f"service:{service_renovasjon.pk}", elapsed_ms="60000")
    body = client.get(URL).content.decode()
    assert 'data-since-previous-ms=""' not in body


def test_an_unknown_time_shows_as_a_dash_in_todays_list(client_for, clerk, site, service_renovasjon):
    client = client_for(clerk)
    post(client, site=site.pk, pick=f"service:{service_renovasjon.pk}")
    assert '<span title="ukjent">–</span>' in client.get(URL).content.decode() or \
        '<span title="unknown">–</span>' in client.get(URL).content.decode()
