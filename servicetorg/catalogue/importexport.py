"""Import and export of a municipality's catalogue, in the format of `data/FORMAT.md`.

An import is all or nothing: every row is checked, every bad row is reported
(line, field, reason), and if any row is bad nothing is written. Rows go
through `service_create` / `service_update`, so an import is validated the same
way as a form and every change it makes is versioned.
"""

import bisect
import csv
import datetime as dt
import io
import json
import json.decoder
import json.scanner
import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from servicetorg.accounts.models import User
from servicetorg.accounts.perms import Cap, user_can
from servicetorg.catalogue import search
from servicetorg.catalogue.models import Area, Article, Service
from servicetorg.catalogue.services import SERVICE_FIELDS, service_create, service_update
from servicetorg.core.parsing import parse_int, parse_or
from servicetorg.core.uploads import json_depth_error, rows_error
from servicetorg.organisation.models import Unit

# Column order of an export: the key first, then the fields in display order.
SERVICE_COLUMNS = ["slug", *(f for f in SERVICE_FIELDS if f != "slug")]
ARTICLE_COLUMNS = ["slug", "title", "kind", "public", "body", "services", "keywords"]
_FOREIGN_KEYS = {"area", "owner_unit", "forward_to", "content_owner"}
_TEXT_FIELDS = {
    "name", "name_nn", "name_en", "slug", "handling", "guidance", "summary", "summary_nn", "summary_en",
    "body", "body_nn", "body_en", "fees", "legal_basis", "keywords",
}
_TRUE = {"true", "ja", "1", "yes"}
_FALSE = {"false", "nei", "0", "no"}
_LINK_SEPARATOR = " ;; "


