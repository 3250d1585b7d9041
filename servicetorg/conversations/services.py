"""Writes of conversations: messages arrive (e-mail, SMS, the contact form), staff claim,
answer, forward and close them. Each service writes in one transaction; replies and
receipts are outbox rows (notifications) delivered after commit."""

import datetime as dt
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.catalogue.message import message_core
from servicetorg.catalogue.models import Service
from servicetorg.catalogue.search import catalogue_suggest
from servicetorg.conversations.models import (
    Attachment,
    Conversation,
    ConversationChannel,
    ConversationContact,
    ConversationStatus,
    Direction,
    Message,
    Quarantine,
    Queue,
    QueueAddress,
)
from servicetorg.conversations.parse import MailError, ParsedAttachment, mail_parse
from servicetorg.core.audit import audit_record
from servicetorg.core.models import AuditAction
from servicetorg.forwarding.services import REFERENCE_ALPHABET, inquiry_forward, reference_new
from servicetorg.forwarding.worktime import WorkCalendar
from servicetorg.inquiries.models import Outcome
from servicetorg.inquiries.services import inquiry_create
from servicetorg.notifications.models import NotificationChannel
from servicetorg.notifications.services import notification_message_id, notification_send

log = logging.getLogger(__name__)

TEXT_MAX = 100_000
REPLY_MAX = 10_000
SUGGESTIONS = 3
REFERENCE_IN_SUBJECT = re.compile(rf"\b([{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{4}})\b")


@dataclass
class IngestResult:
    status: str  # "created", "appended", "duplicate", "quarantined"
    conversation: Conversation | None = None
    message: Message | None = None
    quarantine: Quarantine | None = None
    reason: str = ""


# ---------------------------------------------------------------- quarantine

def quarantine_keep(*, raw: bytes, source: str, reason: str, recipients=(), municipality_id=None,
                    conversation=None) -> Quarantine:
    """Keep input we could not take as it came, raw, for an administrator to see and process again."""
    return Quarantine.objects.create(
        municipality_id=municipality_id, source=source, reason=reason[:300], raw=bytes(raw), size=len(raw),
        recipients="\n".join(list(recipients)[:200])[:10_000], conversation=conversation,
    )


def quarantine_reprocess(*, quarantine: Quarantine) -> IngestResult:
    """Try a quarantined e-mail again (after an address was mapped, or the limits were raised)."""
    if quarantine.processed_at is not None:
        raise ValidationError(_("This message has already been processed."))
    result = mail_ingest(raw=bytes(quarantine.raw), recipients=quarantine.recipients.split(),
                         source=quarantine.source, keep=False)
    if result.status in ("created", "appended", "duplicate"):
        quarantine.processed_at = timezone.now()
        quarantine.conversation = result.conversation
        quarantine.save(update_fields=["processed_at", "conversation"])
    return result


# ---------------------------------------------------------------- receiving

def _queue_for(addresses) -> Queue | None:
    wanted = [a.strip().lower() for a in addresses if a and "@" in a]
    if not wanted:
        return None
    found = {qa.address.lower(): qa for qa in QueueAddress.objects.filter(address__in=wanted)
             .select_related("queue") if qa.queue.active}
    for address in wanted:
        if address in found:
            return found[address].queue
    return None


def _thread_of(*, municipality_id: int, ids: list[str], subject: str) -> Conversation | None:
    ids = [i for i in ids if i]
    if ids:
        message = (Message.objects.filter(municipality_id=municipality_id, message_id__in=ids)
                   .select_related("conversation").order_by("-at").first())
        if message is not None:
            return message.conversation
    for reference in REFERENCE_IN_SUBJECT.findall(subject or ""):
        found = Conversation.objects.filter(municipality_id=municipality_id, reference=reference).first()
        if found is not None:
            return found
    return None


