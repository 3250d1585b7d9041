import time

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from servicetorg.accounts.perms import Cap, requires
from servicetorg.catalogue.models import Service
from servicetorg.conversations import selectors, services
from servicetorg.conversations.forms import CloseForm, ContactForm, ForwardForm, ReplyForm
from servicetorg.conversations.models import Queue
from servicetorg.conversations.texts import catalogue_answer
from servicetorg.core.parsing import parse_id, parse_or
from servicetorg.organisation.models import Municipality

VIEW_LABELS = {"new": "New", "mine": "Mine", "waiting": "Waiting", "closed": "Closed"}


@requires(Cap.LOG_INQUIRIES)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("view", "new")
    if view not in selectors.VIEWS:
        view = "new"
    queues = list(selectors.queues_for(request.user))
    raw_queue = request.GET.get("queue") or ""
    queue_id = parse_or(raw_queue, parse_id)
    if queue_id and queue_id not in {q.pk for q in queues}:
        queue_id = None
    return render(request, "conversations/inbox.html", {
        "view": view, "queues": queues, "queue_id": queue_id,
        "conversations": selectors.conversation_list(user=request.user, view=view, queue_id=queue_id),
        "counts": selectors.conversation_counts(user=request.user, queue_id=queue_id),
    })


def _thread_context(request, conversation, **forms):
    municipality_id = request.user.municipality_id
    use = None
    use_id = parse_or(request.GET.get("use"), parse_id)
    if use_id is not None:
        use = Service.objects.filter(pk=use_id, municipality_id=municipality_id, active=True).first()
    base_url = request.build_absolute_uri("/").rstrip("/")
    suggestions = list(conversation.suggested_services.filter(active=True).select_related("area"))
    answers = {s.pk: catalogue_answer(service=s, language=conversation.language, base_url=base_url)
               for s in suggestions}
    reply_initial = {"text": catalogue_answer(service=use, language=conversation.language, base_url=base_url)} \
        if use else {}
    close_initial = {"service": (use or conversation.service or (suggestions[0] if suggestions else None))}
    return {
        "conversation": conversation,
        "thread": conversation.messages.prefetch_related("attachments").select_related("author"),
        "contact": selectors.contact_read(conversation=conversation, by=request.user),
        "suggestions": [(s, answers[s.pk]) for s in suggestions],
        "reply_form": forms.get("reply_form") or ReplyForm(initial=reply_initial),
        "close_form": forms.get("close_form") or CloseForm(
            initial=close_initial, municipality_id=municipality_id, prefix="close"),
        "forward_form": forms.get("forward_form") or ForwardForm(
            initial={"service": close_initial["service"]}, municipality_id=municipality_id, prefix="fwd"),
    }


@requires(Cap.LOG_INQUIRIES)
@require_GET
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = selectors.conversation_get(user=request.user, pk=pk)
    return render(request, "conversations/thread.html", _thread_context(request, conversation))


@requires(Cap.LOG_INQUIRIES)
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = selectors.conversation_get(user=request.user, pk=pk)
    try:
        services.conversation_claim(conversation=conversation, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("You have taken %(reference)s.") % {"reference": conversation.reference})
    return redirect("conversations:thread", pk=pk)


@requires(Cap.LOG_INQUIRIES)
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = selectors.conversation_get(user=request.user, pk=pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.conversation_reply(conversation=conversation, by=request.user, text=form.cleaned_data["text"],
                                        wait=form.cleaned_data["wait"], seconds=form.cleaned_data["seconds"] or 0)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your answer is on its way."))
            return redirect("conversations:thread", pk=pk)
    return render(request, "conversations/thread.html", _thread_context(request, conversation, reply_form=form),
                  status=400)


@requires(Cap.LOG_INQUIRIES)
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = selectors.conversation_get(user=request.user, pk=pk)
    form = CloseForm(request.POST, municipality_id=request.user.municipality_id, prefix="close")
    if form.is_valid():
        try:
            services.conversation_close(conversation=conversation, by=request.user,
                                        service=form.cleaned_data["service"], outcome=form.cleaned_data["outcome"],
                                        seconds=form.cleaned_data["seconds"] or 0)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(reference)s is closed and logged.") % {"reference": conversation.reference})
            return redirect("conversations:inbox")
    return render(request, "conversations/thread.html", _thread_context(request, conversation, close_form=form),
                  status=400)


@requires(Cap.FORWARD_INQUIRIES)
@require_POST
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = selectors.conversation_get(user=request.user, pk=pk)
    form = ForwardForm(request.POST, municipality_id=request.user.municipality_id, prefix="fwd")
    if form.is_valid():
        try:
            forwarding = services.conversation_forward(
                conversation=conversation, by=request.user, unit=form.cleaned_data["unit"],
                service=form.cleaned_data["service"], message=form.cleaned_data["message"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Forwarded to %(unit)s. Reference number: %(reference)s.")
                             % {"unit": forwarding.unit.name, "reference": forwarding.reference})
            return redirect("conversations:inbox")
    return render(request, "conversations/thread.html", _thread_context(request, conversation, forward_form=form),
                  status=400)


# ---------------------------------------------------------------- the citizens' contact form

def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _rate_limited(request: HttpRequest) -> bool:
    key = f"contact-form:{_client_address(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > settings.CONTACT_FORM_RATE_PER_HOUR


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=municipality_slug)
    queue = Queue.objects.filter(municipality=municipality, web_form=True, active=True).order_by("pk").first()
    if queue is None:
        raise Http404
    signer = signing.TimestampSigner(salt="conversations.contact")
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["website"]:
                # A honeypot filled in: a robot. It gets a page that looks like success and nothing is kept.
                return render(request, "conversations/contact_done.html", {"municipality": municipality,
                                                                           "reference": None})
            try:
                shown = float(signer.unsign(form.cleaned_data["shown"], max_age=24 * 3600))
            except (signing.BadSignature, ValueError):
                shown = None
            if shown is None or time.time() - shown < settings.CONTACT_FORM_MIN_SECONDS:
                form.add_error(None, _("The form was sent too quickly. Please check your message and send it again."))
            elif _rate_limited(request):
                form.add_error(None, _("You have sent many messages in a short time. Please try again later."))
            else:
                result = services.web_message_receive(
                    queue=queue, text=form.cleaned_data["message"], name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"], phone=form.cleaned_data["phone"],
                    language=(get_language() or "nb")[:2])
                return render(request, "conversations/contact_done.html", {
                    "municipality": municipality, "reference": result.conversation.reference,
                    "receipt": bool(form.cleaned_data["email"])})
        form.data = form.data.copy()
        form.data["shown"] = signer.sign(str(time.time()))
        status = 400
    else:
        form = ContactForm(initial={"shown": signer.sign(str(time.time()))})
        status = 200
    return render(request, "conversations/contact.html", {"municipality": municipality, "form": form},
                  status=status)
