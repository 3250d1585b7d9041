import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from servicetorg.accounts.perms import Cap, requires, user_can
from servicetorg.organisation.models import StaffContact
from servicetorg.queues import selectors, services
from servicetorg.queues.forms import CheckInForm, KioskForm, PhoneMessageForm, TransferForm
from servicetorg.queues.models import Call, Counter, Ticket, TicketStatus

logger = logging.getLogger(__name__)

KIOSK_LANGUAGES = ("nb", "nn", "en")
# The display's fragment is cached this long: a hundred screens cost one query a second.
DISPLAY_CACHE_SECONDS = 1


def _kiosk_language(request) -> str:
    lang = request.POST.get("lang") or request.GET.get("lang") or "nb"
    return lang if lang in KIOSK_LANGUAGES else "nb"


# ------------------------------------------------------------------ kiosk ---

def _kiosk_guard(view):
    """The kiosk never shows an error page to a citizen: anything unexpected becomes a
    friendly message and the start again (and a log line for us)."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            raise
        except Exception:
            logger.exception("queue kiosk failed")
            with translation.override(_kiosk_language(request)):
                return render(request, "queues/kiosk_sorry.html", {"lang": _kiosk_language(request)})

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# A kiosk page stays open all day with no session: a CSRF token would go stale and show an
# error page, and there is no signed-in person whose rights a forged post could borrow.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@_kiosk_guard
def kiosk(request: HttpRequest, municipality_slug: str, site_slug: str) -> HttpResponse:
    """Take a number: big buttons per errand, an optional mobile number, three languages."""
    site = selectors.public_site(municipality_slug=municipality_slug, site_slug=site_slug)
    lang = _kiosk_language(request)
    with translation.override(lang):
        form = KioskForm(request.POST or None, site=site)
        if request.method == "POST" and form.is_valid():
            try:
                ticket = services.ticket_issue(site=site, errand=form.cleaned_data["errand"], language=lang,
                                               phone=form.cleaned_data["phone"])
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                return render(request, "queues/kiosk_ticket.html", {
                    "site": site, "ticket": ticket, "lang": lang,
                    "ahead": services.waiting_ahead(ticket),
                    "wait_minutes": -(-services.estimated_wait_seconds(ticket) // 60),
                })
        errands = [(e, e.label(lang)) for e in selectors.errands_for_site(site=site)]
        return render(request, "queues/kiosk.html", {"site": site, "form": form, "errands": errands, "lang": lang,
                                                     "languages": _language_links(request, lang)})


def _language_links(request, current):
    names = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}
    return [(code, names[code], f"{request.path}?{urlencode({'lang': code})}", code == current)
            for code in KIOSK_LANGUAGES]


@csrf_exempt
@require_http_methods(["GET", "POST"])
@_kiosk_guard
def kiosk_check_in(request: HttpRequest, municipality_slug: str, site_slug: str) -> HttpResponse:
    """Check in for an appointment with the booking reference (or the link in its QR code)."""
    site = selectors.public_site(municipality_slug=municipality_slug, site_slug=site_slug)
    lang = _kiosk_language(request)
    initial = {"reference": request.GET["ref"][:300]} if request.GET.get("ref") else None
    with translation.override(lang):
        form = CheckInForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                ticket = services.appointment_check_in(site=site, reference=form.cleaned_data["reference"],
                                                       language=lang)
            except ValidationError as error:
                form.add_error("reference", error.message_dict.get("reference", [_("Please ask at the counter.")]))
            else:
                return render(request, "queues/kiosk_ticket.html", {"site": site, "ticket": ticket, "lang": lang,
                                                                    "checked_in": True})
        return render(request, "queues/kiosk_check_in.html", {"site": site, "form": form, "lang": lang,
                                                              "languages": _language_links(request, lang)})


# ---------------------------------------------------------------- display ---

@require_GET
def display(request: HttpRequest, municipality_slug: str, site_slug: str) -> HttpResponse:
    """The waiting room's screen. htmx polls a small fragment every second (see display_rows)."""
    site = selectors.public_site(municipality_slug=municipality_slug, site_slug=site_slug)
    return render(request, "queues/display.html", {"site": site, **_display_context(site)})


def _display_context(site) -> dict:
    key = f"queues.display.{site.pk}"
    context = cache.get(key)
    if context is None:
        rows = selectors.display_rows(site=site)
        context = {"rows": rows, "waiting": selectors.waiting_count(site=site),
                   # Changes whenever a number is called or called again: the chime's cue.
                   "signature": "-".join(f"{r['pk']}.{r['calls']}" for r in rows[:1])}
        cache.set(key, context, DISPLAY_CACHE_SECONDS)
    return context


