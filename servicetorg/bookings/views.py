"""Staff pages: appointments (booked from the inquiry being logged), the resource
calendar, rental requests and seasonal allocation, the invoicing export, and the
private calendar feeds."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from servicetorg.accounts.perms import Cap, requires, user_can
from servicetorg.bookings import exports, rental_services, selectors, services
from servicetorg.bookings.forms import (
    AvailabilityExceptionForm,
    AvailabilityRuleForm,
    DeclineForm,
    InvoiceExportForm,
    MoveForm,
    StaffAppointmentForm,
)
from servicetorg.bookings.models import (
    AvailabilityException,
    AvailabilityRule,
    CalendarFeed,
    PriceCategory,
    RentalRequest,
    RentalStatus,
    Resource,
    ResourceBooking,
    Season,
)
from servicetorg.core.audit import audit_personal_data_reads, audit_record
from servicetorg.core.models import AuditAction
from servicetorg.core.parsing import param, parse_date, parse_id, parse_or, safe_next
from servicetorg.inquiries.models import Inquiry
from servicetorg.inquiries.selectors import inquiry_get
from servicetorg.organisation.models import Site

LIST_DAYS = 14


def calendar_cells(rows, *, public: bool) -> None:
    """Each day's bookings of each resource as one piece of HTML: a busy site's week
    has a thousand bookings, too many for a template loop to render quickly."""
    busy = _("Busy")
    free = format_html('<span class="free">{}</span>', _("Free"))
    detail = reverse("bookings:rental-list")
    for row in rows:
        row.html = []
        for cells in row.days:
            if not cells:
                row.html.append(free)
            elif public:
                row.html.append(format_html("<ul>{}</ul>", format_html_join(
                    "", '<li><span class="busy">{}</span> {}</li>', ((busy, c.label) for c in cells))))
            else:
                row.html.append(format_html("<ul>{}</ul>", format_html_join("", "<li>{} {}</li>", (
                    (c.label, format_html('<a href="{}{}/">{}</a>', detail, c.request_id, c.title)
                     if c.request_id else c.title)
                    for c in cells
                ))))


def _parse_date(raw: str | None, default: dt.date) -> dt.date:
    # Bounded: the calendar steps a week either side, which year 9999 or 0001 cannot.
    return parse_or(raw, parse_date, default)


@requires(Cap.BOOK_APPOINTMENTS, Cap.OWN_APPOINTMENTS)
@require_GET
def appointment_list(request: HttpRequest) -> HttpResponse:
    start = _parse_date(request.GET.get("from"), timezone.localdate())
    end = start + dt.timedelta(days=LIST_DAYS - 1)
    appointments = list(selectors.appointment_list(user=request.user, start=start, end=end))
    return render(request, "bookings/appointment_list.html", {
        "appointments": appointments, "start": start, "end": end,
        "previous": start - dt.timedelta(days=LIST_DAYS), "next": end + dt.timedelta(days=1),
        "may_book": user_can(request.user, Cap.BOOK_APPOINTMENTS),
        "may_publish": user_can(request.user, Cap.OWN_APPOINTMENTS),
    })


def _own_inquiry(request: HttpRequest) -> Inquiry | None:
    raw = request.GET.get("inquiry") or request.POST.get("inquiry")
    if not raw:
        return None
    # Only an inquiry the user may see (a clerk's own): "not found" and "not yours" look the same.
    return inquiry_get(user=request.user, pk=parse_or(raw, parse_id, 0))


@requires(Cap.BOOK_APPOINTMENTS)
@require_http_methods(["GET", "POST"])
def appointment_create(request: HttpRequest) -> HttpResponse:
    """Book on behalf of a citizen: choose the kind, then a free time, then the
    citizen's details. From the quick-log, the inquiry comes along and is linked."""
    inquiry = _own_inquiry(request)
    types = selectors.appointment_types_public(municipality_id=request.user.municipality_id)
    type_id = request.GET.get("type") or request.POST.get("type")
    type_pk = parse_or(type_id, parse_id)
    appointment_type = types.filter(pk=type_pk).first() if type_pk else None
    context = {"inquiry": inquiry, "types": types, "appointment_type": appointment_type}
    if appointment_type is None:
        return render(request, "bookings/appointment_create.html", context)

    form = StaffAppointmentForm(request.POST or None, initial={"slot": request.GET.get("slot", "")},
                                municipality_id=request.user.municipality_id)
    chosen = None
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["chosen"]
        starts_at, mode, site = chosen
        try:
            appointment, _token = services.appointment_book(
                appointment_type=appointment_type, starts_at=starts_at, mode=mode, site=site,
                name=form.cleaned_data["name"], phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"], by=request.user, inquiry=inquiry,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The appointment is booked. The citizen gets a confirmation."))
            return redirect("bookings:appointment-detail", pk=appointment.pk)
    elif request.method == "GET" and request.GET.get("slot"):
        chosen = selectors.parse_slot_value(request.GET["slot"], municipality_id=request.user.municipality_id)
    start = _parse_date(request.GET.get("from"), timezone.localdate())
    context.update({
        "form": form, "chosen": chosen,
        "days": selectors.public_slot_days(appointment_type=appointment_type, start=start, days=7),
        "start": start, "next": start + dt.timedelta(days=7),
        "slot_base": f"{reverse('bookings:appointment-create')}?type={appointment_type.pk}"
                     + (f"&inquiry={inquiry.pk}" if inquiry else ""),
    })
    return render(request, "bookings/appointment_create.html", context)


