"""Operation: readiness, the Prometheus endpoint and its product gauges, the task-queue depth.

An app adds its own gauge with :func:`register_gauge` (in its ``AppConfig.ready``
or at import of a module that is always imported)::

    register_gauge("servicetorg_conversations_unanswered", "Open conversations with no answer yet.",
                   ["municipality"], lambda: [(("sandefjord",), 3)])

The gauges are computed at scrape time, a few aggregate queries, read from the
replica when there is one.
"""

import datetime as dt
import ipaddress
import logging
import os
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

Samples = Iterable[tuple[tuple[str, ...], float]]


@dataclass(frozen=True)
class Gauge:
    name: str
    documentation: str
    labels: tuple[str, ...]
    collect: Callable[[], Samples]


_gauges: dict[str, Gauge] = {}


def register_gauge(name: str, documentation: str, labels: Iterable[str], collect: Callable[[], Samples]) -> None:
    _gauges[name] = Gauge(name, documentation, tuple(labels), collect)


class ProductCollector:
    """Yields every registered gauge; a gauge whose query fails is left out of that scrape (and logged)."""

    def collect(self):
        for gauge in list(_gauges.values()):
            family = GaugeMetricFamily(gauge.name, gauge.documentation, labels=list(gauge.labels))
            try:
                for label_values, value in gauge.collect():
                    family.add_metric(list(label_values), value)
            except Exception:
                logger.exception("The gauge %s could not be computed", gauge.name)
                continue
            yield family


# The product's gauges ------------------------------------------------------------------------------


def read_db() -> str:
    """Where a gauge reads: the replica when there is one."""
    return "replica" if "replica" in settings.DATABASES else "default"


# Each app registers its own gauges (forwarding, notifications, queues, ...: their metrics.py, imported
# by their AppConfig.ready); core only keeps the task queue's.
def task_queue_depth() -> int:
    """Tasks waiting to run in the configured production or embedded backend."""
    if settings.TASKS_BACKEND == "redis":
        import django_rq

        return sum(django_rq.get_queue(name).count for name in settings.RQ_QUEUES)
    if settings.TASKS_BACKEND == "database":
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.ready().count()
    return 0


def _task_queue() -> Samples:
    return [((settings.TASKS_BACKEND,), task_queue_depth())]


register_gauge("servicetorg_task_queue_depth", "Background tasks waiting to run.", ["backend"], _task_queue)


_product_registry = CollectorRegistry()
_product_registry.register(ProductCollector())


def _exposition() -> bytes:
    """Request metrics of every gunicorn worker (multiprocess mode when PROMETHEUS_MULTIPROC_DIR is set,
    this process's otherwise) and then the product gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        requests = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        requests = REGISTRY
    return generate_latest(requests) + generate_latest(_product_registry)


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def metrics_allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and secrets.compare_digest(header[7:].strip(), token):
        return True
    address = _client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for allowed in settings.METRICS_ALLOWED_IPS:
        try:
            if ip in ipaddress.ip_network(allowed, strict=False):
                return True
        except ValueError:
            continue
    return False


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(_exposition(), content_type=CONTENT_TYPE_LATEST)


# Readiness -----------------------------------------------------------------------------------------


def _check_database() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return None


def _check_migrations() -> str | None:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return f"{len(plan)} migrations not applied" if plan else None


def _check_redis() -> str | None:
    if settings.TASKS_BACKEND != "redis":
        return None
    import django_rq

    django_rq.get_connection("default").ping()
    return None


def _check_backlog() -> str | None:
    depth = task_queue_depth()
    if depth > settings.READYZ_TASK_BACKLOG_MAX:
        return f"{depth} tasks waiting (more than {settings.READYZ_TASK_BACKLOG_MAX})"
    return None


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to take traffic: the database answers and is migrated, Redis answers (when it is the task
    backend) and the task backlog is under READYZ_TASK_BACKLOG_MAX. 503 names what is not."""
    checks: dict[str, str] = {}
    failed = False
    for name, check in (("database", _check_database), ("migrations", _check_migrations),
                        ("redis", _check_redis), ("task_backlog", _check_backlog)):
        if name != "database" and checks.get("database", "ok") != "ok":
            checks[name] = "skipped"
            continue
        try:
            problem = check()
        except (DatabaseError, OSError, Exception) as exc:  # noqa: B014 - each probe may fail its own way
            problem = type(exc).__name__
        if name == "redis" and settings.TASKS_BACKEND != "redis":
            checks[name] = "not used"
        else:
            checks[name] = problem or "ok"
        failed = failed or problem is not None
    return JsonResponse({"status": "unavailable" if failed else "ok", "checks": checks}, status=503 if failed else 200)


# Stale task rows -----------------------------------------------------------------------------------


class WorkerLost(RuntimeError):
    """The worker that ran this task stopped (killed, out of memory, machine restarted) before it ended."""


def stale_tasks_sweep(*, now: dt.datetime | None = None) -> int:
    """Fail the database backend's RUNNING rows whose worker died.

    A task row is RUNNING from the moment a worker claims it; when the worker is
    killed it stays RUNNING for ever. After TASK_STALE_SECONDS it is marked FAILED
    with WorkerLost (not re-run: a task may have had effects; the outbox has its own
    lease and sweep that sends a message again safely). RQ does the same for its jobs
    itself (the worker's heartbeat and StartedJobRegistry cleanup).
    """
    if settings.TASKS_BACKEND != "database":
        return 0
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.TASK_STALE_SECONDS)
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff).update(
        status=TaskResultStatus.FAILED, finished_at=now,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback=f"{WorkerLost.__qualname__}: {WorkerLost.__doc__}\n",
    )
