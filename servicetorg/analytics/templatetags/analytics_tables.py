"""The dashboard's tables rendered in Python: a year of figures is hundreds of
cells, and the template engine's loops cost more than all the queries."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _cell(value) -> str:
    return "–" if value is None else conditional_escape(value)


@register.simple_tag
def data_table(table) -> str:
    head = "".join(f'<th scope="col">{conditional_escape(c)}</th>' for c in table.columns)
    rows = []
    for row in table.rows:
        first, *rest = row
        rows.append(f'<tr><th scope="row">{_cell(first)}</th>' + "".join(f"<td>{_cell(v)}</td>" for v in rest)
                    + "</tr>")
    if not rows:
        rows.append(f'<tr><td colspan="{len(table.columns)}">{conditional_escape(_("No figures for this choice."))}'
                    "</td></tr>")
    return format_html('<table class="data" id="table-{}"><caption>{}</caption><thead><tr>{}</tr></thead>'
                       "<tbody>{}</tbody></table>", table.key, table.caption, mark_safe(head),  # noqa: S308
                       mark_safe("".join(rows)))  # noqa: S308 -- every cell escaped above


@register.simple_tag
def heatmap_table(heatmap) -> str:
    head = "".join(f'<th scope="col">{hour:02d}</th>' for hour in heatmap["hours"])
    body = "".join(
        f'<tr><th scope="row">{conditional_escape(row["weekday"])}</th>'
        + "".join(f'<td class="heat-{int(c["level"])}">{conditional_escape(c["value"])}</td>' for c in row["cells"])
        + "</tr>"
        for row in heatmap["rows"]
    )
    return format_html('<table class="heatmap" id="heatmap-{}"><caption>{}</caption><thead><tr>'
                       '<th scope="col">{}</th>{}</tr></thead><tbody>{}</tbody></table>',
                       heatmap["site_id"], heatmap["site"], _("Weekday"), mark_safe(head),  # noqa: S308
                       mark_safe(body))  # noqa: S308 -- every cell escaped above
