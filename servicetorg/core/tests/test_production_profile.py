"""The production profile, for real: gunicorn with DEBUG=false against PostgreSQL and the Redis task
backend, static files collected and served by WhiteNoise, driven over HTTP as the TLS proxy would
(X-Forwarded-Proto: https). Runs on the PostgreSQL run of `make test`."""

import http.client
import re
import signal
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from servicetorg.core.tests import pgtools

pytestmark = pytest.mark.production

PASSWORD = "correct-horse-battery-staple"


class Browser:
    """A tiny HTTP client that behaves like a browser behind the proxy: it keeps cookies (also Secure
    ones, since the proxy terminated TLS) and sends the Origin the proxy would."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"https://127.0.0.1:{self.port}"
            sent["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        sent.update(headers or {})
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(header)
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response, content.decode("utf-8", "replace")

    def csrf_from(self, html: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match, "no CSRF token in the form"
        return match.group(1)


def _wait_until_up(port: int, process: subprocess.Popen, log_path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn stopped: {log_path.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("gunicorn did not answer /healthz in time")


@pytest.fixture
def production_server(tmp_path):
    base = pgtools.postgres_url()
    redis_url = pgtools.redis_url()
    name = pgtools.unique_name("st_issue19_prod")
    url = pgtools.create_database(base, name)
    port = pgtools.free_port()
    env = pgtools.child_env(
        DEBUG="false", SECRET_KEY="test-" + "x" * 60, DATABASE_URL=url, ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{port}", TASKS_BACKEND="redis", REDIS_URL=redis_url,
        STATIC_ROOT=str(tmp_path / "static"), SERVICETORG_VAR_DIR=str(tmp_path / "var"),
        EMAIL_BACKEND="locmem", SMS_PROVIDER="file", SMS_FILE_PATH=str(tmp_path / "sms.jsonl"),
        METRICS_TOKEN="metrics-secret", GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="2",
        GUNICORN_THREADS="2", LOG_FORMAT="json",
        # In production leaders need a second factor (on with DEBUG=false); that step has its own browser
        # test (e2e/test_mfa.py). This journey checks the server, so the leader signs in with a password.
        MFA_REQUIRED_ROLES="",
    )
    process = None
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed in finally
    try:
        pgtools.manage(env, "migrate", "--verbosity", "0")
        pgtools.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        pgtools.manage(env, "shell", "-c", pgtools.SEED)
        process = subprocess.Popen(  # noqa: S603 - our interpreter, gunicorn and config
            [sys.executable, "-m", "gunicorn", "-c", str(pgtools.ROOT / "deploy" / "gunicorn.conf.py"),
             "servicetorg.wsgi:application"],
            cwd=pgtools.ROOT, env={**env, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom")},
            stdout=log, stderr=subprocess.STDOUT,
        )
        _wait_until_up(port, process, tmp_path / "gunicorn.log")
        yield port, env, process
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
        pgtools.drop_database(base, name)


def test_the_production_profile_serves_a_journey_with_its_security_headers(production_server, tmp_path):
    port, env, process = production_server
    browser = Browser(port)

    response, html = browser.request("GET", "/accounts/login/")
    assert response.status == 200
    # DEBUG is off: static files have hashed names (served by WhiteNoise, cached for ever).
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the page does not link a hashed stylesheet"
    static, _ = browser.request("GET", stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
    assert static.status == 200
    assert "immutable" in static.headers["Cache-Control"]
    assert static.headers.get("Content-Encoding") == "gzip"

    # Security headers that exist today.
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])

    token = browser.csrf_from(html)
    login, _ = browser.request("POST", "/accounts/login/", body=(
        f"csrfmiddlewaretoken={token}&username=clerk&password={PASSWORD}"))
    assert login.status == 302, "login refused"
    session_cookie = next(h for h in browser.set_cookie_headers if h.startswith("sessionid="))
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie

    page, html = browser.request("GET", "/inquiries/log/")
    assert page.status == 200
    site_id = re.search(r'<select name="site"[^>]*>\s*<option value="(\d+)"', html).group(1)
    form = {
        "csrfmiddlewaretoken": browser.csrf_from(html), "channel": "phone", "site": site_id,
        "pick": "area:renovasjon", "outcome": "answered", "language": "nb", "minutes": "3", "note": "",
    }
    logged, _ = browser.request("POST", "/inquiries/log/", body=urlencode(form))
    assert logged.status == 302, f"the inquiry was not logged ({logged.status})"
    count = pgtools.manage(env, "shell", "-c",
                           "from servicetorg.inquiries.models import Inquiry; print(Inquiry.objects.count())")
    assert count.strip().splitlines()[-1] == "1"

    # The leader's dashboard.
    leader = Browser(port)
    _, html = leader.request("GET", "/accounts/login/")
    leader.request("POST", "/accounts/login/", body=(
        f"csrfmiddlewaretoken={leader.csrf_from(html)}&username=leader&password={PASSWORD}"))
    dashboard, html = leader.request("GET", "/analytics/")
    assert dashboard.status == 200
    assert "<table" in html

    ready, body = browser.request("GET", "/readyz")
    assert ready.status == 200, body
    assert '"redis": "ok"' in body
    forbidden, _ = browser.request("GET", "/metrics")
    assert forbidden.status == 403
    metrics, body = browser.request("GET", "/metrics", headers={"Authorization": "Bearer metrics-secret"})
    assert metrics.status == 200
    assert 'servicetorg_request_duration_seconds_count{method="POST",view="/inquiries/log/"}' in body
    assert 'servicetorg_task_queue_depth{backend="redis"}' in body

    # An unknown page is a plain 404, without Django's debug page.
    missing, body = browser.request("GET", "/no-such-page/")
    assert missing.status == 404
    assert "URLconf" not in body
