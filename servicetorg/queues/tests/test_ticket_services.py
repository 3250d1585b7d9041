import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils import timezone

from servicetorg.notifications import sms
from servicetorg.queues import services
from servicetorg.queues.models import QueueRollup, Ticket, TicketPhone, TicketStatus


def test_numbers_count_up_per_site_and_day(site, other_site, errand):
    first = services.ticket_issue(site=site, errand=errand)
    second = services.ticket_issue(site=site, errand=errand)
    assert (first.number, second.number) == (1, 2)
    assert second.label == "A002"
    tomorrow = timezone.now() + dt.timedelta(days=1)
    assert services.ticket_issue(site=site, errand=errand, now=tomorrow).number == 1


def test_it_refuses_an_errand_of_another_site(other_site, errand):
    with pytest.raises(ValidationError):
        services.ticket_issue(site=other_site, errand=errand)


def test_call_next_takes_priority_then_the_longest_waiting(site, errand, urgent_errand, counter, clerk):
    early = services.ticket_issue(site=site, errand=errand)
    urgent = services.ticket_issue(site=site, errand=urgent_errand)
    assert services.ticket_call_next(counter=counter, by=clerk) == urgent
    services.ticket_done(ticket=Ticket.objects.get(pk=urgent.pk), by=clerk)
    called = services.ticket_call_next(counter=counter, by=clerk)
    assert called == early
    assert called.status == TicketStatus.CALLED and called.counter == counter and called.served_by == clerk


def test_call_next_only_takes_the_errands_the_person_handles(site, errand, urgent_errand, counter, clerk, leader):
    urgent_errand.staff.add(leader)
    services.ticket_issue(site=site, errand=urgent_errand)
    normal = services.ticket_issue(site=site, errand=errand)
    assert services.ticket_call_next(counter=counter, by=clerk) == normal


def test_call_next_refuses_while_a_ticket_is_at_the_counter(site, errand, counter, clerk):
    services.ticket_issue(site=site, errand=errand)
    services.ticket_issue(site=site, errand=errand)
    services.ticket_call_next(counter=counter, by=clerk)
    with pytest.raises(ValidationError):
        services.ticket_call_next(counter=counter, by=clerk)


def test_call_next_on_an_empty_queue_gives_nothing(counter, clerk, errand):
    assert services.ticket_call_next(counter=counter, by=clerk) is None


def test_a_caseworker_of_another_municipality_cannot_use_the_counter(counter, other_municipality):
    from servicetorg.accounts.models import Role, User

    stranger = User.objects.create_user(username="x", password="x-x-x-x-x-x-x", role=Role.FRONTLINE,
                                        municipality=other_municipality)
    with pytest.raises(PermissionDenied):
        services.ticket_call_next(counter=counter, by=stranger)


def test_done_measures_the_wait_and_the_service_in_the_rollup(site, errand, counter, clerk):
    start = timezone.now() - dt.timedelta(minutes=30)
    ticket = services.ticket_issue(site=site, errand=errand, now=start)
    called = services.ticket_call_next(counter=counter, by=clerk, now=start + dt.timedelta(seconds=400))
    services.ticket_serve(ticket=called, by=clerk, now=start + dt.timedelta(seconds=420))
    done = services.ticket_done(ticket=called, by=clerk, now=start + dt.timedelta(seconds=720))
    assert done.waited_seconds == 400 and done.served_seconds == 300
    rows = QueueRollup.objects.filter(site_id=site.pk)
    totals = rows.aggregate(n=Sum("n"), served=Sum("served"), wait=Sum("wait_seconds"), in_target=Sum("in_target"),
                            b6=Sum("b6"))
    assert totals == {"n": 1, "served": 1, "wait": 400, "in_target": 0, "b6": 1}
    assert rows.get().errand_id == ticket.errand_id


def test_no_show_counts_as_abandoned_and_erases_the_phone(site, errand, counter, clerk):
    ticket = services.ticket_issue(site=site, errand=errand, phone="912 34 567")
    assert TicketPhone.objects.get(ticket=ticket).phone == "+4791234567"
    called = services.ticket_call_next(counter=counter, by=clerk)
    services.ticket_recall(ticket=called, by=clerk)
    services.ticket_no_show(ticket=called, by=clerk)
    assert not TicketPhone.objects.exists()
    assert QueueRollup.objects.aggregate(a=Sum("abandoned"), s=Sum("served")) == {"a": 1, "s": 0}


def test_a_bad_phone_number_is_refused(site, errand):
    with pytest.raises(ValidationError):
        services.ticket_issue(site=site, errand=errand, phone="12")
    assert not Ticket.objects.exists()


def test_transfer_to_another_errand_puts_it_back_in_the_queue(site, errand, urgent_errand, counter, clerk):
    services.ticket_issue(site=site, errand=errand)
    called = services.ticket_call_next(counter=counter, by=clerk)
    moved = services.ticket_transfer(ticket=called, by=clerk, errand=urgent_errand)
    assert moved.status == TicketStatus.WAITING and moved.errand == urgent_errand and moved.called_at is None
    assert QueueRollup.objects.get().errand_id == urgent_errand.pk


def test_transfer_to_another_counter(site, errand, counter, counter2, clerk, leader):
    services.counter_take(counter=counter2, by=leader)
    services.ticket_issue(site=site, errand=errand)
    called = services.ticket_call_next(counter=counter, by=clerk)
    moved = services.ticket_transfer(ticket=called, by=clerk, counter=counter2)
    assert moved.counter == counter2 and moved.served_by == leader and moved.status == TicketStatus.CALLED


def test_the_person_next_but_two_gets_an_sms(site, errand, counter, clerk, django_capture_on_commit_callbacks):
    tickets = [services.ticket_issue(site=site, errand=errand) for _ in range(3)]
    fourth = services.ticket_issue(site=site, errand=errand, phone="91234567")
    assert services.waiting_ahead(fourth) == 3
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_call_next(counter=counter, by=clerk)
    assert [m.to for m in sms.outbox] == ["+4791234567"]
    assert fourth.label in sms.outbox[0].body
    assert tickets[0].label != fourth.label


def test_the_wait_estimate_grows_with_the_queue(site, errand, counter, clerk):
    first = services.ticket_issue(site=site, errand=errand)
    second = services.ticket_issue(site=site, errand=errand)
    assert services.estimated_wait_seconds(first) == 0
    assert services.estimated_wait_seconds(second) > 0


def test_yesterdays_unfinished_tickets_end_and_lose_their_phone(site, errand):
    yesterday = timezone.now() - dt.timedelta(days=1)
    ticket = services.ticket_issue(site=site, errand=errand, phone="91234567", now=yesterday)
    assert services.tickets_end_stale() == 1
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.NO_SHOW
    assert not TicketPhone.objects.exists()
    assert QueueRollup.objects.aggregate(a=Sum("abandoned"))["a"] == 1
