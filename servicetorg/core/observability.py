"""Request ids, the access log and request metrics, in one middleware.

Every request gets an id (the proxy's `X-Request-ID` when it is a plain token, a
new one otherwise), echoed in the response and put on every log line written
while the request runs, with the staff member's numeric id. The access log
names the URL *pattern* (``/forwarding/<str:reference>/``), never the path
with its values or the query string, so no reference number, name, phone
number or search text typed by a citizen or a clerk reaches a log line.
"""

import contextvars
import logging
import re
import time
import uuid

from prometheus_client import Counter, Histogram

access_logger = logging.getLogger("servicetorg.access")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_staff_id: contextvars.ContextVar[str] = contextvars.ContextVar("staff_id", default="-")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

REQUEST_LATENCY = Histogram(
    "servicetorg_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it.",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
RESPONSES = Counter("servicetorg_responses_total", "Responses by view and status class.", ["view", "method", "status"])
_UNMEASURED = {"/healthz", "/readyz", "/metrics"}


def current_request_id() -> str:
    return _request_id.get()


class RequestContextFilter(logging.Filter):
    """Adds request_id and staff_id to every record (a dash outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = getattr(record, "request_id", None) or _request_id.get()
        record.staff_id = getattr(record, "staff_id", None) or _staff_id.get()
        return True


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"
    return "/" + match.route if match.route else (match.view_name or "<unnamed>")


class RequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        id_token = _request_id.set(request_id)
        staff_token = _staff_id.set("-")
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            user = getattr(request, "user", None)
            staff_id = str(user.pk) if user is not None and user.is_authenticated else "-"
            _staff_id.set(staff_id)
            route = _route(request)
            if request.path_info not in _UNMEASURED:
                REQUEST_LATENCY.labels(route, request.method).observe(elapsed)
                RESPONSES.labels(route, request.method, f"{response.status_code // 100}xx").inc()
                access_logger.info(
                    "%s %s %s", request.method, route, response.status_code,
                    extra={"method": request.method, "route": route, "status": response.status_code,
                           "duration_ms": round(elapsed * 1000, 1)},
                )
            response.headers["X-Request-ID"] = request_id
            return response
        finally:
            _request_id.reset(id_token)
            _staff_id.reset(staff_token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Authentication has run by now: log lines written by the view carry the staff id."""
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            _staff_id.set(str(user.pk))
