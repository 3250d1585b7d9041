"""The citizens' side, without an account: book a conversation with a
caseworker, cancel or move it with the link from the confirmation, see when
rooms and halls are free (busy or free, never who) and request a rental."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from servicetorg.bookings import rental_services, selectors, services
from servicetorg.bookings.forms import AppointmentForm, MoveForm, RentalRequestForm
from servicetorg.bookings.models import AppointmentType, Resource, ResourceOpeningHours, Season
from servicetorg.bookings.views import calendar_cells
from servicetorg.core.parsing import param, parse_date
from servicetorg.organisation.models import Municipality, Site
from servicetorg.security.ratelimit import rate_limited

WEEK = 7


def _municipality(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug)


def _start(request: HttpRequest) -> dt.date:
    today = timezone.localdate()
    start = param(request.GET, "from", parse_date, today)
    return min(max(start, today), today + dt.timedelta(days=365))


def _week_nav(request: HttpRequest, start: dt.date, horizon: int | None = None) -> dict:
    today = timezone.localdate()
    nxt = start + dt.timedelta(days=WEEK)
    return {
        "start": start, "end": start + dt.timedelta(days=WEEK - 1),
        "previous": start - dt.timedelta(days=WEEK) if start > today else None,
        "next": nxt if horizon is None or (nxt - today).days < horizon else None,
    }


@require_GET
def appointment_types(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = _municipality(municipality_slug)
    types = list(selectors.appointment_types_public(municipality_id=municipality.pk))
    return render(request, "bookings/public/appointment_types.html", {
        "municipality": municipality, "types": types,
    })


def _type(municipality: Municipality, slug: str) -> AppointmentType:
    return get_object_or_404(AppointmentType.objects.select_related("unit"), municipality=municipality, slug=slug,
                             active=True)


@require_GET
def appointment_slots(request: HttpRequest, municipality_slug: str, type_slug: str) -> HttpResponse:
    municipality = _municipality(municipality_slug)
    appointment_type = _type(municipality, type_slug)
    start = _start(request)
    horizon = settings.BOOKING_HORIZON_DAYS
    days_left = max(0, horizon - (start - timezone.localdate()).days)
    days = selectors.public_slot_days(appointment_type=appointment_type, start=start,
                                      days=min(WEEK, days_left)) if days_left else []
    return render(request, "bookings/public/appointment_slots.html", {
        "municipality": municipality, "appointment_type": appointment_type, "days": days,
        **_week_nav(request, start, horizon),
    })


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("public-booking")
def appointment_book(request: HttpRequest, municipality_slug: str, type_slug: str) -> HttpResponse:
    municipality = _municipality(municipality_slug)
    appointment_type = _type(municipality, type_slug)
    slot_value = request.POST.get("slot") or request.GET.get("slot", "")
    chosen = selectors.parse_slot_value(slot_value, municipality_id=municipality.pk)
    if chosen is None:
        return redirect("bookings-public:appointment-slots", municipality_slug=municipality.slug,
                        type_slug=appointment_type.slug)
    form = AppointmentForm(request.POST or None, initial={"slot": slot_value}, municipality_id=municipality.pk)
    if request.method == "POST" and form.is_valid():
        starts_at, mode, site = chosen
        try:
            appointment, token = services.appointment_book(
                appointment_type=appointment_type, starts_at=starts_at, mode=mode, site=site,
                name=form.cleaned_data["name"], phone=form.cleaned_data["phone"], email=form.cleaned_data["email"],
                language=(get_language() or "nb")[:2],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            url = reverse("bookings-public:appointment-manage",
                          kwargs={"municipality_slug": municipality.slug, "token": token})
            return redirect(f"{url}?booked=1")
    starts_at, mode, site = chosen
    return render(request, "bookings/public/appointment_book.html", {
        "municipality": municipality, "appointment_type": appointment_type, "form": form,
        "starts_at": starts_at, "mode": mode, "site": site,
    })


def _by_token(municipality: Municipality, token: str):
    appointment = services.appointment_by_token(token)
    if appointment is None or appointment.municipality_id != municipality.pk:
        raise Http404
    return appointment


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("public-booking-manage")
def appointment_manage(request: HttpRequest, municipality_slug: str, token: str) -> HttpResponse:
    """The citizen's own page, reached by the secret link: see, cancel."""
    municipality = _municipality(municipality_slug)
    appointment = _by_token(municipality, token)
    error = None
    if request.method == "POST" and request.POST.get("action") == "cancel":
        try:
            services.appointment_cancel(appointment=appointment)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect(f"{request.path}?cancelled=1")
    response = render(request, "bookings/public/appointment_manage.html", {
        "municipality": municipality, "appointment": appointment, "token": token, "error": error,
        "changeable": services.appointment_changeable(appointment),
        "booked": request.GET.get("booked") == "1", "moved": request.GET.get("moved") == "1",
        "cancelled": request.GET.get("cancelled") == "1",
    })
    response["Referrer-Policy"] = "same-origin"  # the secret link never leaves in a Referer
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("public-booking-manage")
def appointment_move(request: HttpRequest, municipality_slug: str, token: str) -> HttpResponse:
    municipality = _municipality(municipality_slug)
    appointment = _by_token(municipality, token)
    if not services.appointment_changeable(appointment):
        return redirect("bookings-public:appointment-manage", municipality_slug=municipality.slug, token=token)
    form = MoveForm(request.POST or None, municipality_id=municipality.pk)
    if request.method == "POST" and form.is_valid():
        starts_at, mode, site = form.cleaned_data["chosen"]
        try:
            services.appointment_move(appointment=appointment, starts_at=starts_at, mode=mode, site=site,
                                      token=token)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            url = reverse("bookings-public:appointment-manage",
                          kwargs={"municipality_slug": municipality.slug, "token": token})
            return redirect(f"{url}?moved=1")
    start = _start(request)
    days = selectors.public_slot_days(appointment_type=appointment.appointment_type, start=start, days=WEEK,
                                      ignore_appointment_id=appointment.pk)
    response = render(request, "bookings/public/appointment_move.html", {
        "municipality": municipality, "appointment": appointment, "token": token, "form": form, "days": days,
        **_week_nav(request, start),
    })
    response["Referrer-Policy"] = "same-origin"  # the secret link never leaves in a Referer
    return response