@requires(Cap.BOOK_APPOINTMENTS, Cap.OWN_APPOINTMENTS)
@require_GET
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointment_get(user=request.user, pk=pk)
    if appointment.personal_data_deleted_at is None:
        audit_record(actor=request.user, action=AuditAction.VIEW_PERSONAL_DATA, obj=appointment,
                     detail="appointment detail")
    return render(request, "bookings/appointment_detail.html", {
        "appointment": appointment, "changeable": services.appointment_changeable(appointment),
        "may_book": user_can(request.user, Cap.BOOK_APPOINTMENTS),
    })


@requires(Cap.BOOK_APPOINTMENTS)
@require_POST
def appointment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointment_get(user=request.user, pk=pk)
    try:
        services.appointment_cancel(appointment=appointment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The appointment is cancelled. The citizen is told."))
    return redirect("bookings:appointment-detail", pk=pk)


@requires(Cap.BOOK_APPOINTMENTS)
@require_http_methods(["GET", "POST"])
def appointment_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a citizen's appointment for them (they called or came by); they get a new confirmation."""
    appointment = selectors.appointment_get(user=request.user, pk=pk)
    if not services.appointment_changeable(appointment):
        messages.error(request, _("This appointment can no longer be moved."))
        return redirect("bookings:appointment-detail", pk=pk)
    form = MoveForm(request.POST or None, municipality_id=request.user.municipality_id)
    if request.method == "POST" and form.is_valid():
        starts_at, mode, site = form.cleaned_data["chosen"]
        try:
            services.appointment_move(appointment=appointment, starts_at=starts_at, mode=mode, site=site,
                                      by=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The appointment is moved. The citizen gets a new confirmation."))
            return redirect("bookings:appointment-detail", pk=pk)
    today = timezone.localdate()
    start = max(_parse_date(request.GET.get("from"), today), today)
    return render(request, "bookings/appointment_move.html", {
        "appointment": appointment, "form": form, "start": start, "next": start + dt.timedelta(days=7),
        "days": selectors.public_slot_days(appointment_type=appointment.appointment_type, start=start, days=7,
                                           ignore_appointment_id=appointment.pk),
    })


@requires(Cap.BOOK_APPOINTMENTS, Cap.OWN_APPOINTMENTS)
@require_http_methods(["GET", "POST"])
def my_feed(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.calendar_feed_renew(user=request.user)
        messages.success(request, _("A new address is made; the old one no longer works."))
        return redirect("bookings:my-feed")
    feed = services.calendar_feed_get_or_create(user=request.user)
    url = request.build_absolute_uri(reverse("bookings:caseworker-feed", kwargs={"token": feed.token}))
    return render(request, "bookings/my_feed.html", {"feed_url": url})


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def caseworker_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: the secret in the URL is the only key, as Outlook and Google need."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404

    def staff_url(appointment):
        return request.build_absolute_uri(reverse("bookings:appointment-detail", kwargs={"pk": appointment.pk}))

    content = exports.caseworker_feed(user=feed.user, staff_url=staff_url,
                                      appointments=selectors.caseworker_feed_appointments(user=feed.user))
    return _ics(content, "appointments.ics")


@require_GET
def resource_feed(request: HttpRequest, token: str) -> HttpResponse:
    resource = Resource.objects.select_related("site").filter(feed_token=token, active=True).first()
    if resource is None:
        raise Http404
    since, until = exports.feed_window()
    bookings = (ResourceBooking.objects.filter(resource=resource, active=True, starts_at__gte=since,
                                               starts_at__lt=until).select_related("request").order_by("starts_at"))
    return _ics(exports.resource_feed(resource=resource, bookings=bookings), f"{resource.slug}.ics")


@requires(Cap.OWN_APPOINTMENTS)
@require_http_methods(["GET", "POST"])
def my_availability(request: HttpRequest) -> HttpResponse:
    """A caseworker publishes their weekly times and the days they are away."""
    user = request.user
    rule_form = AvailabilityRuleForm(user=user, initial={"valid_from": timezone.localdate()})
    away_form = AvailabilityExceptionForm(prefix="away")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add-rule":
                rule_form = AvailabilityRuleForm(request.POST, user=user)
                if rule_form.is_valid():
                    services.availability_rule_create(by=user, **rule_form.cleaned_data)
                    messages.success(request, _("Your availability is published."))
                    return redirect("bookings:my-availability")
            elif action == "add-away":
                away_form = AvailabilityExceptionForm(request.POST, prefix="away")
                if away_form.is_valid():
                    services.availability_exception_create(by=user, **away_form.cleaned_data)
                    messages.success(request, _("Saved: you are away then."))
                    return redirect("bookings:my-availability")
            elif action in ("delete-rule", "delete-away"):
                pk = param(request.POST, "id", parse_id, 0)
                services.availability_delete(by=user, rule_id=pk if action == "delete-rule" else None,
                                             exception_id=pk if action == "delete-away" else None)
                messages.success(request, _("Removed."))
                return redirect("bookings:my-availability")
        except ValidationError as error:
            (rule_form if action == "add-rule" else away_form).add_service_errors(error)
    return render(request, "bookings/my_availability.html", {
        "rules": AvailabilityRule.objects.filter(caseworker=user).select_related("unit", "site"),
        "away": AvailabilityException.objects.filter(caseworker=user, date__gte=timezone.localdate()),
        "rule_form": rule_form, "away_form": away_form,
    })


# Resources and rentals


def _audit_private_renters(request: HttpRequest, request_ids, page: str) -> None:
    """A private renter's name is personal data (an association's or a company's is not):
    every page or export that shows one records the read."""
    renters = RentalRequest.objects.filter(
        pk__in=[pk for pk in request_ids if pk], municipality_id=request.user.municipality_id,
        category=PriceCategory.PRIVATE, personal_data_deleted_at__isnull=True,
    ).only("pk", "municipality_id")
    audit_personal_data_reads(actor=request.user, objects=list(renters), detail=page)


@requires(Cap.MANAGE_RENTALS)
@require_GET
def site_calendar(request: HttpRequest) -> HttpResponse:
    """A site's resources by day or week; each booking names the renter."""
    sites = list(Site.objects.filter(municipality_id=request.user.municipality_id, active=True).order_by("name"))
    if not sites:
        raise Http404
    site = next((s for s in sites if s.slug == request.GET.get("site")), None) or sites[0]
    view = "day" if request.GET.get("view") == "day" else "week"
    date = _parse_date(request.GET.get("date"), timezone.localdate())
    if view == "week":
        date -= dt.timedelta(days=date.weekday())
    days = 1 if view == "day" else 7
    rows = selectors.site_calendar(site=site, start=date, days=days)
    _audit_private_renters(request, {cell.request_id for row in rows for cells in row.days for cell in cells},
                           "resource calendar")
    calendar_cells(rows, public=False)
    step = dt.timedelta(days=days)
    return render(request, "bookings/site_calendar.html", {
        "sites": sites, "site": site, "view": view, "date": date, "rows": rows,
        "dates": [date + dt.timedelta(days=i) for i in range(days)],
        "previous": date - step, "next": date + step,
    })


@requires(Cap.MANAGE_RENTALS)
@require_GET
def rental_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", RentalStatus.REQUESTED)
    if status not in RentalStatus.values:
        status = RentalStatus.REQUESTED
    requests = list(selectors.rental_requests_for(user=request.user, status=status)[:200])
    _audit_private_renters(request, [rental.pk for rental in requests], "rental requests")
    seasons = Season.objects.filter(municipality_id=request.user.municipality_id)
    return render(request, "bookings/rental_list.html", {
        "requests": requests, "status": status, "statuses": RentalStatus.choices, "seasons": seasons,
    })


@requires(Cap.MANAGE_RENTALS)
@require_GET
def rental_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rental = selectors.rental_request_get(user=request.user, pk=pk)
    if rental.personal_data_deleted_at is None:
        audit_record(actor=request.user, action=AuditAction.VIEW_PERSONAL_DATA, obj=rental, detail="rental detail")
    conflicts = selectors.season_conflicts(
        selectors.rental_requests_for(user=request.user).filter(resource_id=rental.resource_id)
    ).get(rental.pk, [])
    return render(request, "bookings/rental_detail.html", {
        "rental": rental, "form": DeclineForm(), "conflicts": conflicts,
    })


def _back(request: HttpRequest, rental) -> HttpResponse:
    target = safe_next(request, request.POST.get("next"))
    if target and target.startswith("/bookings/"):
        return HttpResponseRedirect(target)
    return redirect("bookings:rental-detail", pk=rental.pk)


@requires(Cap.MANAGE_RENTALS)
@require_POST
def rental_approve(request: HttpRequest, pk: int) -> HttpResponse:
    rental = selectors.rental_request_get(user=request.user, pk=pk)
    try:
        rental_services.rental_request_approve(request=rental, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("Approved: %(what)s.") % {"what": rental})
    return _back(request, rental)


@requires(Cap.MANAGE_RENTALS)
@require_POST
def rental_decline(request: HttpRequest, pk: int) -> HttpResponse:
    rental = selectors.rental_request_get(user=request.user, pk=pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            rental_services.rental_request_decline(request=rental, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Declined: %(what)s.") % {"what": rental})
            return _back(request, rental)
    else:
        messages.error(request, _("Give the reason for declining; the renter is told."))
    return _back(request, rental)


@requires(Cap.MANAGE_RENTALS)
@require_GET
def season_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Seasonal allocation in one place: every request of the season by resource and
    weekday, the conflicts beside each, approve or decline from the same page."""
    season = get_object_or_404(Season, pk=pk, municipality_id=request.user.municipality_id)
    requests = list(selectors.rental_requests_for(user=request.user, season=season))
    _audit_private_renters(request, [rental.pk for rental in requests], "seasonal allocation")
    conflicts = selectors.season_conflicts(requests)
    requests.sort(key=lambda r: (r.resource.site.name, r.resource.name, r.first_date.weekday(), r.starts))
    for rental in requests:
        rental.conflicts_with = conflicts.get(rental.pk, [])
    return render(request, "bookings/season_detail.html", {
        "season": season, "requests": requests,
        "open_conflicts": sum(1 for r in requests if r.status == RentalStatus.REQUESTED and conflicts.get(r.pk)),
    })


@requires(Cap.MANAGE_RENTALS)
@require_GET
def invoice_export(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first = today.replace(day=1)
    form = InvoiceExportForm(request.GET or None, initial={
        "start": (first - dt.timedelta(days=1)).replace(day=1), "end": first - dt.timedelta(days=1), "format": "csv",
    })
    if request.GET and form.is_valid():
        data = form.cleaned_data
        rows = selectors.invoice_rows(municipality_id=request.user.municipality_id, start=data["start"],
                                      end=data["end"])
        name = f"utleie-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}"
        _audit_private_renters(request, [row.request_id for row in rows], f"invoicing export {name}")
        if data["format"] == "xlsx":
            response = HttpResponse(
                exports.invoice_xlsx(rows),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        else:
            response = HttpResponse(exports.invoice_csv(rows), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return render(request, "bookings/invoice_export.html", {"form": form})
