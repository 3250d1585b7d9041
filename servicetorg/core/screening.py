"""Screening of free text: notes, messages and comments must not identify a person.

A Norwegian national identity number (fødselsnummer or D-number, 11 digits with a
valid date and check digits, spaces or dots allowed between them) or a phone
number (as phonenumbers finds them for Norway) in free text is refused with a
message that says why. Contact details have their own fields, with retention.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.no import fodselsnummer

# 11 digits, each optionally followed by one space, dot or hyphen; not inside a longer run of digits.
_ELEVEN_DIGITS = re.compile(r"(?<![\d])(?:\d[ .\-\u00a0]?){10}\d(?![\d])")


def _national_ids(text: str) -> list[str]:
    found = []
    for match in _ELEVEN_DIGITS.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if fodselsnummer.is_valid(digits):
            found.append(digits)
    return found


def _phone_numbers(text: str) -> list[str]:
    return [
        match.raw_string
        for match in phonenumbers.PhoneNumberMatcher(text, "NO", leniency=phonenumbers.Leniency.VALID)
    ]


def personal_data_in(text: str) -> list[str]:
    """What kinds of personal data `text` holds: "national_id", "phone" (in that order, each once)."""
    kinds = []
    if not text:
        return kinds
    if _national_ids(text):
        kinds.append("national_id")
    if _phone_numbers(text):
        kinds.append("phone")
    return kinds


def free_text_screen(text: str, *, field: str) -> str:
    """`text`, or ValidationError({field: why}) when it holds an identity or phone number."""
    kinds = personal_data_in(text)
    if not kinds:
        return text
    reasons = []
    if "national_id" in kinds:
        reasons.append(_("The text contains a national identity number (fødselsnummer or D-number). "
                         "Free text must not identify the person: remove it."))
    if "phone" in kinds:
        reasons.append(_("The text contains a phone number. Free text must not identify the person: remove it, "
                         "and give contact details in the contact fields, which are deleted on schedule."))
    raise ValidationError({field: reasons})
