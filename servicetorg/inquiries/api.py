"""Inquiries in REST API v1. The operations only parse and check input, then
call the same services and selectors as the staff screens."""

import datetime as dt
from typing import Annotated

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from pydantic import ConfigDict

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.catalogue.models import Area, Service
from servicetorg.catalogue.schemas import AreaCode
from servicetorg.core.schemas import NUL_FREE, DetailOut, ErrorsOut, IsoDateTime, JsonInt, Text
from servicetorg.inquiries.models import Channel, Inquiry, Language, Outcome
from servicetorg.inquiries.selectors import BadCursor, InquiryFilters, inquiry_get, inquiry_list, inquiry_page
from servicetorg.inquiries.services import MAX_BACKDATE, inquiry_create
from servicetorg.organisation.models import Site, Unit

router = Router(tags=["inquiries"])

# Ids are 64-bit in the database; a larger number must be a 400, not an overflow in the driver.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# In a JSON body a number must be a number: lax parsing would read `true` as id 1.
BodyId = Annotated[JsonInt, Field(ge=1, le=MAX_ID)]


class InquiryIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        # A service, or an area when no service fits: one of the two is required.
        json_schema_extra={"anyOf": [
            {"required": ["service"], "properties": {"service": {"type": "integer"}}},
            {"required": ["area"], "properties": {"area": {"type": "string"}}},
        ]},
    )

    channel: Channel
    site: BodyId = Field(description="Id of one of your municipality's service centres.")
    service: BodyId | None = Field(None, description="Id of a service in your municipality's catalogue.")
    area: AreaCode | None = Field(None, description="Area code; required when no service is given.")
    outcome: Outcome
    forwarded_to: BodyId | None = Field(None, description="Id of the unit it is forwarded or referred to.")
    handling_seconds: JsonInt = Field(
        0, ge=0, le=settings.INQUIRY_MAX_HANDLING_SECONDS, description="At most INQUIRY_MAX_HANDLING_SECONDS."
    )
    language: Language = Language.NB
    note: Text(500) | None = Field(None, description="Free text; not allowed on sensitive inquiries.")
    received_at: IsoDateTime | None = Field(
        None, description=(
            "When the inquiry was received, with a time zone offset. Defaults to now. Not more than 5 minutes "
            f"ahead and not older than {MAX_BACKDATE.days} days: an older inquiry is refused with 400."
        ),
    )


class InquiryOut(Schema):
    id: int
    received_at: dt.datetime
    channel: Channel
    site: int
    site_name: str
    service: int | None
    service_name: str | None
    area: str
    outcome: Outcome
    forwarded_to: int | None
    handling_seconds: int | None
    language: Language
    note: str
    sensitive: bool
    handled_by: int | None

    @staticmethod
    def resolve_site(obj: Inquiry) -> int:
        return obj.site_id

    @staticmethod
    def resolve_site_name(obj: Inquiry) -> str:
        return obj.site.name

    @staticmethod
    def resolve_service(obj: Inquiry) -> int | None:
        return obj.service_id

    @staticmethod
    def resolve_service_name(obj: Inquiry) -> str | None:
        return obj.service.name if obj.service_id else None

    @staticmethod
    def resolve_area(obj: Inquiry) -> str:
        return obj.area_id

    @staticmethod
    def resolve_forwarded_to(obj: Inquiry) -> int | None:
        return obj.forwarded_to_id

    @staticmethod
    def resolve_handled_by(obj: Inquiry) -> int | None:
        return obj.handled_by_id


