"""Writes of rentals: requests for rooms and halls (one-off or weekly), their approval or decline,
and the erasure of renters' personal data. The same rules as the appointments (services.py):
everything is checked first, one transaction, the exclusion constraints refuse a double booking.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import orgnr

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.bookings import notify
from servicetorg.bookings.availability import TZ, local, resource_windows, weekly_dates
from servicetorg.bookings.models import (
    PriceCategory,
    RentalRequest,
    RentalStatus,
    Resource,
    ResourceBooking,
    Season,
)
from servicetorg.bookings.services import MAX_OCCURRENCES, SlotTaken, _contact, _is_exclusion_violation
from servicetorg.core.audit import audit_record
from servicetorg.core.models import AuditAction
from servicetorg.organisation.hours import holiday_name, is_public_holiday


def _validate_orgnr(raw: str, category: str, errors: dict) -> str:
    raw = (raw or "").replace(" ", "").strip()
    if not raw:
        if category != PriceCategory.PRIVATE:
            errors.setdefault("organisation_number", []).append(
                _("Give the organisation number (9 digits) of the club, association or company.")
            )
        return ""
    try:
        return orgnr.validate(raw)
    except StdnumError:
        errors.setdefault("organisation_number", []).append(
            _("%(number)s is not a valid Norwegian organisation number.") % {"number": raw}
        )
        return raw


def rental_occurrences(*, resource: Resource, first_date: dt.date, last_date: dt.date | None, starts: dt.time,
                       ends: dt.time) -> tuple[list[tuple[dt.datetime, dt.datetime]], list[dt.date]]:
    """The aware time ranges a request asks for, and the dates left out for public holidays."""
    dates = weekly_dates(first_date, last_date)
    occurrences, holidays_skipped = [], []
    for date in dates:
        if is_public_holiday(date):
            holidays_skipped.append(date)
            continue
        occurrences.append((local(date, starts), local(date, ends)))
    return occurrences, holidays_skipped


def _fmt(date: dt.date) -> str:
    return date.strftime("%d.%m.%Y")


def _check_rental(*, resource: Resource, first_date, last_date, starts, ends, season: Season | None,
                  errors: dict, ignore_request_id: int | None = None) -> list:
    """Check a request's times against the calendar, the resource's hours and holidays; the occurrences."""
    if not (isinstance(starts, dt.time) and isinstance(ends, dt.time)) or ends <= starts:
        errors.setdefault("ends", []).append(_("The end time must be after the start time."))
        return []
    if not isinstance(first_date, dt.date):
        errors.setdefault("first_date", []).append(_("Give a date."))
        return []
    if last_date is not None:
        if last_date < first_date:
            errors.setdefault("last_date", []).append(
                _("The repetition cannot end before the first date.")
            )
            return []
        if (last_date - first_date).days > 7 * (MAX_OCCURRENCES - 1):
            errors.setdefault("last_date", []).append(
                _("A weekly booking can repeat for at most one year. Send a new request for the next season.")
            )
            return []
    if season is not None and (first_date < season.starts or (last_date or first_date) > season.ends):
        errors.setdefault("last_date", []).append(
            _("The season runs from %(starts)s to %(ends)s; keep the dates within it.")
            % {"starts": _fmt(season.starts), "ends": _fmt(season.ends)}
        )
        return []
    today = timezone.localdate()
    if first_date < today or local(first_date, starts) <= timezone.now():
        errors.setdefault("first_date", []).append(_("That time has already passed. Choose a later date."))
        return []
    occurrences, skipped = rental_occurrences(resource=resource, first_date=first_date, last_date=last_date,
                                              starts=starts, ends=ends)
    if not occurrences:
        if last_date is None or last_date == first_date:
            errors.setdefault("first_date", []).append(
                _("%(date)s is a public holiday (%(name)s); the resource is closed.")
                % {"date": _fmt(first_date), "name": holiday_name(first_date)}
            )
        else:
            errors.setdefault("last_date", []).append(_("Every date of this repetition is a public holiday."))
        return []
    windows = resource_windows(resource.pk, {s.astimezone(TZ).date() for s, _e in occurrences})
    for date, hours in sorted(windows.items()):
        if not any(opens <= starts and ends <= closes for opens, closes in hours):
            shown = ", ".join(f"{o:%H:%M}–{c:%H:%M}" for o, c in hours) or _("closed")
            errors.setdefault("starts", []).append(
                _("%(resource)s is not open %(start)s–%(end)s on %(date)s (open: %(hours)s).")
                % {"resource": resource.name, "start": f"{starts:%H:%M}", "end": f"{ends:%H:%M}",
                   "date": _fmt(date), "hours": shown}
            )
            return []
    busy = _busy_dates(resource=resource, occurrences=occurrences)
    if busy:
        errors.setdefault("first_date", []).append(
            _("%(resource)s is already booked then on %(dates)s.")
            % {"resource": resource.name, "dates": ", ".join(_fmt(d) for d in busy[:6])
               + (" …" if len(busy) > 6 else "")}
        )
    return occurrences


def _busy_dates(*, resource: Resource, occurrences) -> list[dt.date]:
    if not occurrences:
        return []
    first, last = occurrences[0][0], occurrences[-1][1]
    booked = list(ResourceBooking.objects.filter(resource=resource, active=True, starts_at__lt=last,
                                                 ends_at__gt=first).values_list("starts_at", "ends_at"))
    return sorted({
        s.astimezone(TZ).date() for s, e in occurrences if any(b_s < e and s < b_e for b_s, b_e in booked)
    })


def rental_request_create(
    *, resource: Resource, customer_name: str, category: str, first_date: dt.date, starts: dt.time, ends: dt.time,
    last_date: dt.date | None = None, organisation_number: str = "", contact_name: str = "", contact_phone: str = "",
    contact_email: str = "", purpose: str = "", season: Season | None = None,
) -> RentalRequest:
    """A request from the public. It holds no time until the centre approves it, but
    a time already booked is refused at once, with the dates that collide."""
    errors: dict[str, list[str]] = {}
    if not resource.active or not resource.bookable_by_public:
        errors.setdefault("resource", []).append(_("This resource cannot be requested."))
    customer_name = (customer_name or "").strip()
    if not customer_name:
        errors.setdefault("customer_name", []).append(_("Give the name of the renter."))
    if category not in PriceCategory.values:
        errors.setdefault("category", []).append(_("Choose a price category."))
    number = _validate_orgnr(organisation_number, category, errors)
    contact_name, contact_phone, contact_email = _contact(
        name=contact_name, phone=contact_phone, email=contact_email, errors=errors, prefix="contact_"
    )
    if season is not None and season.municipality_id != resource.municipality_id:
        errors.setdefault("season", []).append(_("Choose one of the municipality's seasons."))
    if last_date == first_date:
        last_date = None
    _check_rental(resource=resource, first_date=first_date, last_date=last_date, starts=starts, ends=ends,
                  season=season, errors=errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = RentalRequest.objects.create(
            municipality_id=resource.municipality_id, resource=resource, season=season, customer_name=customer_name,
            organisation_number=number, category=category, contact_name=contact_name, contact_phone=contact_phone,
            contact_email=contact_email, purpose=(purpose or "").strip()[:200], first_date=first_date,
            last_date=last_date, starts=starts, ends=ends,
        )
        audit_record(actor=None, action=AuditAction.ADD_PERSONAL_DATA, obj=request, detail="rental requested")
        notify.rental_received(request=request)
    return request


def rental_request_approve(*, request: RentalRequest, by) -> RentalRequest:
    """Approve a request: every occurrence (public holidays left out) becomes a
    booking of the resource, all or none. A time someone else got first is refused."""
    if not user_can(by, Cap.MANAGE_RENTALS) or request.municipality_id != by.municipality_id:
        raise PermissionDenied
    if request.status != RentalStatus.REQUESTED:
        raise ValidationError({NON_FIELD_ERRORS: [_("Only a pending request can be approved.")]})
    errors: dict[str, list[str]] = {}
    occurrences = _check_rental(resource=request.resource, first_date=request.first_date,
                                last_date=request.last_date, starts=request.starts, ends=request.ends,
                                season=None, errors=errors)
    if errors:
        raise ValidationError({NON_FIELD_ERRORS: [m for messages in errors.values() for m in messages]})
    try:
        with transaction.atomic():
            if connection.vendor != "postgresql" and _busy_dates(resource=request.resource, occurrences=occurrences):
                raise SlotTaken(_("Another booking got this time first."))
            ResourceBooking.objects.bulk_create(
                ResourceBooking(municipality_id=request.municipality_id, resource_id=request.resource_id,
                                request=request, starts_at=s, ends_at=e)
                for s, e in occurrences
            )
            request.status = RentalStatus.APPROVED
            request.decided_by, request.decided_at = by, timezone.now()
            request.save(update_fields=["status", "decided_by", "decided_at"])
            notify.rental_decided(request=request)
    except IntegrityError as error:
        if _is_exclusion_violation(error):
            raise SlotTaken(_("Another booking got this time first.")) from None
        raise
    return request


def rental_request_decline(*, request: RentalRequest, by, reason: str) -> RentalRequest:
    if not user_can(by, Cap.MANAGE_RENTALS) or request.municipality_id != by.municipality_id:
        raise PermissionDenied
    reason = (reason or "").strip()
    if request.status != RentalStatus.REQUESTED:
        raise ValidationError({NON_FIELD_ERRORS: [_("Only a pending request can be declined.")]})
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for declining; the renter is told.")]})
    with transaction.atomic():
        request.status = RentalStatus.DECLINED
        request.decision_reason = reason[:300]
        request.decided_by, request.decided_at = by, timezone.now()
        request.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
        notify.rental_decided(request=request)
    return request


def rentals_erase_personal_data(*, now: dt.datetime | None = None) -> int:
    """Clear the contact person of requests whose last use (or decision) is
    RENTAL_RETENTION_DAYS past. The renter (a club, a company) stays for invoicing."""
    now = now or timezone.now()
    cutoff = (now - dt.timedelta(days=settings.RENTAL_RETENTION_DAYS)).astimezone(TZ).date()
    candidates = RentalRequest.objects.filter(personal_data_deleted_at__isnull=True).filter(
        Q(last_date__lt=cutoff) | Q(last_date__isnull=True, first_date__lt=cutoff)
    )
    done = 0
    with transaction.atomic():
        for request in candidates.select_for_update()[:5000]:
            request.contact_name = request.contact_phone = request.contact_email = ""
            if request.category == PriceCategory.PRIVATE:
                request.customer_name = _("Private person")
            request.personal_data_deleted_at = now
            request.save(update_fields=["contact_name", "contact_phone", "contact_email", "customer_name",
                                        "personal_data_deleted_at"])
            audit_record(actor=None, action=AuditAction.DELETE_PERSONAL_DATA, obj=request,
                         detail="retention period ended")
            done += 1
    return done
