"""Rate limits on Django's cache through django-ratelimit: per client address on the
public forms, per token (or staff account) and per address on the API. A client over
its limit gets 429 Too Many Requests with Retry-After (seconds until the window ends)."""

import functools
import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from servicetorg.security.context import client_address


def _retry_after(usage: dict) -> int:
    return max(int(usage.get("time_left") or 0), 1)


def _address(group, request) -> str:
    """The client's address; a request without one (a test client, a misconfigured proxy) shares one bucket."""
    return client_address(request)


def _over(request: HttpRequest, *, group: str, key, rate: str) -> int | None:
    """Count this request; the seconds to wait when it is over the limit, else None."""
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return _retry_after(usage)


def _token_key(group: str, request: HttpRequest) -> str:
    # The token itself never goes into the cache key: its SHA-256 does.
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:7].lower() == "bearer ":
        return "token:" + hashlib.sha256(header[7:].strip().encode()).hexdigest()
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return ""


def api_rate_limited(request: HttpRequest) -> HttpResponse | None:
    """None, or the API's 429 answer: per token (or session account), then per address."""
    identity = _token_key("api", request)
    if identity:
        wait = _over(request, group="api-token", key=lambda group, request: identity, rate=settings.RATELIMIT_API)
    else:
        wait = _over(request, group="api-address", key=_address, rate=settings.RATELIMIT_ANONYMOUS_API)
    if wait is None:
        return None
    response = JsonResponse({"detail": _("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": wait}},
                            status=429)
    response["Retry-After"] = str(wait)
    return response


def rate_limited(group: str, *, rate_setting: str = "RATELIMIT_PUBLIC_FORMS", methods=("POST",)):
    """Limit a public view per client address: over the limit, a translated 429 page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.method in methods:
                wait = _over(request, group=group, key=_address, rate=getattr(settings, rate_setting))
                if wait is not None:
                    response = render(request, "security/too_many_requests.html", {"minutes": -(-wait // 60)},
                                      status=429)
                    response["Retry-After"] = str(wait)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
