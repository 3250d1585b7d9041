from django.urls import reverse

from servicetorg.inquiries.models import Inquiry
from servicetorg.queues import services
from servicetorg.queues.models import Ticket, TicketStatus


def _post(client, counter, action, data=None):
    return client.post(reverse("queues:counter-action", args=[counter.pk, action]), data or {})


def test_call_next_then_done_opens_the_prefilled_quicklog_and_one_save_logs_it(
        client_for, clerk, site, errand, counter, service_renovasjon):
    client = client_for(clerk)
    ticket = services.ticket_issue(site=site, errand=errand)
    _post(client, counter, "call-next")
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.CALLED
    page = client.get(reverse("queues:counter-detail", args=[counter.pk])).content.decode()
    assert ticket.label in page
    response = _post(client, counter, "done")
    assert response.status_code == 302 and f"queue_ticket={ticket.pk}" in response.url
    form_page = client.get(response.url).content.decode()
    assert f'value="service:{service_renovasjon.pk}"' in form_page
    assert 'name="queue_ticket"' in form_page
    # The form as the browser would post it, unchanged: one Enter.
    saved = client.post(reverse("inquiries:quicklog"), {
        "channel": "walk_in", "site": site.pk, "pick": f"service:{service_renovasjon.pk}",
        "pick_label": service_renovasjon.name, "outcome": "answered", "language": "nb", "minutes": "0",
        "queue_ticket": ticket.pk})
    assert saved.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.channel == "walk_in" and Ticket.objects.get(pk=ticket.pk).inquiry == inquiry
    detail = client.get(reverse("inquiries:inquiry-detail", args=[inquiry.pk])).content.decode()
    assert 'id="queue-waited"' in detail


def test_the_quicklog_ignores_a_ticket_served_by_someone_else(client_for, clerk, leader, site, errand, counter):
    services.ticket_issue(site=site, errand=errand)
    ticket = services.ticket_call_next(counter=counter, by=leader)
    page = client_for(clerk).get(f"{reverse('inquiries:quicklog')}?queue_ticket={ticket.pk}").content.decode()
    assert 'name="queue_ticket"' not in page


def test_recall_no_show_and_transfer_through_the_counter(client_for, clerk, site, errand, urgent_errand, counter):
    client = client_for(clerk)
    first = services.ticket_issue(site=site, errand=errand)
    second = services.ticket_issue(site=site, errand=errand)
    _post(client, counter, "call-next")
    _post(client, counter, "recall")
    assert Ticket.objects.get(pk=first.pk).calls == 2
    _post(client, counter, "no-show")
    assert Ticket.objects.get(pk=first.pk).status == TicketStatus.NO_SHOW
    _post(client, counter, "call-next")
    _post(client, counter, "transfer", {"errand": urgent_errand.pk})
    moved = Ticket.objects.get(pk=second.pk)
    assert moved.errand == urgent_errand and moved.status == TicketStatus.WAITING


def test_a_caseworker_calls_only_their_own_checked_in_appointments(client_for, caseworker, site, errand, counter):
    services.ticket_issue(site=site, errand=errand)
    client = client_for(caseworker)
    _post(client, counter, "call-next")
    assert not Ticket.objects.filter(status=TicketStatus.CALLED).exists()


def test_another_municipalitys_counter_is_404(client_for, clerk, other_municipality):
    from servicetorg.organisation.models import Site
    from servicetorg.queues.models import Counter

    other = Site.objects.create(municipality=other_municipality, name="Levanger", slug="levanger")
    counter = Counter.objects.create(municipality=other_municipality, site=other, name="S1")
    client = client_for(clerk)
    assert client.get(reverse("queues:counter-detail", args=[counter.pk])).status_code == 404
    assert _post(client, counter, "call-next").status_code == 404


def test_the_display_shows_the_called_number(client, clerk, site, errand, counter):
    ticket = services.ticket_issue(site=site, errand=errand)
    url = reverse("queue:display-rows", args=[site.municipality.slug, site.slug])
    services.ticket_call_next(counter=counter, by=clerk)
    from django.core.cache import cache

    cache.clear()
    body = client.get(url).content.decode()
    assert ticket.label in body and counter.name in body
    page = client.get(reverse("queue:display", args=[site.municipality.slug, site.slug])).content.decode()
    assert 'aria-live="assertive"' in page and 'hx-trigger="every 1s"' in page


def test_the_live_board_is_for_leaders(client_for, leader, clerk, site, errand):
    services.ticket_issue(site=site, errand=errand)
    assert client_for(clerk).get(reverse("queues:board")).status_code == 403
    body = client_for(leader).get(reverse("queues:board")).content.decode()
    assert errand.name in body


def test_the_live_board_warns_when_the_wait_passes_the_target(leader, site, errand):
    import datetime as dt

    from django.utils import timezone

    from servicetorg.queues.selectors import live_board

    now = timezone.now()
    services.ticket_issue(site=site, errand=errand, now=now - dt.timedelta(seconds=errand.target_wait_seconds + 60))
    assert live_board(user=leader, now=now)["late"] is True


def test_the_live_board_has_a_fixed_number_of_queries(client_for, leader, site, errand, counter,
                                                      django_assert_max_num_queries):
    client = client_for(leader)
    for _ in range(5):
        services.ticket_issue(site=site, errand=errand)
    with django_assert_max_num_queries(12):
        client.get(reverse("queues:board"))


def test_a_phone_message_goes_to_the_colleague(client_for, clerk, byggesak, mailoutbox,
                                               django_capture_on_commit_callbacks):
    from servicetorg.organisation.models import StaffContact

    contact = StaffContact.objects.create(municipality=byggesak.municipality, name="Kari", unit=byggesak,
                                          email="kari@kommune.example", phone="91234567")
    client = client_for(clerk)
    url = reverse("queues:phone-message", args=[contact.pk])
    assert client.post(url, {"message": "", "channels": ["email"]}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"caller_name": "Ola", "caller_phone": "98765432", "message": "Ring tilbake",
                                     "channels": ["email", "sms"]})
    assert response.status_code == 302
    assert mailoutbox[0].to == ["kari@kommune.example"] and "Ring tilbake" in mailoutbox[0].body