@require_GET
def display_rows(request: HttpRequest, municipality_slug: str, site_slug: str) -> HttpResponse:
    """Polling, not server-sent events: a one-second poll keeps the update under two seconds,
    needs no ASGI server or long-lived connections through proxies, and a dropped request
    is simply the next poll — the screen reconnects by itself after a network blip."""
    site = selectors.public_site(municipality_slug=municipality_slug, site_slug=site_slug)
    response = render(request, "queues/partials/display_rows.html", {"site": site, **_display_context(site)})
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- counter ---

@requires(Cap.SERVE_QUEUE)
@require_GET
def counter_list(request: HttpRequest) -> HttpResponse:
    """Choose a counter; and the calls you answered that are not logged yet."""
    user = request.user
    today = timezone.localdate()
    calls = (Call.objects.filter(municipality_id=user.municipality_id, answered_by=user, inquiry__isnull=True,
                                 answered_at__date=today).order_by("-answered_at")[:20])
    return render(request, "queues/counter_list.html", {
        "counters": selectors.counters_for_user(user=user), "calls": calls,
        "mine": Counter.objects.filter(staffed_by=user).select_related("site").first(),
    })


@requires(Cap.SERVE_QUEUE)
@require_GET
def counter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    counter = selectors.counter_get(user=request.user, pk=pk)
    ticket = services.current_ticket(counter=counter)
    waiting = (Ticket.objects.filter(site=counter.site, day=timezone.localdate(), status=TicketStatus.WAITING)
               .values("errand__name").annotate(n=Count("pk")).order_by("errand__name"))
    return render(request, "queues/counter_detail.html", {
        "counter": counter, "ticket": ticket, "waiting": waiting,
        "transfer_form": TransferForm(site=counter.site, exclude_counter=counter) if ticket else None,
    })


def _act(request, counter, action) -> HttpResponse:
    user = request.user
    ticket = services.current_ticket(counter=counter)
    try:
        if action == "take":
            services.counter_take(counter=counter, by=user)
        elif action == "leave":
            services.counter_leave(counter=counter, by=user)
            return redirect("queues:counter-list")
        elif action == "call-next":
            called = services.ticket_call_next(counter=counter, by=user)
            if called is None:
                messages.info(request, _("Nobody is waiting for you now."))
            else:
                messages.success(request, _("Called %(label)s.") % {"label": called.label})
        elif ticket is None:
            messages.error(request, _("No number is at this counter now."))
        elif action == "recall":
            services.ticket_recall(ticket=ticket, by=user)
            messages.success(request, _("Called %(label)s again.") % {"label": ticket.label})
        elif action == "serve":
            services.ticket_serve(ticket=ticket, by=user)
        elif action == "no-show":
            services.ticket_no_show(ticket=ticket, by=user)
            messages.success(request, _("%(label)s did not show up.") % {"label": ticket.label})
        elif action == "done":
            services.ticket_done(ticket=ticket, by=user)
            if user_can(user, Cap.LOG_INQUIRIES):  # caseworkers have no quick-log
                return redirect(f"{reverse('inquiries:quicklog')}?{urlencode({'queue_ticket': ticket.pk})}")
        elif action == "transfer":
            form = TransferForm(request.POST, site=counter.site, exclude_counter=counter)
            if not form.is_valid():
                messages.error(request, " ".join(form.errors.get("__all__", [])) or _("Choose where to send it."))
            else:
                services.ticket_transfer(ticket=ticket, by=user, errand=form.cleaned_data["errand"],
                                         counter=form.cleaned_data["counter"])
                messages.success(request, _("%(label)s was transferred.") % {"label": ticket.label})
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("queues:counter-detail", pk=counter.pk)


@requires(Cap.SERVE_QUEUE)
@require_POST
def counter_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    counter = selectors.counter_get(user=request.user, pk=pk)
    return _act(request, counter, action)


# ------------------------------------------------------------- live board ---

@requires(Cap.WATCH_QUEUES)
@require_GET
def live_board(request: HttpRequest) -> HttpResponse:
    board = selectors.live_board(user=request.user)
    template = "queues/partials/board.html" if request.htmx else "queues/board.html"
    return render(request, template, {"board": board})


# -------------------------------------------------------- phone messages ---

@requires(Cap.TAKE_MESSAGES)
@require_http_methods(["GET", "POST"])
def phone_message(request: HttpRequest, contact_pk: int) -> HttpResponse:
    """Take a message for a colleague in the staff directory (telefonnotat)."""
    contact = StaffContact.objects.filter(pk=contact_pk, municipality_id=request.user.municipality_id,
                                          active=True).first()
    if contact is None:
        raise Http404
    form = PhoneMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.phone_message_send(by=request.user, contact=contact, caller_name=data["caller_name"],
                                        caller_phone=data["caller_phone"], message=data["message"],
                                        channels=tuple(data["channels"]))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The message to %(name)s is on its way.") % {"name": contact.name})
            return redirect("queues:counter-list")
    return render(request, "queues/phone_message.html", {"form": form, "contact": contact})
