"""The inbox's gauge for /metrics: open conversations nobody has answered yet, per municipality."""

from django.db.models import Count

from servicetorg.conversations.models import Conversation, ConversationStatus
from servicetorg.core.ops import read_db, register_gauge


def _unanswered():
    rows = (Conversation.objects.using(read_db()).exclude(status=ConversationStatus.CLOSED)
            .filter(first_response_at__isnull=True).values_list("municipality__slug").annotate(n=Count("id")))
    return [((slug,), n) for slug, n in rows]


register_gauge("servicetorg_conversations_unanswered", "Open conversations not answered yet.",
               ["municipality"], _unanswered)
