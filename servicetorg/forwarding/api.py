"""Forwarding in REST API v1, so a unit's case system can take part: forward an
inquiry, read a unit's inbox, reply and close, and read status and due time by
reference. The operations call the same services and selectors as the screens.
Contact details never leave through the API."""

import datetime as dt
from typing import Annotated, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from pydantic import ConfigDict, Strict

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.core.schemas import NUL_FREE, DetailOut, ErrorsOut, JsonInt, Text
from servicetorg.forwarding import selectors, services
from servicetorg.forwarding.models import CloseOutcome, Forwarding, Status
from servicetorg.inquiries.selectors import inquiry_get
from servicetorg.notifications.models import NotificationChannel
from servicetorg.organisation.models import Unit

router = Router(tags=["forwarding"])

MAX_ID = 2**63 - 1
BodyId = Annotated[JsonInt, Field(ge=1, le=MAX_ID)]
Reference = Annotated[str, Path(max_length=40, pattern=NUL_FREE, description="The reference, e.g. K7M4-Q2XD.")]
ERRORS = {400: ErrorsOut, 401: DetailOut, 403: DetailOut, 404: DetailOut, 503: DetailOut}


PHONE = r"^(\+?[0-9][0-9 ]{5,20})?$"
EMAIL = r"^([^@\s\x00]+@[^@\s\x00]+)?$"
# A receipt, or a name, needs somewhere to reach the citizen: a phone number or an e-mail address.
_REACHABLE = [{"required": ["phone"], "properties": {"phone": {"minLength": 1}}},
              {"required": ["email"], "properties": {"email": {"minLength": 1}}}]


class ForwardIn(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"allOf": [
        {"anyOf": [{"not": {"required": ["send_receipt"]}}, {"properties": {"send_receipt": {"const": False}}},
                   *_REACHABLE]},
        {"anyOf": [{"not": {"required": ["name"]}}, {"properties": {"name": {"maxLength": 0}}}, *_REACHABLE]},
    ]})

    inquiry: BodyId = Field(description="Id of an inquiry you may see, not forwarded before.")
    unit: BodyId = Field(description="Id of one of your municipality's units or external bodies.")
    message: Text(services.MESSAGE_MAX, blank=False) = Field(description="What the unit needs to know.")
    name: Text(150) = Field("", description="The citizen's name, when a reply is owed; needs a phone or e-mail.")
    phone: str = Field("", max_length=30, pattern=PHONE,
                       description="Phone number, checked with phonenumbers; Norwegian unless it has a +country code.")
    email: str = Field("", max_length=254, pattern=EMAIL, description="E-mail address.")
    send_receipt: Annotated[bool, Strict()] = Field(
        False, description="Send the citizen the reference number; needs a phone or an e-mail address."
    )


class ForwardingOut(Schema):
    reference: str
    inquiry: int
    unit: int
    unit_name: str
    service_name: str | None
    area: str
    sensitive: bool
    status: Status
    forwarded_at: dt.datetime
    first_response_due_at: dt.datetime
    first_response_at: dt.datetime | None
    due_at: dt.datetime
    overdue: bool
    claimed_by: int | None
    closed_at: dt.datetime | None
    outcome: CloseOutcome | None

    @staticmethod
    def resolve_inquiry(obj: Forwarding) -> int:
        return obj.inquiry_id

    @staticmethod
    def resolve_unit(obj: Forwarding) -> int:
        return obj.unit_id

    @staticmethod
    def resolve_unit_name(obj: Forwarding) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_service_name(obj: Forwarding) -> str | None:
        return obj.inquiry.service.name if obj.inquiry.service_id else None

    @staticmethod
    def resolve_area(obj: Forwarding) -> str:
        return obj.inquiry.area_id

    @staticmethod
    def resolve_overdue(obj: Forwarding) -> bool:
        return obj.is_overdue

    @staticmethod
    def resolve_claimed_by(obj: Forwarding) -> int | None:
        return obj.claimed_by_id

    @staticmethod
    def resolve_outcome(obj: Forwarding) -> str | None:
        return obj.outcome or None


class StatusOut(Schema):
    reference: str
    status: Status
    sensitive: bool
    forwarded_at: dt.datetime | None = Field(description="Null for a sensitive unit, seen from the centre.")
    unit_name: str | None = Field(description="Null for a sensitive unit, seen from the centre.")
    due_at: dt.datetime | None = Field(description="Final answer due; null when closed or for a sensitive unit.")
    closed_at: dt.datetime | None


class InboxCountsOut(Schema):
    new: int
    claimed: int
    waiting_citizen: int
    waiting_centre: int
    overdue: int
    mine: int


