"""Writes of the queues. Each service checks first, then writes in one
transaction with the rollups; SMS and notices go through the outbox on commit."""

import datetime as dt
import hashlib
import hmac
import math

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Avg, F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.core.parsing import parse_id, parse_or
from servicetorg.notifications.models import NotificationChannel
from servicetorg.notifications.services import notification_send, phone_normalise
from servicetorg.queues import rollups
from servicetorg.queues.models import (
    ACTIVE_STATUSES,
    Call,
    CallEvent,
    CallStatus,
    Counter,
    DaySequence,
    Errand,
    Kind,
    Ticket,
    TicketPhone,
    TicketStatus,
)

# A checked-in appointment goes before the walk-ins its caseworker also takes.
APPOINTMENT_PRIORITY = 100
# "You are next but two": SMS when this many are ahead of you or fewer.
SMS_WHEN_AHEAD = 2


def _today() -> dt.date:
    return timezone.localdate()


def _next_number(site, day: dt.date) -> int:
    """The site's next number today. The sequence row's lock hands numbers out one at a time."""
    for _attempt in range(3):
        updated = DaySequence.objects.filter(site=site, day=day).update(last=F("last") + 1)
        if updated:
            return DaySequence.objects.get(site=site, day=day).last
        try:
            with transaction.atomic():
                DaySequence.objects.create(site=site, day=day, last=1)
            return 1
        except IntegrityError:
            continue  # another kiosk made today's row in between: increment it
    raise RuntimeError("could not allocate a ticket number")


def _apply(ticket: Ticket, sign: int) -> None:
    rollups.rollup_apply(rollups.ticket_contribution(ticket), sign=sign)


def ticket_issue(*, site, errand: Errand | None = None, language: str = "nb", phone: str = "",
                 assigned_to=None, appointment=None, now: dt.datetime | None = None) -> Ticket:
    """A new number at a site: for an errand, or (a checked-in appointment) for one caseworker."""
    if errand is not None and (errand.site_id != site.pk or not errand.active):
        raise ValidationError({"errand": _("Choose one of this centre's errands.")})
    if errand is None and assigned_to is None:
        raise ValidationError({"errand": _("Choose an errand.")})
    phone = phone_normalise(phone, field="phone") if phone.strip() else ""
    now = now or timezone.now()
    day = timezone.localdate(now)
    with transaction.atomic():
        number = _next_number(site, day)
        letter = errand.letter if errand else "T"
        ticket = Ticket.objects.create(
            municipality_id=site.municipality_id, site=site, day=day, number=number,
            label=f"{letter}{number:03d}", errand=errand, assigned_to=assigned_to, appointment=appointment,
            priority=APPOINTMENT_PRIORITY if appointment else (errand.priority if errand else 0),
            language=language if language in ("nb", "nn", "en") else "nb", issued_at=now,
        )
        if phone:
            TicketPhone.objects.create(ticket=ticket, phone=phone)
        _apply(ticket, 1)
    return ticket


def waiting_ahead(ticket: Ticket) -> int:
    """Tickets of the same errand (or the same caseworker) that will be called before this one."""
    qs = Ticket.objects.filter(site_id=ticket.site_id, day=ticket.day, status=TicketStatus.WAITING)
    qs = qs.filter(errand_id=ticket.errand_id) if ticket.errand_id else qs.filter(assigned_to=ticket.assigned_to_id)
    return qs.filter(Q(priority__gt=ticket.priority)
                     | Q(priority=ticket.priority, issued_at__lt=ticket.issued_at)
                     | Q(priority=ticket.priority, issued_at=ticket.issued_at, pk__lt=ticket.pk)).count()


def estimated_wait_seconds(ticket: Ticket) -> int:
    """People ahead × today's mean service time at the site ÷ the counters staffed now (at least one)."""
    ahead = waiting_ahead(ticket)
    mean = (Ticket.objects.filter(site_id=ticket.site_id, day=ticket.day, status=TicketStatus.DONE,
                                  served_at__isnull=False)
            .aggregate(m=Avg(F("done_at") - F("served_at")))["m"])
    seconds = mean.total_seconds() if mean else settings.QUEUE_DEFAULT_SERVICE_SECONDS
    staffed = Counter.objects.filter(site_id=ticket.site_id, active=True, staffed_by__isnull=False).count()
    return int(math.ceil((ahead + 1) * seconds / max(staffed, 1)) if ahead else 0)


