"""{% load numbers %} {{ value|num }}: the one number format on every page (see servicetorg.core.numbers)."""

from django import template

from servicetorg.core.numbers import Minutes, Percent, display, format_number

register = template.Library()


@register.filter
def num(value, decimals=None):
    """A number in the active language ("1 234", "6,4", "−0,2"); Percent and Minutes keep their unit."""
    if decimals not in (None, ""):
        try:
            return format_number(value, int(decimals))
        except (TypeError, ValueError):
            return display(value)
    return display(value)


@register.filter
def percent(value, decimals=1):
    """74.8 -> "74,8 %" (percent points)."""
    if value is None or value == "":
        return "–"
    try:
        if int(decimals) == 1:
            return str(Percent(float(value)))
        return format_number(float(value), int(decimals)) + "\u00a0%"
    except (TypeError, ValueError):
        return str(value)


@register.filter
def minutes(value):
    """-0.2 -> "−0,2 min"."""
    if value is None or value == "":
        return "–"
    try:
        return str(Minutes(float(value)))
    except (TypeError, ValueError):
        return str(value)


@register.filter(expects_localtime=True)
def midsentence_date(value, fmt="l j. F Y"):
    """A date in a sentence: "mandag 6. april 2026", the weekday in lower case as Norwegian writes it."""
    from django.utils.formats import date_format

    if not value:
        return ""
    return lowercase_weekday(date_format(value, fmt), value)


def lowercase_weekday(text: str, value) -> str:
    from django.utils.formats import date_format

    weekday = date_format(value, "l")
    return text.replace(weekday, weekday.lower())
