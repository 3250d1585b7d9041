"""Import and export of a unit's task register as CSV or XLSX, so units can fill it
in a spreadsheet.

The shape is the catalogue's (servicetorg.catalogue.importexport): all or
nothing, every bad row reported with its line, field and reason. Each row is
read by the same form as the web page and written through the same services
(task_create, task_update, task_assess), in one transaction that is rolled
back if any row is bad. A task is matched by its name within the unit.
"""

import csv
import datetime as dt
import functools
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from servicetorg.catalogue.importexport import RowError, read_upload
from servicetorg.core.spreadsheets import csv_bytes, unescape_text, xlsx_bytes
from servicetorg.core.uploads import rows_error, xlsx_error
from servicetorg.transfers.forms import AssessmentForm, TaskForm
from servicetorg.transfers.models import Task
from servicetorg.transfers.services import (
    TASK_FIELDS,
    register_can_edit,
    task_assess,
    task_create,
    task_update,
    transfers_can_assess,
)

ASSESSMENT_COLUMNS = ["can_short", "can_long", "assessment_reason", "recommendation"]
COLUMNS = [*TASK_FIELDS, *ASSESSMENT_COLUMNS, "status"]
_DECIMALS = {"volume_amount", "volume_amount_max", "training_hours"}
# A new row without a kind of volume has it read from the volume as stated.
_DEFAULTS = {"audience": "internal", "volume_kind": "", "access": "none"}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, line: int, field_name: str, reason: str) -> None:
        self.errors.append(RowError(line=line, field=field_name, reason=str(reason)))


def _cell(value) -> str:
    """A spreadsheet cell as the text a form reads."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def header_label(column: str) -> str:
    """The column's heading in the active language ("Navn", "Brukergruppe"...)."""
    return capfirst(str(Task._meta.get_field(column).verbose_name))


def _choice_columns() -> list[str]:
    return [c for c in COLUMNS if Task._meta.get_field(c).choices and not isinstance(
        Task._meta.get_field(c).choices[0][0], int)]


@functools.cache
def _aliases() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """What the import understands: a column by its code or its heading in any of our
    languages, and a choice by its code or its label. So a file exported in bokmål,
    nynorsk or English imports again, whatever the importer's language."""
    columns: dict[str, str] = {}
    choices: dict[str, dict[str, str]] = {c: {} for c in _choice_columns()}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for column in COLUMNS:
                columns[column.casefold()] = column
                columns[header_label(column).casefold()] = column
            for column in choices:
                for value, label in Task._meta.get_field(column).choices:
                    choices[column][str(value).casefold()] = str(value)
                    if value:
                        choices[column][str(label).casefold()] = str(value)
    return columns, choices


def _canonical_header(header: list[str]) -> list[str]:
    columns, _choices = _aliases()
    return [columns.get(c.strip().casefold(), c.strip()) for c in header]


def _canonical_row(row: dict) -> dict:
    _columns, choices = _aliases()
    row = {c: unescape_text(v) for c, v in row.items()}
    return {c: choices[c].get(v.strip().casefold(), v) if c in choices else v for c, v in row.items()}


def _header(columns: list[str], line: int, report: ImportReport) -> bool:
    if "name" not in columns:
        report.error(line, "", _("The first line must name the columns, among them “name”."))
        return False
    for column in columns:
        if not column:
            report.error(line, "", _("A column has no name."))
        elif column not in COLUMNS:
            report.error(line, column, _("Unknown column."))
    for column in sorted({c for c in columns if c and columns.count(c) > 1}):
        report.error(line, column, _("The column appears more than once."))
    return True


def _rows_from_csv(text: str, report: ImportReport) -> list[tuple[int, dict]]:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        report.error(1, "", _("The file is empty."))
        return []
    first = text.split("\n", 1)[0]
    # Excel in Norwegian writes semicolons between cells.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, dict]] = []
    try:
        header = _canonical_header(next(reader))
        if not _header(header, reader.line_num, report):
            return []
        last = reader.line_num
        for cells in reader:
            line, last = last + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                report.error(line, "", _("The row has more cells than the first line has columns."))
                continue
            cells = cells + [""] * (len(header) - len(cells))
            rows.append((line, _canonical_row(
                {c: v.strip() for c, v in zip(header, cells, strict=True) if c in COLUMNS})))
    except csv.Error as error:
        report.error(reader.line_num, "", _("The CSV cannot be read: %(error)s") % {"error": error})
        return []
    return rows


def _rows_from_xlsx(raw: bytes, report: ImportReport) -> list[tuple[int, dict]]:
    from openpyxl import load_workbook  # only imports that need it pay for loading openpyxl

    too_big = xlsx_error(raw)  # before opening: the zip's members may unpack to gigabytes
    if too_big:
        report.error(1, "", too_big)
        return []
    try:
        sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        report.error(1, "", _("The file is not an Excel workbook (.xlsx)."))
        return []
    rows: list[tuple[int, dict]] = []
    header: list[str] | None = None
    for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        texts = [_cell(c) for c in cells]
        if header is None:
            if not any(texts):
                continue
            header = _canonical_header(texts)
            while header and not header[-1]:
                header.pop()
            if not _header(header, line, report):
                return []
            continue
        if not any(texts):
            continue
        if any(texts[len(header):]):
            report.error(line, "", _("The row has more cells than the first line has columns."))
            continue
        texts = texts + [""] * (len(header) - len(texts))
        rows.append((line, _canonical_row(
            {c: v for c, v in zip(header, texts[: len(header)], strict=True) if c in COLUMNS})))
    if header is None:
        report.error(1, "", _("The file is empty."))
    return rows


_CHOICE_COLUMNS = frozenset(_choice_columns())


