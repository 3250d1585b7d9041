"""The second factor: required for the roles in MFA_REQUIRED_ROLES, asked after the
password for everyone who has one, and every change audited."""

import time

import pyotp
import pytest
from django.urls import reverse

from conftest import PASSWORD
from servicetorg.core.models import AuditAction, AuditEvent
from servicetorg.security import mfa

QUICKLOG = reverse("inquiries:quicklog")


def _log_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def _enrol(client, user) -> tuple[str, list[str]]:
    device = mfa.totp_pending(user=user)
    secret = mfa.totp_secret(device)
    response = client.post(reverse("security:mfa-setup"), {"token": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    return secret, response.context["codes"]


def test_a_required_role_must_enrol_before_anything_else(settings, client, leader):
    settings.MFA_REQUIRED_ROLES = ["leader", "admin"]
    _log_in(client, leader)
    response = client.get(QUICKLOG)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("security:mfa-setup"))
    page = client.get(reverse("security:mfa-setup")).content.decode()
    assert "<svg" in page and "<script>" not in page


def test_enrolment_gives_recovery_codes_and_is_audited(settings, client, leader):
    settings.MFA_REQUIRED_ROLES = ["leader"]
    _log_in(client, leader)
    _secret, codes = _enrol(client, leader)
    assert len(codes) == 10
    assert client.get(QUICKLOG).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE_MFA, actor=leader).exists()


def test_a_wrong_code_does_not_enrol(settings, client, leader):
    settings.MFA_REQUIRED_ROLES = ["leader"]
    _log_in(client, leader)
    response = client.post(reverse("security:mfa-setup"), {"token": "000000"})
    assert response.status_code == 400
    assert client.get(QUICKLOG).status_code == 302


def test_the_next_login_asks_for_a_code(settings, client, leader):
    settings.MFA_REQUIRED_ROLES = ["leader"]
    _log_in(client, leader)
    secret, codes = _enrol(client, leader)
    client.post(reverse("accounts:logout"))

    _log_in(client, leader)
    assert client.get(QUICKLOG)["Location"].startswith(reverse("security:mfa-verify"))
    code = pyotp.TOTP(secret).at(time.time() + 30)  # the next step: the current code was used to enrol
    response = client.post(reverse("security:mfa-verify"), {"token": code, "next": QUICKLOG})
    assert response.status_code == 302 and response["Location"] == QUICKLOG
    assert client.get(QUICKLOG).status_code == 200


def test_a_recovery_code_works_once(settings, client, leader):
    settings.MFA_REQUIRED_ROLES = ["leader"]
    _log_in(client, leader)
    _secret, codes = _enrol(client, leader)
    for expected in (302, 400):
        client.post(reverse("accounts:logout"))
        _log_in(client, leader)
        assert client.post(reverse("security:mfa-verify"), {"token": codes[0]}).status_code == expected


def test_roles_not_required_log_in_with_the_password_alone(settings, client, clerk):
    settings.MFA_REQUIRED_ROLES = ["leader", "admin"]
    _log_in(client, clerk)
    assert client.get(QUICKLOG).status_code == 200


@pytest.mark.parametrize("debug, expected", [("false", ["admin", "leader"]), ("true", [])])
def test_it_is_on_in_production_and_off_in_development(debug, expected, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DEBUG": debug, "SECRET_KEY": "x" * 60, "SERVICETORG_VAR_DIR": str(tmp_path)}
    env.pop("MFA_REQUIRED_ROLES", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='servicetorg.settings'; "
         "from django.conf import settings; print(settings.MFA_REQUIRED_ROLES)"],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.strip() == repr(expected)


def test_a_wrong_code_is_refused_and_throttled(settings, client, leader):
    settings.MFA_REQUIRED_ROLES = ["leader"]
    _log_in(client, leader)
    secret, _codes = _enrol(client, leader)
    client.post(reverse("accounts:logout"))
    _log_in(client, leader)
    wrong = "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"
    assert client.post(reverse("security:mfa-verify"), {"token": wrong}).status_code == 400
    # django-otp then waits before it takes another code: guessing is slow.
    code = pyotp.TOTP(secret).at(time.time() + 30)
    assert client.post(reverse("security:mfa-verify"), {"token": code}).status_code == 400
    assert client.get(QUICKLOG).status_code == 302