@dataclass(frozen=True)
class RowError:
    """One problem in an import file. `line` is the line in the file (for JSON
    data given as a dict: the row's position in its list); `field` is empty for
    a problem with the whole row or file."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        if self.field:
            return _("line %(line)s, field %(field)s: %(reason)s") % {
                "line": self.line, "field": self.field, "reason": self.reason,
            }
        return _("line %(line)s: %(reason)s") % {"line": self.line, "reason": self.reason}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    articles_created: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, line: int, field_name: str, reason: str) -> None:
        self.errors.append(RowError(line=line, field=field_name, reason=str(reason)))


class _Bad(Exception):
    """A cell that cannot be read; the message is the reason shown to the user."""


class _Lined(dict):
    """A JSON object that remembers the line it starts on."""

    line = 0


def read_upload(raw: bytes) -> str:
    """The text of an uploaded file. Excel in Norwegian saves CSV as Windows-1252
    unless told otherwise, so that is the fallback when the bytes are not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _json_with_lines(text: str):
    """json.loads, but every object knows its line, so a bad row is reported where
    the user can find it. The pure-Python scanner is the one that lets us hook
    object parsing; it is fast enough for a catalogue of a few thousand rows."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    decoder = json.JSONDecoder()

    def parse_object(s_and_end, *args, **kwargs):
        obj, end = json.decoder.JSONObject(s_and_end, *args, **kwargs)
        lined = _Lined(obj)
        lined.line = bisect.bisect_left(newlines, s_and_end[1] - 1) + 1
        return lined, end

    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text)


# Cell readers. JSON gives typed values, CSV gives strings; both go through the same readers.

def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Bad(_("Must be text."))
    return value


def _bool(value, *, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, str) and value.strip().lower() in _TRUE:
        return True
    if isinstance(value, str) and value.strip().lower() in _FALSE:
        return False
    raise _Bad(_("Write true or false."))


def _step(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        step = value
    elif isinstance(value, str) and parse_or(value.strip(), parse_int) is not None:
        step = parse_int(value.strip())
    else:
        raise _Bad(_("The step must be a whole number from 1 to 4, not “%(value)s”.") % {"value": value})
    if not 1 <= step <= 4:
        raise _Bad(_("The step must be a whole number from 1 to 4, not “%(value)s”.") % {"value": value})
    return step


def _date(value) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return dt.datetime.strptime(str(value).strip(), "%Y-%m-%d").date()
    except ValueError:
        raise _Bad(_("Write the date as YYYY-MM-DD, not “%(value)s”.") % {"value": value}) from None


def _lookup(value, table: dict, reason: str):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    key = str(value).strip()
    if key not in table:
        raise _Bad(reason % {"value": key})
    return table[key]


def _csv_links(value: str) -> list[dict]:
    links = []
    for pair in value.split(";;"):
        if not pair.strip():
            continue
        if "|" not in pair:
            raise _Bad(_("Write each link as “title | address”, separated by “ ;; ”."))
        # The title may contain a bar; an address practically never does.
        title, url = pair.rsplit("|", 1)
        links.append({"title": title.strip(), "url": url.strip()})
    return links


class _Tables:
    """Everything a row may refer to, loaded once: a fixed number of queries per import."""

    def __init__(self, municipality):
        self.areas = {a.code: a for a in Area.objects.all()}
        self.units = {u.slug: u for u in Unit.objects.filter(municipality=municipality)}
        self.users = {u.username: u for u in User.objects.filter(municipality=municipality)}
        self.services = {s.slug: s for s in Service.objects.filter(municipality=municipality)}
        self.articles = {a.slug: a for a in Article.objects.filter(municipality=municipality)}
        self.article_services: dict[int, set[str]] = {}
        links = Article.services.through.objects.filter(article__municipality=municipality)
        for article_id, slug in links.values_list("article_id", "service__slug"):
            self.article_services.setdefault(article_id, set()).add(slug)


def _messages(error: ValidationError) -> dict[str, str]:
    if hasattr(error, "error_dict"):
        return {name: " ".join(messages) for name, messages in error.message_dict.items()}
    return {NON_FIELD_ERRORS: " ".join(error.messages)}


def _claim_slug(report: "ImportReport", first_line: dict[str, int], line: int, slug: str | None) -> bool:
    """Note the line a slug first stands on; False (and a row error) when an earlier line has it."""
    if slug and slug in first_line:
        report.error(line, "slug", _("The slug “%(slug)s” is already used on line %(line)s of this file.") % {
            "slug": slug, "line": first_line[slug],
        })
        return False
    if slug:
        first_line[slug] = line
    return True


def _row_slug(row: dict, title_key: str, max_length: int) -> str:
    """The row's slug, or the one a new record would get from its name."""
    slug = row.get("slug")
    if isinstance(slug, str) and slug.strip():
        return slug.strip()
    title = row.get(title_key)
    return slugify(title)[:max_length] if isinstance(title, str) else ""


def _service_fields(row: dict, tables: _Tables, *, from_csv: bool) -> tuple[dict, dict[str, str]]:
    """Read one service row into model values; return (fields, {field: reason})."""
    fields, bad = {}, {}
    for name, value in row.items():
        try:
            if name in _TEXT_FIELDS:
                fields[name] = _text(value).strip() if name in ("slug", "handling") else _text(value)
            elif name == "area":
                fields[name] = _lookup(value, tables.areas, _("There is no area with the code “%(value)s”."))
            elif name in ("owner_unit", "forward_to"):
                fields[name] = _lookup(
                    value, tables.units, _("There is no unit with the slug “%(value)s” in this municipality.")
                )
            elif name == "content_owner":
                fields[name] = _lookup(
                    value, tables.users, _("There is no user “%(value)s” in this municipality.")
                )
            elif name == "step":
                step = _step(value)
                if step is not None:
                    fields[name] = step
            elif name == "sensitive":
                fields[name] = _bool(value, default=False)
            elif name == "active":
                fields[name] = _bool(value, default=True)
            elif name == "last_reviewed":
                fields[name] = _date(value)
            elif name == "links":
                if from_csv:
                    fields[name] = _csv_links(_text(value))
                else:
                    # A wrong shape is reported by the service's own check of links.
                    fields[name] = [] if value is None else value
            else:
                bad[name] = _("Unknown field.")
        except _Bad as reason:
            bad[name] = str(reason)
    return fields, bad


def _same(service: Service, name: str, value) -> bool:
    if name in _FOREIGN_KEYS:
        return getattr(service, f"{name}_id") == (value.pk if value is not None else None)
    return getattr(service, name) == value


