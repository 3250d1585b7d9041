"""What citizens and renters are told, in their language, through the notification
outbox: written in the caller's transaction, delivered by the task queue after
commit. The calendar files are made here too."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from icalendar import Calendar, Event

from servicetorg.bookings.availability import TZ
from servicetorg.bookings.models import Appointment, Mode, RentalRequest, RentalStatus
from servicetorg.core.templatetags.numbers import lowercase_weekday
from servicetorg.notifications.models import NotificationChannel as Channel
from servicetorg.notifications.services import notification_send as _send

# Higher apps add lines to an appointment's confirmation (queues: the kiosk check-in code); they
# register when Django starts (their AppConfig.ready), so this module never imports them.
_confirmation_lines: list = []


def confirmation_lines_register(fn) -> None:
    """`fn(appointment) -> list[str]` of lines for the confirmation."""
    if fn not in _confirmation_lines:
        _confirmation_lines.append(fn)


def manage_url(appointment: Appointment, token: str) -> str:
    path = reverse("bookings-public:appointment-manage",
                   kwargs={"municipality_slug": appointment.appointment_type.unit.municipality.slug, "token": token})
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def when(starts_at: dt.datetime) -> str:
    local = timezone.localtime(starts_at, TZ)
    # "mandag 6. april 2026 kl. 12:00": the weekday in lower case mid-sentence, "kl." before the time.
    return pgettext("date and clock time", "%(date)s at %(time)s") % {
        "date": lowercase_weekday(date_format(local.date(), "l j. F Y"), local.date()), "time": f"{local:%H:%M}"}


def place(appointment: Appointment) -> str:
    if appointment.mode == Mode.VIDEO:
        return _("Video meeting (we send you the link before the meeting)")
    site = appointment.site
    return f"{site.name}, {site.address}" if site.address else site.name


def appointment_ics(appointment: Appointment, *, description: str = "") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Servicetorg//Appointments//NO")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"appointment-{appointment.pk}@servicetorg")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.starts_at.astimezone(TZ))
    event.add("dtend", appointment.ends_at.astimezone(TZ))
    event.add("summary", str(appointment.appointment_type.name))
    event.add("location", place(appointment))
    event.add("sequence", int(appointment.updated_at.timestamp()) if appointment.updated_at else 0)
    if description:
        event.add("description", description)
    cal.add_component(event)
    return cal.to_ical()


def _deliver(appointment: Appointment, *, subject: str, body: str, purpose: str, key: str,
             ics: bytes | None = None) -> None:
    if appointment.citizen_email:
        _send(municipality=appointment.municipality, channel=Channel.EMAIL, recipient=appointment.citizen_email,
              subject=subject, body=body, purpose=purpose, idempotency_key=f"{key}-email",
              attachments=[("avtale.ics", ics, "text/calendar")] if ics else ())
    if appointment.citizen_phone:
        _send(municipality=appointment.municipality, channel=Channel.SMS, recipient=appointment.citizen_phone,
              body=body, purpose=purpose, idempotency_key=f"{key}-sms")


def appointment_confirmation(*, appointment: Appointment, token: str, moved: bool = False) -> None:
    with translation.override(appointment.language):
        link = manage_url(appointment, token) if token else ""
        subject = _("Your appointment has been moved") if moved else _("Your appointment is booked")
        lines = [
            _("%(type)s with %(unit)s.") % {"type": appointment.appointment_type.name,
                                             "unit": appointment.appointment_type.unit.name},
            _("When: %(when)s") % {"when": when(appointment.starts_at)},
            _("Where: %(place)s") % {"place": place(appointment)},
        ]
        if link:
            lines.append(_("Cancel or move the appointment: %(link)s") % {"link": link})
        for more in _confirmation_lines:  # e.g. queues: the code to check in with at the kiosk
            lines.extend(more(appointment))
        body = "\n".join([subject + ".", *lines])
        ics = appointment_ics(appointment, description=link)
        # A move back to an earlier time is a new confirmation, not a repeat of the first.
        stamp = f"{appointment.starts_at.isoformat()}-{appointment.updated_at.timestamp() if moved else 0}"
        _deliver(appointment, subject=subject, body=body, purpose="bookings.confirmation",
                 key=f"appointment-{appointment.pk}-{'moved' if moved else 'booked'}-{stamp}", ics=ics)


def appointment_cancelled(*, appointment: Appointment) -> None:
    with translation.override(appointment.language):
        subject = _("Your appointment is cancelled")
        body = _("%(type)s on %(when)s is cancelled.") % {
            "type": appointment.appointment_type.name, "when": when(appointment.starts_at)
        }
        _deliver(appointment, subject=subject, body=body, purpose="bookings.cancelled",
                 key=f"appointment-{appointment.pk}-cancelled")


def appointment_reminder(*, appointment: Appointment) -> None:
    with translation.override(appointment.language):
        subject = _("Reminder: your appointment tomorrow")
        body = "\n".join([
            _("Reminder: %(type)s with %(unit)s tomorrow.") % {
                "type": appointment.appointment_type.name, "unit": appointment.appointment_type.unit.name},
            _("When: %(when)s") % {"when": when(appointment.starts_at)},
            _("Where: %(place)s") % {"place": place(appointment)},
        ])
        _deliver(appointment, subject=subject, body=body, purpose="bookings.reminder",
                 key=f"appointment-{appointment.pk}-reminder-{appointment.starts_at.isoformat()}")


def _rental_deliver(request: RentalRequest, *, subject: str, body: str, purpose: str, key: str) -> None:
    municipality = request.resource.site.municipality
    if request.contact_email:
        _send(municipality=municipality, channel=Channel.EMAIL, recipient=request.contact_email, subject=subject,
              body=body, purpose=purpose, idempotency_key=key)
    elif request.contact_phone:
        _send(municipality=municipality, channel=Channel.SMS, recipient=request.contact_phone, body=body,
              purpose=purpose, idempotency_key=key)


def _rental_what(request: RentalRequest) -> str:
    times = f"{request.starts:%H:%M}–{request.ends:%H:%M}"
    if request.recurring:
        return _("%(resource)s, every %(weekday)s %(times)s from %(first)s to %(last)s") % {
            "resource": request.resource.name, "weekday": date_format(request.first_date, "l").lower(), "times": times,
            "first": request.first_date.strftime("%d.%m.%Y"), "last": request.last_date.strftime("%d.%m.%Y"),
        }
    return f"{request.resource.name}, {request.first_date:%d.%m.%Y} {times}"


def rental_received(*, request: RentalRequest) -> None:
    subject = _("We have received your request")
    body = _("We have received your request for %(what)s and will answer you.") % {"what": _rental_what(request)}
    _rental_deliver(request, subject=subject, body=body, purpose="bookings.rental_received",
                    key=f"rental-{request.pk}-received")


def rental_decided(*, request: RentalRequest) -> None:
    if request.status == RentalStatus.APPROVED:
        subject = _("Your request is approved")
        body = _("Your request for %(what)s is approved.") % {"what": _rental_what(request)}
    else:
        subject = _("Your request is declined")
        body = _("Your request for %(what)s is declined: %(reason)s") % {
            "what": _rental_what(request), "reason": request.decision_reason}
    _rental_deliver(request, subject=subject, body=body, purpose="bookings.rental_decided",
                    key=f"rental-{request.pk}-{request.status}")
