"""notification_send and delivery through the outbox, with the in-process task backend."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from servicetorg.notifications import sms
from servicetorg.notifications.models import Notification, NotificationChannel, NotificationStatus
from servicetorg.notifications.services import (
    notification_deliver,
    notification_send,
    notifications_deliver_due,
    notifications_erase_old,
)

NOON = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)


class BrokenEmailBackend:
    """An SMTP server that refuses everything, as one does when it is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp is down")


def send_email(municipality, **extra):
    return notification_send(municipality=municipality, channel=NotificationChannel.EMAIL, recipient="ola@example.no",
                             subject="Kvittering", body="Vi har mottatt henvendelsen din.", purpose="test.receipt",
                             **extra)


def test_it_sends_an_email_with_its_attachment_after_commit(municipality, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = send_email(municipality, attachments=[("time.ics", b"BEGIN:VCALENDAR", "text/calendar")])
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ola@example.no"]
    assert message.subject == "Kvittering"
    assert message.attachments[0][0] == "time.ics"
    assert message.attachments[0][1] in (b"BEGIN:VCALENDAR", "BEGIN:VCALENDAR")
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 1
    assert notification.sent_at is not None


def test_it_sends_an_sms_to_the_normalised_number(municipality, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_send(municipality=municipality, channel=NotificationChannel.SMS,
                                         recipient="912 34 567", body="Saken din har nr. 2026-17", purpose="test.sms")
    assert notification.recipient == "+4791234567"
    assert sms.outbox == [sms.SmsMessage(to="+4791234567", body="Saken din har nr. 2026-17",
                                         reference=str(notification.uuid))]


@pytest.mark.parametrize(("channel", "recipient", "field"), [
    (NotificationChannel.EMAIL, "ola@", "recipient"),
    (NotificationChannel.SMS, "123", "recipient"),
    (NotificationChannel.SMS, "tlf ukjent", "recipient"),
    ("fax", "123", "channel"),
])
def test_it_refuses_a_bad_recipient(municipality, channel, recipient, field):
    with pytest.raises(ValidationError) as error:
        notification_send(municipality=municipality, channel=channel, recipient=recipient, body="Hei",
                          purpose="test")
    assert field in error.value.message_dict
    assert not Notification.objects.exists()


def test_it_sends_nothing_when_the_work_is_rolled_back(municipality, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        send_email(municipality)
        raise RuntimeError("the forward failed")
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_the_same_idempotency_key_sends_once(municipality, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = send_email(municipality, idempotency_key="booking-1-reminder")
        second = send_email(municipality, idempotency_key="booking-1-reminder")
    assert first.pk == second.pk
    assert len(mail.outbox) == 1


def test_a_message_for_later_waits_for_the_sweep(municipality, django_capture_on_commit_callbacks):
    with time_machine.travel(NOON, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            send_email(municipality, send_after=NOON + dt.timedelta(days=1))
        assert notifications_deliver_due() == 0
        assert mail.outbox == []
    with time_machine.travel(NOON + dt.timedelta(days=1, minutes=1), tick=False):
        assert notifications_deliver_due() == 1
        assert notifications_deliver_due() == 0
    assert len(mail.outbox) == 1


def test_delivering_a_sent_message_again_sends_nothing(municipality, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = send_email(municipality)
    assert notification_deliver(notification_id=notification.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_a_message_claimed_by_a_live_worker_is_left_to_it(municipality):
    with time_machine.travel(NOON, tick=False):
        notification = send_email(municipality)  # not committed: no task ran
        Notification.objects.filter(pk=notification.pk).update(
            status=NotificationStatus.SENDING, attempts=1, lease_until=NOON + dt.timedelta(minutes=5))
        assert notification_deliver(notification_id=notification.pk) == "skipped"
        assert notifications_deliver_due() == 0
    assert mail.outbox == []


def test_a_message_left_by_a_dead_worker_is_sent_once_its_lease_runs_out(municipality):
    with time_machine.travel(NOON, tick=False):
        notification = send_email(municipality)
        Notification.objects.filter(pk=notification.pk).update(
            status=NotificationStatus.SENDING, attempts=1, lease_until=NOON + dt.timedelta(minutes=5))
    with time_machine.travel(NOON + dt.timedelta(minutes=6), tick=False):
        assert notifications_deliver_due() == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_failed_send_is_tried_again_with_backoff_then_given_up(municipality, settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenEmailBackend"
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    with time_machine.travel(NOON, tick=False):
        notification = send_email(municipality)
        assert notification_deliver(notification_id=notification.pk) == NotificationStatus.PENDING
        notification.refresh_from_db()
        assert notification.send_after == NOON + dt.timedelta(minutes=1)
        assert "smtp is down" in notification.last_error
        assert notifications_deliver_due() == 0  # not before the backoff
    with time_machine.travel(NOON + dt.timedelta(minutes=2), tick=False):
        notifications_deliver_due()
        notification.refresh_from_db()
        assert (notification.status, notification.attempts) == (NotificationStatus.PENDING, 2)
        assert notification.send_after == NOON + dt.timedelta(minutes=7)
    with time_machine.travel(NOON + dt.timedelta(minutes=8), tick=False):
        notifications_deliver_due()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.FAILED, 3)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOON + dt.timedelta(days=1), tick=False):
        assert notifications_deliver_due() == 0
    assert mail.outbox == []


def test_it_erases_the_personal_data_of_old_messages(municipality, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_RETENTION_DAYS = 30
    with time_machine.travel(NOON, tick=False), django_capture_on_commit_callbacks(execute=True):
        old = send_email(municipality, attachments=[("a.ics", b"x", "text/calendar")])
    with time_machine.travel(NOON + dt.timedelta(days=29), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        recent = send_email(municipality)
    with time_machine.travel(NOON + dt.timedelta(days=31), tick=False):
        assert notifications_erase_old() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.recipient, old.subject, old.body, old.attachments) == ("", "", "", [])
    assert old.erased_at is not None
    assert old.status == NotificationStatus.SENT  # the record of sending stays
    assert recent.recipient == "ola@example.no"
