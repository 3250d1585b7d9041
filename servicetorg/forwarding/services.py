"""Writes of forwarded inquiries. Each service checks who acts and what they
send, then writes in one transaction; notifications are outbox rows in that
same transaction, delivered by the task worker after commit."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.core.audit import audit_record
from servicetorg.core.models import AuditAction, AuditEvent
from servicetorg.core.screening import free_text_screen
from servicetorg.forwarding import texts
from servicetorg.forwarding.models import (
    OPEN_STATUSES,
    CloseOutcome,
    DeadlineRule,
    EventKind,
    Forwarding,
    ForwardingEvent,
    Status,
)
from servicetorg.inquiries.models import Inquiry, InquiryContact, Outcome
from servicetorg.inquiries.services import inquiry_outcome_set
from servicetorg.notifications.models import NotificationChannel
from servicetorg.notifications.services import notification_send, phone_normalise
from servicetorg.organisation.models import Unit, UnitKind
from servicetorg.security.sealed import sealed_message_store

MESSAGE_MAX = 4000
# Unambiguous letters and digits (no 0/O, 1/I/L): read aloud on the phone without mistakes.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOB_BATCH = 500


# ---------------------------------------------------------------- deadlines

def deadline_rule_for(unit: Unit) -> DeadlineRule:
    """The unit's rule, or the default targets when it has none (not saved)."""
    try:
        return unit.deadline_rule
    except DeadlineRule.DoesNotExist:
        return DeadlineRule(municipality_id=unit.municipality_id, unit=unit)


def deadlines_compute(*, rule: DeadlineRule, start: dt.datetime) -> dict[str, dt.datetime]:
    calendar = rule.calendar
    return {
        "first_response_due_at": calendar.add_hours(start, rule.first_response_hours),
        "due_at": calendar.add_days(start, rule.final_answer_days),
        "reminder_at": calendar.add_days(start, rule.preliminary_reply_days),
    }


# ---------------------------------------------------------------- contact details

def contact_clean(*, name: str = "", phone: str = "", email: str = "") -> dict[str, str]:
    """Validate a citizen's contact details; the phone number comes back in E.164 (+4791234567)."""
    errors: dict[str, list[str]] = {}
    name, phone, email = (name or "").strip(), (phone or "").strip(), (email or "").strip()
    if len(name) > 150:
        errors["name"] = [_("The name can be at most 150 characters.")]
    if phone:
        try:
            phone = phone_normalise(phone, field="phone")
        except ValidationError as error:
            errors.update(error.message_dict)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid e-mail address.")]
        if len(email) > 254:
            errors["email"] = [_("Enter a valid e-mail address.")]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "phone": phone, "email": email}


def contact_of(forwarding: Forwarding) -> InquiryContact | None:
    return InquiryContact.objects.filter(inquiry_id=forwarding.inquiry_id).first()


def _retention_date(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=settings.CONTACT_RETENTION_DAYS)


# ---------------------------------------------------------------- helpers

def reference_new() -> str:
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def reference_normalise(raw: str) -> str:
    """What a person types ('k7m4 q2xd', 'K7M4Q2XD') as a stored reference ('K7M4-Q2XD')."""
    compact = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    return f"{compact[:4]}-{compact[4:]}" if len(compact) == 8 else compact


def _message(message: str, *, required: bool = True, field: str = "message", screen: bool = True) -> str:
    message = (message or "").strip()
    if required and not message:
        raise ValidationError({field: [_("Write a message.")]})
    if len(message) > MESSAGE_MAX:
        raise ValidationError({field: [_("The message can be at most %(max)s characters.") % {"max": MESSAGE_MAX}]})
    # Messages between the centre and units must not identify the citizen; a reply
    # to the citizen (screen=False) may give the unit's own phone number.
    return free_text_screen(message, field=field) if screen and message else message


