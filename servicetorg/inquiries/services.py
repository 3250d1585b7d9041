"""Writes of inquiries. Each service validates everything first and writes
in one transaction, so a failed call leaves nothing behind."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.catalogue.models import Area, Service
from servicetorg.core.screening import free_text_screen
from servicetorg.inquiries import hooks
from servicetorg.inquiries.models import Channel, Inquiry, Language, Outcome
from servicetorg.organisation.models import Site, Unit

# How far back an integration may date an inquiry it reports late.
MAX_BACKDATE = dt.timedelta(days=31)


def _resolve(
    *, by, site, service, area, outcome, forwarded_to, channel, language, note, handling_seconds, received_at
) -> dict:
    """Check one inquiry's fields against each other and the acting user; return clean values."""
    errors: dict[str, list[str]] = {}
    municipality_id = by.municipality_id

    if channel not in Channel.values:
        errors.setdefault("channel", []).append(_("Choose a channel from the list."))
    if outcome not in Outcome.values:
        errors.setdefault("outcome", []).append(_("Choose an outcome from the list."))
    if language not in Language.values:
        errors.setdefault("language", []).append(_("Choose a language from the list."))

    if not isinstance(site, Site) or site.municipality_id != municipality_id or not site.active:
        errors.setdefault("site", []).append(_("Choose one of your municipality's service centres."))
    elif not by.is_superuser and by.sites.exists() and not by.sites.filter(pk=site.pk).exists():
        errors.setdefault("site", []).append(_("You are not registered at this service centre."))

    if service is not None:
        if not isinstance(service, Service) or service.municipality_id != municipality_id or not service.active:
            errors.setdefault("service", []).append(_("This service is not in your municipality's catalogue."))
            service = None
        else:
            area = service.area
    if area is None and "service" not in errors:
        errors.setdefault("service", []).append(_("Choose a service, or an area when no service fits."))
    elif area is not None and not isinstance(area, Area):
        errors.setdefault("area", []).append(_("Unknown area code."))

    if forwarded_to is not None and (
        not isinstance(forwarded_to, Unit) or forwarded_to.municipality_id != municipality_id
    ):
        errors.setdefault("forwarded_to", []).append(_("Choose one of your municipality's units."))
        forwarded_to = None
    if outcome == Outcome.FORWARDED and forwarded_to is None and "forwarded_to" not in errors:
        forwarded_to = service.forward_to or service.owner_unit if service else None
        if forwarded_to is None:
            errors.setdefault("forwarded_to", []).append(_("Choose the unit the inquiry is forwarded to."))
    if outcome == Outcome.REFERRED and forwarded_to is None and service is not None:
        forwarded_to = service.forward_to
    if outcome not in (Outcome.FORWARDED, Outcome.REFERRED):
        forwarded_to = None

    sensitive = bool(
        (service is not None and service.is_sensitive) or (forwarded_to is not None and forwarded_to.sensitive)
    )
    note = (note or "").strip()
    if sensitive and note:
        errors.setdefault("note", []).append(
            _("Inquiries for this unit are recorded without free text. Remove the note.")
        )
    if len(note) > 500:
        errors.setdefault("note", []).append(_("The note can be at most 500 characters."))
    if note and not sensitive:
        try:
            free_text_screen(note, field="note")
        except ValidationError as error:
            for message in error.message_dict["note"]:
                errors.setdefault("note", []).append(message)

    if handling_seconds is None:
        pass  # unknown: kept as unknown, never as a fact
    elif not isinstance(handling_seconds, int) or handling_seconds < 0:
        errors.setdefault("handling_seconds", []).append(_("Handling time must be zero or more seconds."))
    elif handling_seconds > settings.INQUIRY_MAX_HANDLING_SECONDS:
        errors.setdefault("handling_seconds", []).append(
            _("Handling time can be at most %(hours)s hours.")
            % {"hours": settings.INQUIRY_MAX_HANDLING_SECONDS // 3600}
        )

    now = timezone.now()
    if received_at is None:
        received_at = now
    elif timezone.is_naive(received_at):
        errors.setdefault("received_at", []).append(_("Give the time with a time zone."))
    elif received_at > now + dt.timedelta(minutes=5):
        errors.setdefault("received_at", []).append(_("The inquiry cannot be received in the future."))
    elif received_at < now - MAX_BACKDATE:
        errors.setdefault("received_at", []).append(
            _("Inquiries older than %(days)s days cannot be logged.") % {"days": MAX_BACKDATE.days}
        )

    if errors:
        raise ValidationError(errors)
    return {
        "municipality_id": municipality_id, "site": site, "service": service, "area": area,
        "outcome": outcome, "forwarded_to": forwarded_to, "channel": channel, "language": language,
        "note": note, "sensitive": sensitive, "handling_seconds": handling_seconds, "received_at": received_at,
    }


def inquiry_create(
    *, by, site, channel: str, outcome: str, service: Service | None = None, area: Area | None = None,
    forwarded_to: Unit | None = None, handling_seconds: int | None = 0, language: str = Language.NB, note: str = "",
    received_at: dt.datetime | None = None, answered_at: dt.datetime | None = None,
) -> Inquiry:
    """Log one inquiry and remember its channel and site as the clerk's defaults.

    The area follows the service; forwarding defaults to the service's target; a
    sensitive inquiry (child welfare and the like) keeps no free text.
    """
    if not user_can(by, Cap.LOG_INQUIRIES):
        raise PermissionDenied
    values = _resolve(
        by=by, site=site, service=service, area=area, outcome=outcome, forwarded_to=forwarded_to,
        channel=channel, language=language, note=note, handling_seconds=handling_seconds, received_at=received_at,
    )
    with transaction.atomic():
        inquiry = Inquiry.objects.create(handled_by=by, answered_at=answered_at, **values)
        hooks.count(inquiry=inquiry, sign=1)  # the dashboard's rollups, kept in this transaction
        by.last_channel = channel
        by.last_site = site
        by.save(update_fields=["last_channel", "last_site"])
    return inquiry


def inquiry_editable(*, inquiry: Inquiry, by) -> bool:
    """A clerk may change or undo their own inquiry within the edit window."""
    if not user_can(by, Cap.LOG_INQUIRIES) or inquiry.handled_by_id != by.pk:
        return False
    window = dt.timedelta(minutes=settings.INQUIRY_EDIT_WINDOW_MINUTES)
    return timezone.now() - inquiry.created_at <= window


def inquiry_update(
    *, inquiry: Inquiry, by, site, channel: str, outcome: str, service: Service | None = None,
    area: Area | None = None, forwarded_to: Unit | None = None, handling_seconds: int | None = 0,
    language: str = Language.NB, note: str = "",
) -> Inquiry:
    if not inquiry_editable(inquiry=inquiry, by=by):
        raise PermissionDenied(_("The time to change this inquiry has run out."))
    if reason := hooks.lock_reason(inquiry=inquiry):
        raise PermissionDenied(reason)
    values = _resolve(
        by=by, site=site, service=service, area=area, outcome=outcome, forwarded_to=forwarded_to,
        channel=channel, language=language, note=note, handling_seconds=handling_seconds,
        received_at=None,
    )
    values.pop("municipality_id")
    values.pop("received_at")
    for field, value in values.items():
        setattr(inquiry, field, value)
    with transaction.atomic():
        hooks.count(inquiry=Inquiry.objects.get(pk=inquiry.pk), sign=-1)  # old row out
        inquiry.save(update_fields=[*values.keys(), "updated_at"])
        hooks.count(inquiry=inquiry, sign=1)  # new row in
    return inquiry


def inquiry_outcome_set(*, inquiry: Inquiry, outcome: str, forwarded_to=None, sensitive: bool = False) -> Inquiry:
    """Another workflow (forwarding, booking an appointment) decides where the inquiry
    ended up. The dashboard's rollups move with it; a sensitive inquiry loses its note."""
    with transaction.atomic():
        hooks.count(inquiry=Inquiry.objects.get(pk=inquiry.pk), sign=-1)  # old row out
        inquiry.outcome = outcome
        inquiry.forwarded_to = forwarded_to
        if sensitive:
            inquiry.sensitive = True
            inquiry.note = ""
        inquiry.save(update_fields=["outcome", "forwarded_to", "sensitive", "note", "updated_at"])
        hooks.count(inquiry=inquiry, sign=1)  # new row in
    return inquiry


def inquiry_undo(*, inquiry: Inquiry, by) -> None:
    """Remove an inquiry logged by mistake, within the edit window."""
    if not inquiry_editable(inquiry=inquiry, by=by):
        raise PermissionDenied(_("The time to undo this inquiry has run out."))
    if reason := hooks.lock_reason(inquiry=inquiry):
        raise PermissionDenied(reason)
    with transaction.atomic():
        hooks.count(inquiry=inquiry, sign=-1)
        inquiry.delete()


def inquiry_notes_erase_expired(*, now: dt.datetime | None = None) -> int:
    """Quick-log notes are erased FREE_TEXT_RETENTION_DAYS after the inquiry, like contact details;
    the anonymous inquiry stays for the statistics. One UPDATE: no row is loaded, and the rollups do
    not read the text."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.FREE_TEXT_RETENTION_DAYS)
    return Inquiry.objects.filter(received_at__lt=cutoff).exclude(note="").update(note="")
