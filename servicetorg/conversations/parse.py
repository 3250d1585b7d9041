"""Incoming e-mail as the inbox needs it, read with the standard library's
`email` package (policy.default: RFC 5322/6532, encoded words, every transfer
encoding and charset Python knows) and `nh3` for HTML. Nothing here touches the
database; `services.mail_ingest` decides what to do with the result."""

import email
import email.utils
import html as html_lib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

import nh3

# Markup kept in the sanitised display copy; everything else (scripts, styles, forms, images
# that would fetch from the sender's server) goes.
DISPLAY_TAGS = {"p", "br", "div", "span", "a", "b", "strong", "i", "em", "u", "ul", "ol", "li", "blockquote",
                "table", "thead", "tbody", "tr", "td", "th", "pre", "code", "h1", "h2", "h3", "h4", "hr"}
BLOCK_END = re.compile(r"(?i)<\s*(br\s*/?|/p|/div|/li|/tr|/h[1-6]|/blockquote|hr\s*/?)\s*>")
AUTO_PRECEDENCE = {"bulk", "junk", "list", "auto_reply", "auto-reply"}
AUTO_SENDERS = re.compile(r"(?i)^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@")


class MailError(ValueError):
    """The bytes are not an e-mail we can read; the caller quarantines them."""


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    data: bytes
    content_id: str = ""
    inline: bool = False


@dataclass
class ParsedMail:
    message_id: str
    in_reply_to: str
    references: list[str]
    subject: str
    from_name: str
    from_email: str
    to: list[str]
    date: object  # datetime | None
    text: str
    html: str  # sanitised display copy, or ""
    attachments: list[ParsedAttachment] = field(default_factory=list)
    auto: bool = False
    auto_reason: str = ""


