"""Writes of appointments, caseworkers' availability and calendar feeds (rentals of rooms and
halls: rental_services.py, which shares the helpers here). Each service checks everything first and
writes in one transaction: a refused booking leaves nothing behind, and the
confirmation is only sent when the booking is committed (the outbox row is part
of the same transaction).

No double booking: on PostgreSQL the exclusion constraints refuse an overlap
and the loser of a race gets SlotTaken; on SQLite the transaction begins
IMMEDIATE (settings.py), so the overlap check and the insert run one writer at a
time across processes.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.bookings import notify
from servicetorg.bookings.availability import (
    TZ,
    free_slots,
    local,
    site_hours,
)
from servicetorg.bookings.models import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    AvailabilityException,
    AvailabilityRule,
    CalendarFeed,
    Mode,
)
from servicetorg.core.audit import audit_record
from servicetorg.core.models import AuditAction
from servicetorg.inquiries.models import Inquiry, Outcome
from servicetorg.inquiries.services import inquiry_outcome_set
from servicetorg.notifications.services import phone_normalise
from servicetorg.organisation.hours import holiday_name, is_public_holiday

# The longest recurrence a request may ask for: one year of weeks.
MAX_OCCURRENCES = 53
EXCLUSION_VIOLATION = "23P01"


class SlotTaken(ValidationError):
    """Someone else got the time first."""

    def __init__(self, message: str | None = None):
        super().__init__({"starts_at": [message or _("Sorry, that time was just taken. Please choose another.")]})


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _contact(*, name: str, phone: str, email: str, errors: dict, prefix: str = "") -> tuple[str, str, str]:
    name, phone, email = (name or "").strip(), (phone or "").strip(), (email or "").strip()
    if not name:
        errors.setdefault(f"{prefix}name", []).append(_("Give your name."))
    if phone:
        try:
            phone = phone_normalise(phone, field=f"{prefix}phone")
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault(f"{prefix}email", []).append(_("Enter a valid e-mail address."))
    if not phone and not email:
        errors.setdefault(f"{prefix}phone", []).append(_("Give a phone number or an e-mail address."))
    return name, phone, email


def _is_exclusion_violation(error: IntegrityError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) == EXCLUSION_VIOLATION


def _not_before(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(hours=settings.BOOKING_MIN_NOTICE_HOURS)


def _slot_candidates(
    *, appointment_type: AppointmentType, starts_at, mode: str, site, ignore_appointment_id: int | None = None,
    caseworker_id: int | None = None,
) -> list:
    """The free slots that start at `starts_at` in that place, one per free caseworker.
    Raises ValidationError that says why when there is none."""
    if not isinstance(starts_at, dt.datetime) or timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": [_("Choose one of the free times.")]})
    if mode not in Mode.values or (mode == Mode.SITE) != (site is not None):
        raise ValidationError({"starts_at": [_("Choose one of the free times.")]})
    now = timezone.now()
    if starts_at <= now:
        raise ValidationError({"starts_at": [_("That time has already passed. Choose a later time.")]})
    if starts_at < _not_before(now):
        raise ValidationError({"starts_at": [
            _("Appointments must be booked at least %(hours)s hours ahead.")
            % {"hours": settings.BOOKING_MIN_NOTICE_HOURS}
        ]})
    date = starts_at.astimezone(TZ).date()
    if is_public_holiday(date):
        raise ValidationError({"starts_at": [
            _("%(date)s is a public holiday (%(name)s); we are closed. Choose another day.")
            % {"date": date.strftime("%d.%m.%Y"), "name": holiday_name(date)}
        ]})
    ends_at = starts_at + dt.timedelta(minutes=appointment_type.minutes)
    if site is not None:
        local_start, local_end = starts_at.astimezone(TZ).time(), ends_at.astimezone(TZ).time()
        windows = site_hours([site.pk], date, date)[(site.pk, date)]
        if not any(opens <= local_start and local_end <= closes for opens, closes in windows):
            raise ValidationError({"starts_at": [
                _("%(site)s is not open then. Choose a time within the opening hours.") % {"site": site.name}
            ]})
    slots = free_slots(appointment_type=appointment_type, start=date, end=date, not_before=_not_before(now),
                       ignore_appointment_id=ignore_appointment_id, caseworker_id=caseworker_id)
    site_id = site.pk if site else None
    matching = [s for s in slots if s.starts_at == starts_at and s.mode == mode and s.site_id == site_id]
    if matching:
        return matching
    taken = Appointment.objects.filter(
        appointment_type__unit_id=appointment_type.unit_id, status=AppointmentStatus.BOOKED,
        starts_at__lt=ends_at, ends_at__gt=starts_at,
    )
    if ignore_appointment_id is not None:
        taken = taken.exclude(pk=ignore_appointment_id)
    if taken.exists():
        raise SlotTaken()
    raise ValidationError({"starts_at": [_("No caseworker is available at that time. Choose one of the free times.")]})


def _insert_appointment(*, slot, build) -> Appointment | None:
    """Insert (or move) an appointment into one slot; None when someone holds an overlapping time."""
    overlap = Appointment.objects.filter(
        caseworker_id=slot.caseworker_id, status=AppointmentStatus.BOOKED,
        starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at,
    )
    try:
        with transaction.atomic():
            if connection.vendor != "postgresql":
                # Serialized by BEGIN IMMEDIATE: nobody else writes between this check and the insert.
                appointment = build(None)
                if overlap.exclude(pk=appointment.pk).exists():
                    return None
            return build(slot)
    except IntegrityError as error:
        if _is_exclusion_violation(error):
            return None
        raise


def appointment_book(
    *, appointment_type: AppointmentType, starts_at: dt.datetime, mode: str, site=None, name: str,
    phone: str = "", email: str = "", language: str = "nb", by=None, inquiry: Inquiry | None = None,
) -> tuple[Appointment, str]:
    """Book a free slot for a citizen (on a public page, or by staff on their behalf).

    Returns the appointment and the secret for its cancel/move link (only its hash
    is stored). Staff booking from an inquiry set that inquiry's outcome to
    *appointment booked* and link it."""
    if by is not None and not user_can(by, Cap.BOOK_APPOINTMENTS):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    name, phone, email = _contact(name=name, phone=phone, email=email, errors=errors)
    if inquiry is not None and (by is None or inquiry.municipality_id != appointment_type.municipality_id):
        errors.setdefault("inquiry", []).append(_("This inquiry is not yours to link."))
    if not appointment_type.active:
        errors.setdefault("appointment_type", []).append(_("This kind of appointment can no longer be booked."))
    if errors:
        raise ValidationError(errors)
    candidates = _slot_candidates(appointment_type=appointment_type, starts_at=starts_at, mode=mode, site=site)
    token = secrets.token_urlsafe(32)

    with transaction.atomic():
        appointment = None
        for slot in candidates:
            def build(slot, _slot=slot):
                values = {
                    "municipality_id": appointment_type.municipality_id, "appointment_type": appointment_type,
                    "caseworker_id": _slot.caseworker_id, "mode": _slot.mode, "site_id": _slot.site_id,
                    "starts_at": _slot.starts_at, "ends_at": _slot.ends_at, "inquiry": inquiry,
                    "booked_by": by, "citizen_name": name, "citizen_phone": phone, "citizen_email": email,
                    "language": language, "token_hash": token_hash(token),
                }
                return Appointment(**values) if slot is None else Appointment.objects.create(**values)

            appointment = _insert_appointment(slot=slot, build=build)
            if appointment is not None:
                break
        if appointment is None:
            raise SlotTaken()
        if inquiry is not None:
            inquiry_outcome_set(inquiry=inquiry, outcome=Outcome.APPOINTMENT)
        audit_record(actor=by, action=AuditAction.ADD_PERSONAL_DATA, obj=appointment,
                     detail="appointment booked" + (" by staff" if by else " by the citizen"))
        notify.appointment_confirmation(appointment=appointment, token=token)
    return appointment, token


def appointment_by_token(token: str) -> Appointment | None:
    if not token or len(token) > 100:
        return None
    return (
        Appointment.objects.select_related("appointment_type__unit", "site", "caseworker")
        .filter(token_hash=token_hash(token), personal_data_deleted_at__isnull=True)
        .first()
    )


def appointment_changeable(appointment: Appointment) -> bool:
    return appointment.status == AppointmentStatus.BOOKED and appointment.starts_at > timezone.now()


def appointment_cancel(*, appointment: Appointment, by=None) -> Appointment:
    if not appointment_changeable(appointment):
        raise ValidationError({"starts_at": [_("This appointment can no longer be cancelled.")]})
    with transaction.atomic():
        appointment.status = AppointmentStatus.CANCELLED
        appointment.save(update_fields=["status", "updated_at"])
        notify.appointment_cancelled(appointment=appointment)
    return appointment


def appointment_move(*, appointment: Appointment, starts_at: dt.datetime, mode: str, site=None, token: str = "",
                     by=None) -> Appointment:
    """Move a booked appointment to another free slot of the same type; the old time
    is free as soon as this commits. A new confirmation goes out."""
    if not appointment_changeable(appointment):
        raise ValidationError({"starts_at": [_("This appointment can no longer be moved.")]})
    if starts_at == appointment.starts_at and mode == appointment.mode and (site and site.pk) == appointment.site_id:
        raise ValidationError({"starts_at": [_("Choose a different time from the one you have.")]})
    candidates = _slot_candidates(appointment_type=appointment.appointment_type, starts_at=starts_at, mode=mode,
                                  site=site, ignore_appointment_id=appointment.pk)
    with transaction.atomic():
        moved = None
        for slot in candidates:
            def build(slot, _slot=slot):
                if slot is None:
                    return appointment
                appointment.caseworker_id = _slot.caseworker_id
                appointment.mode, appointment.site_id = _slot.mode, _slot.site_id
                appointment.starts_at, appointment.ends_at = _slot.starts_at, _slot.ends_at
                appointment.reminder_sent_at = None
                appointment.save(update_fields=["caseworker", "mode", "site", "starts_at", "ends_at",
                                                "reminder_sent_at", "updated_at"])
                return appointment

            moved = _insert_appointment(slot=slot, build=build)
            if moved is not None:
                break
        if moved is None:
            appointment.refresh_from_db()
            raise SlotTaken()
        notify.appointment_confirmation(appointment=appointment, token=token, moved=True)
    return appointment


def appointments_send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind citizens the day before: every booked appointment of tomorrow (Oslo
    time) without a reminder gets one. Idempotent per appointment and time."""
    now = now or timezone.now()
    tomorrow = now.astimezone(TZ).date() + dt.timedelta(days=1)
    due = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED, reminder_sent_at__isnull=True, personal_data_deleted_at__isnull=True,
        starts_at__gte=max(now, local(tomorrow, dt.time.min)),
        starts_at__lt=local(tomorrow + dt.timedelta(days=1), dt.time.min),
    ).select_related("appointment_type__unit", "site")
    sent = 0
    for appointment in due:
        with transaction.atomic():
            notify.appointment_reminder(appointment=appointment)
            appointment.reminder_sent_at = now
            appointment.save(update_fields=["reminder_sent_at"])
        sent += 1
    return sent


