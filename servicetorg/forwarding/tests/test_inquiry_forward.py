"""inquiry_forward: the centre forwards an inquiry to a unit or external body."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from servicetorg.analytics.models import SurveyInvitation
from servicetorg.core.models import AuditAction, AuditEvent
from servicetorg.forwarding import services
from servicetorg.forwarding.models import EventKind, Forwarding, Status
from servicetorg.forwarding.tests.conftest import WEDNESDAY_BEFORE_EASTER
from servicetorg.forwarding.worktime import OSLO
from servicetorg.inquiries.models import InquiryContact, Outcome
from servicetorg.notifications import sms
from servicetorg.organisation.models import Unit


def test_the_issue_example_is_due_on_the_tuesday_after_easter(logged, clerk, byggesak, byggesak_rule):
    with time_machine.travel(WEDNESDAY_BEFORE_EASTER, tick=False):
        forwarding = services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="Garasje")
    assert forwarding.due_at.astimezone(OSLO) == dt.datetime(2026, 4, 7, 10, 0, tzinfo=OSLO)
    # Four working hours from 10:00 on Wednesday: 14:00 the same day.
    assert forwarding.first_response_due_at.astimezone(OSLO) == dt.datetime(2026, 4, 1, 14, 0, tzinfo=OSLO)


def test_a_unit_without_a_rule_gets_the_default_targets(logged, clerk, byggesak):
    with time_machine.travel(WEDNESDAY_BEFORE_EASTER, tick=False):
        forwarding = services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="Garasje")
    # Ten working days, Easter skipped.
    assert forwarding.due_at.astimezone(OSLO) == dt.datetime(2026, 4, 20, 10, 0, tzinfo=OSLO)


def test_it_records_the_forwarding_on_the_anonymous_inquiry(forwarded, logged, byggesak, clerk):
    logged.refresh_from_db()
    assert logged.outcome == Outcome.FORWARDED
    assert logged.forwarded_to == byggesak
    assert forwarded.status == Status.NEW
    assert forwarded.forwarded_by == clerk
    assert len(forwarded.reference) == 9 and forwarded.reference[4] == "-"
    event = forwarded.events.get()
    assert event.kind == EventKind.FORWARDED
    assert event.message == "Vil vite om garasjen krever søknad."


def test_it_keeps_the_contact_details_apart_with_a_normalised_phone(forwarded, logged):
    contact = InquiryContact.objects.get(inquiry=logged)
    assert contact.phone == "+4791234567"
    assert contact.email == "kari@example.no"
    assert contact.name == "Kari Nordmann"


def test_it_writes_the_forward_and_the_personal_data_to_the_audit_log(forwarded, clerk):
    actions = set(AuditEvent.objects.filter(actor=clerk).values_list("action", flat=True))
    assert actions == {AuditAction.FORWARD_INQUIRY, AuditAction.ADD_PERSONAL_DATA}
    assert AuditEvent.objects.get(action=AuditAction.FORWARD_INQUIRY).detail.startswith(forwarded.reference)


def test_the_citizen_gets_a_receipt_by_email(logged, clerk, byggesak, django_capture_on_commit_callbacks, client):
    with django_capture_on_commit_callbacks(execute=True):
        forwarding = services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="Garasje",
                                              email="kari@example.no", send_receipt=True)
    [message] = mail.outbox
    assert message.to == ["kari@example.no"]
    assert forwarding.reference in message.subject
    assert forwarding.reference in message.body
    assert "Byggesak" in message.body
    assert forwarding.events.filter(kind=EventKind.RECEIPT).exists()
    # The receipt carries the inquiry's one-answer satisfaction link, which opens the survey.
    invitation = SurveyInvitation.objects.get(inquiry=logged)
    survey_path = reverse("survey:answer", args=[invitation.token])
    assert survey_path in message.body
    assert client.get(survey_path).status_code == 200


def test_the_receipt_goes_by_sms_when_there_is_only_a_phone(logged, clerk, byggesak,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        forwarding = services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="Garasje",
                                              phone="+47 412 34 567", send_receipt=True)
    [message] = sms.outbox
    assert message.to == "+4741234567"
    assert forwarding.reference in message.body
    assert mail.outbox == []


def test_the_receipt_is_in_the_citizens_language(logged, clerk, byggesak, django_capture_on_commit_callbacks):
    logged.language = "en"
    logged.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="Garage",
                                 email="kari@example.no", send_receipt=True)
    assert "Your reference number is" in mail.outbox[0].body


def test_no_receipt_without_a_contact(logged, clerk, byggesak):
    with pytest.raises(ValidationError) as error:
        services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="Garasje", send_receipt=True)
    assert "email" in error.value.message_dict
    assert not Forwarding.objects.exists()


@pytest.mark.parametrize("phone", ["123", "abc", "+47 12"])
def test_it_refuses_a_phone_number_that_is_not_one(logged, clerk, byggesak, phone):
    with pytest.raises(ValidationError) as error:
        services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="Garasje", phone=phone)
    assert "phone" in error.value.message_dict
    logged.refresh_from_db()
    assert not Forwarding.objects.exists()
    assert not InquiryContact.objects.exists()


def test_it_needs_a_message(logged, clerk, byggesak):
    with pytest.raises(ValidationError) as error:
        services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="  ")
    assert "message" in error.value.message_dict


def test_a_sensitive_unit_takes_the_free_text_off_the_inquiry(logged, clerk, barnevern):
    forwarding = services.inquiry_forward(inquiry=logged, unit=barnevern, by=clerk, message="Bekymring")
    logged.refresh_from_db()
    assert logged.sensitive and logged.note == ""
    assert forwarding.sensitive
    # The message stays with the unit, sealed (encrypted), never as plain text.
    event = forwarding.events.get()
    assert event.message == ""
    assert "Bekymring" not in event.sealed.ciphertext


def test_an_external_body_is_a_referral(logged, clerk, nav):
    services.inquiry_forward(inquiry=logged, unit=nav, by=clerk, message="Sosialhjelp")
    logged.refresh_from_db()
    assert logged.outcome == Outcome.REFERRED
    assert logged.forwarded_to == nav


def test_an_inquiry_is_forwarded_once(forwarded, logged, clerk, byggesak):
    with pytest.raises(ValidationError) as error:
        services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="Igjen")
    assert "inquiry" in error.value.message_dict


def test_it_refuses_another_municipalitys_unit(logged, clerk, other_municipality):
    elsewhere = Unit.objects.create(municipality=other_municipality, name="Byggesak", slug="byggesak")
    with pytest.raises(ValidationError) as error:
        services.inquiry_forward(inquiry=logged, unit=elsewhere, by=clerk, message="Garasje")
    assert "unit" in error.value.message_dict


def test_a_caseworker_does_not_forward_from_the_centre(logged, caseworker, byggesak):
    with pytest.raises(PermissionDenied):
        services.inquiry_forward(inquiry=logged, unit=byggesak, by=caseworker, message="Garasje")


def test_a_forwarded_inquiry_can_no_longer_be_undone_or_changed_by_the_clerk(forwarded, logged, clerk):
    from servicetorg.inquiries.services import inquiry_undo

    with pytest.raises(PermissionDenied):
        inquiry_undo(inquiry=logged, by=clerk)
    assert Forwarding.objects.filter(inquiry=logged).exists()