def _event(forwarding: Forwarding, kind: str, *, by=None, message: str = "", channel: str = "", unit=None,
           at: dt.datetime | None = None) -> ForwardingEvent:
    return ForwardingEvent.objects.create(
        municipality_id=forwarding.municipality_id, forwarding=forwarding, at=at or timezone.now(), kind=kind,
        actor=by if getattr(by, "is_authenticated", False) else None, unit=unit, channel=channel, message=message,
    )


def user_works_in(user, unit_id: int) -> bool:
    """A caseworker acts on the inboxes of the units they belong to."""
    if not user_can(user, Cap.WORK_UNIT_INBOX):
        return False
    if user.is_superuser and user.municipality_id is None:
        return True
    return user.units.filter(pk=unit_id).exists()


def _require_unit_worker(forwarding: Forwarding, by) -> None:
    if not user_works_in(by, forwarding.unit_id):
        raise PermissionDenied(_("Only the unit's caseworkers can do this."))


def _require_open(forwarding: Forwarding) -> None:
    if not forwarding.is_open:
        raise ValidationError(_("This inquiry is closed."))


def _target_unit(*, unit, municipality_id: int) -> Unit:
    if not isinstance(unit, Unit) or unit.municipality_id != municipality_id or not unit.active:
        raise ValidationError({"unit": [_("Choose one of your municipality's units.")]})
    return unit


def _point_inquiry_at(inquiry: Inquiry, unit: Unit) -> None:
    """The anonymous inquiry records where it went. A sensitive unit's inquiry keeps no free text."""
    inquiry_outcome_set(inquiry=inquiry, outcome=Outcome.REFERRED if unit.kind == UnitKind.EXTERNAL
                        else Outcome.FORWARDED, forwarded_to=unit, sensitive=unit.sensitive)


def _send(forwarding: Forwarding, *, channel: str, recipient: str, text: texts.Text, purpose: str, key: str):
    return notification_send(
        municipality=forwarding.municipality, channel=channel, recipient=recipient, subject=text.subject,
        body=text.body, purpose=purpose, idempotency_key=key,
    )


# ---------------------------------------------------------------- forward

def inquiry_forward(
    *, inquiry: Inquiry, unit: Unit, by, message: str, name: str = "", phone: str = "", email: str = "",
    send_receipt: bool = False,
) -> Forwarding:
    """Forward an inquiry to a unit or external body (forvaltningsloven §11).

    The inquiry records the unit (outcome forwarded, or referred for an external
    body); the message and any contact details stay with the forwarding. With
    `send_receipt` the citizen gets the reference by e-mail, or by SMS when only
    a phone number is given.
    """
    if not user_can(by, Cap.FORWARD_INQUIRIES) or inquiry.municipality_id != by.municipality_id:
        raise PermissionDenied(_("You cannot forward this inquiry."))
    errors: dict[str, list[str]] = {}
    try:
        unit = _target_unit(unit=unit, municipality_id=inquiry.municipality_id)
    except ValidationError as error:
        errors.update(error.message_dict)
    # A sensitive unit (child welfare, PPT) needs no message; one that is given is
    # sealed for the unit, so it may say who the child is (no screening).
    sensitive = getattr(unit, "sensitive", False)
    try:
        message = _message(message, required=not sensitive, screen=not sensitive)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        contact = contact_clean(name=name, phone=phone, email=email)
    except ValidationError as error:
        errors.update(error.message_dict)
        contact = None
    if contact is not None and send_receipt and not (contact["phone"] or contact["email"]):
        errors["email"] = [_("Give an e-mail address or a phone number for the receipt.")]
    if contact is not None and contact["name"] and not (contact["phone"] or contact["email"]):
        errors["phone"] = [_("Give a phone number or an e-mail address with the name.")]
    if Forwarding.objects.filter(inquiry=inquiry).exists():
        errors["inquiry"] = [_("This inquiry has already been forwarded.")]
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    rule = deadline_rule_for(unit)
    with transaction.atomic():
        _point_inquiry_at(inquiry, unit)
        forwarding = None
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    forwarding = Forwarding.objects.create(
                        municipality_id=inquiry.municipality_id, inquiry=inquiry, reference=reference_new(),
                        unit=unit, sensitive=unit.sensitive, forwarded_at=now, forwarded_by=by,
                        **deadlines_compute(rule=rule, start=now),
                    )
                break
            except IntegrityError:
                if Forwarding.objects.filter(inquiry=inquiry).exists():
                    raise ValidationError({"inquiry": [_("This inquiry has already been forwarded.")]}) from None
        if forwarding is None:
            raise RuntimeError("no free reference after five tries")
        if sensitive:
            event = _event(forwarding, EventKind.FORWARDED, by=by, unit=unit, at=now)
            if message:
                sealed_message_store(event=event, unit=unit, text=message)
        else:
            _event(forwarding, EventKind.FORWARDED, by=by, message=message, unit=unit, at=now)
        audit_record(actor=by, action=AuditAction.FORWARD_INQUIRY, obj=forwarding,
                     detail=f"{forwarding.reference} → {unit.name}")
        if contact["phone"] or contact["email"]:
            saved, _created = InquiryContact.objects.update_or_create(
                inquiry=inquiry,
                defaults={"municipality_id": inquiry.municipality_id, **contact,
                          "delete_after": _retention_date(timezone.localdate(now))},
            )
            audit_record(actor=by, action=AuditAction.ADD_PERSONAL_DATA, obj=saved,
                         detail=f"{forwarding.reference}: contact details for the reply")
        if send_receipt:
            channel = NotificationChannel.EMAIL if contact["email"] else NotificationChannel.SMS
            _send(forwarding, channel=channel, recipient=contact["email"] or contact["phone"],
                  text=texts.receipt_text(forwarding=forwarding), purpose="forwarding.receipt",
                  key=f"forwarding-{forwarding.pk}-receipt")
            _event(forwarding, EventKind.RECEIPT, by=by, channel=channel, at=now)
    return forwarding


