from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from servicetorg.accounts.perms import Cap, requires
from servicetorg.catalogue.selectors import service_typeahead
from servicetorg.core.htmx import render_page_or_fragment
from servicetorg.core.parsing import parse_id, parse_or
from servicetorg.inquiries import hooks, selectors, services
from servicetorg.inquiries.forms import DEFAULT_OUTCOME, InquiryFilterForm, InquiryForm
from servicetorg.inquiries.models import Channel, Inquiry, Outcome
from servicetorg.organisation.models import Site

LIST_PAGE_SIZE = 50


def _quicklog_initial(user) -> dict:
    site_id = user.last_site_id
    if site_id is None:
        first = user.sites.order_by("name").first() or Site.objects.filter(
            municipality_id=user.municipality_id, active=True
        ).order_by("name").first()
        site_id = first.pk if first else None
    return {"channel": user.last_channel or Channel.PHONE, "site": site_id, "language": "nb"}


def _today_context(user, site_id) -> dict:
    today = list(selectors.inquiry_today_for_user(user=user))
    editable = {i.pk for i in today if services.inquiry_editable(inquiry=i, by=user)}
    today_date = timezone.localdate().isoformat()
    previous = max((i.created_at for i in today), default=None)
    return {
        "min_measured_seconds": settings.INQUIRY_MIN_MEASURED_SECONDS,
        "max_handling_seconds": settings.INQUIRY_MAX_HANDLING_SECONDS,
        # For "since my previous save": milliseconds since this clerk's last save today, as the page is made.
        "since_previous_ms": int((timezone.now() - previous).total_seconds() * 1000) if previous else "",
        "today": today,
        "editable": editable,
        "counters": selectors.inquiry_day_counters(user=user, site_id=site_id),
        "today_list_url": f"{reverse('inquiries:inquiry-list')}?date_from={today_date}&date_to={today_date}",
    }


@requires(Cap.LOG_INQUIRIES)
@require_http_methods(["GET", "POST"])
def quicklog(request: HttpRequest) -> HttpResponse:
    """Log an inquiry in seconds. With htmx the answer is the fresh form plus the
    updated list and counters; without JavaScript it is an ordinary post-redirect-get."""
    user = request.user
    saved = None
    if request.method == "POST":
        form = InquiryForm(request.POST, user=user)
        if form.is_valid():
            try:
                saved = services.inquiry_create(by=user, received_at=form.received(), **form.service_kwargs())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                hooks.quicklog_saved(request.POST, inquiry=saved, user=user)  # e.g. the ticket or call it served
        if saved and not request.htmx:
            messages.success(request, _("Saved: %(what)s.") % {"what": saved.service or saved.area})
            return redirect("inquiries:quicklog")
        if saved:
            form = InquiryForm(initial=_quicklog_initial(user), user=user)
    else:
        # Done at the counter or an answered call pre-fills the form (queues: ?queue_ticket= / ?queue_call=)
        initial = {**_quicklog_initial(user), **hooks.quicklog_prefill(request.GET, user=user)}
        form = InquiryForm(initial=initial, user=user)
    # The raw value of a bound form is whatever was posted ("abc", "²"): only a real id reaches the counters.
    site_id = parse_or(form["site"].value(), parse_id, user.last_site_id)
    context = {"form": form, "saved": saved, "default_outcome": DEFAULT_OUTCOME, **_today_context(user, site_id)}
    if request.htmx:
        return render(request, "inquiries/partials/quicklog_response.html", context)
    return render(request, "inquiries/quicklog.html", context)


@requires(Cap.LOG_INQUIRIES)
@require_GET
def service_options(request: HttpRequest) -> HttpResponse:
    """The typeahead's options for what the clerk has typed so far."""
    q = request.GET.get("pick_label", request.GET.get("q", ""))[:100]
    picks = service_typeahead(municipality_id=request.user.municipality_id, q=q)
    options = [(pick, DEFAULT_OUTCOME[pick.handling]) for pick in picks]
    return render(request, "inquiries/partials/service_options.html", {"options": options, "q": q})


