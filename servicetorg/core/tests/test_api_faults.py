"""Faults the API answers in JSON: the database down is a 503 (as /healthz), never Django's HTML 500."""

import copy
import socket

import pytest
from django.db import connections
from django.utils.module_loading import import_string


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_down(db):
    """The default connection pointed at a database that does not answer: a closed port, or a file that cannot be."""
    live = connections["default"]
    dead_settings = copy.deepcopy(live.settings_dict)
    if live.vendor == "postgresql":
        dead_settings.update(HOST="127.0.0.1", PORT=str(_free_port()))
        dead_settings.setdefault("OPTIONS", {})["connect_timeout"] = 2
    else:
        dead_settings["NAME"] = "/nonexistent-directory/servicetorg.sqlite3"
    wrapper = import_string(f"{live.settings_dict['ENGINE']}.base.DatabaseWrapper")
    connections["default"] = wrapper(dead_settings, "default")
    yield
    connections["default"].close()
    connections["default"] = live


@pytest.mark.parametrize("path", ["/api/v1/inquiries", "/api/v1/catalogue/services", "/api/v1/forwarding/inbox?unit=1"])
def test_the_api_answers_json_503_when_the_database_is_down(client, database_down, path):
    response = client.get(path, HTTP_AUTHORIZATION="Bearer st_whatever")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert response["Retry-After"] == "30"


def test_healthz_says_the_same(client, database_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}
