"""The scheduler knows forwarding's periodic jobs, and the thin tasks run their services."""

import datetime as dt

import time_machine

from servicetorg.core.periodic import periodic_tasks
from servicetorg.forwarding import tasks
from servicetorg.forwarding.models import CloseOutcome
from servicetorg.forwarding.services import forwarding_close
from servicetorg.inquiries.models import InquiryContact


def test_the_jobs_are_registered_with_their_intervals():
    registered = periodic_tasks()
    assert registered["servicetorg.forwarding.tasks.forwardings_remind_and_escalate"].every == dt.timedelta(
        minutes=15
    )
    assert registered["servicetorg.forwarding.tasks.contacts_delete_expired"].every == dt.timedelta(hours=1)


def test_the_retention_task_deletes_expired_contact_details(forwarded, caseworker):
    forwarding_close(forwarding=forwarded, by=caseworker, outcome=CloseOutcome.ANSWERED)
    InquiryContact.objects.update(delete_after=dt.date(2020, 1, 1))
    tasks.contacts_delete_expired.call()
    assert not InquiryContact.objects.exists()


def test_the_reminder_task_reminds_and_escalates(forwarded):
    with time_machine.travel(forwarded.due_at + dt.timedelta(days=7), tick=False):
        tasks.forwardings_remind_and_escalate.call()
    forwarded.refresh_from_db()
    assert forwarded.reminded_at is not None
    assert forwarded.escalated_at is not None