def _import_services(rows, tables: _Tables, *, municipality, by, note: str, report: ImportReport) -> None:
    first_line: dict[str, int] = {}
    for line, row, from_csv in rows:
        fields, bad = _service_fields(row, tables, from_csv=from_csv)
        slug = _row_slug(row, "name", 160)
        if not _claim_slug(report, first_line, line, slug):
            continue
        existing = tables.services.get(slug) if slug else None
        # A field that could not be read is left out, so the service's check
        # reports only what is wrong with the rest of the row.
        good = {name: value for name, value in fields.items() if name not in bad}
        try:
            with transaction.atomic():
                if existing is None:
                    if "slug" not in bad:
                        good["slug"] = slug
                    tables.services[slug] = service_create(by=by, municipality=municipality, note=note,
                                                           reindex=False, **good)
                    report.created += 1
                else:
                    changed = {name: value for name, value in good.items() if not _same(existing, name, value)}
                    if changed:
                        service_update(service=existing, by=by, note=note, reindex=False, **changed)
                        report.updated += 1
                    else:
                        report.unchanged += 1
        except ValidationError as error:
            for name, reason in _messages(error).items():
                bad.setdefault(name, reason)
        except PermissionDenied:
            bad[NON_FIELD_ERRORS] = _("You may not change this service.")
        except DatabaseError as error:
            bad[NON_FIELD_ERRORS] = _("The database refused the row: %(error)s") % {"error": error}
        for name, reason in bad.items():
            report.error(line, "" if name == NON_FIELD_ERRORS else name, reason)


def _article_fields(row: dict, tables: _Tables, file_slugs: set[str]) -> tuple[dict, dict[str, str]]:
    fields, bad = {}, {}
    for name, value in row.items():
        try:
            if name in ("slug", "title", "kind", "body", "keywords"):
                fields[name] = _text(value).strip() if name in ("slug", "kind") else _text(value)
            elif name == "public":
                fields[name] = _bool(value, default=True)
            elif name == "services":
                if value is None:
                    value = []
                if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
                    raise _Bad(_("Must be a list of service slugs."))
                unknown = [s for s in value if s not in tables.services and s not in file_slugs]
                if unknown:
                    raise _Bad(_("There is no service with the slug “%(value)s” in this municipality or this file.")
                               % {"value": ", ".join(unknown)})
                fields[name] = sorted(set(value))
            else:
                bad[name] = _("Unknown field.")
        except _Bad as reason:
            bad[name] = str(reason)
    return fields, bad


def _import_articles(rows, tables: _Tables, *, municipality, file_slugs: set[str], report: ImportReport) -> list[int]:
    first_line: dict[str, int] = {}
    touched: list[int] = []
    for line, row in rows:
        fields, bad = _article_fields(row, tables, file_slugs)
        slug = _row_slug(row, "title", 200)
        if not _claim_slug(report, first_line, line, slug):
            continue
        good = {name: value for name, value in fields.items() if name not in bad}
        # A service of this file whose row was bad was never saved; its row error says why.
        service_slugs = good.pop("services", None)
        article = tables.articles.get(slug) if slug else None
        creating = article is None
        if creating:
            article = Article(municipality=municipality, slug=slug)
        changed = [name for name, value in good.items() if getattr(article, name) != value]
        for name in changed:
            setattr(article, name, good[name])
        services_changed = service_slugs is not None and (
            creating or set(service_slugs) != tables.article_services.get(article.pk, set())
        )
        try:
            article.full_clean(exclude=["municipality", *bad])
        except ValidationError as error:
            for name, reason in _messages(error).items():
                bad.setdefault(name, reason)
        if bad:
            for name, reason in bad.items():
                report.error(line, "" if name == NON_FIELD_ERRORS else name, reason)
            continue
        if not creating and not changed and not services_changed:
            report.articles_unchanged += 1
            continue
        try:
            with transaction.atomic():
                if creating:
                    article.save()
                elif changed:
                    article.save(update_fields=[*changed, "updated_at"])
                if services_changed:
                    article.services.set(
                        [tables.services[s] for s in service_slugs if s in tables.services]
                    )
        except DatabaseError as error:
            report.error(line, "", _("The database refused the row: %(error)s") % {"error": error})
            continue
        tables.articles[slug] = article
        touched.append(article.pk)
        if creating:
            report.articles_created += 1
        else:
            report.articles_updated += 1
    return touched


