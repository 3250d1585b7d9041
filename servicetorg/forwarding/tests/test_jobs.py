"""The scheduled services: preliminary-reply reminders, escalation of overdue
inquiries to the unit's leader, and deleting contact details on schedule."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from servicetorg.core.models import AuditAction, AuditEvent
from servicetorg.forwarding import services
from servicetorg.forwarding.models import CloseOutcome, EventKind, Forwarding
from servicetorg.forwarding.tests.conftest import WEDNESDAY_BEFORE_EASTER
from servicetorg.forwarding.worktime import OSLO
from servicetorg.inquiries.models import Inquiry, InquiryContact


@pytest.fixture
def easter_case(logged, clerk, byggesak, byggesak_rule):
    byggesak_rule.final_answer_days = 3
    byggesak_rule.preliminary_reply_days = 1
    byggesak_rule.save()
    byggesak.email = "byggesak@example.no"
    byggesak.save(update_fields=["email"])
    with time_machine.travel(WEDNESDAY_BEFORE_EASTER, tick=False):
        return services.inquiry_forward(inquiry=logged, unit=byggesak, by=clerk, message="Garasje",
                                        email="kari@example.no")


def test_the_reminder_waits_for_its_time_and_goes_once(easter_case, django_capture_on_commit_callbacks):
    # Due Thursday 9 April 10:00; the reminder after one working day, Tuesday 7 April 10:00.
    with time_machine.travel(dt.datetime(2026, 4, 6, 12, 0, tzinfo=OSLO), tick=False):
        assert services.forwardings_send_reminders() == 0
    with time_machine.travel(dt.datetime(2026, 4, 7, 10, 15, tzinfo=OSLO), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert services.forwardings_send_reminders() == 1
        assert services.forwardings_send_reminders() == 0
    [message] = mail.outbox
    assert message.to == ["byggesak@example.no"]
    assert easter_case.reference in message.subject
    assert easter_case.events.filter(kind=EventKind.REMINDED).count() == 1


def test_the_reminder_goes_to_the_caseworker_who_claimed_it(easter_case, caseworker,
                                                           django_capture_on_commit_callbacks):
    caseworker.email = "per@example.no"
    caseworker.save(update_fields=["email"])
    services.forwarding_claim(forwarding=easter_case, by=caseworker)
    with time_machine.travel(dt.datetime(2026, 4, 7, 11, 0, tzinfo=OSLO), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        services.forwardings_send_reminders()
    assert mail.outbox[0].to == ["per@example.no"]


def test_an_overdue_inquiry_goes_to_the_units_leader_once(easter_case, django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 4, 9, 9, 59, tzinfo=OSLO), tick=False):
        assert services.forwardings_escalate_overdue() == 0
    with time_machine.travel(dt.datetime(2026, 4, 9, 10, 1, tzinfo=OSLO), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert services.forwardings_escalate_overdue() == 1
        assert services.forwardings_escalate_overdue() == 0
    [message] = mail.outbox
    assert message.to == ["leder@example.no"]
    assert easter_case.reference in message.body


def test_a_closed_or_paused_inquiry_is_neither_reminded_nor_escalated(easter_case, caseworker):
    services.forwarding_reply(forwarding=easter_case, by=caseworker, message="Mål?", channel="email",
                              wait_for_citizen=True)
    with time_machine.travel(dt.datetime(2026, 4, 20, 10, 0, tzinfo=OSLO), tick=False):
        assert services.forwardings_send_reminders() == 0
        assert services.forwardings_escalate_overdue() == 0
        services.forwarding_close(forwarding=easter_case, by=caseworker, outcome=CloseOutcome.NOT_REACHED)
        assert services.forwardings_escalate_overdue() == 0


def test_contact_details_are_deleted_after_the_retention_period(easter_case, caseworker, settings):
    settings.CONTACT_RETENTION_DAYS = 10
    with time_machine.travel(dt.datetime(2026, 4, 8, 12, 0, tzinfo=OSLO), tick=False):
        services.forwarding_close(forwarding=easter_case, by=caseworker, outcome=CloseOutcome.ANSWERED)
    assert services.contacts_delete_expired(today=dt.date(2026, 4, 18)) == 0
    assert services.contacts_delete_expired(today=dt.date(2026, 4, 19)) == 1
    assert not InquiryContact.objects.exists()
    # The anonymous statistics stay.
    assert Inquiry.objects.filter(pk=easter_case.inquiry_id).exists()
    assert Forwarding.objects.filter(pk=easter_case.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE_PERSONAL_DATA).count() == 1


def test_an_open_inquiry_keeps_its_contact_details(easter_case):
    InquiryContact.objects.update(delete_after=dt.date(2026, 1, 1))
    assert services.contacts_delete_expired(today=dt.date(2026, 6, 1)) == 0
    assert InquiryContact.objects.exists()


def test_a_forwarding_never_closed_loses_its_contact_details_the_retention_period_after_it_was_due(
        easter_case, settings):
    settings.CONTACT_RETENTION_DAYS = 10
    due = easter_case.due_at.astimezone(OSLO).date()

    assert services.contacts_delete_expired(today=due + dt.timedelta(days=10)) == 0
    assert services.contacts_delete_expired(today=due + dt.timedelta(days=11)) == 1
    assert not InquiryContact.objects.exists()
    # The forwarding stays open and anonymous: the unit may still close it.
    easter_case.refresh_from_db()
    assert easter_case.is_open
    assert AuditEvent.objects.filter(action=AuditAction.DELETE_PERSONAL_DATA).count() == 1


def test_the_command_shows_what_would_be_deleted_and_deletes_only_when_told(easter_case, caseworker, capsys):
    services.forwarding_close(forwarding=easter_case, by=caseworker, outcome=CloseOutcome.ANSWERED)
    InquiryContact.objects.update(delete_after=dt.date(2020, 1, 1))
    call_command("contact_retention")
    out = capsys.readouterr().out
    assert easter_case.reference in out
    assert "kari@example.no" not in out
    assert "1 contact details would be deleted" in out
    assert InquiryContact.objects.exists()
    call_command("contact_retention", "--delete")
    assert not InquiryContact.objects.exists()
    call_command("contact_retention")
    assert "No contact details are due" in capsys.readouterr().out
