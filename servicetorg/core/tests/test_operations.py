"""Readiness, metrics, logs without personal data, the stale-task sweep and the removed RQ dashboard."""

import datetime as dt
import io
import json
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from servicetorg.core import ops
from servicetorg.notifications.models import Notification


def test_readyz_reports_each_check(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"] == "ok"
    assert body["checks"]["redis"] == "not used"


def test_readyz_is_unavailable_when_the_task_backlog_is_too_long(client, db, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS_BACKEND = "database"
    settings.READYZ_TASK_BACKLOG_MAX = 2
    for _ in range(3):
        DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="servicetorg.core.tasks.x",
                                    backend_name="default", run_after=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["task_backlog"].startswith("3 tasks waiting")


def test_readyz_is_unavailable_when_redis_does_not_answer(client, db, settings):
    settings.TASKS_BACKEND = "redis"
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0", "DEFAULT_TIMEOUT": 5}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] != "ok"


def test_metrics_need_the_token_or_an_allowed_address(client, db, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    settings.METRICS_ALLOWED_IPS = []
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.1").status_code == 403


def test_metrics_show_latency_and_the_product_gauges(client_for, leader, municipality, settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    settings.TASKS_BACKEND = "database"
    Notification.objects.create(municipality=municipality, channel="sms", recipient="+4799999999", body="x",
                                purpose="test", status="failed")
    client_for(leader).get(reverse("analytics:dashboard"))
    body = client_for(leader).get("/metrics").content.decode()
    assert 'servicetorg_request_duration_seconds_bucket{le="0.01",method="GET",view="/analytics/"}' in body
    assert 'servicetorg_outbox_messages{status="failed"} 1.0' in body
    assert 'servicetorg_outbox_messages{status="pending"} 0.0' in body
    assert "servicetorg_forwardings_overdue" in body
    assert 'servicetorg_task_queue_depth{backend="database"} 0.0' in body


def test_an_app_registers_its_own_gauge_and_a_failing_one_does_not_break_the_scrape(client, db, settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]

    def broken():
        raise RuntimeError("boom")

    ops.register_gauge("servicetorg_test_people", "People.", ["site"], lambda: [(("stokke",), 4)])
    ops.register_gauge("servicetorg_test_broken", "Broken.", [], broken)
    try:
        body = client.get("/metrics").content.decode()
    finally:
        ops._gauges.pop("servicetorg_test_people")
        ops._gauges.pop("servicetorg_test_broken")
    assert 'servicetorg_test_people{site="stokke"} 4.0' in body
    assert "servicetorg_test_broken" not in body
    assert "servicetorg_outbox_messages" in body


@pytest.fixture
def json_log():
    """The production log handler (JSON, with the request filter) on the root logger, into a buffer."""
    from pythonjsonlogger.json import JsonFormatter

    from servicetorg.core.observability import RequestContextFilter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(staff_id)s"))
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_a_log_line_carries_the_request_id_and_staff_id_and_no_personal_data(client_for, clerk, site, json_log):
    name, phone, fnr = "Kari Nordmann", "99887766", "01019012345"
    response = client_for(clerk).post(
        f"{reverse('inquiries:quicklog')}?q={name}&phone={phone}",
        {"channel": "phone", "site": site.pk, "pick": "area:bolig", "outcome": "answered", "language": "nb",
         "note": f"{name} fnr {fnr} tlf {phone}", "minutes": "2"},
        HTTP_X_REQUEST_ID="proxy-request-0001",
    )
    assert response.status_code in (200, 302)
    assert response.headers["X-Request-ID"] == "proxy-request-0001"
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    access = [line for line in lines if line["name"] == "servicetorg.access"]
    assert access, lines
    assert access[-1]["request_id"] == "proxy-request-0001"
    assert access[-1]["staff_id"] == str(clerk.pk)
    assert access[-1]["route"] == "/inquiries/log/"
    text = json_log.getvalue()
    for secret in (name, "Kari", phone, fnr, clerk.username):
        assert secret not in text


def test_a_request_id_from_outside_that_is_not_a_plain_token_is_replaced(client, db):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="x\nforged: line")
    assert "\n" not in response.headers["X-Request-ID"]
    assert len(response.headers["X-Request-ID"]) == 32


def test_a_running_task_row_whose_worker_died_is_failed_by_the_sweep(db, settings):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS_BACKEND = "database"
    settings.TASK_STALE_SECONDS = 900
    now = timezone.now()

    def row(started_minutes_ago):
        return DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}}, task_path="servicetorg.core.tasks.x", backend_name="default",
            run_after=now, status=TaskResultStatus.RUNNING, worker_ids=["dead"],
            started_at=now - dt.timedelta(minutes=started_minutes_ago))

    stale, fresh = row(30), row(2)
    assert ops.stale_tasks_sweep(now=now) == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == TaskResultStatus.FAILED
    assert stale.exception_class_path == "servicetorg.core.ops.WorkerLost"
    assert fresh.status == TaskResultStatus.RUNNING


def test_the_rq_dashboard_is_not_in_the_admin(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "django_rq" not in response.content.decode()
    assert admin_client.get("/admin/django_rq/queue/").status_code == 404