def _check_counter(*, counter: Counter, by) -> None:
    if not user_can(by, Cap.SERVE_QUEUE) or counter.municipality_id != by.municipality_id or not counter.active:
        raise PermissionDenied


def counter_take(*, counter: Counter, by) -> Counter:
    """Sit down at a counter (leaving any other counter of the site)."""
    _check_counter(counter=counter, by=by)
    with transaction.atomic():
        Counter.objects.filter(staffed_by=by).exclude(pk=counter.pk).update(staffed_by=None, staffed_since=None)
        counter.staffed_by = by
        counter.staffed_since = timezone.now()
        counter.save(update_fields=["staffed_by", "staffed_since"])
    return counter


def counter_leave(*, counter: Counter, by) -> None:
    _check_counter(counter=counter, by=by)
    Counter.objects.filter(pk=counter.pk, staffed_by=by).update(staffed_by=None, staffed_since=None)


def current_ticket(*, counter: Counter) -> Ticket | None:
    return (Ticket.objects.filter(counter=counter, status__in=ACTIVE_STATUSES)
            .select_related("errand").order_by("-called_at").first())


def _callable(*, site_id: int, by, day: dt.date):
    """The waiting tickets `by` may call: their own appointments, and the errands they take."""
    errands = Errand.objects.filter(site_id=site_id, active=True)
    # An errand nobody is listed for belongs to the centre's own staff; a caseworker takes
    # only the errands they are listed for (and their appointments).
    listed = Q(staff=by) | Q(staff__isnull=True) if user_can(by, Cap.LOG_INQUIRIES) else Q(staff=by)
    errands = errands.filter(listed)
    return (Ticket.objects.filter(site_id=site_id, day=day, status=TicketStatus.WAITING)
            .filter(Q(assigned_to=by) | Q(assigned_to__isnull=True, errand__in=errands.values("pk")))
            .order_by("-priority", "issued_at", "pk"))


def ticket_call_next(*, counter: Counter, by, now: dt.datetime | None = None) -> Ticket | None:
    """Call the next ticket to `counter`: highest priority first, then the longest waiting.

    Two counters pressing at once never get the same ticket and none is skipped:
    PostgreSQL locks the chosen row and the other transaction skips it (SKIP LOCKED)
    and takes the next; SQLite runs write transactions one at a time (BEGIN IMMEDIATE).
    """
    _check_counter(counter=counter, by=by)
    now = now or timezone.now()
    with transaction.atomic():
        if current_ticket(counter=counter) is not None:
            raise ValidationError(_("Finish the ticket at this counter first."))
        qs = _callable(site_id=counter.site_id, by=by, day=timezone.localdate(now))
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True, of=("self",))
        ticket = qs.first()
        if ticket is None:
            return None
        _apply(ticket, -1)
        ticket.status = TicketStatus.CALLED
        ticket.called_at = now
        ticket.calls = 1
        ticket.counter = counter
        ticket.served_by = by
        ticket.save(update_fields=["status", "called_at", "calls", "counter", "served_by"])
        _apply(ticket, 1)
        rollups.presence_note(site_id=counter.site_id, kind=Kind.WALK_IN, user_id=by.pk, at=now)
        if counter.staffed_by_id != by.pk:
            counter.staffed_by, counter.staffed_since = by, now
            counter.save(update_fields=["staffed_by", "staffed_since"])
        _sms_next_but_two(site_id=counter.site_id, day=ticket.day)
    return ticket


