"""CSV and XLSX of any dashboard table, and the open-data export with small cells suppressed."""

from django.db.models import Sum
from django.utils.translation import gettext as _

from servicetorg.analytics.models import MonthlyRollup
from servicetorg.analytics.selectors import FIRST_CONTACT, Filters, Table, _dims, split_period
from servicetorg.catalogue.models import Area
from servicetorg.core.spreadsheets import csv_bytes, xlsx_bytes
from servicetorg.inquiries.models import Channel
from servicetorg.organisation.models import Site

# Cells with fewer than this many inquiries are not published, so no person can be recognised.
SMALL_CELL = 5
SUPPRESSED = ":"  # Statistics Norway's symbol for a figure withheld for confidentiality


def _plain(value):
    return None if value == "–" else value


def table_csv(table: Table) -> bytes:
    """For Norwegian Excel: semicolons, decimal comma, BOM, formulas escaped (servicetorg.core.spreadsheets)."""
    return csv_bytes([[str(c) for c in table.columns], *([_plain(v) for v in row] for row in table.rows)])


def table_xlsx(table: Table) -> bytes:
    """Numbers as numbers, percentages as percentages, with the caption above the header."""
    return xlsx_bytes([[str(c) for c in table.columns], *([_plain(v) for v in row] for row in table.rows)],
                      title=table.key, caption=str(table.caption))


def _suppress(value: int) -> int | str:
    return SUPPRESSED if 0 < value < SMALL_CELL else value


def open_data_rows(filters: Filters) -> list[list]:
    """Inquiries and first-contact resolutions by month, site, channel and area, whole months only.

    A count under five is replaced by ":"; so is the resolved count when the
    unresolved rest is under five, since it could be worked out from the total.
    """
    months, _edges = split_period(filters.start, filters.end)
    if months is None:
        return []
    sites = dict(Site.objects.filter(municipality_id=filters.municipality_id).values_list("pk", "name"))
    channels = dict(Channel.choices)
    areas = {a.code: a.name_nb for a in Area.objects.all()}
    rows = (_dims(MonthlyRollup.objects.filter(month__range=months), filters)
            .values("month", "site_id", "channel", "area_code")
            .annotate(total=Sum("n"), **{f"fc_{c}": Sum(c) for c in FIRST_CONTACT})
            .order_by("month", "site_id", "channel", "area_code"))
    out = []
    for r in rows:
        total = r["total"]
        resolved = sum(r[f"fc_{c}"] for c in FIRST_CONTACT)
        published_resolved = SUPPRESSED if (total < SMALL_CELL or 0 < resolved < SMALL_CELL
                                            or 0 < total - resolved < SMALL_CELL) else resolved
        out.append([r["month"].strftime("%Y-%m"), sites.get(r["site_id"], r["site_id"]),
                    str(channels.get(r["channel"], r["channel"])), r["area_code"], areas.get(r["area_code"], ""),
                    _suppress(total), published_resolved])
    return out


def open_data_csv(filters: Filters) -> bytes:
    return csv_bytes([[_("month"), _("site"), _("channel"), _("area code"), _("area"), _("inquiries"),
                       _("resolved at first contact")], *open_data_rows(filters)])
