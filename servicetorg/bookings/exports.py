"""Files that leave the system: the invoicing export and the iCalendar feeds."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from servicetorg.bookings.availability import TZ
from servicetorg.bookings.models import Mode, PriceCategory
from servicetorg.bookings.selectors import InvoiceRow
from servicetorg.core.spreadsheets import csv_bytes, xlsx_bytes

# Column names are fixed (not translated): an invoicing system imports them.
INVOICE_COLUMNS = ["request_id", "customer", "organisation_number", "resource", "site", "period_from", "period_to",
                   "occurrences", "hours", "price_category", "price_per_hour", "amount"]


def _values(row: InvoiceRow) -> list:
    return [row.request_id, row.customer, row.organisation_number, row.resource, row.site,
            row.period_from, row.period_to, row.occurrences, row.hours, row.category,
            row.price_per_hour, row.amount]


def invoice_csv(rows: list[InvoiceRow]) -> bytes:
    # For Norwegian Excel: BOM (æ, ø, å), semicolons, decimal comma, formulas escaped.
    return csv_bytes([INVOICE_COLUMNS, *(_values(row) for row in rows)])


def invoice_xlsx(rows: list[InvoiceRow]) -> bytes:
    return xlsx_bytes([INVOICE_COLUMNS, *(_values(row) for row in rows)], title="Utleie")


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Servicetorg//Calendar feed//NO")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    return cal


def caseworker_feed(*, user, appointments, staff_url) -> bytes:
    """No citizen's name or contact leaves through the feed (it ends up in Outlook or
    Google): the event links to the appointment's page, where reading it is audited."""
    cal = _calendar(_("Appointments, %(name)s") % {"name": user.display_name})
    stamp = timezone.now()
    for appointment in appointments:
        event = Event()
        event.add("uid", f"appointment-{appointment.pk}@servicetorg")
        event.add("dtstamp", stamp)
        event.add("dtstart", appointment.starts_at.astimezone(TZ))
        event.add("dtend", appointment.ends_at.astimezone(TZ))
        event.add("summary", appointment.appointment_type.name)
        event.add("location", _("Video meeting") if appointment.mode == Mode.VIDEO else appointment.site.name)
        event.add("description", staff_url(appointment))
        cal.add_component(event)
    return cal.to_ical()


def resource_feed(*, resource, bookings) -> bytes:
    cal = _calendar(f"{resource.name} ({resource.site.name})")
    stamp = timezone.now()
    for booking in bookings:
        event = Event()
        event.add("uid", f"resource-booking-{booking.pk}@servicetorg")
        event.add("dtstamp", stamp)
        event.add("dtstart", booking.starts_at.astimezone(TZ))
        event.add("dtend", booking.ends_at.astimezone(TZ))
        request = booking.request
        if request is None:
            summary = booking.title or _("Busy")
        elif request.category == PriceCategory.PRIVATE:
            summary = _("Private rental")
        else:
            summary = request.customer_name
        event.add("summary", summary)
        event.add("location", resource.name)
        cal.add_component(event)
    return cal.to_ical()


def feed_window() -> tuple[dt.datetime, dt.datetime]:
    now = timezone.now()
    return now - dt.timedelta(days=60), now + dt.timedelta(days=400)
