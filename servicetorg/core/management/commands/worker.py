"""`manage.py worker`: runs background tasks for the configured backend, with the
scheduler of periodic tasks beside it (`--no-scheduler` for extra workers)."""

import logging
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from servicetorg.core.periodic import periodic_enqueue_due

logger = logging.getLogger(__name__)


def _schedule_forever(interval: float) -> None:
    while True:
        try:
            names = periodic_enqueue_due()
            if names:
                logger.info("Enqueued periodic tasks: %s", ", ".join(names))
        except Exception:  # the scheduler must outlive a database hiccup
            logger.exception("The scheduler could not enqueue periodic tasks")
        finally:
            close_old_connections()
        time.sleep(interval)


class Command(BaseCommand):
    help = "Run background tasks (database or Redis backend) and the scheduler of periodic tasks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-scheduler", action="store_true", help="Run tasks only; no periodic enqueueing.")
        parser.add_argument("--schedule-interval", type=float, default=15.0,
                            help="Seconds between the scheduler's checks (default 15).")

    def handle(self, *args, no_scheduler: bool, schedule_interval: float, **options) -> None:
        backend = settings.TASKS_BACKEND
        if backend == "immediate":
            raise CommandError("TASKS_BACKEND=immediate runs every task at once; there is nothing for a worker to do.")
        if not no_scheduler:
            threading.Thread(target=_schedule_forever, args=(schedule_interval,), daemon=True,
                             name="scheduler").start()
        if backend == "redis":
            # django-tasks-rq runs Task objects through its own Job class.
            call_command("rqworker", "default", job_class="django_tasks_rq.Job", with_scheduler=True,
                         verbosity=options["verbosity"])
        else:
            call_command("db_worker", queue_name="default", reload=False, verbosity=options["verbosity"])
