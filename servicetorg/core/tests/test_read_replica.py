"""Read replicas against a real streaming replica made on this machine.

The shared PostgreSQL server does not allow replication connections (and its configuration is not ours to
change), so the test starts its own throwaway primary with initdb on a free port, makes a streaming
replica of it with `pg_basebackup -R` on another free port, and drives Servicetorg against the pair:
heavy reads (the dashboard) go to the replica, writes and reads inside a transaction to the primary,
and when the replica lags the dashboard says how old its figures may be, or reads the primary when the
lag is over REPLICA_MAX_LAG_SECONDS."""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from servicetorg.core.tests import pgtools

pytestmark = pytest.mark.production

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def _as_postgres(*command: str, **kwargs) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    result = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=180,  # noqa: S603
                            **kwargs)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result


class Cluster:
    def __init__(self, directory: Path, port: int):
        self.directory, self.port = directory, port

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/servicetorg"

    def start(self) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.directory), "-l", str(self.directory / "log"),
                     "-o", f"-p {self.port} -k {self.directory}", "-w", "-t", "60", "start")

    def stop(self) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--"] * (os.geteuid() == 0)  # noqa: S603
                       + [str(PG_BIN / "pg_ctl"), "-D", str(self.directory), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=60)

    def sql(self, statement: str, dbname: str = "servicetorg"):
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname,
                             autocommit=True) as conn:
            cursor = conn.execute(statement)
            return cursor.fetchall() if cursor.description else []


@pytest.fixture
def streaming_pair():
    pgtools.postgres_url()  # the PostgreSQL run only
    if not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None and os.geteuid() == 0:
        pgtools._require(False, f"PostgreSQL server binaries are missing in {PG_BIN}")
    root = Path(tempfile.mkdtemp(prefix="st-replica-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    primary = Cluster(root / "primary", pgtools.free_port())
    replica = Cluster(root / "replica", pgtools.free_port())
    try:
        _as_postgres(str(PG_BIN / "initdb"), "-D", str(primary.directory), "-U", "postgres", "--auth=trust",
                     "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
        with open(primary.directory / "postgresql.conf", "a") as conf:
            conf.write("listen_addresses = '127.0.0.1'\nwal_level = replica\nmax_wal_senders = 4\n"
                       "hot_standby = on\nfsync = off\n")
        with open(primary.directory / "pg_hba.conf", "a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        primary.start()
        primary.sql("CREATE DATABASE servicetorg", dbname="postgres")
        _as_postgres(str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
                     "-D", str(replica.directory), "-R", "-X", "stream", "--no-sync")
        replica.start()
        assert replica.sql("SELECT pg_is_in_recovery()")[0][0] is True
        yield primary, replica
    finally:
        replica.stop()
        primary.stop()
        shutil.rmtree(root, ignore_errors=True)


PROBE = pgtools.SEED + """
import time
from django.db import connections, transaction
from django.test import Client
from servicetorg.core.db_router import replica_reads, _use_replica, _lag_cache
from servicetorg.inquiries.models import Inquiry

def wait_replica(count):
    for _ in range(200):
        if Inquiry.objects.using("replica").count() == count:
            return
        time.sleep(0.1)
    raise SystemExit("the replica did not catch up")

# Routing: inside a heavy read, reads go to the replica; writes, and reads inside a transaction, to the primary.
token = _use_replica.set(True)
assert Inquiry.objects.all().db == "replica"
with transaction.atomic():
    assert Inquiry.objects.all().db == "default"
_use_replica.reset(token)
assert Inquiry.objects.all().db == "default"
print("routing ok")

leader = User.objects.get(username="leader")
client = Client()
client.force_login(leader)
wait_replica(0)
html = client.get("/analytics/").content.decode()
assert "replica-notice" not in html
print("fresh replica: no notice")

# The replica stops replaying (as under heavy load or a network cut); the primary goes on.
connections["replica"].cursor().execute("SELECT pg_wal_replay_pause()")
clerk = User.objects.get(username="clerk")
from servicetorg.inquiries.services import inquiry_create
from servicetorg.catalogue.models import Area
inquiry_create(by=clerk, site=s, channel="phone", outcome="answered", area=Area.objects.get(code="renovasjon"),
               language="nb", handling_seconds=60)
assert Inquiry.objects.count() == 1
time.sleep(3)
_lag_cache["checked"] = 0
response = client.get("/analytics/")
html = response.content.decode()
print("lagging, within the limit:", response.wsgi_request.replica_lag_seconds)
assert response.wsgi_request.read_from_replica is True
assert "replica-notice" in html
assert Inquiry.objects.using("replica").count() == 0
print("lag notice shown")
"""

PROBE_OVER_LIMIT = """
from django.db import connections
from django.test import Client
from servicetorg.accounts.models import User
import time
time.sleep(2)
client = Client()
client.force_login(User.objects.get(username="leader"))
response = client.get("/analytics/")
html = response.content.decode()
assert response.wsgi_request.read_from_replica is False, response.wsgi_request.replica_lag_seconds
assert "replica-notice" not in html
connections["replica"].cursor().execute("SELECT pg_wal_replay_resume()")
print("over the limit: read the primary")
"""


def test_heavy_reads_go_to_the_streaming_replica_and_a_lag_is_shown(streaming_pair, tmp_path):
    primary, replica = streaming_pair
    env = pgtools.child_env(DATABASE_URL=primary.url, DATABASE_REPLICA_URL=replica.url, TASKS_BACKEND="immediate",
                            SERVICETORG_VAR_DIR=str(tmp_path / "var"), REPLICA_MAX_LAG_SECONDS="3600",
                            EMAIL_BACKEND="locmem", DB_CONN_MAX_AGE="0")
    pgtools.manage(env, "migrate", "--verbosity", "0")
    # The replica follows the primary's schema by streaming, never by its own migrate.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not replica.sql(
            "SELECT count(*) FROM pg_tables WHERE tablename = 'inquiries_inquiry'")[0][0]:
        time.sleep(0.2)
    out = pgtools.manage(env, "shell", "-c", PROBE)
    assert "routing ok" in out and "lag notice shown" in out, out
    out = pgtools.manage({**env, "REPLICA_MAX_LAG_SECONDS": "1"}, "shell", "-c", PROBE_OVER_LIMIT)
    assert "over the limit: read the primary" in out, out
