"""Helpers for the tests that run real processes against PostgreSQL (and Redis): the production
profile, the restore drill, the streaming replica. They need the PostgreSQL run (DATABASE_URL
pointing at PostgreSQL); on SQLite they skip, and with CI=true a missing service fails them."""

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[3]
REDIS_TEST_DB = 14  # this suite's Redis database (15 belongs to the delivery tests)


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}, and CI=true requires it")
    pytest.skip(reason)


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs the PostgreSQL run (DATABASE_URL=postgres://...)")
    try:
        import psycopg

        parts = urlsplit(url)
        psycopg.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                        password=parts.password, dbname="postgres", connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 - any failure means: no PostgreSQL
        _require(False, f"PostgreSQL does not answer at {url}: {exc}")
    return url


def redis_url() -> str:
    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    parts = urlsplit(base)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{REDIS_TEST_DB}", "", ""))
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001
        _require(False, f"Redis does not answer at {url}: {exc}")
    return url


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def admin_connect(url: str, dbname: str = "postgres"):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                           password=parts.password, dbname=dbname, autocommit=True)


def unique_name(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(4)}"


def create_database(url: str, name: str) -> str:
    with admin_connect(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_database(url, name)


def drop_database(url: str, name: str) -> None:
    with admin_connect(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str, timeout: float = 600, input_text: str | None = None) -> str:
    """Run `manage.py` in a child process with this environment; returns its output, raises on failure."""
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,  # noqa: S603
                            capture_output=True, text=True, timeout=timeout, input=input_text)
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
                             f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def child_env(**overrides: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_"))}
    env["DJANGO_SETTINGS_MODULE"] = "servicetorg.settings"
    env.update(overrides)
    return env


SEED = """
from servicetorg.accounts.models import Role, User
from servicetorg.catalogue.models import Area, Handling, Service
from servicetorg.organisation.models import Municipality, Site
m = Municipality.objects.create(number="3907", name="Sandefjord", slug="sandefjord")
s = Site.objects.create(municipality=m, name="Sandefjord servicetorg", slug="sandefjord",
                        library="Sandefjord bibliotek")
Service.objects.create(municipality=m, name="Tømming av avfallsbeholdere", slug="tomming-avfall",
    area=Area.objects.get(code="renovasjon"), step=1, handling=Handling.ANSWER, keywords="søppel")
for name, role in (("clerk", Role.FRONTLINE), ("leader", Role.LEADER)):
    u = User.objects.create_user(username=name, password="correct-horse-battery-staple", role=role,
                                 municipality=m, first_name=name.capitalize())
    u.sites.set([s])
print("seeded")
"""