# Rooms and halls


@require_GET
def resource_list(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = _municipality(municipality_slug)
    resources = list(Resource.objects.filter(municipality=municipality, active=True, bookable_by_public=True)
                     .select_related("site").prefetch_related("price_rules").order_by("site__name", "name"))
    return render(request, "bookings/public/resource_list.html", {
        "municipality": municipality, "resources": resources,
    })


@require_GET
def site_availability(request: HttpRequest, municipality_slug: str, site_slug: str) -> HttpResponse:
    """A site's rooms and halls for a week: busy or free, never who."""
    municipality = _municipality(municipality_slug)
    site = get_object_or_404(Site, municipality=municipality, slug=site_slug, active=True)
    start = _start(request)
    rows = selectors.site_calendar(site=site, start=start, days=WEEK, public=True)
    calendar_cells(rows, public=True)
    return render(request, "bookings/public/site_availability.html", {
        "municipality": municipality, "site": site, "rows": rows,
        "dates": [start + dt.timedelta(days=i) for i in range(WEEK)], **_week_nav(request, start),
    })


@require_http_methods(["GET", "POST"])
@rate_limited("public-rental-request")
def resource_request(request: HttpRequest, municipality_slug: str, resource_slug: str) -> HttpResponse:
    municipality = _municipality(municipality_slug)
    resource = get_object_or_404(Resource.objects.select_related("site"), municipality=municipality,
                                 slug=resource_slug, active=True, bookable_by_public=True)
    today = timezone.localdate()
    seasons = Season.objects.filter(municipality=municipality, requests_until__gte=today, ends__gte=today)
    form = RentalRequestForm(request.POST or None, seasons=seasons)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rental_services.rental_request_create(
                resource=resource, customer_name=data["customer_name"], category=data["category"],
                organisation_number=data["organisation_number"], contact_name=data["contact_name"],
                contact_phone=data["contact_phone"], contact_email=data["contact_email"], purpose=data["purpose"],
                first_date=data["first_date"], last_date=data["last_date"], starts=data["starts"],
                ends=data["ends"], season=data.get("season"),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return render(request, "bookings/public/resource_requested.html", {
                "municipality": municipality, "resource": resource,
            })
    hours = ResourceOpeningHours.objects.filter(resource=resource).order_by("weekday", "opens")
    return render(request, "bookings/public/resource_request.html", {
        "municipality": municipality, "resource": resource, "form": form, "hours": hours,
        "prices": resource.price_rules.all(),
    })