# ---------------------------------------------------------------- the unit's work

def forwarding_claim(*, forwarding: Forwarding, by) -> Forwarding:
    """Take an inquiry: the unit sees who answers it."""
    _require_unit_worker(forwarding, by)
    _require_open(forwarding)
    with transaction.atomic():
        forwarding.claimed_by = by
        if forwarding.status == Status.NEW:
            forwarding.status = Status.CLAIMED
        forwarding.save(update_fields=["claimed_by", "status", "updated_at"])
        _event(forwarding, EventKind.CLAIMED, by=by)
    return forwarding


def forwarding_reply(
    *, forwarding: Forwarding, by, message: str, channel: str, wait_for_citizen: bool = False
) -> Forwarding:
    """Answer the citizen by e-mail or SMS. Replying counts as the first response;
    `wait_for_citizen` pauses the clock until the unit resumes it."""
    _require_unit_worker(forwarding, by)
    _require_open(forwarding)
    message = _message(message, screen=False)
    contact = contact_of(forwarding)
    if channel == NotificationChannel.EMAIL:
        recipient = contact.email if contact else ""
    elif channel == NotificationChannel.SMS:
        recipient = contact.phone if contact else ""
    else:
        raise ValidationError({"channel": [_("Choose e-mail or SMS.")]})
    if not recipient:
        raise ValidationError({"channel": [_("There is no contact detail for this channel.")]})
    now = timezone.now()
    with transaction.atomic():
        event = _event(forwarding, EventKind.REPLIED, by=by, message=message, channel=channel, at=now)
        _send(forwarding, channel=channel, recipient=recipient,
              text=texts.reply_text(forwarding=forwarding, message=message), purpose="forwarding.reply",
              key=f"forwarding-{forwarding.pk}-reply-{event.pk}")
        fields = ["updated_at"]
        if forwarding.first_response_at is None:
            forwarding.first_response_at = now
            fields.append("first_response_at")
        if forwarding.claimed_by_id is None:
            forwarding.claimed_by = by
            fields.append("claimed_by")
        if wait_for_citizen and forwarding.status != Status.WAITING_CITIZEN:
            forwarding.status = Status.WAITING_CITIZEN
            forwarding.paused_at = now
            fields += ["status", "paused_at"]
            _event(forwarding, EventKind.WAITING_CITIZEN, by=by, at=now)
        elif forwarding.status in (Status.NEW, Status.WAITING_CENTRE):
            forwarding.status = Status.CLAIMED
            fields.append("status")
        forwarding.save(update_fields=fields)
        audit_record(actor=by, action=AuditAction.REPLY_TO_CITIZEN, obj=forwarding,
                     detail=f"{forwarding.reference} by {channel}")
    return forwarding


