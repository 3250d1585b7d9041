from unittest import mock

from django.db import OperationalError, connection


def test_it_reports_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_it_reports_unavailable_when_the_database_cannot_be_reached(client, db):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] != "ok"


def test_it_reports_unavailable_when_the_query_fails(client, db):
    # CursorDebugWrapper.execute calls this one too, so the patch holds whatever DEBUG is.
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("closed")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_it_is_never_cached(client, db):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_it_only_answers_get(client, db):
    assert client.post("/healthz").status_code == 405


def test_the_api_docs_load_nothing_from_a_cdn(client_for, clerk):
    body = client_for(clerk).get("/api/v1/docs").content.decode()
    assert "swagger" in body.lower()
    assert "cdn." not in body
