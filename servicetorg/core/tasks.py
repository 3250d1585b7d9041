"""Housekeeping of the task queue itself."""

from django.core.management import call_command
from django_tasks import task, task_backends
from django_tasks_db import DatabaseBackend

from servicetorg.core.periodic import periodic


@periodic(hours=24)
@task()
def task_results_prune() -> None:
    # The database backend keeps a row per task run; RQ expires its own results.
    if isinstance(task_backends["default"], DatabaseBackend):
        call_command("prune_db_task_results", min_age_days=14, verbosity=0)


@periodic(minutes=5)
@task()
def stale_tasks_sweep() -> None:
    # A task row whose worker was killed would stay RUNNING for ever.
    from servicetorg.core.ops import stale_tasks_sweep as sweep

    sweep()
