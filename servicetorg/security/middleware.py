import time

from django.conf import settings
from django.contrib.auth import logout

from servicetorg.security.context import client_address, public_client_address
from servicetorg.security.ratelimit import api_rate_limited

# The session's expiry is pushed forward at most this often, so that a busy
# page does not write the session on every request.
TOUCH_EVERY_SECONDS = 60
LAST_SEEN_KEY = "_last_seen"


class SecurityHeadersMiddleware:
    """Permissions-Policy on every answer, the API's rate limit, and the requesting
    address of anonymous requests for the SMS caps."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Citizens: not logged in, and not an integration with a token (staff work is not capped).
        anonymous = not request.user.is_authenticated and "HTTP_AUTHORIZATION" not in request.META
        token = public_client_address.set(client_address(request) if anonymous else None)
        try:
            response = None
            if request.path_info.startswith("/api/"):
                response = api_rate_limited(request)
            if response is None:
                response = self.get_response(request)
        finally:
            public_client_address.reset(token)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class SessionIdleMiddleware:
    """A logged-in session ends after SESSION_IDLE_MINUTES without a request.

    The stored session and its cookie expire SESSION_COOKIE_AGE (= the idle time)
    after they were last saved; this middleware saves the session again (which
    moves the expiry) when it was last touched more than a minute ago. A session
    found idle for longer is flushed here too, for session backends that do not
    expire by themselves (signed cookies).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
            elif last_seen is None or now - last_seen >= TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


MFA_SESSION_KEY = "_mfa_needed"


class SecondFactorMiddleware:
    """After the password, a person with a second factor (or whose role requires one)
    sees only the verification (or enrolment) page until they have passed it.

    Whether one is needed is decided once, at login, and kept in the session, so
    ordinary pages cost no query for it."""

    OPEN_PREFIXES = ("/security/mfa/", "/accounts/logout/", "/static/", "/i18n/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and request.session.get(MFA_SESSION_KEY)
                and not request.path_info.startswith(self.OPEN_PREFIXES) and not user.is_verified()):
            from django.shortcuts import redirect
            from django.urls import reverse
            from django.utils.http import urlencode

            target = "security:mfa-verify" if request.session[MFA_SESSION_KEY] == "verify" else "security:mfa-setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
