"""The dashboard's tables rendered in Python: a year of figures is hundreds of
cells, and the template engine's loops cost more than all the queries."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from servicetorg.core.numbers import display

register = template.Library()


def _cell(value) -> str:
    return "–" if value is None else conditional_escape(display(value))


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
    return format_html('<table class="data" data-sortable id="table-{}"><caption>{}</caption><thead><tr>{}</tr></thead>'
                       "<tbody>{}</tbody></table>", table.key, table.caption, mark_safe(head),  # noqa: S308
                       mark_safe("".join(rows)))  # noqa: S308 -- every cell escaped above


@register.simple_tag
def heatmap_table(heatmap) -> str:
    head = "".join(f'<th scope="col">{hour:02d}</th>' for hour in heatmap["hours"])
    body = "".join(
        f'<tr><th scope="row">{conditional_escape(row["weekday"])}</th>'
        + "".join(f'<td class="heat-{int(c["level"])}">{conditional_escape(display(c["value"]))}</td>'
                  for c in row["cells"])
        + "</tr>"
        for row in heatmap["rows"]
    )
    return format_html('<table class="heatmap" id="heatmap-{}"><caption>{}</caption><thead><tr>'
                       '<th scope="col">{}</th>{}</tr></thead><tbody>{}</tbody></table>',
                       heatmap["site_id"], heatmap["site"], _("Weekday"), mark_safe(head),  # noqa: S308
                       mark_safe(body))  # noqa: S308 -- every cell escaped above


@register.simple_tag
def sparkline(values, width=120, height=28) -> str:
    """A key figure's trend as a small line (inline SVG, decorative: the figures are in the tables)."""
    points = [(i, float(v)) for i, v in enumerate(values or []) if v is not None]
    if len(points) < 2:
        return ""
    low, high = min(v for _i, v in points), max(v for _i, v in points)
    span = (high - low) or 1
    last = max(len(values) - 1, 1)
    coords = " ".join(f"{i / last * (width - 4) + 2:.1f},{height - 3 - (v - low) / span * (height - 6):.1f}"
                      for i, v in points)
    x, y = coords.split(" ")[-1].split(",")
    return format_html('<svg class="sparkline" viewBox="0 0 {} {}" width="{}" height="{}" aria-hidden="true" '
                       'focusable="false"><polyline points="{}" fill="none" stroke="currentColor" stroke-width="2"/>'
                       '<circle cx="{}" cy="{}" r="2.5" fill="currentColor"/></svg>',
                       width, height, width, height, coords, x, y)


@register.simple_tag(takes_context=True)
def preset_url(context, preset: str) -> str:
    """The dashboard's address with this preset, keeping the other filters."""
    query = context["request"].GET.copy()
    for key in ("preset", "date_from", "date_to", "granularity"):
        query.pop(key, None)
    query["preset"] = preset
    return "?" + query.urlencode()
