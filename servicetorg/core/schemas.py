"""Error bodies shared by every API router, so all answer bad input the same way, and the
constrained types every router uses so that the schema states what the code enforces."""

import datetime as dt
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator, WithJsonSchema

from servicetorg.core.parsing import ParseError, check_date, check_datetime, parse_date, parse_datetime


class Error(Schema):
    field: str | None = Field(description="The input field at fault; null for the request as a whole.")
    reason: str


class ErrorsOut(Schema):
    errors: list[Error]


class DetailOut(Schema):
    detail: str


# --- constrained values, stated in the schema and enforced by the same pydantic types -------------------------------

# PostgreSQL refuses NUL in a string; every text the API takes says so in its pattern.
NUL_FREE = r"^[^\x00]*$"
# At least one character that is not ASCII white space (what the services strip) and no NUL.
NOT_BLANK = r"^[^\x00]*[^\x00 \t\n\r\f\v][^\x00]*$"
# ISO 8601 with a time zone: years 1900-2999, offsets within ±14:00 (the widest in use).
ISO_DATETIME = (r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt ]([01][0-9]|2[0-3]):[0-5][0-9]"
                r"(:[0-5][0-9](\.[0-9]{1,6})?)?([Zz]|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$")


def Text(max_length: int, *, blank: bool = True, min_length: int = 0):  # noqa: N802 - used like a type
    """A text without NUL of at most `max_length` characters; `blank=False` needs a visible character."""
    return Annotated[str, Field(min_length=min_length or (0 if blank else 1), max_length=max_length,
                                pattern=NUL_FREE if blank else NOT_BLANK)]


def _aware_datetime(value: Any) -> dt.datetime:
    # Lax pydantic reads "0.5" as a Unix time and accepts offsets up to ±23:59 and year 1; we take only ISO 8601.
    if isinstance(value, dt.datetime):
        return check_datetime(value)
    if isinstance(value, str):
        return parse_datetime(value)
    raise ParseError(_("Give a date and time in ISO 8601 with a time zone, e.g. 2025-03-01T09:30:00+01:00."))


IsoDateTime = Annotated[
    dt.datetime,
    BeforeValidator(_aware_datetime),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": ISO_DATETIME}),
]


ISO_DATE = r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ParseError(_("Give a date as YYYY-MM-DD."))
    if isinstance(value, dt.date):
        return check_date(value)
    return parse_date(value)


IsoDate = Annotated[dt.date, BeforeValidator(_date), WithJsonSchema({"type": "string", "format": "date",
                                                                     "pattern": ISO_DATE})]


def _json_int(value: Any) -> int:
    # JSON Schema's "integer" includes 3.0; a string, a boolean or 3.5 is not one.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParseError(_("Give a whole number."))
    if isinstance(value, float):
        if not value.is_integer():
            raise ParseError(_("Give a whole number."))
        value = int(value)
    return value


# An integer in a JSON body: 3 or 3.0, never "3" or true (lax parsing would read `true` as 1).
JsonInt = Annotated[int, BeforeValidator(_json_int)]