def _form_value(task: Task | None, name: str) -> str:
    if task is None:
        return _DEFAULTS.get(name, "")
    value = getattr(task, name)
    return "" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)


def _errors(error: ValidationError) -> dict[str, str]:
    if hasattr(error, "error_dict"):
        return {name: " ".join(messages) for name, messages in error.message_dict.items()}
    return {NON_FIELD_ERRORS: " ".join(error.messages)}


def _import_row(line: int, row: dict, *, unit, by, may_assess: bool, tasks: dict, report: ImportReport) -> None:
    name = row.get("name", "").strip()
    if not name:
        report.error(line, "name", _("This field is required."))
        return
    existing = tasks.get(name)
    data = {n: row[n] if n in row else _form_value(existing, n) for n in TASK_FIELDS}
    for n in _DECIMALS & set(data):
        data[n] = data[n].replace(",", ".").replace(" ", "")
    form = TaskForm(data=data, instance=Task(unit=unit, municipality_id=unit.municipality_id))
    bad: dict[str, str] = {}
    if not form.is_valid():
        bad = {n: " ".join(str(m) for m in messages) for n, messages in form.errors.items()}
    assessment = {n: row[n] for n in ASSESSMENT_COLUMNS if n in row}
    assessment_changes = {n: v for n, v in assessment.items() if v != _form_value(existing, n)}
    if assessment_changes and not may_assess:
        for n in assessment_changes:
            bad[n] = _("Only the service centre's leader assesses tasks.")
    status = row.get("status", "")
    if status and status != _form_value(existing, "status") and (existing is not None or status != "proposed"):
        bad["status"] = _("A task's status is moved on its page, one step at a time.")
    if bad:
        for n, reason in bad.items():
            report.error(line, "" if n == NON_FIELD_ERRORS else n, reason)
        return
    try:
        with transaction.atomic():
            if existing is None:
                task = task_create(by=by, unit=unit, **form.task_fields())
                tasks[name] = task
                report.created += 1
            else:
                task = existing
                before = {n: getattr(task, n) for n in TASK_FIELDS}
                task_update(task=task, by=by, **form.task_fields())
                changed = any(getattr(task, n) != before[n] for n in TASK_FIELDS)
            if assessment_changes:
                values = {n: row[n] if n in row else _form_value(task, n) for n in AssessmentForm.Meta.fields}
                values.update({n: _form_value(task, n) for n in ("catalogue_handling", "catalogue_guidance")})
                values.update({n: getattr(task, f"{n}_id") or "" for n in ("service", "catalogue_area")})
                blank = Task(unit=unit, municipality_id=unit.municipality_id)
                assess_form = AssessmentForm(data=values, instance=blank)
                if not assess_form.is_valid():
                    raise ValidationError({n: [str(m) for m in ms] for n, ms in assess_form.errors.items()})
                task_assess(task=task, by=by, **assess_form.assessment_fields())
            if existing is not None:
                if changed or assessment_changes:
                    report.updated += 1
                else:
                    report.unchanged += 1
    except ValidationError as error:
        if existing is None:
            tasks.pop(name, None)
        for n, reason in _errors(error).items():
            report.error(line, "" if n == NON_FIELD_ERRORS else n, reason)
    except PermissionDenied:
        report.error(line, "", _("You may not change this task."))
    except DatabaseError as error:
        report.error(line, "", _("The database refused the row: %(error)s") % {"error": error})


def register_import(*, unit, by, filename: str, raw: bytes) -> ImportReport:
    """Load a CSV or XLSX file into the unit's register. If any row is bad, nothing
    is written and the report lists every bad row."""
    if not register_can_edit(user=by, unit=unit):
        raise PermissionDenied
    report = ImportReport()
    if filename.lower().endswith(".xlsx"):
        rows = _rows_from_xlsx(raw, report)
    else:
        rows = _rows_from_csv(read_upload(raw), report)
    if report.errors:
        return report
    if not rows:
        report.error(1, "", _("The file has no rows after the first line."))
        return report
    too_many = rows_error(len(rows))
    if too_many:
        report.error(1, "", too_many)
        return report
    may_assess = transfers_can_assess(user=by, municipality_id=unit.municipality_id)
    with transaction.atomic():
        tasks = {t.name: t for t in Task.objects.filter(unit=unit).select_related("unit")}
        seen: dict[str, int] = {}
        for line, row in rows:
            name = row.get("name", "").strip()
            if name in seen:
                report.error(line, "name", _("The task “%(name)s” is already on line %(line)s of this file.")
                             % {"name": name, "line": seen[name]})
                continue
            seen[name] = line
            _import_row(line, row, unit=unit, by=by, may_assess=may_assess, tasks=tasks, report=report)
        if report.errors:
            transaction.set_rollback(True)
    if report.errors:
        report.created = report.updated = report.unchanged = 0
        report.errors.sort(key=lambda e: e.line)
    return report


def _export_value(task: Task, name: str):
    value = getattr(task, name)
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value.normalize() if value == value.to_integral() else value.normalize()
    if name in _CHOICE_COLUMNS:
        return getattr(task, f"get_{name}_display")() if value else ""
    return value


def register_rows(*, unit) -> list[list]:
    """Headings and codes in the active language; the import reads them back."""
    tasks = Task.objects.filter(unit=unit).order_by("position", "name")
    return [[header_label(c) for c in COLUMNS], *([_export_value(t, n) for n in COLUMNS] for t in tasks)]


def register_export_csv(*, unit) -> bytes:
    """For Norwegian Excel: semicolons, decimal comma, BOM, formulas escaped."""
    return csv_bytes(register_rows(unit=unit))


def register_export_xlsx(*, unit) -> bytes:
    return xlsx_bytes(register_rows(unit=unit), title=unit.name)