def _rows_from_json(data, report: ImportReport):
    """(service rows, article rows) as (line, row) pairs, or None when the file cannot be read."""
    if not isinstance(data, dict):
        report.error(1, "", _("The file must be a JSON object with “services” and “articles” lists."))
        return None
    for key in data:
        if key not in ("services", "articles"):
            report.error(getattr(data, "line", 1), key, _("Unknown key: the file holds “services” and “articles”."))
    sections = {}
    not_an_object = {"services": _("Each service must be an object."), "articles": _("Each article must be an object.")}
    for key in ("services", "articles"):
        items = data.get(key) or []
        if not isinstance(items, list):
            report.error(getattr(data, "line", 1), key, _("Must be a list."))
            return None
        rows = []
        for position, item in enumerate(items, start=1):
            line = getattr(item, "line", position)
            if not isinstance(item, dict):
                report.error(line, "", not_an_object[key])
                continue
            rows.append((line, item))
        sections[key] = rows
    if not data.get("services") and not data.get("articles"):
        report.error(1, "", _("The file holds no services and no articles."))
    return sections["services"], sections["articles"]


def _rows_from_csv(text: str, report: ImportReport):
    """Service rows as (line, row) pairs, or None when the file cannot be read."""
    header_line = text.split("\n", 1)[0]
    # Excel in Norwegian writes semicolons between cells.
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            report.error(1, "", _("The file is empty."))
            return None
        header_at = reader.line_num
        columns = [cell.strip() for cell in header]
        known = [c for c in columns if c in SERVICE_COLUMNS]
        if not known:
            report.error(header_at, "", _("The first line must name the columns, such as slug, name, area, step "
                                          "and handling."))
            return None
        for column in columns:
            if not column:
                report.error(header_at, "", _("A column has no name."))
            elif column not in SERVICE_COLUMNS:
                report.error(header_at, column, _("Unknown column."))
        for column in {c for c in columns if columns.count(c) > 1}:
            report.error(header_at, column, _("The column appears more than once."))
        rows, last, seen = [], reader.line_num, 0
        for cells in reader:
            line, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            seen += 1
            if len(cells) > len(columns):
                report.error(line, "", _("The row has more cells than the first line has columns."))
                continue
            cells = cells + [""] * (len(columns) - len(cells))
            rows.append((line, {c: v for c, v in zip(columns, cells, strict=True) if c in SERVICE_COLUMNS}))
    except csv.Error as error:
        report.error(reader.line_num, "", _("The CSV cannot be read: %(error)s") % {"error": error})
        return None
    if not seen:
        report.error(header_at, "", _("The file has no rows after the first line."))
    return rows


