from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from servicetorg.security import services
from servicetorg.security.models import SealedMessage
from servicetorg.security.sealed import sealed_message_may_read, sealed_message_read


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """django-axes' answer to a locked account or address: 429 with Retry-After."""
    seconds = int(settings.AXES_COOLOFF_TIME * 3600)
    response = render(request, "security/locked_out.html", {"minutes": -(-seconds // 60)}, status=429)
    response["Retry-After"] = str(seconds)
    return response


@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    return render(request, "security/account_security.html", {
        "idle_minutes": settings.SESSION_IDLE_MINUTES,
    })


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    services.user_logout_everywhere(user=request.user)
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
@never_cache
@require_GET
def sealed_read(request: HttpRequest, pk: int) -> HttpResponse:
    """A sensitive message for the receiving unit's caseworker; anyone else gets 404."""
    sealed = (SealedMessage.objects.select_related("event__forwarding", "unit")
              .filter(pk=pk, municipality_id=request.user.municipality_id).first())
    if sealed is None or not sealed_message_may_read(sealed=sealed, user=request.user):
        raise Http404
    text = sealed_message_read(sealed=sealed, by=request.user)
    return render(request, "security/sealed_message.html", {"sealed": sealed, "text": text})