class InquiryPage(Schema):
    items: list[InquiryOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


class InquiryListParams(Schema):
    site: Id | None = None
    channel: Channel | None = None
    area: AreaCode | None = Field(None, description="Area code.")
    outcome: Outcome | None = None
    received_from: IsoDateTime | None = Field(None, description="Inclusive, with a time zone offset.")
    received_to: IsoDateTime | None = Field(None, description="Exclusive, with a time zone offset.")
    limit: int = Field(50, ge=1, le=settings.API_PAGE_SIZE_MAX,
                       description="Items per page; at most API_PAGE_SIZE_MAX (200 by default).")
    cursor: str | None = Field(None, max_length=200, pattern=NUL_FREE,
                               description="`next_cursor` of the previous page; any other value is refused with 400.")


ERRORS = {400: ErrorsOut, 401: DetailOut, 403: DetailOut, 503: DetailOut}  # 503: the database does not answer


def _time_error(value: dt.datetime) -> str | None:
    if timezone.is_naive(value):
        return _("Give the time with a time zone.")
    try:
        value.astimezone(dt.UTC)  # the database stores UTC; year 1 at +14:00 has no UTC time
    except OverflowError:
        return _("This time is out of range.")
    return None


# OpenAPI links: what a client (and schemathesis' stateful run) may do next with the answer.
CREATED_LINKS = {"responses": {"201": {"links": {
    "ReadInquiry": {"operationId": "inquiry_read", "parameters": {"id": "$response.body#/id"}},
}}}}


@router.post("", response={201: InquiryOut, **ERRORS}, operation_id="inquiry_create",
             summary="Log an inquiry", openapi_extra=CREATED_LINKS)
def create(request: HttpRequest, payload: InquiryIn):
    """Log one inquiry, as the quick-log does. The area follows the service; a
    sensitive inquiry (child welfare and the like) must have no note."""
    user = request.auth
    if not user_can(user, Cap.LOG_INQUIRIES):
        raise PermissionDenied(_("Your role does not log inquiries."))

    # Only objects of the user's own municipality; another's ids look unknown.
    municipality_id = user.municipality_id
    errors: dict[str, list[str]] = {}
    site = Site.objects.filter(pk=payload.site, municipality_id=municipality_id).first()
    if site is None:
        errors["site"] = [_("Choose one of your municipality's service centres.")]
    service = None
    if payload.service is not None:
        service = (
            Service.objects.select_related("area", "forward_to", "owner_unit")
            .filter(pk=payload.service, municipality_id=municipality_id)
            .first()
        )
        if service is None:
            errors["service"] = [_("This service is not in your municipality's catalogue.")]
    area = None
    if payload.area is not None:
        area = Area.objects.filter(pk=payload.area).first()
        if area is None:
            errors["area"] = [_("Unknown area code.")]
    forwarded_to = None
    if payload.forwarded_to is not None:
        forwarded_to = Unit.objects.filter(pk=payload.forwarded_to, municipality_id=municipality_id).first()
        if forwarded_to is None:
            errors["forwarded_to"] = [_("Choose one of your municipality's units.")]
    if errors:
        raise ValidationError(errors)

    inquiry = inquiry_create(
        by=user, site=site, channel=payload.channel, outcome=payload.outcome, service=service, area=area,
        forwarded_to=forwarded_to, handling_seconds=payload.handling_seconds, language=payload.language,
        note=payload.note or "", received_at=payload.received_at,
    )
    return 201, inquiry


@router.get("", response={200: InquiryPage, **ERRORS}, operation_id="inquiry_list", summary="List inquiries")
def list_(request: HttpRequest, params: Query[InquiryListParams]):
    """The inquiries you may see, newest first, a page at a time. Walk the pages
    with `next_cursor`; there is no total count."""
    errors: dict[str, list[str]] = {}
    if params.limit > settings.API_PAGE_SIZE_MAX:
        errors["limit"] = [_("Ask for at most %(max)s items.") % {"max": settings.API_PAGE_SIZE_MAX}]
    for name in ("received_from", "received_to"):
        value = getattr(params, name)
        if value is not None and (reason := _time_error(value)):
            errors[name] = [reason]
    if errors:
        raise ValidationError(errors)

    qs = inquiry_list(
        user=request.auth,
        filters=InquiryFilters(
            site_id=params.site, channel=params.channel, area=params.area, outcome=params.outcome,
            received_from=params.received_from, received_to=params.received_to,
        ),
    )
    try:
        items, next_cursor = inquiry_page(qs=qs, cursor=params.cursor, limit=params.limit)
    except BadCursor:
        raise ValidationError(
            {"cursor": [_("This cursor is not valid. Use next_cursor from the last page.")]}
        ) from None
    return {"items": items, "next_cursor": next_cursor}


@router.get("/{id}", response={200: InquiryOut, **ERRORS, 404: DetailOut}, operation_id="inquiry_read",
            summary="Read an inquiry")
def read(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    return inquiry_get(user=request.auth, pk=id)
