"""The unit's work on a forwarded inquiry, through the services: claim, reply,
pause and resume, close, send on, ask the centre — and who may not."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from servicetorg.core.models import AuditAction, AuditEvent
from servicetorg.forwarding import services
from servicetorg.forwarding.models import CloseOutcome, EventKind, Status
from servicetorg.forwarding.tests.conftest import WEDNESDAY_BEFORE_EASTER
from servicetorg.forwarding.worktime import OSLO
from servicetorg.inquiries.models import InquiryContact
from servicetorg.notifications import sms


def test_a_caseworker_claims_it(forwarded, caseworker):
    services.forwarding_claim(forwarding=forwarded, by=caseworker)
    forwarded.refresh_from_db()
    assert forwarded.claimed_by == caseworker
    assert forwarded.status == Status.CLAIMED


def test_a_caseworker_of_another_unit_cannot_touch_it(forwarded, barnevern_worker, clerk):
    for by in (barnevern_worker, clerk):
        with pytest.raises(PermissionDenied):
            services.forwarding_claim(forwarding=forwarded, by=by)
        with pytest.raises(PermissionDenied):
            services.forwarding_close(forwarding=forwarded, by=by, outcome=CloseOutcome.ANSWERED)
        with pytest.raises(PermissionDenied):
            services.forwarding_reply(forwarding=forwarded, by=by, message="Hei", channel="email")


def test_the_reply_reaches_the_citizen_by_email(forwarded, caseworker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.forwarding_reply(forwarding=forwarded, by=caseworker, message="Garasjen er søknadsfri.",
                                  channel="email")
    [message] = mail.outbox
    assert message.to == ["kari@example.no"]
    assert "Garasjen er søknadsfri." in message.body
    assert forwarded.reference in message.subject
    forwarded.refresh_from_db()
    assert forwarded.first_response_at is not None
    assert forwarded.claimed_by == caseworker
    assert AuditEvent.objects.filter(action=AuditAction.REPLY_TO_CITIZEN, actor=caseworker).exists()


def test_the_reply_reaches_the_citizen_by_sms(forwarded, caseworker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.forwarding_reply(forwarding=forwarded, by=caseworker, message="Ring oss.", channel="sms")
    [message] = sms.outbox
    assert message.to == "+4791234567"
    assert "Ring oss." in message.body


def test_no_reply_by_a_channel_without_contact_details(logged, clerk, byggesak, caseworker):
    forwarding = services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="Garasje",
                                          email="kari@example.no")
    with pytest.raises(ValidationError) as error:
        services.forwarding_reply(forwarding=forwarding, by=caseworker, message="Hei", channel="sms")
    assert "channel" in error.value.message_dict
    assert not forwarding.events.filter(kind=EventKind.REPLIED).exists()


def test_waiting_for_the_citizen_pauses_the_clock_and_resuming_moves_the_deadline(
    logged, clerk, byggesak, byggesak_rule, caseworker
):
    with time_machine.travel(WEDNESDAY_BEFORE_EASTER, tick=False):
        forwarding = services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="Garasje",
                                              email="kari@example.no")
    # Wednesday 12:00 (two working hours used), ask the citizen; Tuesday 7 April 12:00 they answer.
    with time_machine.travel(dt.datetime(2026, 4, 1, 12, 0, tzinfo=OSLO), tick=False):
        services.forwarding_reply(forwarding=forwarding, by=caseworker, message="Hvor stor er garasjen?",
                                  channel="email", wait_for_citizen=True)
    forwarding.refresh_from_db()
    assert forwarding.status == Status.WAITING_CITIZEN
    assert forwarding.paused_at is not None
    with time_machine.travel(dt.datetime(2026, 4, 7, 12, 0, tzinfo=OSLO), tick=False):
        services.forwarding_resume(forwarding=forwarding, by=caseworker, message="40 kvm")
    forwarding.refresh_from_db()
    assert forwarding.status == Status.CLAIMED
    assert forwarding.paused_at is None
    # 5.5 working hours were left at the pause: Tuesday 12:00 + 3.5 h = 15:30, + 2 h Wednesday = 10:00.
    assert forwarding.due_at.astimezone(OSLO) == dt.datetime(2026, 4, 8, 10, 0, tzinfo=OSLO)


def test_only_a_paused_clock_resumes(forwarded, caseworker):
    with pytest.raises(ValidationError):
        services.forwarding_resume(forwarding=forwarded, by=caseworker)


def test_closing_keeps_the_contact_details_for_the_retention_period(forwarded, caseworker, settings):
    settings.CONTACT_RETENTION_DAYS = 30
    with time_machine.travel(dt.datetime(2026, 5, 4, 12, 0, tzinfo=OSLO), tick=False):
        services.forwarding_close(forwarding=forwarded, by=caseworker, outcome=CloseOutcome.ANSWERED,
                                  message="Svart på telefon")
    forwarded.refresh_from_db()
    assert forwarded.status == Status.CLOSED
    assert forwarded.outcome == CloseOutcome.ANSWERED
    assert InquiryContact.objects.get(inquiry_id=forwarded.inquiry_id).delete_after == dt.date(2026, 6, 3)
    assert AuditEvent.objects.filter(action=AuditAction.CLOSE_FORWARDING, actor=caseworker).exists()
    with pytest.raises(ValidationError):
        services.forwarding_close(forwarding=forwarded, by=caseworker, outcome=CloseOutcome.ANSWERED)


def test_closing_needs_a_known_outcome(forwarded, caseworker):
    with pytest.raises(ValidationError) as error:
        services.forwarding_close(forwarding=forwarded, by=caseworker, outcome="solved")
    assert "outcome" in error.value.message_dict


def test_sending_on_moves_it_to_the_other_units_inbox(forwarded, caseworker, barnevern, logged):
    services.forwarding_claim(forwarding=forwarded, by=caseworker)
    services.forwarding_send_on(forwarding=forwarded, by=caseworker, unit=barnevern, message="Gjelder et barn")
    forwarded.refresh_from_db()
    logged.refresh_from_db()
    assert forwarded.unit == barnevern
    assert forwarded.status == Status.NEW
    assert forwarded.claimed_by is None
    # Child welfare is sensitive: the centre now sees only the status, the inquiry keeps no free text.
    assert forwarded.sensitive
    assert logged.forwarded_to == barnevern and logged.sensitive and logged.note == ""
    with pytest.raises(PermissionDenied):
        services.forwarding_claim(forwarding=forwarded, by=caseworker)


def test_sending_on_to_the_same_unit_is_refused(forwarded, caseworker, byggesak):
    with pytest.raises(ValidationError) as error:
        services.forwarding_send_on(forwarding=forwarded, by=caseworker, unit=byggesak, message="Hit")
    assert "unit" in error.value.message_dict


def test_the_unit_asks_the_centre_and_the_centre_answers(forwarded, caseworker, clerk, other_clerk,
                                                         django_capture_on_commit_callbacks):
    clerk.email = "clerk@example.no"
    clerk.save(update_fields=["email"])
    forwarded.forwarded_by = clerk
    with django_capture_on_commit_callbacks(execute=True):
        services.forwarding_ask_centre(forwarding=forwarded, by=caseworker, message="Hvilken adresse?")
    assert forwarded.status == Status.WAITING_CENTRE
    assert mail.outbox[0].to == ["clerk@example.no"]
    assert "Hvilken adresse?" in mail.outbox[0].body
    # Any clerk of the centre may answer.
    services.forwarding_answer_centre(forwarding=forwarded, by=other_clerk, message="Storgata 1")
    forwarded.refresh_from_db()
    assert forwarded.status == Status.NEW
    assert forwarded.events.filter(kind=EventKind.CENTRE_ANSWERED, message="Storgata 1").exists()


def test_a_caseworker_cannot_answer_for_the_centre(forwarded, caseworker):
    services.forwarding_ask_centre(forwarding=forwarded, by=caseworker, message="Hvilken adresse?")
    with pytest.raises(PermissionDenied):
        services.forwarding_answer_centre(forwarding=forwarded, by=caseworker, message="Vet ikke")


def test_a_sensitive_unit_does_not_ask_through_the_log(logged, clerk, barnevern, barnevern_worker):
    forwarding = services.inquiry_forward(inquiry=logged, unit=barnevern, by=clerk, message="Bekymring")
    with pytest.raises(ValidationError):
        services.forwarding_ask_centre(forwarding=forwarding, by=barnevern_worker, message="Mer?")
