"""The scheduler enqueues each periodic task once per interval, however many run."""

import datetime as dt

import time_machine

from servicetorg.core.models import PeriodicRun
from servicetorg.core.periodic import periodic_enqueue_due, periodic_tasks

NOON = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)
SWEEP = "servicetorg.notifications.tasks.notifications_sweep"
ERASE = "servicetorg.notifications.tasks.notifications_erase"


def test_it_finds_the_periodic_tasks_of_every_app():
    found = periodic_tasks()
    assert found[SWEEP].every == dt.timedelta(minutes=1)
    assert found[ERASE].every == dt.timedelta(days=1)
    assert found["servicetorg.core.tasks.task_results_prune"].every == dt.timedelta(days=1)


def test_it_enqueues_each_task_once_per_interval(db, django_capture_on_commit_callbacks):
    with time_machine.travel(NOON, tick=False), django_capture_on_commit_callbacks() as callbacks:
        first = periodic_enqueue_due()
    assert SWEEP in first and ERASE in first
    assert len(callbacks) == len(first)
    with time_machine.travel(NOON + dt.timedelta(seconds=30), tick=False):
        assert periodic_enqueue_due() == []  # a second scheduler a moment later does nothing
    with time_machine.travel(NOON + dt.timedelta(minutes=1), tick=False):
        assert periodic_enqueue_due() == [SWEEP]
    with time_machine.travel(NOON + dt.timedelta(days=1), tick=False):
        assert set(periodic_enqueue_due()) >= {SWEEP, ERASE}
    assert PeriodicRun.objects.get(name=ERASE).last_enqueued_at == NOON + dt.timedelta(days=1)


def test_the_enqueued_task_runs(db, municipality, django_capture_on_commit_callbacks):
    from django.core import mail

    from servicetorg.notifications.models import NotificationChannel
    from servicetorg.notifications.services import notification_send

    with time_machine.travel(NOON, tick=False):
        notification_send(municipality=municipality, channel=NotificationChannel.EMAIL, recipient="a@example.no",
                          body="Påminnelse", purpose="test", send_after=NOON + dt.timedelta(seconds=30))
    with time_machine.travel(NOON + dt.timedelta(minutes=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        periodic_enqueue_due()
    assert [m.body for m in mail.outbox] == ["Påminnelse"]