def catalogue_import(
    *, municipality, data: dict | None = None, json_text: str | None = None, csv_text: str | None = None,
    by=None, dry_run: bool = False, note: str = "",
) -> ImportReport:
    """Load services (and, from JSON, articles) into a municipality's catalogue.

    Give exactly one of `data` (parsed JSON), `json_text` or `csv_text`. Existing
    services and articles are matched by slug and updated field by field;
    others are created. If any row is bad, nothing is written and the report
    lists every bad row. `by` is the person importing (None: the system, as
    from the command line). With `dry_run`, the report says what would happen.
    """
    if by is not None and not (
        by.is_superuser or (user_can(by, Cap.EDIT_CATALOGUE) and by.municipality_id == municipality.pk)
    ):
        raise PermissionDenied
    if sum(x is not None for x in (data, json_text, csv_text)) != 1:
        raise ValueError("give exactly one of data, json_text and csv_text")
    report = ImportReport(dry_run=dry_run)
    service_rows: list[tuple[int, dict, bool]] = []
    article_rows: list[tuple[int, dict]] = []
    if csv_text is not None:
        text = csv_text.removeprefix("\ufeff")
        if not text.strip():
            report.error(1, "", _("The file is empty."))
            return report
        rows = _rows_from_csv(text, report)
        if rows is None:
            return report
        service_rows = [(line, row, True) for line, row in rows]
    else:
        if json_text is not None:
            text = json_text.removeprefix("\ufeff")
            if not text.strip():
                report.error(1, "", _("The file is empty."))
                return report
            too_deep = json_depth_error(text)
            if too_deep:
                report.error(1, "", too_deep)
                return report
            try:
                data = _json_with_lines(text)
            except json.JSONDecodeError as error:
                report.error(error.lineno, "", _("This is not valid JSON: %(error)s") % {"error": error.msg})
                return report
            except RecursionError:  # the depth check above makes this unreachable; kept as a last guard
                report.error(1, "", _("The JSON is nested too deeply."))
                return report
        sections = _rows_from_json(data, report)
        if sections is None:
            return report
        service_rows = [(line, row, False) for line, row in sections[0]]
        article_rows = sections[1]
    if not service_rows and not article_rows:
        return report
    too_many = rows_error(len(service_rows) + len(article_rows))
    if too_many:
        report.error(1, "", too_many)
        return report

    note = note or _("Imported")
    with transaction.atomic():
        tables = _Tables(municipality)
        file_slugs = {_row_slug(row, "name", 160) for _line, row, _csv in service_rows}
        _import_services(service_rows, tables, municipality=municipality, by=by, note=note, report=report)
        touched = _import_articles(article_rows, tables, municipality=municipality, file_slugs=file_slugs,
                                   report=report)
        # Indexed once, at the end, with the whole catalogue's vocabulary for splitting compounds:
        # indexing row by row reloaded the vocabulary for every service (most of an import's time).
        wrote = report.created or report.updated or touched
        if wrote and not report.errors and not dry_run:
            search.index_rebuild(municipality_id=municipality.pk)
        if report.errors or dry_run:
            transaction.set_rollback(True)
    if report.errors:
        report.created = report.updated = report.unchanged = 0
        report.articles_created = report.articles_updated = report.articles_unchanged = 0
        report.errors.sort(key=lambda e: e.line)
    return report


def _service_row(service: Service) -> dict:
    row = {}
    for name in SERVICE_COLUMNS:
        if name == "area":
            row[name] = service.area_id
        elif name in ("owner_unit", "forward_to"):
            unit = getattr(service, name)
            row[name] = unit.slug if unit else None
        elif name == "content_owner":
            row[name] = service.content_owner.username if service.content_owner else None
        elif name == "last_reviewed":
            row[name] = service.last_reviewed.isoformat() if service.last_reviewed else None
        else:
            row[name] = getattr(service, name)
    return row


def _csv_cell(name: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if name == "links":
        return _LINK_SEPARATOR.join(f"{link.get('title', '')} | {link.get('url', '')}" for link in value)
    return str(value)


def catalogue_export(*, municipality, fmt: str, service_ids: list[int] | None = None) -> str:
    """The catalogue in the import format: importing it again changes nothing.

    With `service_ids`, only those services (and no articles) are exported.
    """
    if fmt not in ("json", "csv"):
        raise ValueError(f"unknown format {fmt!r}")
    services = (
        Service.objects.filter(municipality=municipality)
        .select_related("owner_unit", "forward_to", "content_owner")
        .order_by("slug")
    )
    if service_ids is not None:
        services = services.filter(pk__in=service_ids)
    rows = [_service_row(s) for s in services]
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(SERVICE_COLUMNS)
        for row in rows:
            writer.writerow([_csv_cell(name, row[name]) for name in SERVICE_COLUMNS])
        return out.getvalue()
    articles = []
    if service_ids is None:
        for article in (
            Article.objects.filter(municipality=municipality).prefetch_related("services").order_by("slug")
        ):
            articles.append({
                "slug": article.slug, "title": article.title, "kind": article.kind, "public": article.public,
                "body": article.body, "services": sorted(s.slug for s in article.services.all()),
                "keywords": article.keywords,
            })
    return json.dumps({"services": rows, "articles": articles}, ensure_ascii=False, indent=2) + "\n"
