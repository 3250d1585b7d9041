from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device

from servicetorg.security import mfa, services
from servicetorg.security.middleware import MFA_SESSION_KEY
from servicetorg.security.models import SealedMessage
from servicetorg.security.sealed import sealed_message_may_read, sealed_message_read


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The username django-axes records for a sign-in attempt, at most 150 characters (Django's own)."""
    value = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(value)[:150]


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """django-axes' answer to a locked account or address: 429 with Retry-After."""
    seconds = int(settings.AXES_COOLOFF_TIME * 3600)
    response = render(request, "security/locked_out.html", {"minutes": -(-seconds // 60)}, status=429)
    response["Retry-After"] = str(seconds)
    return response


@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    return render(request, "security/account_security.html", {
        "idle_minutes": settings.SESSION_IDLE_MINUTES, "has_mfa": user_has_device(request.user),
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


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class TokenForm(forms.Form):
    token = forms.CharField(label=_("Code"), max_length=16, widget=forms.TextInput(
        attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the QR code (or type the key), confirm with a code."""
    device = mfa.totp_pending(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.totp_confirm(user=request.user, device=device, token=form.cleaned_data["token"])
        if codes is None:
            form.add_error("token", _("The code is not right. Type the six digits the app shows now."))
        else:
            otp_login(request, device)
            request.session[MFA_SESSION_KEY] = "verify"
            return render(request, "security/recovery_codes.html", {"codes": codes, "next": _next(request)})
    return render(request, "security/mfa_setup.html", {
        "form": form, "qr_svg": mfa.totp_qr_svg(device), "secret": mfa.totp_secret(device), "next": _next(request),
        "required": request.user.role in settings.MFA_REQUIRED_ROLES,
    }, status=400 if form.errors else 200)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """The login's second step: a code from the authenticator app or a recovery code."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip().replace(" ", ""))
        if device is None:
            form.add_error("token", _("The code is not right. Type the code the app shows now, or a recovery code."))
        else:
            otp_login(request, device)
            return redirect(_next(request))
    return render(request, "security/mfa_verify.html", {"form": form, "next": _next(request)},
                  status=400 if form.errors else 200)
