"""Reads of conversations, always scoped to the acting user's municipality. "Not found" and
"not yours" look the same (404)."""

from django.db.models import Count, Q
from django.http import Http404

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.conversations.models import Conversation, ConversationContact, ConversationStatus, Queue
from servicetorg.core.audit import audit_record
from servicetorg.core.models import AuditAction

VIEWS = ("new", "mine", "waiting", "closed", "open")
PAGE_SIZE = 50


def queues_for(user):
    return Queue.objects.filter(municipality_id=user.municipality_id, active=True).order_by("name")


def conversation_list(*, user, view: str = "new", queue_id: int | None = None, limit: int = PAGE_SIZE,
                      before_id: int | None = None):
    qs = Conversation.objects.filter(municipality_id=user.municipality_id)
    if queue_id:
        qs = qs.filter(queue_id=queue_id)
    if view == "new":
        qs = qs.filter(status=ConversationStatus.NEW).order_by("last_message_at", "id")
    elif view == "mine":
        qs = qs.filter(assigned_to=user).exclude(status=ConversationStatus.CLOSED).order_by("last_message_at", "id")
    elif view == "waiting":
        qs = qs.filter(status=ConversationStatus.WAITING).order_by("last_message_at", "id")
    elif view == "open":
        qs = qs.exclude(status=ConversationStatus.CLOSED).order_by("last_message_at", "id")
    else:
        qs = qs.filter(status=ConversationStatus.CLOSED).order_by("-closed_at", "-id")
        if before_id:
            qs = qs.filter(id__lt=before_id)
    return list(qs.select_related("queue", "assigned_to", "service")[:limit])


def conversation_counts(*, user, queue_id: int | None = None) -> dict[str, int]:
    qs = Conversation.objects.filter(municipality_id=user.municipality_id).exclude(status=ConversationStatus.CLOSED)
    if queue_id:
        qs = qs.filter(queue_id=queue_id)
    return qs.aggregate(
        new=Count("id", filter=Q(status=ConversationStatus.NEW)),
        mine=Count("id", filter=Q(assigned_to=user)),
        waiting=Count("id", filter=Q(status=ConversationStatus.WAITING)),
    )


def conversation_get(*, user, pk: int | None = None, reference: str | None = None) -> Conversation:
    if not user_can(user, Cap.LOG_INQUIRIES):
        raise Http404
    lookup = {"pk": pk} if pk is not None else {"reference": reference}
    conversation = (Conversation.objects.filter(municipality_id=user.municipality_id, **lookup)
                    .select_related("queue", "queue__site", "assigned_to", "service", "inquiry").first())
    if conversation is None:
        raise Http404
    return conversation


def contact_read(*, conversation: Conversation, by) -> ConversationContact | None:
    """The sender's name, address or number. Every read is in the audit log."""
    contact = ConversationContact.objects.filter(conversation=conversation).first()
    if contact is not None:
        audit_record(actor=by, action=AuditAction.VIEW_PERSONAL_DATA, obj=contact,
                     detail=f"{conversation.reference}: sender")
    return contact
