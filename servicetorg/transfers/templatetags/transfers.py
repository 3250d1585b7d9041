from django import template

from servicetorg.transfers.selectors import may_use_transfers

register = template.Library()


@register.filter
def may_use_transfers_filter(user) -> bool:
    """{% if user|may_use_transfers %}: the centre's leader, or a leader of a unit."""
    return may_use_transfers(user=user)


register.filter("may_use_transfers", may_use_transfers_filter)


@register.filter
def month_name(number: int) -> str:
    import datetime as dt

    from django.utils.dateformat import format as date_format

    return date_format(dt.date(2000, int(number), 1), "F")


@register.filter
def bar_share(hours, month) -> str:
    """Width in percent of `hours` against the month's staff hours, for a bar."""
    return f"{month.share(float(hours)):.1f}"


@register.filter
def task_share(month) -> str:
    return f"{month.share(month.transferred + month.planned):.1f}"
