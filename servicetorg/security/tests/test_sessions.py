"""Sessions end after SESSION_IDLE_MINUTES without a request, and "log out
everywhere" ends every session of the account."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from servicetorg.core.models import AuditAction, AuditEvent

QUICKLOG = reverse("inquiries:quicklog")
START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_a_session_in_use_lives_on(settings, clock, client_for, clerk):
    settings.SESSION_IDLE_MINUTES = 60
    client = client_for(clerk)
    for _ in range(4):  # four hours, a request every 50 minutes
        clock.shift(dt.timedelta(minutes=50))
        assert client.get(QUICKLOG).status_code == 200


def test_an_idle_session_ends(settings, clock, client_for, clerk):
    settings.SESSION_IDLE_MINUTES = 60
    client = client_for(clerk)
    clock.shift(dt.timedelta(minutes=30))
    assert client.get(QUICKLOG).status_code == 200
    clock.shift(dt.timedelta(minutes=61))
    response = client.get(QUICKLOG)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_idle_time_is_a_setting(settings, clock, client_for, clerk):
    settings.SESSION_IDLE_MINUTES = 10
    client = client_for(clerk)
    clock.shift(dt.timedelta(minutes=11))
    assert client.get(QUICKLOG).status_code == 302


def test_log_out_everywhere_ends_every_session(client_for, clerk, leader):
    laptop = client_for(clerk)
    phone = Client()
    phone.force_login(clerk)
    colleague = Client()
    colleague.force_login(leader)
    assert phone.get(QUICKLOG).status_code == 200

    response = laptop.post(reverse("security:logout-everywhere"))
    assert response.status_code == 302
    assert laptop.get(QUICKLOG).status_code == 302
    assert phone.get(QUICKLOG).status_code == 302
    assert colleague.get(QUICKLOG).status_code == 200  # only this account's sessions
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT_EVERYWHERE, actor=clerk).exists()


def test_one_can_log_in_again_after_logging_out_everywhere(client, client_for, clerk):
    from conftest import PASSWORD

    client_for(clerk).post(reverse("security:logout-everywhere"))
    response = client.post(reverse("accounts:login"), {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(QUICKLOG).status_code == 200


def test_log_out_everywhere_needs_a_post(client_for, clerk):
    assert client_for(clerk).get(reverse("security:logout-everywhere")).status_code == 405


def test_the_security_page_offers_it(client_for, clerk):
    body = client_for(clerk).get(reverse("security:account")).content.decode()
    assert reverse("security:logout-everywhere") in body