def _attachments_allowed(attachments: list[ParsedAttachment]) -> tuple[list[ParsedAttachment], list[str]]:
    kept, refused = [], []
    allowed = set(settings.CONVERSATION_ATTACHMENT_TYPES)
    for attachment in attachments:
        if attachment.content_type not in allowed:
            refused.append(_("%(name)s: files of type %(type)s are not accepted")
                           % {"name": attachment.filename, "type": attachment.content_type})
        elif len(attachment.data) > settings.CONVERSATION_MAX_ATTACHMENT_BYTES:
            refused.append(_("%(name)s: larger than %(mb)s MB")
                           % {"name": attachment.filename,
                              "mb": settings.CONVERSATION_MAX_ATTACHMENT_BYTES // (1024 * 1024)})
        else:
            kept.append(attachment)
    return kept, refused


def mail_ingest(*, raw: bytes, recipients=(), source: str = "smtp", keep: bool = True) -> IngestResult:
    """Take one e-mail as it arrived (the SMTP receiver, the IMAP poller). Never raises for bad
    input and never drops it: what cannot become a message is kept raw in the quarantine
    (unless `keep` is False, when reprocessing a quarantined one)."""
    recipients = [r.lower() for r in recipients]

    def refuse(reason: str, municipality_id=None) -> IngestResult:
        q = quarantine_keep(raw=raw, source=source, reason=reason, recipients=recipients,
                            municipality_id=municipality_id) if keep else None
        return IngestResult(status="quarantined", quarantine=q, reason=reason)

    if len(raw) > settings.CONVERSATION_MAX_MESSAGE_BYTES:
        return refuse("message too large")
    if len(recipients) > settings.CONVERSATION_MAX_RECIPIENTS:
        return refuse("too many recipients")
    try:
        parsed = mail_parse(raw)
    except MailError as exc:
        return refuse(str(exc), getattr(_queue_for(recipients), "municipality_id", None))
    if len(parsed.to) > settings.CONVERSATION_MAX_RECIPIENTS:
        return refuse("too many recipients")
    queue = _queue_for(recipients) or _queue_for(parsed.to)
    if queue is None:
        return refuse("no receiving address of ours")
    municipality_id = queue.municipality_id
    if parsed.message_id and Message.objects.filter(municipality_id=municipality_id,
                                                    message_id=parsed.message_id).exists():
        return IngestResult(status="duplicate", reason="duplicate Message-ID")
    conversation = _thread_of(municipality_id=municipality_id,
                              ids=[parsed.in_reply_to, *reversed(parsed.references)], subject=parsed.subject)
    if parsed.auto and conversation is None:
        # An out-of-office or a bounce opens nothing and gets no receipt: two auto-responders never loop.
        return refuse(f"automatic message: {parsed.auto_reason}", municipality_id)
    if not parsed.from_email and conversation is None:
        return refuse("no sender address", municipality_id)
    attachments, refused = _attachments_allowed(parsed.attachments)
    text = parsed.text
    if refused:
        text += "\n\n[" + _("Attachments not accepted: %(list)s") % {"list": "; ".join(refused)} + "]"
    try:
        result = message_receive(
            queue=queue, channel=ConversationChannel.EMAIL, text=text, subject=parsed.subject, html=parsed.html,
            sender_name=parsed.from_name, sender_email=parsed.from_email, message_id=parsed.message_id,
            in_reply_to=parsed.in_reply_to, references=" ".join(parsed.references), attachments=attachments,
            auto=parsed.auto, conversation=conversation,
        )
    except IntegrityError:
        # The same Message-ID arrived at the same moment through another path.
        return IngestResult(status="duplicate", reason="duplicate Message-ID")
    if refused and keep:
        # The refused files are not lost: the whole mail stays in the quarantine beside the conversation.
        result.quarantine = quarantine_keep(raw=raw, source=source, reason="attachment not accepted",
                                            recipients=recipients, municipality_id=municipality_id,
                                            conversation=result.conversation)
    return result


def _suggest(conversation: Conversation, text: str) -> None:
    try:
        hits = catalogue_suggest(municipality_id=conversation.municipality_id, text=text,
                                 subject=conversation.subject, limit=SUGGESTIONS, public=False)
    except Exception:  # a suggestion is a help, never a reason to lose a message
        log.exception("conversation %s: no suggestions", conversation.pk)
        return
    services = [h.service for h in hits if h.service is not None]
    conversation.suggested_services.set(services)
    if services and services[0].is_sensitive and not conversation.sensitive:
        conversation.sensitive = True
        conversation.save(update_fields=["sensitive"])


def message_receive(
    *, queue: Queue, channel: str, text: str, subject: str = "", html: str = "", sender_name: str = "",
    sender_email: str = "", sender_phone: str = "", message_id: str = "", in_reply_to: str = "",
    references: str = "", attachments=(), auto: bool = False, conversation: Conversation | None = None,
    at: dt.datetime | None = None, language: str = "nb",
) -> IngestResult:
    """A message from a citizen: a new conversation, or the next message of `conversation`,
    which a reply reopens. A new conversation gets suggested services and, unless the message
    is automatic, a receipt with its reference and the expected answer time."""
    now = at or timezone.now()
    text = (text or "")[:TEXT_MAX]
    with transaction.atomic():
        created = conversation is None
        if created:
            conversation = _conversation_new(queue=queue, channel=channel, subject=subject, at=now,
                                             language=language)
            if sender_email or sender_phone or sender_name:
                ConversationContact.objects.create(
                    municipality_id=queue.municipality_id, conversation=conversation, name=sender_name[:150],
                    email=sender_email[:254], phone=sender_phone[:30],
                )
        else:
            fields = ["last_message_at"]
            conversation.last_message_at = max(conversation.last_message_at, now)
            if not auto and conversation.status in (ConversationStatus.CLOSED, ConversationStatus.WAITING):
                # A citizen's answer reopens the conversation; its inquiry stays the one it wrote.
                conversation.status = ConversationStatus.OPEN
                conversation.closed_at = None
                fields += ["status", "closed_at"]
            conversation.save(update_fields=fields)
        message = Message.objects.create(
            municipality_id=queue.municipality_id, conversation=conversation, direction=Direction.IN, at=now,
            subject=subject[:200], body=text, html=html, message_id=message_id[:250],
            in_reply_to=in_reply_to[:250], references=references[:5000], auto=auto,
        )
        for attachment in attachments:
            Attachment.objects.create(
                municipality_id=queue.municipality_id, message=message, filename=attachment.filename[:200],
                content_type=attachment.content_type[:100], size=len(attachment.data),
                content_id=attachment.content_id[:250], data=attachment.data,
            )
        if created:
            _suggest(conversation, text)
            if not auto:
                _receipt(conversation, message)
    return IngestResult(status="created" if created else "appended", conversation=conversation, message=message)


def _conversation_new(*, queue: Queue, channel: str, subject: str, at: dt.datetime, language: str) -> Conversation:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Conversation.objects.create(
                    municipality_id=queue.municipality_id, queue=queue, reference=reference_new(), channel=channel,
                    subject=subject[:200], first_message_at=at, last_message_at=at, language=language,
                )
        except IntegrityError:
            continue
    raise RuntimeError("no free reference after five tries")


def sms_receive(*, from_number: str, to_number: str, text: str, provider_id: str = "") -> IngestResult:
    """An SMS from the provider's webhook. The queue is the one with the number it was sent to
    (or the only SMS queue); a message from the same number within CONVERSATION_THREAD_DAYS
    joins that number's last conversation."""
    queue = Queue.objects.filter(sms_number=to_number, active=True).first() if to_number else None
    if queue is None:
        candidates = list(Queue.objects.filter(active=True).exclude(sms_number="")[:2])
        queue = candidates[0] if len(candidates) == 1 else None
    if queue is None:
        raise ValidationError({"To": [_("No queue receives SMS on this number.")]})
    message_id = f"<sms-{provider_id}>" if provider_id else ""
    if message_id and Message.objects.filter(municipality_id=queue.municipality_id, message_id=message_id).exists():
        return IngestResult(status="duplicate")
    since = timezone.now() - dt.timedelta(days=settings.CONVERSATION_THREAD_DAYS)
    conversation = (
        Conversation.objects.filter(municipality_id=queue.municipality_id, channel=ConversationChannel.SMS,
                                    contact__phone=from_number, last_message_at__gte=since, erased_at__isnull=True)
        .order_by("-last_message_at").first()
    )
    return message_receive(queue=queue, channel=ConversationChannel.SMS, text=text, sender_phone=from_number,
                           message_id=message_id, conversation=conversation, subject=text[:60])


def web_message_receive(*, queue: Queue, text: str, name: str = "", email: str = "", phone: str = "",
                        language: str = "nb") -> IngestResult:
    return message_receive(queue=queue, channel=ConversationChannel.WEB_FORM, text=text, subject=text[:80],
                           sender_name=name, sender_email=email, sender_phone=phone, language=language)


# ---------------------------------------------------------------- receipts and replies

def answer_due(start: dt.datetime) -> dt.datetime:
    """When the centre promises an answer: CONVERSATION_ANSWER_DAYS working days (Norwegian holidays off)."""
    return WorkCalendar().add_days(start, settings.CONVERSATION_ANSWER_DAYS)


def _thread_headers(conversation: Conversation) -> dict[str, str]:
    """In-Reply-To and References for an answer, so the citizen's mail program shows one thread."""
    ids = []
    for message in conversation.messages.exclude(message_id="").order_by("at", "id").only("message_id"):
        ids.append(message.message_id)
    if not ids:
        return {}
    return {"In-Reply-To": ids[-1], "References": " ".join(ids[-20:])}


def _from_header(conversation: Conversation) -> dict[str, str]:
    queue = conversation.queue
    address = queue.reply_from or (queue.addresses.order_by("pk").values_list("address", flat=True).first() or "")
    return {"From": f"{queue.name} <{address}>", "Reply-To": address} if address else {}


def _recipient(conversation: Conversation) -> tuple[str, str]:
    contact = ConversationContact.objects.filter(conversation=conversation).first()
    if contact is None:
        return "", ""
    if conversation.channel == ConversationChannel.SMS and contact.phone:
        return NotificationChannel.SMS, contact.phone
    if contact.email:
        return NotificationChannel.EMAIL, contact.email
    if contact.phone:
        return NotificationChannel.SMS, contact.phone
    return "", ""


def _subject(conversation: Conversation) -> str:
    base = re.sub(r"(?i)^\s*((re|sv|vs|aw)\s*:\s*)+", "", conversation.subject or "").strip()
    base = REFERENCE_IN_SUBJECT.sub("", base).replace("[]", "").strip() or _("Your inquiry")
    return f"Re: {base} [{conversation.reference}]"[:200]


def _outgoing(conversation: Conversation, *, text: str, by, purpose: str, key: str, auto: bool = False) -> Message:
    channel, recipient = _recipient(conversation)
    if not recipient:
        raise ValidationError({"text": [_("There is no address or number to answer to.")]})
    headers = {**_thread_headers(conversation), **_from_header(conversation)} \
        if channel == NotificationChannel.EMAIL else {}
    subject = _subject(conversation)
    notification = notification_send(
        municipality=conversation.municipality, channel=channel,
        recipient=recipient, subject=subject, body=text, purpose=purpose, idempotency_key=key,
        headers={**headers, "Auto-Submitted": "auto-replied"} if auto and headers else headers,
    )
    return Message.objects.create(
        municipality_id=conversation.municipality_id, conversation=conversation, direction=Direction.OUT,
        at=timezone.now(), subject=subject if channel == NotificationChannel.EMAIL else "", body=text,
        message_id=notification_message_id(notification) if channel == NotificationChannel.EMAIL else "",
        in_reply_to=headers.get("In-Reply-To", ""), references=headers.get("References", ""), auto=auto,
        author=by, notification=notification,
    )


def _receipt(conversation: Conversation, message: Message) -> None:
    channel, recipient = _recipient(conversation)
    if not recipient or conversation.channel == ConversationChannel.SMS:
        return  # an SMS costs the citizen nothing to send again; the centre answers it directly
    language = conversation.language if conversation.language in ("nb", "nn", "en") else "nb"
    with translation.override(language):
        due = timezone.localtime(answer_due(message.at))
        text = _(
            "Thank you for your message. We have received it and will answer by %(due)s.\n\n"
            "Your reference is %(reference)s. Quote it if you write to us again about the same matter.\n\n"
            "This is an automatic receipt; you do not need to answer it."
        ) % {"due": due.strftime("%d.%m.%Y"), "reference": conversation.reference}
        text += f"\n\n{conversation.queue.name}\n"
    _outgoing(conversation, text=text, by=None, purpose="conversations.receipt",
              key=f"conversation-{conversation.pk}-receipt", auto=True)


# ---------------------------------------------------------------- staff work

def _require_staff(conversation: Conversation, by) -> None:
    if not user_can(by, Cap.LOG_INQUIRIES) or conversation.municipality_id != by.municipality_id:
        raise PermissionDenied(_("You cannot work on this conversation."))


def _require_open(conversation: Conversation) -> None:
    if conversation.erased_at is not None:
        raise ValidationError(_("This conversation has been erased."))


def _add_seconds(conversation: Conversation, seconds: int) -> list[str]:
    # The thread page's timer: minutes a form was open, capped so a page left open counts as one action.
    seconds = max(0, min(int(seconds or 0), 3600))
    if not seconds:
        return []
    conversation.handling_seconds = min(conversation.handling_seconds + seconds,
                                        settings.INQUIRY_MAX_HANDLING_SECONDS)
    return ["handling_seconds"]


def conversation_claim(*, conversation: Conversation, by) -> Conversation:
    _require_staff(conversation, by)
    _require_open(conversation)
    with transaction.atomic():
        conversation.assigned_to = by
        fields = ["assigned_to"]
        if conversation.status == ConversationStatus.NEW:
            conversation.status = ConversationStatus.OPEN
            fields.append("status")
        conversation.save(update_fields=fields)
    return conversation


def conversation_reply(*, conversation: Conversation, by, text: str, wait: bool = False,
                       seconds: int = 0) -> Message:
    """Answer the citizen through the channel they wrote in (e-mail with threading headers, or SMS)."""
    _require_staff(conversation, by)
    _require_open(conversation)
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError({"text": [_("Write an answer.")]})
    if len(text) > REPLY_MAX:
        raise ValidationError({"text": [_("The answer can be at most %(max)s characters.") % {"max": REPLY_MAX}]})
    now = timezone.now()
    with transaction.atomic():
        count = conversation.messages.filter(direction=Direction.OUT).count()
        message = _outgoing(conversation, text=text, by=by, purpose="conversations.reply",
                            key=f"conversation-{conversation.pk}-reply-{count + 1}-{int(now.timestamp() * 1000)}")
        fields = ["status", *_add_seconds(conversation, seconds)]
        if conversation.first_response_at is None:
            conversation.first_response_at = now
            fields.append("first_response_at")
        if conversation.assigned_to_id is None:
            conversation.assigned_to = by
            fields.append("assigned_to")
        if conversation.status != ConversationStatus.CLOSED:
            conversation.status = ConversationStatus.WAITING if wait else ConversationStatus.OPEN
        conversation.save(update_fields=fields)
        audit_record(actor=by, action=AuditAction.REPLY_TO_CITIZEN, obj=conversation,
                     detail=f"{conversation.reference} by {conversation.channel}")
    return message


def _service_of(conversation: Conversation, service) -> Service | None:
    if service is None:
        return None
    if not isinstance(service, Service) or service.municipality_id != conversation.municipality_id \
            or not service.active:
        raise ValidationError({"service": [_("This service is not in your municipality's catalogue.")]})
    return service


def conversation_close(*, conversation: Conversation, by, service=None, outcome: str = Outcome.ANSWERED,
                       area=None, seconds: int = 0) -> Conversation:
    """Close with the service and outcome. The first close writes the anonymous Inquiry through the
    inquiry services: received when the first message arrived, the staff's handling time, first-contact
    resolution as the outcome says. A reopened conversation closes again without a second inquiry."""
    _require_staff(conversation, by)
    if conversation.status == ConversationStatus.CLOSED:
        raise ValidationError(_("This conversation is already closed."))
    service = _service_of(conversation, service)
    if outcome not in Outcome.values or outcome in (Outcome.FORWARDED, Outcome.TRANSFERRED):
        raise ValidationError({"outcome": [_("Choose an outcome from the list.")]})
    now = timezone.now()
    with transaction.atomic():
        fields = ["status", "closed_at", "service", "outcome", *_add_seconds(conversation, seconds)]
        if conversation.inquiry_id is None:
            inquiry = inquiry_create(
                by=by, site=conversation.queue.site, channel=conversation.channel, outcome=outcome, service=service,
                area=area, handling_seconds=conversation.handling_seconds, language=_inquiry_language(conversation),
                received_at=conversation.first_message_at, answered_at=conversation.first_response_at or now,
            )
            conversation.inquiry = inquiry
            fields.append("inquiry")
        conversation.status = ConversationStatus.CLOSED
        conversation.closed_at = now
        conversation.service = service
        conversation.outcome = outcome
        if service is not None and service.is_sensitive:
            conversation.sensitive = True
            fields.append("sensitive")
        conversation.save(update_fields=fields)
    return conversation


def _inquiry_language(conversation: Conversation) -> str:
    return conversation.language if conversation.language in ("nb", "nn", "en") else "nb"


def conversation_forward(*, conversation: Conversation, by, unit, message: str = "", service=None,
                         seconds: int = 0):
    """Forward to a unit with the existing forwarding: the inquiry is written (received when the
    first message arrived), the citizen's contact details go with it and the unit's deadline
    applies; the citizen gets the forwarding receipt. A sensitive conversation keeps no text."""
    _require_staff(conversation, by)
    if conversation.status == ConversationStatus.CLOSED or conversation.inquiry_id is not None:
        raise ValidationError(_("This conversation has already been closed or forwarded."))
    service = _service_of(conversation, service)
    first = conversation.messages.filter(direction=Direction.IN).order_by("at", "id").first()
    # Without a message of the clerk's, the unit gets the citizen's question without greeting and
    # signature (where the phone number usually is): messages between the centre and a unit are
    # screened for identity and phone numbers; the contact details travel in their own fields.
    written = (message or "").strip()
    text = written or (message_core(first.body) if first else "")
    text = text[:4000] or _("Forwarded from the service centre's inbox.")
    contact = ConversationContact.objects.filter(conversation=conversation).first()
    now = timezone.now()
    with transaction.atomic():
        _add_seconds(conversation, seconds)
        inquiry = inquiry_create(
            by=by, site=conversation.queue.site, channel=conversation.channel, outcome=Outcome.FORWARDED,
            service=service, area=None if service else _area_for_forward(conversation, unit),
            forwarded_to=unit, handling_seconds=conversation.handling_seconds,
            language=_inquiry_language(conversation), received_at=conversation.first_message_at,
            answered_at=conversation.first_response_at or now,
        )
        try:
            forwarding = inquiry_forward(
                inquiry=inquiry, unit=unit, by=by, message=text, name=contact.name if contact else "",
                phone=contact.phone if contact else "", email=contact.email if contact else "",
                send_receipt=bool(contact and (contact.email or contact.phone)),
            )
        except ValidationError as error:
            if written or "message" not in getattr(error, "message_dict", {}):
                raise
            raise ValidationError({"message": [_(
                "The citizen's message contains an identity or phone number, which may not go to the unit as "
                "text. Write a short message for the unit; the contact details go with the forwarding.")]}) from None
        conversation.inquiry = inquiry
        conversation.status = ConversationStatus.CLOSED
        conversation.closed_at = now
        conversation.forwarded = True
        conversation.service = service
        conversation.outcome = inquiry.outcome
        conversation.sensitive = conversation.sensitive or unit.sensitive or bool(service and service.is_sensitive)
        conversation.save(update_fields=["inquiry", "status", "closed_at", "forwarded", "service", "outcome",
                                         "sensitive", "handling_seconds"])
        if conversation.sensitive:
            _erase(conversation, keep_contact=True)
    return forwarding


def _area_for_forward(conversation: Conversation, unit):
    # Without a chosen service the inquiry needs an area: the unit's own service's, else the top suggestion's.
    service = (Service.objects.filter(Q(owner_unit=unit) | Q(forward_to=unit), municipality_id=unit.municipality_id,
                                      active=True).select_related("area").first()
               or conversation.suggested_services.select_related("area").first())
    if service is None:
        raise ValidationError({"service": [_("Choose the service the inquiry is about.")]})
    return service.area


# ---------------------------------------------------------------- privacy

def _erase(conversation: Conversation, *, keep_contact: bool = False) -> None:
    Attachment.objects.filter(message__conversation=conversation).delete()
    conversation.messages.update(body="", html="", subject="")
    if not keep_contact:
        ConversationContact.objects.filter(conversation=conversation).delete()
    conversation.subject = ""
    conversation.erased_at = timezone.now() if not keep_contact else conversation.erased_at
    conversation.save(update_fields=["subject", "erased_at"])


def conversations_erase_old(*, limit: int = 500) -> int:
    """Erase bodies, sender details and attachments CONVERSATION_RETENTION_DAYS after closing;
    the anonymous inquiry stays. Returns how many conversations were erased."""
    cutoff = timezone.now() - dt.timedelta(days=settings.CONVERSATION_RETENTION_DAYS)
    ids = list(Conversation.objects.filter(status=ConversationStatus.CLOSED, erased_at__isnull=True,
                                           closed_at__lt=cutoff).values_list("pk", flat=True)[:limit])
    for conversation in Conversation.objects.filter(pk__in=ids):
        with transaction.atomic():
            _erase(conversation)
            audit_record(actor=None, action=AuditAction.DELETE_PERSONAL_DATA, obj=conversation,
                         detail=f"{conversation.reference}: retention")
    return len(ids)
