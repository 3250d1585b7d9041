"""Files for Norwegian spreadsheets, the same for every export.

CSV: UTF-8 with a byte order mark, semicolons between cells, a decimal comma,
dates as ISO dates, and no text that Excel would read as a number, a date or a
formula. XLSX: numbers as numbers, percentages as percentages and durations in
minutes with number formats; text is text, never a formula.

Formula escaping (OWASP "CSV injection"): a text cell that starts with
= + - @ (or a tab or carriage return) gets a leading apostrophe, so a
spreadsheet shows it instead of running it.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from servicetorg.core.numbers import Minutes, Percent

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Text Excel would turn into a date or a number: "6.4", "20.09", "1/2", "3-4".
_DATE_LIKE = re.compile(r"^\s*\d{1,4}([./-])\d{1,2}(\1\d{1,4})?\s*$")


def escape_text(text: str) -> str:
    """Text that a spreadsheet must show as written, never evaluate."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def unescape_text(text: str) -> str:
    """Undo escape_text (and the apostrophe before date-like text) on a cell read back."""
    if text.startswith("'") and (text[1:].startswith(FORMULA_STARTS) or _DATE_LIKE.match(text[1:])):
        return text[1:]
    return text


def _decimal_comma(value) -> str:
    text = format(value, "f") if isinstance(value, Decimal) else repr(float(value))
    if "e" in text or "E" in text:
        text = f"{float(value):f}".rstrip("0").rstrip(".")
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",")


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, Percent):
        return _decimal_comma(round(float(value), 4)) + " %"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return _decimal_comma(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _DATE_LIKE.match(text):
        # Kept as text: an apostrophe is what Excel itself writes before such text.
        return "'" + text
    return escape_text(text)


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """Rows (the first is the header) as a CSV for Norwegian Excel."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_value(cell, value) -> None:
    if value is None:
        cell.value = None
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, Percent):
        cell.value = float(value) / 100
        cell.number_format = "0.0%"
    elif isinstance(value, Minutes):
        cell.value = float(value)
        cell.number_format = '0.0 "min"'
    elif isinstance(value, int):
        cell.value = value
        cell.number_format = "#,##0"
    elif isinstance(value, float | Decimal):
        cell.value = float(value)
        cell.number_format = "#,##0.0#"
    elif isinstance(value, dt.datetime):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    else:
        text = str(value)
        cell.value = text
        # Always text (openpyxl would take "=..." for a formula); quotePrefix shows it as typed.
        cell.data_type = "s"
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True


def xlsx_bytes(rows: Iterable[Iterable], *, title: str = "Data", caption: str | None = None) -> bytes:
    """Rows (the first is the header) as a workbook with typed cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31] or "Data"
    line = 1
    if caption:
        _xlsx_value(sheet.cell(row=1, column=1), str(caption))
        sheet.cell(row=1, column=1).font = Font(bold=True)
        line = 2
    for index, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=line, column=column)
            _xlsx_value(cell, value)
            if index == 0:
                cell.font = Font(bold=True)
        line += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
