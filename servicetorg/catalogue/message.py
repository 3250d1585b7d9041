"""A whole message (an e-mail, an SMS, the contact form) reduced to what the person asks,
before it is ranked against the catalogue: greetings, sign-offs and signatures, quoted
replies, forwarded headers and legal disclaimers say nothing about the service and would
otherwise outweigh the question. Bokmål, nynorsk and English."""

import re

# Whole lines that start a quoted reply or a forwarded message: everything after them goes.
_QUOTE_START = re.compile(
    r"(?im)^\s*(?:"
    r"-{2,}\s*(?:original message|opprinnelig melding|videresendt melding|forwarded message)\s*-{2,}"
    r"|(?:on|den|på|man\.|tir\.|ons\.|tor\.|fre\.|lør\.|søn\.)\b.{0,120}\b(?:wrote|skrev|skreiv)\s*:?"
    r"|(?:from|fra|frå)\s*:.+\n\s*(?:sent|sendt|date|dato)\s*:"
    r"|_{8,}"
    r")"
)
# A sign-off line ends the message; what follows is the signature.
_SIGN_OFF = re.compile(
    r"(?im)^\s*(?:med vennlig hilsen|med venleg helsing|vennlig hilsen|venleg helsing|vennlig helsing|"
    r"mvh\.?|hilsen|helsing|beste hilsen|best regards|kind regards|regards|yours sincerely|"
    r"sincerely|thanks in advance|takk på forhånd|takk for hjelpa|takk for hjelpen|"
    r"sent from my iphone|sendt fra min iphone|sendt frå min iphone|sent from my android|"
    r"get outlook for (?:ios|android)|hent outlook for (?:ios|android)|--\s*$)"
)
_DISCLAIMER = re.compile(
    r"(?is)(?:this (?:e-?mail|message) (?:and any attachments )?(?:is|may be) (?:confidential|intended)"
    r"|denne e-?posten (?:kan inneholde|er kun ment|er konfidensiell)"
    r"|denne e-?posten kan innehalde|konfidensialitet|confidentiality notice"
    r"|please consider the environment|tenk miljø).*$"
)
_GREETING = re.compile(
    r"(?i)^\s*(?:hei(?:\s+(?:igjen|der|alle|på deg))?|hallo|heisann|god (?:morgen|dag|kveld|ettermiddag)|"
    r"hello|hi|dear\s+[^\n,]{0,60}|til (?:den det måtte gjelde|servicetorget|kommunen)|to whom it may concern|"
    r"kjære\s+[^\n,]{0,60})\s*[,!.:]?\s*"
)
_HEADER_LINE = re.compile(r"(?im)^\s*>?\s*(?:from|fra|frå|sent|sendt|to|til|cc|kopi|subject|emne|date|dato)\s*:.*$")
# Own text shorter than this above a quote or a forward says only "see below".
SHORT_OWN_TEXT = 80
_THANKS_LINE = re.compile(r"(?im)^\s*(?:takk|thanks|thank you|tusen takk)[ !.]*$")


def message_core(text: str) -> str:
    """The part of a message that says what the person wants."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    match = _QUOTE_START.search(text)
    if match:
        own, quoted = text[: match.start()], text[match.end():]
        if len(re.sub(r"\s+", " ", _GREETING.sub("", own.strip(), count=1))) >= SHORT_OWN_TEXT:
            text = own
        else:
            # "Can you help with this?" above a forwarded mail: the question is the forwarded one.
            quoted = _HEADER_LINE.sub("", quoted)
            text = own + "\n" + "\n".join(line.lstrip().lstrip(">").strip() for line in quoted.split("\n"))
    # Lines quoted with '>' that are left (interleaved replies).
    text = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(">"))
    match = _SIGN_OFF.search(text)
    if match and match.start() > 0:
        text = text[: match.start()]
    text = _DISCLAIMER.sub("", text)
    text = _GREETING.sub("", text, count=1)
    text = _THANKS_LINE.sub("", text)
    return re.sub(r"\s+", " ", text).strip()
