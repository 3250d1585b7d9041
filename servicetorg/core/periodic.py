"""Periodic tasks: retention, reminders, escalations and the outbox sweep.

An app registers a task in its `tasks.py`::

    @periodic(minutes=15)
    @task()
    def bookings_send_reminders() -> None: ...

`manage.py worker` runs the scheduler beside the task worker; it enqueues each
registered task once per interval. Several workers may run it at once: the row
lock on `PeriodicRun` lets only one of them enqueue a given task per interval.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks.base import Task

from servicetorg.core.models import PeriodicRun


@dataclass(frozen=True)
class Periodic:
    task: Task
    every: dt.timedelta

    @property
    def name(self) -> str:
        return self.task.module_path


_registry: dict[str, Periodic] = {}


def periodic(*, minutes: int = 0, hours: int = 0) -> Callable[[Task], Task]:
    every = dt.timedelta(minutes=minutes, hours=hours)
    if every <= dt.timedelta(0):
        raise ValueError("a periodic task needs a positive interval")

    def register(task: Task) -> Task:
        entry = Periodic(task=task, every=every)
        _registry[entry.name] = entry
        return task

    return register


def periodic_tasks() -> dict[str, Periodic]:
    """Every registered periodic task, after importing each app's `tasks` module."""
    autodiscover_modules("tasks")
    return dict(_registry)


def periodic_enqueue_due(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue each periodic task whose interval has passed; returns their names."""
    now = now or timezone.now()
    enqueued = []
    for name, entry in sorted(periodic_tasks().items()):
        with transaction.atomic():
            run = PeriodicRun.objects.select_for_update().filter(name=name).first()
            if run is None:
                try:
                    with transaction.atomic():
                        PeriodicRun.objects.create(name=name, last_enqueued_at=now)
                except IntegrityError:
                    continue  # another scheduler created it a moment ago and enqueues it
            elif now - run.last_enqueued_at >= entry.every:
                run.last_enqueued_at = now
                run.save(update_fields=["last_enqueued_at"])
            else:
                continue
            transaction.on_commit(entry.task.enqueue)
        enqueued.append(name)
    return enqueued