def _sms_next_but_two(*, site_id: int, day: dt.date) -> None:
    """SMS the waiting people with a number who now have SMS_WHEN_AHEAD or fewer before them."""
    for ticket in (Ticket.objects.filter(site_id=site_id, day=day, status=TicketStatus.WAITING,
                                         sms_sent_at__isnull=True, phone__isnull=False)
                   .select_related("phone", "site")):
        if waiting_ahead(ticket) > SMS_WHEN_AHEAD:
            continue
        with translation.override(ticket.language):
            body = _("Your number %(label)s at %(site)s will be called soon. Please come to the waiting area.") % {
                "label": ticket.label, "site": ticket.site.name}
        notification_send(municipality=ticket.site.municipality, channel=NotificationChannel.SMS,
                          recipient=ticket.phone.phone, body=body, purpose="queues.next_but_two",
                          idempotency_key=f"queues.ticket.{ticket.pk}.soon")
        ticket.sms_sent_at = timezone.now()
        ticket.save(update_fields=["sms_sent_at"])


def _own(ticket: Ticket, by) -> None:
    if not user_can(by, Cap.SERVE_QUEUE) or ticket.municipality_id != by.municipality_id:
        raise PermissionDenied


def ticket_recall(*, ticket: Ticket, by, now: dt.datetime | None = None) -> Ticket:
    """Call the same number again (it shows on the display again); the wait stays measured to the first call."""
    _own(ticket, by)
    if ticket.status != TicketStatus.CALLED:
        raise ValidationError(_("Only a called number can be called again."))
    ticket.calls += 1
    ticket.save(update_fields=["calls"])
    return ticket


def ticket_serve(*, ticket: Ticket, by, now: dt.datetime | None = None) -> Ticket:
    """The person came to the counter: serving starts."""
    _own(ticket, by)
    if ticket.status != TicketStatus.CALLED:
        raise ValidationError(_("This number is not called now."))
    ticket.status = TicketStatus.SERVING
    ticket.served_at = now or timezone.now()
    ticket.save(update_fields=["status", "served_at"])
    return ticket


def _end(ticket: Ticket, status: str, now: dt.datetime) -> None:
    _apply(Ticket.objects.select_related("errand").get(pk=ticket.pk), -1)
    ticket.status = status
    ticket.done_at = now
    if status == TicketStatus.DONE and ticket.served_at is None:
        ticket.served_at = ticket.called_at
    ticket.save(update_fields=["status", "done_at", "served_at"])
    _apply(ticket, 1)
    # Privacy: the mobile number was only for the call-up SMS.
    TicketPhone.objects.filter(ticket=ticket).delete()


def ticket_no_show(*, ticket: Ticket, by, now: dt.datetime | None = None) -> Ticket:
    _own(ticket, by)
    if ticket.status != TicketStatus.CALLED:
        raise ValidationError(_("Only a called number can be marked as not showing up."))
    with transaction.atomic():
        _end(ticket, TicketStatus.NO_SHOW, now or timezone.now())
    return ticket


def ticket_done(*, ticket: Ticket, by, now: dt.datetime | None = None) -> Ticket:
    _own(ticket, by)
    if ticket.status not in ACTIVE_STATUSES:
        raise ValidationError(_("This number is not being served."))
    with transaction.atomic():
        _end(ticket, TicketStatus.DONE, now or timezone.now())
    return ticket


def ticket_transfer(*, ticket: Ticket, by, errand: Errand | None = None, counter: Counter | None = None) -> Ticket:
    """Send a called ticket on: back into the queue of another errand (keeping its place
    by the time it was issued), or straight to another counter."""
    _own(ticket, by)
    if ticket.status not in ACTIVE_STATUSES:
        raise ValidationError(_("This number is not being served."))
    if (errand is None) == (counter is None):
        raise ValidationError(_("Choose another errand or another counter."))
    if errand is not None and (errand.site_id != ticket.site_id or not errand.active):
        raise ValidationError({"errand": _("Choose one of this centre's errands.")})
    if counter is not None and (counter.site_id != ticket.site_id or not counter.active):
        raise ValidationError({"counter": _("Choose one of this centre's counters.")})
    with transaction.atomic():
        _apply(Ticket.objects.select_related("errand").get(pk=ticket.pk), -1)
        ticket.transfers += 1
        if errand is not None:
            ticket.errand = errand
            ticket.assigned_to = None
            ticket.priority = errand.priority
            ticket.status = TicketStatus.WAITING
            ticket.called_at = ticket.served_at = None
            ticket.counter = ticket.served_by = None
            ticket.calls = 0
        else:
            ticket.counter = counter
            ticket.served_by = counter.staffed_by
            ticket.status = TicketStatus.CALLED
            ticket.calls += 1
        ticket.save(update_fields=["transfers", "errand", "assigned_to", "priority", "status", "called_at",
                                   "served_at", "counter", "served_by", "calls"])
        _apply(ticket, 1)
    return ticket


