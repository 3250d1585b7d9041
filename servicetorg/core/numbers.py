"""One number format for every page and export, following the active language.

"74,8 %" and "−0,2 min" in bokmål and nynorsk, "74.8 %" in English: the
decimal sign comes from Django's locale formats, the minus is a real minus
sign (U+2212), thousands are grouped with a narrow no-break space.
Values that mean a share or a duration carry their kind (Percent, Minutes),
so the same value becomes a percentage in a spreadsheet and "74,8 %" on a page.
"""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import get_language

MINUS = "\u2212"
NBSP = "\u00a0"
THIN = "\u00a0"  # no-break space, as Norwegian typesetting groups thousands


class Percent(float):
    """A share in percent points: Percent(74.8) is 74.8 %."""

    def __str__(self) -> str:
        return format_number(self, 1) + NBSP + "%"


class Minutes(float):
    """A duration in minutes: Minutes(-0.2) is −0,2 min."""

    def __str__(self) -> str:
        return format_number(self, 1) + NBSP + "min"


def decimal_sign() -> str:
    return formats.get_format("DECIMAL_SEPARATOR", get_language())


def format_number(value, decimals: int | None = None) -> str:
    """A number the way the active language writes it; None is an en dash."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        text = f"{abs(value):,}".replace(",", THIN)
    else:
        number = float(value) if not isinstance(value, Decimal) else value
        if decimals is None:
            decimals = 1 if isinstance(value, float) else max(0, -number.as_tuple().exponent)
        text = f"{abs(number):,.{decimals}f}".replace(",", THIN).replace(".", decimal_sign())
        if float(number) < 0 and float(text.replace(THIN, "").replace(decimal_sign(), ".")) == 0:
            return text  # −0,0 is 0,0
    return (MINUS if value < 0 else "") + text


def display(value) -> str:
    """Any cell as shown on a page."""
    if isinstance(value, Percent | Minutes):
        return str(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return format_number(value)
    return "" if value is None else str(value)