def _shift(calendar, old: dt.datetime, paused_at: dt.datetime, now: dt.datetime) -> dt.datetime:
    # The working time that was left when the clock stopped is left again when it starts.
    if old <= paused_at:
        return old
    return calendar.add(now, calendar.minutes_between(paused_at, old))


def forwarding_resume(*, forwarding: Forwarding, by, message: str = "") -> Forwarding:
    """The citizen answered (or the wait is over): the clock runs again, the
    deadlines move by the working time it stood still."""
    _require_unit_worker(forwarding, by)
    if forwarding.status != Status.WAITING_CITIZEN:
        raise ValidationError(_("The clock is not paused."))
    message = _message(message, required=False)
    now = timezone.now()
    calendar = deadline_rule_for(forwarding.unit).calendar
    paused_at = forwarding.paused_at
    with transaction.atomic():
        forwarding.due_at = _shift(calendar, forwarding.due_at, paused_at, now)
        forwarding.reminder_at = _shift(calendar, forwarding.reminder_at, paused_at, now)
        forwarding.first_response_due_at = _shift(calendar, forwarding.first_response_due_at, paused_at, now)
        forwarding.status = Status.CLAIMED if forwarding.claimed_by_id else Status.NEW
        forwarding.paused_at = None
        forwarding.save(update_fields=["due_at", "reminder_at", "first_response_due_at", "status", "paused_at",
                                       "updated_at"])
        _event(forwarding, EventKind.RESUMED, by=by, message=message, at=now)
    return forwarding


def forwarding_close(*, forwarding: Forwarding, by, outcome: str, message: str = "") -> Forwarding:
    """Close with an outcome. The contact details are kept CONTACT_RETENTION_DAYS from today, then deleted."""
    _require_unit_worker(forwarding, by)
    _require_open(forwarding)
    if outcome not in CloseOutcome.values:
        raise ValidationError({"outcome": [_("Choose an outcome from the list.")]})
    message = _message(message, required=False)
    now = timezone.now()
    with transaction.atomic():
        forwarding.status = Status.CLOSED
        forwarding.outcome = outcome
        forwarding.closed_at = now
        forwarding.paused_at = None
        if forwarding.claimed_by_id is None:
            forwarding.claimed_by = by
        forwarding.save(update_fields=["status", "outcome", "closed_at", "paused_at", "claimed_by", "updated_at"])
        InquiryContact.objects.filter(inquiry_id=forwarding.inquiry_id).update(
            delete_after=_retention_date(timezone.localdate(now))
        )
        _event(forwarding, EventKind.CLOSED, by=by, message=message, at=now)
        audit_record(actor=by, action=AuditAction.CLOSE_FORWARDING, obj=forwarding,
                     detail=f"{forwarding.reference}: {outcome}")
    return forwarding


