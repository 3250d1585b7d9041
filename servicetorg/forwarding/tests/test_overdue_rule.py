"""Overdue is defined once (forwarding/models.py) and reads the same in a query and on one case."""

import datetime as dt

import pytest
from django.utils import timezone

from servicetorg.forwarding.models import Forwarding, Status, overdue_q


@pytest.mark.parametrize(("status", "hours_late", "overdue"), [
    (Status.NEW, 1, True),
    (Status.CLAIMED, 1, True),
    (Status.WAITING_CENTRE, 1, True),
    (Status.WAITING_CITIZEN, 1, False),  # the clock stops while the citizen is asked
    (Status.CLOSED, 1, False),
    (Status.NEW, -1, False),
])
def test_the_query_and_the_case_agree(forwarded, status, hours_late, overdue):
    now = timezone.now()
    extra = {}
    if status == Status.WAITING_CITIZEN:
        extra = {"paused_at": now}
    elif status == Status.CLOSED:
        extra = {"closed_at": now, "outcome": "answered"}
    Forwarding.objects.filter(pk=forwarded.pk).update(status=status, due_at=now - dt.timedelta(hours=hours_late),
                                                      **extra)
    case = Forwarding.objects.get(pk=forwarded.pk)
    assert case.is_overdue is overdue
    assert Forwarding.objects.filter(overdue_q(timezone.now()), pk=case.pk).exists() is overdue
