"""Every text the forwarding workflow sends, composed from templates in one place
(templates/forwarding/messages/), in the citizen's language when we have it."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

_LANGUAGES = {code for code, _name in settings.LANGUAGES}


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


def citizen_language(inquiry) -> str:
    """Bokmål, nynorsk or English as the inquiry says; bokmål for any other language."""
    return inquiry.language if inquiry.language in _LANGUAGES else settings.LANGUAGE_CODE


def _render(name: str, context: dict, language: str) -> Text:
    with translation.override(language):
        subject = render_to_string(f"forwarding/messages/{name}_subject.txt", context).strip()
        body = render_to_string(f"forwarding/messages/{name}_body.txt", context).strip() + "\n"
    return Text(subject=" ".join(subject.split()), body=body)


# The satisfaction survey lives in analytics, a layer above: it registers how to make an inquiry's
# survey link when Django starts (analytics/apps.py). Without it the receipt carries no link.
_survey_link = None


def receipt_survey_link_register(fn) -> None:
    """`fn(*, inquiry) -> str`: the absolute survey link to put in the receipt."""
    global _survey_link
    _survey_link = fn


def receipt_text(*, forwarding) -> Text:
    """Sent to the citizen when the centre forwards the inquiry: where it went, the reference,
    and a link to tell us how the centre served them (no personal data in the survey)."""
    survey_url = _survey_link(inquiry=forwarding.inquiry) if _survey_link else ""
    return _render("receipt", {"forwarding": forwarding, "unit": forwarding.unit, "survey_url": survey_url},
                   citizen_language(forwarding.inquiry))


def reply_text(*, forwarding, message: str) -> Text:
    """The unit's answer to the citizen, with the reference to quote."""
    return _render("reply", {"forwarding": forwarding, "unit": forwarding.unit, "message": message},
                   citizen_language(forwarding.inquiry))


def reminder_text(*, forwarding) -> Text:
    """To the unit: a preliminary reply is due (forvaltningsloven §11a)."""
    return _render("reminder", {"forwarding": forwarding, "unit": forwarding.unit}, settings.LANGUAGE_CODE)


def escalation_text(*, forwarding) -> Text:
    """To the unit's leader: the final answer is overdue."""
    return _render("escalation", {"forwarding": forwarding, "unit": forwarding.unit}, settings.LANGUAGE_CODE)


def question_text(*, forwarding, message: str) -> Text:
    """To the clerk who forwarded: the unit asks the centre for more."""
    return _render("question", {"forwarding": forwarding, "unit": forwarding.unit, "message": message},
                   settings.LANGUAGE_CODE)
