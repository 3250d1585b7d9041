"""Conversations in REST API v1, for integrations (a chat widget, Facebook Messenger, a case
system): list, read, reply and close, through the same services and selectors as the inbox.
The sender's address or number never leaves through the API."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict, Strict

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.catalogue.models import Service
from servicetorg.conversations import selectors, services
from servicetorg.conversations.models import ConversationChannel, ConversationStatus, Direction
from servicetorg.core.schemas import DetailOut, ErrorsOut
from servicetorg.inquiries.models import Outcome

router = Router(tags=["conversations"])
ERRORS = {400: ErrorsOut, 401: DetailOut, 403: DetailOut, 404: DetailOut}
MAX_ID = 2**63 - 1


class MessageOut(Schema):
    id: int
    direction: Direction
    at: dt.datetime
    text: str
    automatic: bool


class ConversationOut(Schema):
    id: int
    reference: str
    channel: ConversationChannel
    status: ConversationStatus
    queue: str
    subject: str
    sensitive: bool
    assigned_to: int | None
    suggested_services: list[str] = Field(description="Slugs of the suggested catalogue services, best first.")
    service: str | None = Field(description="The chosen service's slug, once closed.")
    first_message_at: dt.datetime
    first_response_at: dt.datetime | None
    closed_at: dt.datetime | None
    inquiry: int | None


class ConversationDetailOut(ConversationOut):
    messages: list[MessageOut]


class ConversationListOut(Schema):
    results: list[ConversationOut]


class ListParams(Schema):
    view: str = Field("open", pattern="^(new|mine|waiting|open|closed)$",
                      description="new, mine, waiting, open (all not closed) or closed.")
    limit: int = Field(50, ge=1, le=200)


class ReplyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=services.REPLY_MAX)
    wait: Annotated[bool, Strict()] = Field(False, description="Wait for the citizen's answer.")


class CloseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    service: str = Field(max_length=160, description="The slug of the catalogue service it was about.")
    outcome: Outcome = Field(Outcome.ANSWERED)


def _user(request: HttpRequest):
    if not user_can(request.auth, Cap.LOG_INQUIRIES):
        raise PermissionDenied
    return request.auth


def _out(c, *, messages=None) -> dict:
    data = {
        "id": c.pk, "reference": c.reference, "channel": c.channel, "status": c.status, "queue": c.queue.name,
        "subject": c.subject, "sensitive": c.sensitive, "assigned_to": c.assigned_to_id,
        "suggested_services": [s.slug for s in c.suggested_services.all()],
        "service": c.service.slug if c.service_id else None, "first_message_at": c.first_message_at,
        "first_response_at": c.first_response_at, "closed_at": c.closed_at, "inquiry": c.inquiry_id,
    }
    if messages is not None:
        data["messages"] = [{"id": m.pk, "direction": m.direction, "at": m.at, "text": m.body, "automatic": m.auto}
                            for m in messages]
    return data


@router.get("", response={200: ConversationListOut, **ERRORS}, operation_id="conversation_list",
            summary="List conversations")
def conversation_list(request: HttpRequest, params: Query[ListParams]):
    user = _user(request)
    found = selectors.conversation_list(user=user, view=params.view, limit=params.limit)
    return {"results": [_out(c) for c in found]}


@router.get("/{pk}", response={200: ConversationDetailOut, **ERRORS}, operation_id="conversation_read",
            summary="Read a conversation with its messages")
def conversation_read(request: HttpRequest, pk: int):
    conversation = selectors.conversation_get(user=_user(request), pk=min(pk, MAX_ID))
    return _out(conversation, messages=list(conversation.messages.all()))


@router.post("/{pk}/reply", response={200: ConversationDetailOut, **ERRORS}, operation_id="conversation_reply",
             summary="Answer the citizen through the channel they wrote in")
def conversation_reply(request: HttpRequest, pk: int, payload: ReplyIn):
    user = _user(request)
    conversation = selectors.conversation_get(user=user, pk=min(pk, MAX_ID))
    services.conversation_reply(conversation=conversation, by=user, text=payload.text, wait=payload.wait)
    return _out(conversation, messages=list(conversation.messages.all()))


@router.post("/{pk}/close", response={200: ConversationOut, **ERRORS}, operation_id="conversation_close",
             summary="Close with the service and outcome (writes the anonymous inquiry)")
def conversation_close(request: HttpRequest, pk: int, payload: CloseIn):
    user = _user(request)
    conversation = selectors.conversation_get(user=user, pk=min(pk, MAX_ID))
    service = Service.objects.filter(municipality_id=user.municipality_id, slug=payload.service.replace("\x00", ""),
                                     active=True).first()
    if service is None:
        raise ValidationError({"service": [_("This service is not in your municipality's catalogue.")]})
    services.conversation_close(conversation=conversation, by=user, service=service, outcome=payload.outcome)
    return _out(conversation)
