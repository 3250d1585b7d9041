"""`manage.py check --deploy` in the production profile (DEBUG=false and the
production environment variables) reports nothing."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "servicetorg.kommune.example",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SECURE_SSL_REDIRECT": "true",
    "CACHE_BACKEND": "redis",
    "SENSITIVE_MESSAGE_KEYS": secrets.token_urlsafe(40),
}


def _check(tmp_path, **overrides) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION}
    env.update(PRODUCTION, SERVICETORG_VAR_DIR=str(tmp_path), **overrides)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Set by the browser tests while their browser runs in the same worker; never in a deployment.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603 (our own manage.py with a fixed argument list)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_reports_nothing_in_production(tmp_path):
    result = _check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_speaks_up_when_hsts_is_off(tmp_path):
    result = _check(tmp_path, SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr
