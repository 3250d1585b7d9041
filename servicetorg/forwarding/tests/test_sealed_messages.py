"""A forward to a sensitive unit needs no free text; a message given is encrypted with
the municipality's key, read only by the receiving unit's caseworkers (each read
audited), erased on schedule, and never shown in the admin."""

import datetime as dt

import pytest
import time_machine
from cryptography.fernet import InvalidToken
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import _user
from servicetorg.accounts.models import Role
from servicetorg.core.models import AuditAction, AuditEvent
from servicetorg.forwarding import services
from servicetorg.forwarding.models import CloseOutcome, ForwardingEvent
from servicetorg.security.crypto import municipality_cipher
from servicetorg.security.models import SealedMessage
from servicetorg.security.sealed import sealed_messages_erase_expired, sealed_messages_rotate

CONCERN = "Bekymring for Ola (fnr 01019010046), tlf 99887766"


@pytest.fixture
def sealed_forward(logged, clerk, barnevern):
    return services.inquiry_forward(inquiry=logged, unit=barnevern, by=clerk, message=CONCERN)


def _sealed(forwarding) -> SealedMessage:
    return SealedMessage.objects.get(event__forwarding=forwarding)


def test_a_sensitive_unit_needs_no_message(logged, clerk, barnevern):
    forwarding = services.inquiry_forward(inquiry=logged, unit=barnevern, by=clerk, message="")
    assert forwarding.events.get().message == ""
    assert not SealedMessage.objects.exists()


def test_other_units_still_need_a_message(logged, clerk, byggesak, byggesak_rule):
    with pytest.raises(ValidationError) as caught:
        services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="")
    assert "message" in caught.value.message_dict


def test_the_message_is_stored_encrypted_only(sealed_forward):
    assert ForwardingEvent.objects.get(forwarding=sealed_forward).message == ""
    sealed = _sealed(sealed_forward)
    assert "Ola" not in sealed.ciphertext and "99887766" not in sealed.ciphertext
    plain = municipality_cipher(sealed.municipality_id).decrypt(sealed.ciphertext.encode()).decode()
    assert plain == CONCERN


def test_another_municipalitys_key_opens_nothing(sealed_forward, other_municipality):
    sealed = _sealed(sealed_forward)
    with pytest.raises(InvalidToken):
        municipality_cipher(other_municipality.pk).decrypt(sealed.ciphertext.encode())


def test_the_receiving_caseworker_reads_it_and_the_read_is_audited(client_for, sealed_forward, barnevern_worker):
    url = reverse("security:sealed-read", args=[_sealed(sealed_forward).pk])
    body = client_for(barnevern_worker).get(url).content.decode()
    assert "Ola" in body
    event = AuditEvent.objects.get(action=AuditAction.READ_SENSITIVE_MESSAGE)
    assert event.actor == barnevern_worker


def test_the_unit_sees_a_link_to_it_on_the_case(client_for, sealed_forward, barnevern_worker):
    page = client_for(barnevern_worker).get(reverse("forwarding:case-detail", args=[sealed_forward.reference]))
    body = page.content.decode()
    assert reverse("security:sealed-read", args=[_sealed(sealed_forward).pk]) in body
    assert "Ola" not in body  # only on the audited page


@pytest.mark.parametrize("persona", ["clerk", "leader", "caseworker", "administrator"])
def test_nobody_else_reads_it(request, client, sealed_forward, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse("security:sealed-read", args=[_sealed(sealed_forward).pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.READ_SENSITIVE_MESSAGE).exists()


def test_a_child_welfare_worker_of_another_municipality_reads_nothing(client, sealed_forward, other_municipality):
    from servicetorg.organisation.models import Unit

    their_unit = Unit.objects.create(municipality=other_municipality, name="Barnevern", slug="barnevern-2",
                                     sensitive=True)
    worker = _user("annen", Role.CASEWORKER, other_municipality, units=[their_unit])
    client.force_login(worker)
    assert client.get(reverse("security:sealed-read", args=[_sealed(sealed_forward).pk])).status_code == 404


def test_the_admin_never_shows_it(sealed_forward):
    assert SealedMessage not in admin.site._registry


def test_keys_rotate(settings, logged, clerk, barnevern, barnevern_worker):
    settings.SENSITIVE_MESSAGE_KEYS = ["old-secret-" + "x" * 40]
    forwarding = services.inquiry_forward(inquiry=logged, unit=barnevern, by=clerk, message=CONCERN)
    before = _sealed(forwarding).ciphertext
    settings.SENSITIVE_MESSAGE_KEYS = ["new-secret-" + "y" * 40, "old-secret-" + "x" * 40]
    assert sealed_messages_rotate() == 1
    settings.SENSITIVE_MESSAGE_KEYS = ["new-secret-" + "y" * 40]
    sealed = _sealed(forwarding)
    assert sealed.ciphertext != before
    assert municipality_cipher(sealed.municipality_id).decrypt(sealed.ciphertext.encode()).decode() == CONCERN


def test_it_is_erased_after_the_retention(settings, sealed_forward, barnevern_worker):
    settings.SENSITIVE_MESSAGE_RETENTION_DAYS = 30
    services.forwarding_close(forwarding=sealed_forward, by=barnevern_worker, outcome=CloseOutcome.ANSWERED)
    assert sealed_messages_erase_expired() == 0
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=31)):
        assert sealed_messages_erase_expired() == 1
    assert not SealedMessage.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE_PERSONAL_DATA, object_type="security.sealedmessage")


def test_messages_to_ordinary_units_are_screened(logged, clerk, byggesak, byggesak_rule):
    with pytest.raises(ValidationError) as caught:
        services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="Ring Kari på 99887766")
    assert "message" in caught.value.message_dict