def forwarding_send_on(*, forwarding: Forwarding, by, unit: Unit, message: str) -> Forwarding:
    """Send the inquiry on to another unit (§11 again): it lands unclaimed in that
    unit's inbox with that unit's deadlines from now. Once sensitive, always sensitive."""
    _require_unit_worker(forwarding, by)
    _require_open(forwarding)
    unit = _target_unit(unit=unit, municipality_id=forwarding.municipality_id)
    if unit.pk == forwarding.unit_id:
        raise ValidationError({"unit": [_("Choose another unit than this one.")]})
    message = _message(message)
    now = timezone.now()
    with transaction.atomic():
        _point_inquiry_at(forwarding.inquiry, unit)
        forwarding.unit = unit
        forwarding.sensitive = forwarding.sensitive or unit.sensitive
        forwarding.status = Status.NEW
        forwarding.claimed_by = None
        forwarding.paused_at = None
        forwarding.reminded_at = None
        forwarding.escalated_at = None
        for field, value in deadlines_compute(rule=deadline_rule_for(unit), start=now).items():
            setattr(forwarding, field, value)
        forwarding.save(update_fields=[
            "unit", "sensitive", "status", "claimed_by", "paused_at", "reminded_at", "escalated_at",
            "first_response_due_at", "due_at", "reminder_at", "updated_at",
        ])
        _event(forwarding, EventKind.SENT_ON, by=by, message=message, unit=unit, at=now)
        audit_record(actor=by, action=AuditAction.FORWARD_INQUIRY, obj=forwarding,
                     detail=f"{forwarding.reference} → {unit.name}")
    return forwarding


def forwarding_ask_centre(*, forwarding: Forwarding, by, message: str) -> Forwarding:
    """Ask the service centre for more. Not for sensitive units: the centre may not see their content."""
    _require_unit_worker(forwarding, by)
    _require_open(forwarding)
    if forwarding.sensitive:
        raise ValidationError(_("A sensitive unit contacts the service centre directly, outside this log."))
    message = _message(message)
    now = timezone.now()
    with transaction.atomic():
        forwarding.status = Status.WAITING_CENTRE
        forwarding.paused_at = None
        forwarding.save(update_fields=["status", "paused_at", "updated_at"])
        _event(forwarding, EventKind.ASKED_CENTRE, by=by, message=message, at=now)
        clerk = forwarding.forwarded_by
        if clerk is not None and clerk.email:
            event_count = forwarding.events.filter(kind=EventKind.ASKED_CENTRE).count()
            _send(forwarding, channel=NotificationChannel.EMAIL, recipient=clerk.email,
                  text=texts.question_text(forwarding=forwarding, message=message), purpose="forwarding.question",
                  key=f"forwarding-{forwarding.pk}-question-{event_count}")
    return forwarding


def forwarding_answer_centre(*, forwarding: Forwarding, by, message: str) -> Forwarding:
    """The centre adds what the unit asked for; the inquiry goes back to the unit."""
    if not user_can(by, Cap.FORWARD_INQUIRIES) or forwarding.municipality_id != by.municipality_id:
        raise PermissionDenied(_("You cannot answer for the service centre."))
    if forwarding.status != Status.WAITING_CENTRE:
        raise ValidationError(_("The unit has not asked the service centre for anything."))
    message = _message(message)
    with transaction.atomic():
        forwarding.status = Status.CLAIMED if forwarding.claimed_by_id else Status.NEW
        forwarding.save(update_fields=["status", "updated_at"])
        _event(forwarding, EventKind.CENTRE_ANSWERED, by=by, message=message)
    return forwarding


# ---------------------------------------------------------------- periodic jobs

def _due_open():
    # Paused cases wait for the citizen: no reminder, no escalation while the clock stands.
    return Forwarding.objects.filter(status__in=[s for s in OPEN_STATUSES if s != Status.WAITING_CITIZEN])


