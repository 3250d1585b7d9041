"""REST API v1: one NinjaAPI with a router per app. The schema is at /api/v1/openapi.json.

Every operation needs a bearer token (or a staff session, with CSRF on writes)
of an account that may use the API, except the public catalogue (`/catalogue/...`,
declared with auth=None): what a citizen may read needs no login. Bad input is a 400 that names each field
and why, never ninja's 422 and never a 500:
``{"errors": [{"field": "channel", "reason": "..."}]}``.
"""

import functools

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from servicetorg.accounts.perms import Cap, api_scope_map, scopes_for_user, user_can
from servicetorg.accounts.services import api_token_effective_scopes, api_token_get
from servicetorg.bookings.api import router as bookings_router
from servicetorg.catalogue.api import router as catalogue_router
from servicetorg.conversations.api import router as conversations_router
from servicetorg.forwarding.api import router as forwarding_router
from servicetorg.inquiries.api import router as inquiries_router


def _may_use_api(request: HttpRequest, user, scopes: frozenset[str]):
    """Checked at authentication, before the body is read, so that no operation can forget it:
    the account may use the API, and the token (or the session) has a scope the operation needs."""
    if not user_can(user, Cap.USE_API):
        raise PermissionDenied(_("This account may not use the API."))
    match = request.resolver_match
    route = match.route.removeprefix("api/v1/") if match else ""
    needed = _scope_map().get((request.method, route))
    if needed is None:
        # Not in any app's API_SCOPES: refused until someone decides who may use it.
        raise PermissionDenied(_("This operation is not open to tokens."))
    if not needed & scopes:
        raise PermissionDenied(_("The token lacks the scope this needs: %(scopes)s.") % {
            "scopes": " or ".join(sorted(needed))})
    return user


@functools.cache
def _scope_map():
    return api_scope_map()


class TokenAuth(HttpBearer):
    """`Authorization: Bearer st_...`, a key made by api_token_create."""

    def authenticate(self, request: HttpRequest, token: str):
        api_token = api_token_get(token)
        if api_token is None:
            # A wrong key is an answer, not a reason to fall back to the session.
            raise AuthenticationError(message=_("The API token is not valid."))
        return _may_use_api(request, api_token.user, api_token_effective_scopes(api_token))


class StaffSessionAuth(SessionAuth):
    """A logged-in staff member's session (all their role allows); ninja checks CSRF on unsafe methods."""

    def authenticate(self, request: HttpRequest, key: str | None):
        user = super().authenticate(request, key)
        if user is None:
            return None
        return _may_use_api(request, user, frozenset(str(scope) for scope in scopes_for_user(user)))


api = NinjaAPI(
    title="Servicetorg API",
    version="1",
    description="Inquiries of municipal service centres. Authenticate with `Authorization: Bearer <key>`.",
    urls_namespace="api",
    auth=[TokenAuth(), StaffSessionAuth()],
)
api.add_router("/inquiries", inquiries_router)
api.add_router("/forwarding", forwarding_router)
api.add_router("/conversations", conversations_router)
# Public: its operations are declared with auth=None.
api.add_router("/catalogue", catalogue_router)
# Public: free appointment times (auth=None), never who is booked.
api.add_router("/bookings", bookings_router)


def _errors(request: HttpRequest, errors: list[dict], status: int = 400) -> HttpResponse:
    return api.create_response(request, {"errors": errors}, status=status)


# Our own words for the pydantic errors an integration meets; others keep pydantic's text.
def _reason(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "enum":
        return _("Choose one of %(values)s.") % {"values": ctx.get("expected", "")}
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Give a whole number.")
    if kind in ("string_type",):
        return _("Give a text.")
    if kind == "value_error" and ctx.get("error") is not None:
        return str(ctx["error"])  # our own parsers' reason (servicetorg.core.parsing)
    if kind == "string_pattern_mismatch":
        return _("The text is empty or has a character that is not allowed here (such as NUL).")
    if kind == "string_too_long":
        return _("Use at most %(max)s characters.") % {"max": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Write at least %(min)s characters.") % {"min": ctx.get("min_length")}
    if kind == "literal_error":
        return _("Choose one of %(values)s.") % {"values": ctx.get("expected", "")}
    if kind in ("bool_parsing", "bool_type"):
        return _("Give true or false.")
    if kind.startswith(("datetime_", "date_")):
        return _("Give a date and time in ISO 8601 with a time zone, e.g. 2025-03-01T09:30:00+01:00.")
    if kind in ("model_attributes_type", "model_type", "dict_type"):
        return _("Send a JSON object.")
    if kind == "greater_than_equal":
        return _("Give a number of at least %(ge)s.") % {"ge": ctx.get("ge")}
    if kind == "less_than_equal":
        return _("Give a number of at most %(le)s.") % {"le": ctx.get("le")}
    return error.get("msg", _("Not valid."))


def _field(loc) -> str | None:
    # ninja's loc is (source, [parameter name,] field...): ("body", "payload", "channel"), ("query", "limit").
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts = parts[1:]
        if parts and parts[0] in ("payload", "params"):
            parts = parts[1:]
    return ".".join(parts) or None


@api.exception_handler(NinjaValidationError)
def on_bad_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [{"field": _field(err.get("loc", ())), "reason": _reason(err)} for err in exc.errors]
    return _errors(request, errors)


@api.exception_handler(DjangoValidationError)
def on_rejected_by_service(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": None if field == NON_FIELD_ERRORS else field, "reason": str(reason)}
            for field, reasons in exc.message_dict.items()
            for reason in reasons
        ]
    else:
        errors = [{"field": None, "reason": str(reason)} for reason in exc.messages]
    return _errors(request, errors)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def on_database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The database does not answer (or dropped the connection): say so as /healthz does, in JSON.
    response = api.create_response(
        request, {"detail": _("The service is temporarily unavailable. Try again shortly.")}, status=503
    )
    response["Retry-After"] = "30"
    return response


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = str(exc) or _("You do not have permission to do this.")
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja wraps a body it cannot parse in HttpError(400) raised from the parser's ValueError.
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        return _errors(request, [{"field": None, "reason": _("The request body is not valid JSON.")}])
    if isinstance(exc, AuthenticationError):
        detail = exc.message if exc.message != "Unauthorized" else _("Authentication is required.")
        response = api.create_response(request, {"detail": detail}, status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