@requires(Cap.LOG_INQUIRIES)
@require_POST
def inquiry_undo(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = selectors.inquiry_get(user=request.user, pk=pk)
    try:
        services.inquiry_undo(inquiry=inquiry, by=request.user)
    except PermissionDenied as denied:
        message = str(denied) or _("You cannot undo this inquiry.")
        if request.htmx:
            context = {"error": message, **_today_context(request.user, request.user.last_site_id)}
            return render(request, "inquiries/partials/today_response.html", context)
        messages.error(request, message)
        return redirect("inquiries:quicklog")
    if request.htmx:
        context = {"undone": True, **_today_context(request.user, request.user.last_site_id)}
        return render(request, "inquiries/partials/today_response.html", context)
    messages.success(request, _("The inquiry was removed."))
    return redirect("inquiries:quicklog")


def _form_initial_from(inquiry: Inquiry) -> dict:
    if inquiry.service_id:
        pick, label = f"service:{inquiry.service_id}", inquiry.service.name
    else:
        pick, label = f"area:{inquiry.area_id}", inquiry.area.name
    return {
        "channel": inquiry.channel, "site": inquiry.site_id, "pick": pick, "pick_label": label,
        "outcome": inquiry.outcome, "forwarded_to": inquiry.forwarded_to_id, "language": inquiry.language,
        "minutes": None if inquiry.handling_seconds is None else round(inquiry.handling_seconds / 60, 1),
        "note": inquiry.note,
    }


@requires(Cap.LOG_INQUIRIES)
@require_http_methods(["GET", "POST"])
def inquiry_update(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = selectors.inquiry_get(user=request.user, pk=pk)
    if not services.inquiry_editable(inquiry=inquiry, by=request.user):
        messages.error(request, _("The time to change this inquiry has run out."))
        return redirect("inquiries:quicklog")
    if request.method == "POST":
        form = InquiryForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.inquiry_update(inquiry=inquiry, by=request.user, **form.service_kwargs())
            except ValidationError as error:
                form.add_service_errors(error)
            except PermissionDenied as denied:
                messages.error(request, str(denied))
                return redirect("inquiries:quicklog")
            else:
                messages.success(request, _("The inquiry was changed."))
                return redirect("inquiries:quicklog")
    else:
        form = InquiryForm(initial=_form_initial_from(inquiry), user=request.user)
    return render(request, "inquiries/inquiry_form.html", {
        "form": form, "inquiry": inquiry, "default_outcome": DEFAULT_OUTCOME,
    })


@requires(Cap.LOG_INQUIRIES, Cap.VIEW_MUNICIPALITY_INQUIRIES, Cap.VIEW_UNIT_INQUIRIES)
@require_GET
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = selectors.inquiry_get(user=request.user, pk=pk)
    return render(request, "inquiries/inquiry_detail.html", {
        "inquiry": inquiry, "editable": services.inquiry_editable(inquiry=inquiry, by=request.user),
    })


@requires(Cap.LOG_INQUIRIES, Cap.VIEW_MUNICIPALITY_INQUIRIES, Cap.VIEW_UNIT_INQUIRIES)
@require_GET
def inquiry_list(request: HttpRequest) -> HttpResponse:
    """Newest first, paged by a keyset cursor: no COUNT over millions of rows."""
    form = InquiryFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_valid() else selectors.InquiryFilters()
    qs = selectors.inquiry_list(user=request.user, filters=filters)
    try:
        rows, next_cursor = selectors.inquiry_page(qs=qs, cursor=request.GET.get("cursor"), limit=LIST_PAGE_SIZE)
    except selectors.BadCursor:
        messages.error(request, _("That page link is no longer valid; showing the newest inquiries."))
        rows, next_cursor = selectors.inquiry_page(qs=qs, cursor=None, limit=LIST_PAGE_SIZE)
    next_url = None
    if next_cursor:
        params = request.GET.copy()
        params["cursor"] = next_cursor
        next_url = f"{reverse('inquiries:inquiry-list')}?{params.urlencode()}"
    context = {"form": form, "inquiries": rows, "next_url": next_url, "outcomes": Outcome}
    return render_page_or_fragment(request, "inquiries/inquiry_list.html", "inquiries/partials/inquiry_results.html",
                                   context)
