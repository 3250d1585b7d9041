"""One parser per kind of value that comes from outside (GET parameters, form
fields, API parameters), so that no view calls int(), date.fromisoformat() or
str.isdigit() on raw input.

Each parser returns the value or raises ``ParseError`` with a translated reason.
They refuse what Python accepts but the rest of the code cannot use:

- integers: only ASCII digits (``"²".isdigit()`` and ``"٣".isdigit()`` are true,
  and ``int("٣")`` is 3), bounded to what a 64-bit column holds;
- dates: only between ``MIN_DATE`` and ``MAX_DATE``, so that a week before or a
  year after is still a date (``9999-12-31`` + 1 day overflows);
- date-times: a time zone offset is required and within ±14:00, the widest in
  use (Python accepts up to ±23:59, which PostgreSQL and ``astimezone`` do not);
- text: no NUL (PostgreSQL refuses it in a string) and a maximum length.

``param()`` reads one GET/POST parameter and falls back to a default on bad
input, which is what a filter on a staff page should do.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

T = TypeVar("T")

MAX_ID = 2**63 - 1
# Far enough for any real plan or history, with room for "a year later" and "a week before".
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)
MAX_OFFSET = dt.timedelta(hours=14)
_INT = re.compile(r"-?[0-9]{1,19}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# A date exactly as ISO 8601 writes it: 2026-03-01 (fromisoformat also reads 20260301 and 2026-W09-7).
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.,]+(Z|[+-][0-9]{2}:?[0-9]{2}(:?[0-9]{2}(\.[0-9]+)?)?)",
                       re.IGNORECASE)


class ParseError(ValueError):
    """Bad input; `reason` says why, in the user's language."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _str(raw: Any) -> str:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    if not isinstance(raw, str):
        raise ParseError(_("Give a text."))
    if "\x00" in raw:
        raise ParseError(_("The text contains a NUL character, which is not allowed."))
    return raw.strip()


def parse_text(raw: Any, *, max_length: int = 1000, required: bool = False) -> str:
    value = _str(raw)
    if required and not value:
        raise ParseError(_("This field is required."))
    if len(value) > max_length:
        raise ParseError(_("Use at most %(max)s characters.") % {"max": max_length})
    return value


def parse_int(raw: Any, *, minimum: int = -MAX_ID, maximum: int = MAX_ID) -> int:
    if isinstance(raw, bool):
        raise ParseError(_("Give a whole number."))
    if isinstance(raw, int):
        value = raw
    else:
        text = _str(raw)
        if not _INT.fullmatch(text):
            raise ParseError(_("Give a whole number."))
        value = int(text)
    if value < minimum:
        raise ParseError(_("Give a number of at least %(ge)s.") % {"ge": minimum})
    if value > maximum:
        raise ParseError(_("Give a number of at most %(le)s.") % {"le": maximum})
    return value


def parse_id(raw: Any) -> int:
    """A database id: 1 to 2**63-1."""
    return parse_int(raw, minimum=1, maximum=MAX_ID)


def parse_date(raw: Any, *, earliest: dt.date = MIN_DATE, latest: dt.date = MAX_DATE) -> dt.date:
    text = _str(raw)
    if not _DATE.fullmatch(text):
        raise ParseError(_("Give a date as YYYY-MM-DD."))
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise ParseError(_("Give a date as YYYY-MM-DD.")) from None
    return check_date(value, earliest=earliest, latest=latest)


def check_date(value: dt.date, *, earliest: dt.date = MIN_DATE, latest: dt.date = MAX_DATE) -> dt.date:
    if not earliest <= value <= latest:
        raise ParseError(_("Give a date between %(earliest)s and %(latest)s.")
                         % {"earliest": earliest.isoformat(), "latest": latest.isoformat()})
    return value


def check_datetime(value: dt.datetime, *, earliest: dt.date = MIN_DATE, latest: dt.date = MAX_DATE) -> dt.datetime:
    """An aware date-time with a real-world offset and a year the rest of the code can compute with."""
    offset = value.utcoffset()
    if offset is None:
        raise ParseError(_("Give the time with a time zone."))
    if abs(offset) > MAX_OFFSET:
        raise ParseError(_("Give a time zone offset between -14:00 and +14:00."))
    check_date(value.date(), earliest=earliest, latest=latest)
    return value


def parse_datetime(raw: Any, *, earliest: dt.date = MIN_DATE, latest: dt.date = MAX_DATE) -> dt.datetime:
    text = _str(raw)
    if not _DATETIME.fullmatch(text):
        raise ParseError(_("Give a date and time in ISO 8601 with a time zone, e.g. 2025-03-01T09:30:00+01:00."))
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ParseError(
            _("Give a date and time in ISO 8601 with a time zone, e.g. 2025-03-01T09:30:00+01:00.")
        ) from None
    return check_datetime(value, earliest=earliest, latest=latest)


def parse_slug(raw: Any, *, max_length: int = 100) -> str:
    text = _str(raw)
    if not text or len(text) > max_length or not _SLUG.fullmatch(text):
        raise ParseError(_("Give a short name of letters, digits, hyphens or underscores."))
    return text


def parse_choice(raw: Any, choices: Iterable[str]) -> str:
    text = _str(raw)
    allowed = [str(c) for c in choices]
    if text not in allowed:
        raise ParseError(_("Choose one of %(values)s.") % {"values": ", ".join(allowed)})
    return text


def parse_or(raw: Any, parser: Callable[..., T], default: Any = None, **kwargs) -> T | Any:
    """`parser(raw, **kwargs)`, or `default` when `raw` is missing, empty or not valid."""
    if raw is None or raw == "":
        return default
    try:
        return parser(raw, **kwargs)
    except ParseError:
        return default


def param(data, name: str, parser: Callable[..., T], default: Any = None, **kwargs) -> T | Any:
    """One GET/POST parameter parsed by `parser`, or `default` when it is missing, empty or not valid."""
    return parse_or(data.get(name), parser, default, **kwargs)


def safe_next(request, raw: Any) -> str | None:
    """A `next` address to go back to: a path on this site, or None.

    `url_has_allowed_host_and_scheme` alone accepts "abc" (relative), which
    `redirect()` then tries to reverse as a URL name; a path must start with one "/".
    """
    try:
        target = parse_text(raw, max_length=2000)
    except ParseError:
        return None
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return None
    return target