def appointments_erase_personal_data(*, now: dt.datetime | None = None) -> int:
    """Clear citizens' names, phones and e-mails BOOKING_RETENTION_DAYS after their
    appointment (or its cancellation); the appointment stays for statistics."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.BOOKING_RETENTION_DAYS)
    ids = list(Appointment.objects.filter(personal_data_deleted_at__isnull=True, ends_at__lt=cutoff)
               .values_list("pk", flat=True)[:5000])
    with transaction.atomic():
        for appointment in Appointment.objects.filter(pk__in=ids):
            appointment.citizen_name = appointment.citizen_phone = appointment.citizen_email = ""
            appointment.personal_data_deleted_at = now
            appointment.save(update_fields=["citizen_name", "citizen_phone", "citizen_email",
                                            "personal_data_deleted_at"])
            audit_record(actor=None, action=AuditAction.DELETE_PERSONAL_DATA, obj=appointment,
                         detail="retention period ended")
    return len(ids)


# Calendar feeds


def calendar_feed_get_or_create(*, user) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        feed = CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
    return feed


def calendar_feed_renew(*, user) -> CalendarFeed:
    """A new secret URL; the old one stops working at once."""
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user).delete()
        return CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))


def resource_feed_token() -> str:
    return secrets.token_urlsafe(32)


# Availability, published by the caseworker


def _own_caseworker(by) -> None:
    if not user_can(by, Cap.OWN_APPOINTMENTS):
        raise PermissionDenied


def availability_rule_create(
    *, by, unit, mode: str, site, weekday: int, starts: dt.time, ends: dt.time, valid_from: dt.date,
    valid_until: dt.date | None = None,
) -> AvailabilityRule:
    """A weekly pattern of the caseworker's own, for one of their units; it may not
    overlap another of their patterns on the same weekday."""
    _own_caseworker(by)
    errors: dict[str, list[str]] = {}
    if unit is None or not by.units.filter(pk=unit.pk).exists():
        errors.setdefault("unit", []).append(_("Choose one of your units."))
    if mode not in Mode.values:
        errors.setdefault("mode", []).append(_("Choose at a service centre or by video."))
    elif mode == Mode.SITE and (site is None or site.municipality_id != by.municipality_id):
        errors.setdefault("site", []).append(_("Choose the service centre."))
    if mode == Mode.VIDEO:
        site = None
    if weekday not in range(7):
        errors.setdefault("weekday", []).append(_("Choose a weekday."))
    if ends <= starts:
        errors.setdefault("ends", []).append(_("The end time must be after the start time."))
    if valid_until is not None and valid_until < valid_from:
        errors.setdefault("valid_until", []).append(_("The last day cannot be before the first."))
    if not errors:
        clash = AvailabilityRule.objects.filter(
            caseworker=by, weekday=weekday, starts__lt=ends, ends__gt=starts,
        ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
        if valid_until is not None:
            clash = clash.filter(valid_from__lte=valid_until)
        if clash.exists():
            errors.setdefault("starts", []).append(_("You already have availability then on that weekday."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return AvailabilityRule.objects.create(
            municipality_id=by.municipality_id, caseworker=by, unit=unit, mode=mode, site=site, weekday=weekday,
            starts=starts, ends=ends, valid_from=valid_from, valid_until=valid_until,
        )


def availability_exception_create(*, by, date: dt.date, starts: dt.time | None = None, ends: dt.time | None = None,
                                  reason: str = "") -> AvailabilityException:
    """Away on a date, all day or between two times. Appointments already booked
    then stay booked: the caseworker is told how many, to move them."""
    _own_caseworker(by)
    errors: dict[str, list[str]] = {}
    if (starts is None) != (ends is None):
        errors.setdefault("ends", []).append(_("Give both times, or neither for the whole day."))
    elif starts is not None and ends <= starts:
        errors.setdefault("ends", []).append(_("The end time must be after the start time."))
    if date < timezone.localdate():
        errors.setdefault("date", []).append(_("That day has already passed."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return AvailabilityException.objects.create(
            municipality_id=by.municipality_id, caseworker=by, date=date, starts=starts, ends=ends,
            reason=(reason or "").strip()[:100],
        )


def availability_delete(*, by, rule_id: int | None = None, exception_id: int | None = None) -> None:
    _own_caseworker(by)
    with transaction.atomic():
        if rule_id is not None:
            AvailabilityRule.objects.filter(caseworker=by, pk=rule_id).delete()
        if exception_id is not None:
            AvailabilityException.objects.filter(caseworker=by, pk=exception_id).delete()