class InboxPage(Schema):
    items: list[ForwardingOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")
    counts: InboxCountsOut


class InboxParams(Schema):
    unit: int = Field(..., ge=1, le=MAX_ID, description="Id of one of your units; another is refused with 400.")
    status: Literal["open", "new", "claimed", "waiting_citizen", "waiting_centre", "closed"] = Field(
        "open", description="open, closed, new, claimed, waiting_citizen or waiting_centre."
    )
    overdue: bool = False
    mine: bool = Field(False, description="Only what you have claimed.")
    limit: int = Field(50, ge=1, le=settings.API_PAGE_SIZE_MAX,
                       description="Items per page; at most API_PAGE_SIZE_MAX (200 by default).")
    cursor: str | None = Field(None, max_length=200, pattern=NUL_FREE,
                               description="`next_cursor` of the previous page; any other value is refused with 400.")


class ReplyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    channel: NotificationChannel = Field(description="A channel the citizen gave a contact detail for.")
    message: Text(services.MESSAGE_MAX, blank=False)
    wait_for_citizen: Annotated[bool, Strict()] = Field(False, description="Pause the clock until resumed.")


class CloseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    outcome: CloseOutcome
    message: Text(services.MESSAGE_MAX) = ""


def _by_reference(*operations: str) -> dict:
    return {op: {"operationId": op, "parameters": {"reference": "$response.body#/reference"}} for op in operations}


# OpenAPI links: what a client (and schemathesis' stateful run) may do next with the answer.
FORWARDED_LINKS = {"responses": {"201": {"links": _by_reference("forwarding_status", "forwarding_reply",
                                                                 "forwarding_close")}}}


@router.post("", response={201: ForwardingOut, **ERRORS}, operation_id="forwarding_create",
             summary="Forward an inquiry", openapi_extra=FORWARDED_LINKS)
def forward(request: HttpRequest, payload: ForwardIn):
    """Forward an inquiry you may see to a unit or external body; the answer carries the reference number."""
    user = request.auth
    if not user_can(user, Cap.FORWARD_INQUIRIES):
        raise PermissionDenied(_("Your role does not forward inquiries."))
    try:
        inquiry = inquiry_get(user=user, pk=payload.inquiry)
    except Http404:
        raise ValidationError({"inquiry": [_("No inquiry of yours has this id.")]}) from None
    unit = Unit.objects.filter(pk=payload.unit, municipality_id=user.municipality_id).first()
    if unit is None:
        raise ValidationError({"unit": [_("Choose one of your municipality's units.")]})
    forwarding = services.inquiry_forward(
        inquiry=inquiry, unit=unit, by=user, message=payload.message, name=payload.name, phone=payload.phone,
        email=payload.email, send_receipt=payload.send_receipt,
    )
    return 201, forwarding


@router.get("/inbox", response={200: InboxPage, **ERRORS}, operation_id="forwarding_inbox",
            summary="A unit's inbox")
def inbox(request: HttpRequest, params: Query[InboxParams]):
    """Open inquiries by due time (the most urgent first), or closed ones newest first; a page at a time."""
    user = request.auth
    if not user_can(user, Cap.WORK_UNIT_INBOX):
        raise PermissionDenied(_("Only a unit's caseworkers have an inbox."))
    errors: dict[str, list[str]] = {}
    if params.limit > settings.API_PAGE_SIZE_MAX:
        errors["limit"] = [_("Ask for at most %(max)s items.") % {"max": settings.API_PAGE_SIZE_MAX}]
    if params.status not in ("open", *Status.values):
        errors["status"] = [_("Choose one of %(values)s.") % {"values": ", ".join(("open", *Status.values))}]
    unit = next((u for u in selectors.inbox_units(user=user) if u.pk == params.unit), None)
    if unit is None:
        errors["unit"] = [_("You do not work in this unit.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    filters = selectors.InboxFilters(status=params.status, overdue=params.overdue, mine=params.mine)
    qs = selectors.inbox_list(user=user, unit=unit, filters=filters, now=now)
    try:
        items, cursor = selectors.inbox_page(qs=qs, closed=params.status == Status.CLOSED, cursor=params.cursor,
                                             limit=params.limit)
    except selectors.BadCursor:
        reason = _("This cursor is not valid. Use next_cursor from the last page.")
        raise ValidationError({"cursor": [reason]}) from None
    for item in items:
        item.unit = unit  # every row is this unit's: no join, no query per row
    counts = selectors.inbox_counts(user=user, unit=unit, now=now)
    return {"items": items, "next_cursor": cursor, "counts": counts.__dict__}


def _status(forwarding: Forwarding, *, full: bool) -> dict:
    return {
        "reference": forwarding.reference, "status": forwarding.status, "sensitive": forwarding.sensitive,
        "forwarded_at": forwarding.forwarded_at if full else None,
        "unit_name": forwarding.unit.name if full else None,
        "due_at": forwarding.due_at if full and forwarding.is_open else None,
        "closed_at": forwarding.closed_at,
    }


@router.get("/{reference}", response={200: StatusOut, **ERRORS}, operation_id="forwarding_status",
            summary="Status and due time by reference")
def status(request: HttpRequest, reference: Reference):
    """"Where is my inquiry?": the status, and the due time unless the unit is sensitive and you are not in it."""
    user = request.auth
    if selectors.inbox_units(user=user):
        try:
            return _status(selectors.forwarding_for_unit(user=user, reference=reference), full=True)
        except Http404:
            pass
    forwarding = selectors.forwarding_for_centre(user=user, reference=reference)
    return _status(forwarding, full=not forwarding.sensitive)


@router.post("/{reference}/reply", response={200: ForwardingOut, **ERRORS}, operation_id="forwarding_reply",
             summary="Reply to the citizen")
def reply(request: HttpRequest, reference: Reference, payload: ReplyIn):
    forwarding = selectors.forwarding_for_unit(user=request.auth, reference=reference)
    return services.forwarding_reply(forwarding=forwarding, by=request.auth, message=payload.message,
                                     channel=payload.channel, wait_for_citizen=payload.wait_for_citizen)


@router.post("/{reference}/close", response={200: ForwardingOut, **ERRORS}, operation_id="forwarding_close",
             summary="Close with an outcome")
def close(request: HttpRequest, reference: Reference, payload: CloseIn):
    forwarding = selectors.forwarding_for_unit(user=request.auth, reference=reference)
    return services.forwarding_close(forwarding=forwarding, by=request.auth, outcome=payload.outcome,
                                     message=payload.message)