def ticket_attach_inquiry(*, ticket_id, inquiry, by) -> None:
    """The quick-log saved the inquiry a ticket (or call) led to: link them, so the log shows the wait."""
    if inquiry is None:
        return
    Ticket.objects.filter(pk=ticket_id, municipality_id=by.municipality_id, served_by=by,
                          inquiry__isnull=True).update(inquiry=inquiry)


def call_attach_inquiry(*, call_id, inquiry, by) -> None:
    if inquiry is None:
        return
    Call.objects.filter(pk=call_id, municipality_id=by.municipality_id, answered_by=by,
                        inquiry__isnull=True).update(inquiry=inquiry)


# ---------------------------------------------------------------- check-in ---

def checkin_code(appointment) -> str:
    """A short code for an appointment (in the confirmation, typed at the kiosk): not guessable without the key."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"queues.checkin.{appointment.pk}".encode(), hashlib.sha256)
    return f"{appointment.pk}-{int(digest.hexdigest()[:8], 16) % 10000:04d}"


def appointment_for_checkin(*, site, reference: str):
    """The booked appointment today at `site` that a booking reference names: the private
    link's token (the QR code in the confirmation is that link) or the check-in code."""
    from servicetorg.bookings.models import Appointment, AppointmentStatus
    from servicetorg.bookings.services import token_hash

    reference = (reference or "").strip()
    if not reference:
        return None
    today = Appointment.objects.filter(site=site, status=AppointmentStatus.BOOKED,
                                       starts_at__date=timezone.localdate())
    token = reference.rstrip("/").rsplit("/", 1)[-1]
    found = today.filter(token_hash=token_hash(token)).first()
    if found is None and "-" in reference:
        head = parse_or(reference.split("-", 1)[0], parse_id)
        if head is not None:
            candidate = today.filter(pk=head).first()
            if candidate and hmac.compare_digest(checkin_code(candidate), reference.replace(" ", "")):
                found = candidate
    return found


def appointment_check_in(*, site, reference: str, language: str = "nb") -> Ticket:
    """Check a citizen in for today's appointment: a ticket in the caseworker's own queue,
    and the caseworker is told by e-mail that the citizen has arrived."""
    appointment = appointment_for_checkin(site=site, reference=reference)
    if appointment is None:
        raise ValidationError({"reference": _("We could not find an appointment today with that reference.")})
    existing = Ticket.objects.filter(appointment=appointment).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        ticket = ticket_issue(site=site, assigned_to=appointment.caseworker, appointment=appointment,
                              language=language)
        caseworker = appointment.caseworker
        if caseworker.email:
            with translation.override("nb"):
                body = _("Your %(time)s appointment (%(type)s) has arrived at %(site)s with number %(label)s.") % {
                    "time": timezone.localtime(appointment.starts_at).strftime("%H:%M"),
                    "type": appointment.appointment_type, "site": site.name, "label": ticket.label}
                notification_send(municipality=site.municipality, channel=NotificationChannel.EMAIL,
                                  recipient=caseworker.email, subject=_("Your appointment has arrived"), body=body,
                                  purpose="queues.checked_in", idempotency_key=f"queues.checkin.{appointment.pk}")
    return ticket


# ------------------------------------------------------------------ calls ---

EVENT_FIELD = {CallStatus.OFFERED: "offered_at", CallStatus.ANSWERED: "answered_at",
               CallStatus.ABANDONED: "abandoned_at", CallStatus.TRANSFERRED: "transferred_at",
               CallStatus.ENDED: "ended_at"}