def _ids(value: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", value or "")


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # a header the policy cannot parse: take its raw text
        value = msg.get_all(name, failobj=[""])[0] if name in msg else ""
    return str(value or "").strip()


def html_to_text(markup: str) -> str:
    """Safe plain text of an HTML body: line breaks where blocks end, no tags, no script or style content."""
    marked = BLOCK_END.sub("\n", markup)
    stripped = nh3.clean(marked, tags=set(), strip_comments=True)
    text = html_lib.unescape(stripped)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_display(markup: str) -> str:
    return nh3.clean(markup, tags=DISPLAY_TAGS, attributes={"a": {"href"}, "td": {"colspan"}, "th": {"colspan"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow",
                     strip_comments=True)


def _content(part: EmailMessage) -> str | bytes:
    try:
        return part.get_content()
    except (LookupError, UnicodeError, ValueError, AssertionError):
        # An unknown or lying charset: read the bytes as latin-1, which never fails, rather than lose the text.
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "utf-8"
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeError):
            return payload.decode("latin-1")


def _auto_reason(msg: EmailMessage, from_email: str) -> str:
    auto_submitted = _header(msg, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    precedence = _header(msg, "Precedence").lower()
    if precedence in AUTO_PRECEDENCE:
        return f"Precedence: {precedence}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder"):
        if name in msg:
            return name
    suppress = _header(msg, "X-Auto-Response-Suppress").lower()
    if "oof" in suppress or suppress == "all":
        return "X-Auto-Response-Suppress"
    if msg.get_content_type() == "multipart/report":
        return "delivery status notification"
    if "List-Id" in msg or "List-Unsubscribe" in msg:
        return "mailing list"
    if from_email and AUTO_SENDERS.match(from_email):
        return "automatic sender"
    if _header(msg, "Return-Path") == "<>":
        return "empty return path"
    return ""


def mail_parse(raw: bytes) -> ParsedMail:
    if not raw or not raw.strip():
        raise MailError("empty message")
    if raw.count(b"\x00") > 0:
        raise MailError("binary data (NUL bytes) in the message")
    try:
        msg = email.message_from_bytes(raw, policy=policy.default)
    except Exception as exc:  # the parser is lenient; anything it raises means unreadable input
        raise MailError(f"unreadable message: {type(exc).__name__}") from exc
    if not msg.keys() or ("From" not in msg and "Message-ID" not in msg):
        raise MailError("no e-mail headers")

    from_name, from_email = "", ""
    try:
        sender = msg["From"]
        if sender is not None and sender.addresses:
            address = sender.addresses[0]
            from_name, from_email = address.display_name or "", (address.addr_spec or "").strip().lower()
    except Exception:  # a From header the policy cannot parse
        from_name, from_email = email.utils.parseaddr(_header(msg, "From"))
        from_email = from_email.lower()
    if from_email in ("<>", "") or "@" not in from_email:
        from_email = ""

    to: list[str] = []
    for name in ("To", "Cc", "Delivered-To", "X-Original-To"):
        for _display, addr in email.utils.getaddresses([str(v) for v in msg.get_all(name, failobj=[])]):
            if addr and "@" in addr and addr.lower() not in to:
                to.append(addr.lower())

    try:
        date = msg["Date"].datetime if msg["Date"] is not None else None
    except Exception:
        date = None

    text, html_copy = "", ""
    body_parts = []
    plain = msg.get_body(preferencelist=("plain",))
    rich = msg.get_body(preferencelist=("html",))
    if plain is not None:
        content = _content(plain)
        text = content if isinstance(content, str) else ""
        body_parts.append(plain)
    if rich is not None:
        content = _content(rich)
        if isinstance(content, str):
            html_copy = html_display(content)
            if not text.strip():
                text = html_to_text(content)
        body_parts.append(rich)
    if not body_parts and msg.get_content_maintype() == "text":
        content = _content(msg)
        text = content if isinstance(content, str) else ""
        body_parts.append(msg)

    attachments: list[ParsedAttachment] = []
    for part in msg.walk():
        if part.is_multipart() or any(part is chosen for chosen in body_parts):
            continue
        if part is msg and not msg.is_multipart() and body_parts:
            continue
        disposition = (part.get_content_disposition() or "").lower()
        ctype = part.get_content_type()
        if ctype in ("message/delivery-status", "text/rfc822-headers") or (
            ctype.startswith("text/") and disposition != "attachment" and not part.get_filename()
        ):
            continue
        data = part.get_payload(decode=True) or b""
        if isinstance(data, str):
            data = data.encode()
        cid = str(part.get("Content-ID", "") or "").strip()
        attachments.append(ParsedAttachment(
            filename=(part.get_filename() or (f"{ctype.replace('/', '.')}")).strip()[:200] or "attachment",
            content_type=ctype, data=data, content_id=cid[:250], inline=disposition == "inline" or bool(cid),
        ))

    text = text.replace("\r\n", "\n").replace("\x00", "").strip()
    reason = _auto_reason(msg, from_email)
    for attachment in attachments:
        attachment.filename = _nul_free(attachment.filename) or "attachment"
        attachment.content_id = _nul_free(attachment.content_id)
    return _nul_free_mail(ParsedMail(
        message_id=(_ids(_header(msg, "Message-ID")) or [""])[0][:250],
        in_reply_to=(_ids(_header(msg, "In-Reply-To")) or [""])[0][:250],
        references=_ids(_header(msg, "References"))[-20:],
        subject=re.sub(r"\s+", " ", _header(msg, "Subject"))[:200],
        from_name=from_name[:150], from_email=from_email[:254], to=to, date=date, text=text,
        html=html_copy, attachments=attachments, auto=bool(reason), auto_reason=reason,
    ))


def _nul_free(value: str) -> str:
    # An encoded NUL (=00, %00 in an encoded word) decodes to a character no database text column takes.
    return value.replace("\x00", "") if isinstance(value, str) else value


def _nul_free_mail(mail: ParsedMail) -> ParsedMail:
    for name in ("message_id", "in_reply_to", "subject", "from_name", "from_email", "text", "html", "auto_reason"):
        setattr(mail, name, _nul_free(getattr(mail, name)))
    mail.references = [_nul_free(r) for r in mail.references]
    mail.to = [_nul_free(t) for t in mail.to]
    return mail
