"""Counters pressing Call next at the same moment: on PostgreSQL each transaction
locks its ticket and the others skip it (SKIP LOCKED). Threads need committed data,
hence transaction=True."""

import threading

import pytest
from django.db import connection, connections

from servicetorg.accounts.models import Role, User
from servicetorg.queues import services
from servicetorg.queues.models import Counter, Ticket, TicketStatus

pytestmark = pytest.mark.django_db(transaction=True)

COUNTERS = 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race is proven on PostgreSQL")
def test_counters_calling_at_once_never_get_the_same_ticket(site, errand):
    tickets = [services.ticket_issue(site=site, errand=errand) for _ in range(COUNTERS * 3)]
    staff = [User.objects.create_user(username=f"c{i}", password="x-x-x-x-x-x-x-x", role=Role.FRONTLINE,
                                      municipality=site.municipality) for i in range(COUNTERS)]
    counters = [Counter.objects.create(municipality=site.municipality, site=site, name=f"S{i}")
                for i in range(COUNTERS)]
    barrier = threading.Barrier(COUNTERS)
    called: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(i):
        try:
            for _round in range(3):
                barrier.wait()
                ticket = services.ticket_call_next(counter=counters[i], by=staff[i])
                with lock:
                    called.append(ticket.pk)
                services.ticket_done(ticket=ticket, by=staff[i])
        except BaseException as error:  # noqa: BLE001 -- reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(COUNTERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(called) == len(set(called)) == len(tickets)
    assert not Ticket.objects.filter(status=TicketStatus.WAITING).exists()
