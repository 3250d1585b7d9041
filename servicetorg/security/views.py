from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from servicetorg.security import services


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
