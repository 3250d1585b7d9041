"""Free appointment times in REST API v1, public like the catalogue: what a
citizen may see (a time, a place), never who is booked."""

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from servicetorg.bookings import selectors
from servicetorg.bookings.models import AppointmentType, Mode
from servicetorg.core.schemas import DetailOut, ErrorsOut, IsoDate
from servicetorg.organisation.models import Municipality

router = Router(tags=["bookings"])


class SlotOut(Schema):
    starts_at: dt.datetime
    mode: Mode
    site: str | None = Field(description="The service centre's name; null for a video meeting.")
    book_url: str = Field(description="The public page where a citizen books this time.")


class SlotsOut(Schema):
    appointment_type: str
    minutes: int
    results: list[SlotOut]


class SlotQuery(Schema):
    start: IsoDate | None = Field(None, alias="from",
                                  description="First day; today when left out. An earlier day than today is 400.")
    days: int = Field(30, ge=1, le=60)


@router.get("/{municipality}/{type_slug}/slots", auth=None,
            response={200: SlotsOut, 400: ErrorsOut, 404: DetailOut, 503: DetailOut})
def free_slots(request: HttpRequest, municipality: str, type_slug: str, params: Query[SlotQuery]):
    """Free times of an appointment type, day by day, up to BOOKING_HORIZON_DAYS ahead."""
    place = get_object_or_404(Municipality, slug=municipality)
    kind = get_object_or_404(AppointmentType.objects.select_related("unit"), municipality=place, slug=type_slug,
                             active=True)
    today = timezone.localdate()
    start = params.start or today
    if start < today:
        raise ValidationError({"from": [_("Give today or a later date.")]})
    days = max(0, min(params.days, settings.BOOKING_HORIZON_DAYS - (start - today).days))
    book = reverse("bookings-public:appointment-book", kwargs={"municipality_slug": place.slug,
                                                               "type_slug": kind.slug})
    results = [
        SlotOut(starts_at=slot.starts_at, mode=slot.mode, site=slot.site_name or None,
                book_url=f"{book}?{urlencode({'slot': slot.value})}")
        for day in (selectors.public_slot_days(appointment_type=kind, start=start, days=days) if days else [])
        for slot in day.slots
    ]
    return SlotsOut(appointment_type=kind.name, minutes=kind.minutes, results=results)
