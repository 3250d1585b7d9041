"""Delivery through the production backend: RQ on the real Redis at REDIS_URL, a
real `manage.py worker` process, and workers killed in the middle of a task.

The worker is another process, so it must see the test's committed rows in a
shared database: these tests run on the PostgreSQL run of the suite (always in CI).
"""

import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from servicetorg.notifications.models import Notification, NotificationChannel, NotificationStatus
from servicetorg.notifications.services import notification_send

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="a worker process needs the shared PostgreSQL test database")

WAIT_SECONDS = 60


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    logs = "".join(path.read_text()[-2000:] for path in sorted(Path(os.environ["WORKER_LOGS"]).glob("worker-*.log")))
    raise AssertionError(f"timed out waiting for {what}; the workers said:\n{logs}")


# The tests own one Redis database of REDIS_URL's server and empty it before and after.
TEST_REDIS_DB = 15


@pytest.fixture
def redis_url():
    parts = urlsplit(django_settings.REDIS_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{TEST_REDIS_DB}", "", ""))


@pytest.fixture
def redis_queue(transactional_db, settings, redis_url):
    """The test enqueues on Redis too; it starts with nothing queued."""
    import django_rq

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": redis_url, "DEFAULT_TIMEOUT": 300}}
    queue = django_rq.get_queue("default")
    queue.connection.ping()  # a Redis that does not answer fails the test, it does not skip it
    queue.connection.flushdb()
    yield queue
    queue.connection.flushdb()


@pytest.fixture
def workers(tmp_path, redis_url):
    """Start `manage.py worker` processes on the test database; kill them all at the end."""
    started: list[subprocess.Popen] = []
    os.environ["WORKER_LOGS"] = str(tmp_path)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "TASKS_BACKEND": "redis",
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "file",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "SMS_PROVIDER": "file",
        "SMS_FILE_PATH": str(tmp_path / "sms.jsonl"),
        "NOTIFICATION_LEASE_SECONDS": "2",
        "SERVICETORG_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "test-only-key",
        "DEBUG": "false",
    }

    def start(*args: str, **extra_env: str) -> subprocess.Popen:
        log = (tmp_path / f"worker-{len(started)}.log").open("w")
        process = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, "manage.py", "worker", *args], cwd=django_settings.BASE_DIR,
            env={**env, **extra_env}, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the kill takes RQ's work horse too
        )
        started.append(process)
        return process

    yield start
    for process in started:
        kill(process)


def kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def emails_sent(tmp_path: Path) -> int:
    folder = tmp_path / "mail"
    return sum(path.read_text().count("Message-ID:") for path in folder.glob("*")) if folder.exists() else 0


def send(municipality, **extra) -> Notification:
    return notification_send(municipality=municipality, channel=NotificationChannel.EMAIL, recipient="ola@example.no",
                             subject="Kvittering", body="Vi har mottatt henvendelsen din.", purpose="test", **extra)


def status_of(notification: Notification) -> str:
    notification.refresh_from_db()
    return notification.status


def test_a_worker_delivers_through_redis(municipality, redis_queue, workers, tmp_path):
    workers("--no-scheduler")
    notification = send(municipality)  # autocommit: enqueued on Redis at once
    wait_for(lambda: status_of(notification) == NotificationStatus.SENT, "the worker to send the e-mail")
    assert emails_sent(tmp_path) == 1


def test_a_worker_killed_while_it_waits_to_claim_sends_nothing_and_the_next_sends_once(
    municipality, redis_queue, workers, tmp_path
):
    from servicetorg.notifications.tasks import notification_deliver_task

    notification = send(municipality, send_after=timezone.now() + timezone.timedelta(hours=1))
    Notification.objects.filter(pk=notification.pk).update(send_after=timezone.now())
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                         dbname=db["NAME"]) as blocker:
        # Hold the row so the worker's claim blocks: the task is mid-flight when the worker dies.
        blocker.execute("SELECT id FROM notifications_notification WHERE id = %s FOR UPDATE", [notification.pk])
        first = workers("--no-scheduler")
        notification_deliver_task.enqueue(notification.pk)
        wait_for(lambda: redis_queue.started_job_registry.count == 1, "the worker to start the task")
        kill(first)
        blocker.rollback()
    assert status_of(notification) == NotificationStatus.PENDING
    assert emails_sent(tmp_path) == 0
    workers("--schedule-interval", "1")  # its scheduler runs the sweep at once
    wait_for(lambda: status_of(notification) == NotificationStatus.SENT, "the sweep to send the e-mail")
    time.sleep(2)  # a late duplicate would show here
    assert emails_sent(tmp_path) == 1


def test_a_worker_killed_while_the_provider_has_not_answered_is_replaced_and_the_sms_accepted_once(
    municipality, redis_queue, workers
):
    accepted, first_request_arrived, release = [], threading.Event(), threading.Event()

    class Provider(BaseHTTPRequestHandler):
        def do_POST(self):  # the first request hangs: the provider never answers it
            self.rfile.read(int(self.headers["Content-Length"]))
            if not first_request_arrived.is_set():
                first_request_arrived.set()
                release.wait(WAIT_SECONDS)
                return
            accepted.append(self.path)
            body = b'{"sid": "SM1"}'
            self.send_response(201)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    twilio = {"SMS_PROVIDER": "twilio", "SMS_TWILIO_ACCOUNT_SID": "AC1", "SMS_TWILIO_AUTH_TOKEN": "secret",
              "SMS_TWILIO_API_BASE": f"http://127.0.0.1:{server.server_port}"}
    try:
        first = workers("--no-scheduler", **twilio)
        notification = notification_send(municipality=municipality, channel=NotificationChannel.SMS,
                                         recipient="91234567", body="Timen din er flyttet", purpose="test")
        assert first_request_arrived.wait(WAIT_SECONDS)
        kill(first)
        notification.refresh_from_db()
        assert (notification.status, notification.attempts) == (NotificationStatus.SENDING, 1)
        wait_for(lambda: timezone.now() > notification.lease_until, "the dead worker's lease to run out")
        workers("--schedule-interval", "1", **twilio)
        wait_for(lambda: status_of(notification) == NotificationStatus.SENT, "the sweep to send the SMS")
        time.sleep(2)
        assert len(accepted) == 1
        assert notification.attempts == 2
    finally:
        release.set()
        server.shutdown()
