from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from servicetorg.accounts.perms import Cap, requires
from servicetorg.core.htmx import render_page_or_fragment
from servicetorg.forwarding import selectors, services
from servicetorg.forwarding.forms import (
    CloseForm,
    ForwardForm,
    InboxFilterForm,
    LookupForm,
    MessageForm,
    ReplyForm,
    SendOnForm,
)
from servicetorg.forwarding.models import Status
from servicetorg.inquiries.selectors import inquiry_get

INBOX_PAGE_SIZE = 25


# ---------------------------------------------------------------- the service centre

@requires(Cap.FORWARD_INQUIRIES)
@require_http_methods(["GET", "POST"])
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    """Forward one inquiry, from the quick-log or the inquiry page."""
    inquiry = inquiry_get(user=request.user, pk=pk)
    existing = selectors.forwarding_of_inquiry(inquiry=inquiry)
    if existing is not None:
        messages.info(request, _("This inquiry has already been forwarded."))
        return redirect("forwarding:centre-detail", reference=existing.reference)
    if request.method == "POST":
        form = ForwardForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                forwarding = services.inquiry_forward(inquiry=inquiry, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Forwarded to %(unit)s. Reference number: %(reference)s.")
                                 % {"unit": forwarding.unit.name, "reference": forwarding.reference})
                return redirect("forwarding:centre-detail", reference=forwarding.reference)
    else:
        service = inquiry.service
        unit = inquiry.forwarded_to or (service.forward_to or service.owner_unit if service else None)
        form = ForwardForm(initial={"unit": unit.pk if unit else None, "message": inquiry.note}, user=request.user)
    return render(request, "forwarding/forward_form.html", {"form": form, "inquiry": inquiry})


@requires(Cap.FORWARD_INQUIRIES)
@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """"Where is my inquiry?": find a forwarding by the citizen's reference number."""
    form = LookupForm(request.GET or None)
    not_found = False
    if form.is_valid():
        try:
            forwarding = selectors.forwarding_for_centre(user=request.user, reference=form.cleaned_data["reference"])
        except Http404:
            not_found = True
        else:
            return redirect("forwarding:centre-detail", reference=forwarding.reference)
    return render(request, "forwarding/lookup.html", {
        "form": form, "not_found": not_found, "waiting": selectors.centre_waiting(user=request.user),
    })


@requires(Cap.FORWARD_INQUIRIES)
@require_GET
def centre_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """What the centre may know: for a sensitive unit only the status; otherwise
    the due date and the exchange with the unit (never the contact details)."""
    forwarding = selectors.forwarding_for_centre(user=request.user, reference=reference)
    events = [] if forwarding.sensitive else selectors.forwarding_events(forwarding=forwarding)
    answer_form = None
    if not forwarding.sensitive and forwarding.status == Status.WAITING_CENTRE:
        answer_form = MessageForm(prefix_id="answer", label=_("Answer the unit"))
    return render(request, "forwarding/centre_detail.html", {
        "forwarding": forwarding, "events": events, "answer_form": answer_form,
    })