def forwardings_send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind the unit (the caseworker who claimed it, else the unit's address)
    that a preliminary reply is due, once per deadline."""
    now = now or timezone.now()
    sent = 0
    ids = list(_due_open().filter(reminded_at__isnull=True, reminder_at__lte=now)
               .values_list("pk", flat=True)[:JOB_BATCH])
    for pk in ids:
        with transaction.atomic():
            # of=self: PostgreSQL cannot lock the nullable side of the claimed_by join.
            forwarding = (Forwarding.objects.select_for_update(of=("self",))
                          .select_related("unit", "claimed_by", "inquiry")
                          .filter(pk=pk, reminded_at__isnull=True).first())
            if forwarding is None:
                continue
            recipient = (forwarding.claimed_by.email if forwarding.claimed_by else "") or forwarding.unit.email
            if recipient:
                _send(forwarding, channel=NotificationChannel.EMAIL, recipient=recipient,
                      text=texts.reminder_text(forwarding=forwarding), purpose="forwarding.reminder",
                      key=f"forwarding-{pk}-reminder-{forwarding.unit_id}-{forwarding.reminder_at:%Y%m%d%H%M}")
            forwarding.reminded_at = now
            forwarding.save(update_fields=["reminded_at", "updated_at"])
            _event(forwarding, EventKind.REMINDED, at=now, channel=NotificationChannel.EMAIL if recipient else "")
            sent += 1
    return sent


def forwardings_escalate_overdue(*, now: dt.datetime | None = None) -> int:
    """Tell the unit's leader (else the unit's address) about each inquiry past its final deadline, once."""
    now = now or timezone.now()
    escalated = 0
    ids = list(_due_open().filter(escalated_at__isnull=True, due_at__lt=now).values_list("pk", flat=True)[:JOB_BATCH])
    for pk in ids:
        with transaction.atomic():
            forwarding = (Forwarding.objects.select_for_update(of=("self",)).select_related("unit", "inquiry")
                          .filter(pk=pk, escalated_at__isnull=True).first())
            if forwarding is None:
                continue
            rule = deadline_rule_for(forwarding.unit)
            leader = rule.leader if rule.pk else None
            recipient = (leader.email if leader and leader.is_active else "") or forwarding.unit.email
            if recipient:
                _send(forwarding, channel=NotificationChannel.EMAIL, recipient=recipient,
                      text=texts.escalation_text(forwarding=forwarding), purpose="forwarding.escalation",
                      key=f"forwarding-{pk}-escalation-{forwarding.unit_id}-{forwarding.due_at:%Y%m%d%H%M}")
            forwarding.escalated_at = now
            forwarding.save(update_fields=["escalated_at", "updated_at"])
            _event(forwarding, EventKind.ESCALATED, at=now, channel=NotificationChannel.EMAIL if recipient else "")
            escalated += 1
    return escalated


def contacts_expired(*, today: dt.date | None = None):
    """Contact details past their deletion date, except those of an inquiry a unit still works on.

    A forwarding that is never closed does not keep them for ever: CONTACT_RETENTION_DAYS after its
    final answer was due, the unit has given it up, and its contact details go like a closed one's.
    """
    today = today or timezone.localdate()
    given_up = dt.datetime.combine(today - dt.timedelta(days=settings.CONTACT_RETENTION_DAYS), dt.time.min,
                                   tzinfo=timezone.get_current_timezone())
    still_open = Forwarding.objects.filter(status__in=OPEN_STATUSES)
    abandoned = still_open.filter(due_at__lt=given_up).values("inquiry_id")
    return InquiryContact.objects.filter(
        (Q(delete_after__lt=today) & ~Q(inquiry_id__in=still_open.values("inquiry_id"))) | Q(inquiry_id__in=abandoned)
    )


def contacts_delete_expired(*, today: dt.date | None = None) -> int:
    """Delete expired contact details; the anonymous inquiry and the forwarding stay for the statistics."""
    deleted = 0
    while True:
        with transaction.atomic():
            batch = list(contacts_expired(today=today).order_by("pk")
                         .values_list("pk", "municipality_id", "inquiry_id")[:JOB_BATCH])
            if not batch:
                return deleted
            AuditEvent.objects.bulk_create(
                AuditEvent(municipality_id=municipality_id, actor=None, action=AuditAction.DELETE_PERSONAL_DATA,
                           object_type=InquiryContact._meta.label_lower, object_id=str(pk),
                           detail=f"retention: contact details of inquiry {inquiry_id}")
                for pk, municipality_id, inquiry_id in batch
            )
            deleted += InquiryContact.objects.filter(pk__in=[row[0] for row in batch]).delete()[0]

