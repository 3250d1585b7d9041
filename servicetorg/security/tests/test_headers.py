"""Security headers on every answer, and templates that keep the Content-Security-Policy
without 'unsafe-inline' for scripts possible: no inline script, no inline event handler."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)


def _csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_every_page_has_a_csp_without_inline_scripts(client):
    response = client.get(reverse("accounts:login"))
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp.get("script-src", []) + csp["default-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]


def test_it_sends_referrer_and_permissions_policies(client):
    response = client.get(reverse("accounts:login"))
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_the_api_has_the_headers_too(client, db):
    response = client.get("/api/v1/catalogue/services")
    assert "Content-Security-Policy" in response
    assert "Permissions-Policy" in response


def test_hsts_is_sent_over_https_when_switched_on(settings, client):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_no_hsts_unless_switched_on(client):
    assert "Strict-Transport-Security" not in client.get(reverse("accounts:login"), secure=True)


def _templates() -> list[Path]:
    found = list((ROOT / "templates").rglob("*.html"))
    found += list((ROOT / "servicetorg").glob("*/templates/**/*.html"))
    return found


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_an_inline_script_or_handler(path):
    text = path.read_text()
    assert not INLINE_SCRIPT.search(text), "an inline <script>: move it to a static file"
    assert not EVENT_HANDLER.search(text), "an inline event handler: bind it in a static file"


def test_the_checks_find_an_inline_script():
    assert INLINE_SCRIPT.search('<script>alert(1)</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert EVENT_HANDLER.search('<button type="button" onclick="go()">')
    assert not EVENT_HANDLER.search('<button type="button" data-print>')


@pytest.mark.parametrize("password", ["kort-passor", "Sommer2024!", "abc123def45"])
def test_passwords_under_twelve_characters_are_refused(password, db):
    assert len(password) < 12
    with pytest.raises(ValidationError, match="12"):
        validate_password(password)


@pytest.mark.parametrize("password", ["1qaz2wsx3edc", "123456789012", "qwerty123456"])
def test_common_passwords_of_twelve_or_more_are_refused(password, db):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted(db):
    validate_password("tre-grå-katter-på-Hvaler")
