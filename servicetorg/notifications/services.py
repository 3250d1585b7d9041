"""The outbox: write a notification with the work that needs it, deliver it after commit.

Delivery is at least once and, in practice, exactly once: a worker *claims* a
message (status `sending`, a lease) in its own committed transaction before it
talks to the provider, and marks it `sent` right after. A second worker that gets
the same task finds it claimed or sent and does nothing. A worker that dies before
the provider accepted the message leaves a lease that runs out; the sweep then
sends it. Only a death in the instant between the provider's acceptance and our
commit can send twice, and that is the price of never losing a message.
"""

import base64
import datetime as dt
import logging
from collections.abc import Sequence

import phonenumbers
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from servicetorg.notifications.models import Notification, NotificationChannel, NotificationStatus
from servicetorg.notifications.sms import SmsMessage, sms_provider
from servicetorg.security.context import public_client_address

logger = logging.getLogger(__name__)

SWEEP_BATCH = 200


def phone_normalise(raw: str, *, field: str = "phone") -> str:
    """A Norwegian or international phone number as E.164 (+4791234567), or ValidationError."""
    try:
        number = phonenumbers.parse(raw, "NO")
    except phonenumbers.NumberParseException:
        raise ValidationError({field: _("Enter a phone number, e.g. 912 34 567 or +46 70 123 45 67.")}) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError({field: _("%(number)s is not a valid phone number.") % {"number": raw}})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _sms_daily_caps(*, recipient: str) -> None:
    """Refuse an SMS a citizen's request would send beyond the day's caps.

    SMS-pumping and harassment: an anonymous form that sends an SMS to any number
    typed in must not send many to one number, nor many from one address. Staff
    work and background tasks (no public address in the context) are not capped.
    """
    address = public_client_address.get()
    if address is None:
        return
    day_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    sent_today = Notification.objects.filter(channel=NotificationChannel.SMS, recipient=recipient,
                                             created_at__gte=day_start).count()
    if sent_today >= settings.SMS_DAILY_CAP_PER_RECIPIENT:
        # Lazy: shown in the citizen's language, not the language the confirmation is written in.
        raise ValidationError({"recipient": gettext_lazy(
            "We cannot send more text messages to this number today. Give an e-mail address instead, "
            "or contact the service centre.")})
    key = f"sms-cap:{address}:{day_start.date().isoformat()}"
    if (cache.get(key) or 0) >= settings.SMS_DAILY_CAP_PER_ADDRESS:
        raise ValidationError({"recipient": gettext_lazy(
            "Too many text messages were requested from your address today. Give an e-mail address instead, "
            "or contact the service centre.")})

    def count() -> None:
        cache.add(key, 0, timeout=26 * 3600)
        cache.incr(key)

    transaction.on_commit(count)


def notification_send(
    *,
    municipality,
    channel: str,
    recipient: str,
    body: str,
    purpose: str,
    subject: str = "",
    attachments: Sequence[tuple[str, bytes, str]] = (),
    idempotency_key: str | None = None,
    send_after: dt.datetime | None = None,
    headers: dict[str, str] | None = None,
) -> Notification:
    """Queue an e-mail or SMS. Call it inside the transaction of the work it belongs
    to: the row is part of that transaction and the delivery task is enqueued on
    commit, so a rolled-back write sends nothing. The same `idempotency_key` twice
    returns the first notification and queues nothing more."""
    if channel == NotificationChannel.EMAIL:
        try:
            validate_email(recipient)
        except ValidationError:
            raise ValidationError({"recipient": _("Enter a valid e-mail address.")}) from None
    elif channel == NotificationChannel.SMS:
        recipient = phone_normalise(recipient, field="recipient")
    else:
        raise ValidationError({"channel": _("Choose e-mail or SMS.")})
    if not body.strip():
        raise ValidationError({"body": _("The message has no text.")})
    if attachments and channel != NotificationChannel.EMAIL:
        raise ValidationError({"attachments": _("Only an e-mail can carry attachments.")})
    if idempotency_key:
        existing = Notification.objects.filter(municipality=municipality, idempotency_key=idempotency_key).first()
        if existing:
            return existing
    if channel == NotificationChannel.SMS:
        _sms_daily_caps(recipient=recipient)
    notification = Notification(
        municipality=municipality, channel=channel, recipient=recipient, subject=subject[:200], body=body,
        purpose=purpose, idempotency_key=idempotency_key or None, send_after=send_after or timezone.now(),
        headers=dict(headers or {}),
        attachments=[{"filename": name, "mimetype": mimetype, "content_b64": base64.b64encode(content).decode()}
                     for name, content, mimetype in attachments],
    )
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        # Another request queued the same key in between.
        return Notification.objects.get(municipality=municipality, idempotency_key=idempotency_key)
    if notification.send_after <= timezone.now() and _deliver_later is not None:
        transaction.on_commit(lambda: _deliver_later(notification.pk))
    return notification