@requires(Cap.FORWARD_INQUIRIES)
@require_POST
def centre_answer(request: HttpRequest, reference: str) -> HttpResponse:
    forwarding = selectors.forwarding_for_centre(user=request.user, reference=reference)
    form = MessageForm(request.POST, prefix_id="answer", label=_("Answer the unit"))
    if form.is_valid():
        try:
            services.forwarding_answer_centre(forwarding=forwarding, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your answer was sent to %(unit)s.") % {"unit": forwarding.unit.name})
            return redirect("forwarding:centre-detail", reference=forwarding.reference)
    events = [] if forwarding.sensitive else selectors.forwarding_events(forwarding=forwarding)
    return render(request, "forwarding/centre_detail.html", {
        "forwarding": forwarding, "events": events, "answer_form": form,
    }, status=400)


# ---------------------------------------------------------------- the unit's inbox

@requires(Cap.WORK_UNIT_INBOX)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """A unit's inbox: most urgent first, a page at a time, counters from the open cases only."""
    units = selectors.inbox_units(user=request.user)
    form = InboxFilterForm(request.GET or None, units=units)
    unit = form.chosen_unit()
    rows, next_url, counts = [], None, None
    filters = form.filters()
    if unit is not None:
        now = timezone.now()
        qs = selectors.inbox_list(user=request.user, unit=unit, filters=filters, now=now)
        closed = filters.status == Status.CLOSED
        try:
            rows, cursor = selectors.inbox_page(qs=qs, closed=closed, cursor=request.GET.get("cursor"),
                                                limit=INBOX_PAGE_SIZE)
        except selectors.BadCursor:
            messages.error(request, _("That page link is no longer valid; showing the first page."))
            rows, cursor = selectors.inbox_page(qs=qs, closed=closed, cursor=None, limit=INBOX_PAGE_SIZE)
        if cursor:
            params = request.GET.copy()
            params["cursor"] = cursor
            next_url = f"{reverse('forwarding:inbox')}?{params.urlencode()}"
        counts = selectors.inbox_counts(user=request.user, unit=unit, now=now)
    context = {"form": form, "unit": unit, "rows": rows, "next_url": next_url, "counts": counts,
               "now": timezone.now(), "closed": filters.status == Status.CLOSED}
    return render_page_or_fragment(request, "forwarding/inbox.html", "forwarding/partials/inbox_results.html", context)


def _case_context(request, forwarding, **forms) -> dict:
    contact = selectors.forwarding_contact(forwarding=forwarding, user=request.user)
    context = {
        "forwarding": forwarding,
        "inquiry": forwarding.inquiry,
        "contact": contact,
        "events": selectors.forwarding_events(forwarding=forwarding),
        "now": timezone.now(),
        "reply_form": ReplyForm(contact=contact),
        "close_form": CloseForm(),
        "send_on_form": SendOnForm(user=request.user, current_unit_id=forwarding.unit_id),
        "ask_form": MessageForm(prefix_id="ask", label=_("What does the unit need from the service centre?")),
        "resume_form": MessageForm(prefix_id="resume", label=_("What did the citizen answer? (optional)"),
                                   required=False),
    }
    context.update(forms)
    return context


@requires(Cap.WORK_UNIT_INBOX)
@require_GET
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    forwarding = selectors.forwarding_for_unit(user=request.user, reference=reference)
    return render(request, "forwarding/case_detail.html", _case_context(request, forwarding))


def _case_action(request, reference, *, form_name, make_form, act, done):
    """POST one action on a case: valid → service → redirect; invalid → the page again with the errors."""
    forwarding = selectors.forwarding_for_unit(user=request.user, reference=reference)
    form = make_form(forwarding)
    if form is None or form.is_valid():
        try:
            act(forwarding, form.cleaned_data if form is not None else {})
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect("forwarding:case-detail", reference=forwarding.reference)
            form.add_service_errors(error)
        except PermissionDenied as denied:
            messages.error(request, str(denied))
            return redirect("forwarding:case-detail", reference=forwarding.reference)
        else:
            messages.success(request, done(forwarding))
            return redirect("forwarding:case-detail", reference=forwarding.reference)
    context = _case_context(request, forwarding, **{form_name: form})
    return render(request, "forwarding/case_detail.html", context, status=400)


@requires(Cap.WORK_UNIT_INBOX)
@require_POST
def case_claim(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_action(
        request, reference, form_name="", make_form=lambda f: None,
        act=lambda f, data: services.forwarding_claim(forwarding=f, by=request.user),
        done=lambda f: _("You have claimed %(reference)s.") % {"reference": f.reference},
    )


@requires(Cap.WORK_UNIT_INBOX)
@require_POST
def case_reply(request: HttpRequest, reference: str) -> HttpResponse:
    def make_form(forwarding):
        contact = services.contact_of(forwarding)
        return ReplyForm(request.POST, contact=contact)

    return _case_action(
        request, reference, form_name="reply_form", make_form=make_form,
        act=lambda f, data: services.forwarding_reply(forwarding=f, by=request.user, **data),
        done=lambda f: _("The reply is on its way to the citizen."),
    )


@requires(Cap.WORK_UNIT_INBOX)
@require_POST
def case_resume(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_action(
        request, reference, form_name="resume_form",
        make_form=lambda f: MessageForm(request.POST, prefix_id="resume", required=False),
        act=lambda f, data: services.forwarding_resume(forwarding=f, by=request.user, **data),
        done=lambda f: _("The clock runs again."),
    )


@requires(Cap.WORK_UNIT_INBOX)
@require_POST
def case_close(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_action(
        request, reference, form_name="close_form", make_form=lambda f: CloseForm(request.POST),
        act=lambda f, data: services.forwarding_close(forwarding=f, by=request.user, **data),
        done=lambda f: _("%(reference)s is closed.") % {"reference": f.reference},
    )


@requires(Cap.WORK_UNIT_INBOX)
@require_POST
def case_send_on(request: HttpRequest, reference: str) -> HttpResponse:
    forwarding = selectors.forwarding_for_unit(user=request.user, reference=reference)
    form = SendOnForm(request.POST, user=request.user, current_unit_id=forwarding.unit_id)
    if form.is_valid():
        try:
            services.forwarding_send_on(forwarding=forwarding, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        except PermissionDenied as denied:
            messages.error(request, str(denied))
            return redirect("forwarding:case-detail", reference=forwarding.reference)
        else:
            # The case has left the unit's inbox: back to the inbox.
            messages.success(request, _("Sent on to %(unit)s.") % {"unit": forwarding.unit.name})
            return redirect("forwarding:inbox")
    context = _case_context(request, forwarding, send_on_form=form)
    return render(request, "forwarding/case_detail.html", context, status=400)


@requires(Cap.WORK_UNIT_INBOX)
@require_POST
def case_ask(request: HttpRequest, reference: str) -> HttpResponse:
    return _case_action(
        request, reference, form_name="ask_form",
        make_form=lambda f: MessageForm(request.POST, prefix_id="ask"),
        act=lambda f, data: services.forwarding_ask_centre(forwarding=f, by=request.user, **data),
        done=lambda f: _("The service centre has been asked."),
    )