def call_event_record(*, hook, event_id: str, call_id: str, kind: str, at: dt.datetime, queue: str = "",
                      staff=None, extension: str = "") -> tuple[Call, bool]:
    """Apply one switchboard event. A repeated event id changes nothing; events in any
    order fill their own timestamp (the earliest wins), so the call and the rollups
    end up the same whatever the order. Returns (call, applied)."""
    if kind not in EVENT_FIELD:
        raise ValidationError({"event": _("Unknown event kind.")})
    with transaction.atomic():
        call, _created = Call.objects.get_or_create(
            municipality_id=hook.municipality_id, call_id=call_id, defaults={"site_id": hook.site_id})
        call = Call.objects.select_for_update().get(pk=call.pk)
        try:
            with transaction.atomic():
                CallEvent.objects.create(municipality_id=hook.municipality_id, call=call, event_id=event_id,
                                         kind=kind, at=at)
        except IntegrityError:
            return call, False
        old = rollups.call_contribution(call)
        field = EVENT_FIELD[kind]
        current = getattr(call, field)
        if current is None or at < current:
            setattr(call, field, at)
        if queue and not call.queue:
            call.queue = queue[:100]
        if kind in (CallStatus.ANSWERED, CallStatus.TRANSFERRED) and (staff or extension):
            if staff is not None:
                call.answered_by = staff
            if extension:
                call.extension = extension[:30]
        call.save()
        rollups.rollup_apply(old, sign=-1)
        rollups.rollup_apply(rollups.call_contribution(call), sign=1)
        if kind == CallStatus.ANSWERED:
            rollups.presence_note(site_id=call.site_id, kind=Kind.PHONE, user_id=call.answered_by_id, at=at)
    return call, True


def phone_message_send(*, by, contact, caller_name: str, caller_phone: str, message: str,
                       channels: tuple[str, ...]) -> list:
    """A telefonnotat: a message taken for a colleague in the staff directory, by e-mail and/or SMS."""
    if contact.municipality_id != by.municipality_id or not contact.active:
        raise PermissionDenied
    message = (message or "").strip()
    errors = {}
    if not message:
        errors["message"] = [_("Write the message.")]
    if not channels:
        errors["channels"] = [_("Choose e-mail, SMS or both.")]
    if "email" in channels and not contact.email:
        errors.setdefault("channels", []).append(_("This colleague has no e-mail address in the directory."))
    if "sms" in channels and not contact.phone:
        errors.setdefault("channels", []).append(_("This colleague has no phone number in the directory."))
    if caller_phone.strip():
        try:
            caller_phone = phone_normalise(caller_phone, field="caller_phone")
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    body = _("Phone message for %(name)s from %(caller)s%(phone)s:\n\n%(message)s\n\nTaken by %(by)s.") % {
        "name": contact.name, "caller": caller_name.strip() or _("a caller"),
        "phone": f" ({caller_phone})" if caller_phone else "", "message": message,
        "by": by.get_full_name() or by.username}
    sent = []
    with transaction.atomic():
        if "email" in channels:
            sent.append(notification_send(municipality=by.municipality, channel=NotificationChannel.EMAIL,
                                          recipient=contact.email, subject=_("Phone message"), body=body,
                                          purpose="queues.phone_message"))
        if "sms" in channels:
            sent.append(notification_send(municipality=by.municipality, channel=NotificationChannel.SMS,
                                          recipient=contact.phone, body=body[:600], purpose="queues.phone_message"))
    return sent


def tickets_end_stale(*, now: dt.datetime | None = None) -> int:
    """Close yesterday's tickets that were never finished: a waiting or called number
    counts as gone (no-show), one being served as done; every mobile number goes."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ended = 0
    for ticket in (Ticket.objects.select_related("errand")
                   .filter(day__lt=today, status__in=(TicketStatus.WAITING, *ACTIVE_STATUSES))):
        with transaction.atomic():
            _end(ticket, TicketStatus.DONE if ticket.status == TicketStatus.SERVING else TicketStatus.NO_SHOW, now)
        ended += 1
    TicketPhone.objects.filter(ticket__day__lt=today).delete()
    return ended


def checkin_lines(appointment) -> list[str]:
    """For a booking confirmation: the code to check in with at the site's kiosk."""
    if not appointment.site_id or not appointment.pk:
        return []
    return [_("At the service centre, check in at the kiosk with the code %(code)s.")
            % {"code": checkin_code(appointment)}]