# The task module registers how one notification is delivered in the background (see apps.py), so
# this module never imports it: tasks call services, never the other way round. Until then (a bare
# script), the minute sweep delivers what is due.
_deliver_later = None


def notification_delivery_register(enqueue) -> None:
    """Called once by the task module with the function that enqueues one notification's delivery."""
    global _deliver_later
    _deliver_later = enqueue


def _backoff(attempts: int) -> dt.timedelta:
    # 1, 5, 25, 125 minutes ... at most six hours between tries.
    return dt.timedelta(minutes=min(5 ** (attempts - 1), 360))


def _claim(notification_id: int) -> Notification | None:
    now = timezone.now()
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.send_after > now:
            return None
        if notification.status == NotificationStatus.SENDING and notification.lease_until > now:
            return None  # another worker is sending it right now
        if notification.status not in (NotificationStatus.PENDING, NotificationStatus.SENDING):
            return None
        notification.status = NotificationStatus.SENDING
        notification.attempts += 1
        notification.lease_until = now + dt.timedelta(seconds=settings.NOTIFICATION_LEASE_SECONDS)
        notification.save(update_fields=["status", "attempts", "lease_until"])
    return notification


def notification_message_id(notification: Notification) -> str:
    """The Message-ID an e-mail notification is sent with, known before it is sent (for threading)."""
    return f"<{notification.uuid}@servicetorg>"


def _deliver(notification: Notification) -> str:
    if notification.channel == NotificationChannel.SMS:
        return sms_provider().send(SmsMessage(to=notification.recipient, body=notification.body,
                                              reference=str(notification.uuid)))
    message = EmailMessage(
        subject=notification.subject, body=notification.body, to=[notification.recipient],
        headers={**(notification.headers or {}), "Message-ID": notification_message_id(notification)},
    )
    for attachment in notification.attachments:
        message.attach(attachment["filename"], base64.b64decode(attachment["content_b64"]), attachment["mimetype"])
    message.send()
    return str(notification.uuid)


def notification_deliver(*, notification_id: int) -> str:
    """Send one notification if it is due and nobody else is sending it; returns its status."""
    notification = _claim(notification_id)
    if notification is None:
        return "skipped"
    claimed = Notification.objects.filter(pk=notification.pk, status=NotificationStatus.SENDING,
                                          attempts=notification.attempts)
    try:
        reference = _deliver(notification)
    except Exception as exc:  # any provider failure is tried again later, then given up on
        failed = notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS
        logger.warning("Notification %s failed (attempt %s): %s", notification.pk, notification.attempts, exc)
        claimed.update(
            status=NotificationStatus.FAILED if failed else NotificationStatus.PENDING,
            send_after=timezone.now() + _backoff(notification.attempts), lease_until=None,
            last_error=f"{type(exc).__name__}: {exc}"[:300],
        )
        return NotificationStatus.FAILED if failed else NotificationStatus.PENDING
    claimed.update(status=NotificationStatus.SENT, sent_at=timezone.now(), lease_until=None,
                   provider_reference=reference[:100], last_error="")
    return NotificationStatus.SENT


def notifications_deliver_due(*, limit: int = SWEEP_BATCH) -> int:
    """The sweep: send what is due (reminders, retries) and what a dead worker left
    claimed past its lease. Returns how many were sent."""
    now = timezone.now()
    due = (
        Notification.objects.filter(
            Q(status=NotificationStatus.PENDING) | Q(status=NotificationStatus.SENDING, lease_until__lt=now),
            send_after__lte=now,
        )
        .order_by("send_after")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(notification_deliver(notification_id=pk) == NotificationStatus.SENT for pk in list(due))


def notifications_erase_old() -> int:
    """Erase recipient, text and attachments of messages sent or given up on more
    than NOTIFICATION_RETENTION_DAYS ago; the row stays for the statistics."""
    cutoff = timezone.now() - dt.timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    old = Notification.objects.filter(erased_at__isnull=True, status__in=[NotificationStatus.SENT,
                                                                           NotificationStatus.FAILED])
    old = old.filter(Q(sent_at__lt=cutoff) | Q(sent_at__isnull=True, created_at__lt=cutoff))
    return old.update(recipient="", subject="", body="", attachments=[], headers={}, erased_at=timezone.now())
