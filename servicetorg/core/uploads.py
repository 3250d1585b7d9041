"""Limits on uploaded import files, checked before anything is parsed.

- the file itself: IMPORT_MAX_BYTES;
- an XLSX is a zip: the *uncompressed* size of its members (IMPORT_MAX_UNCOMPRESSED_BYTES), read from the
  zip's directory before openpyxl opens it, so a 200 KB file cannot expand into gigabytes in a worker;
- JSON: nesting deeper than JSON_MAX_DEPTH is refused before the parser (which recurses) sees it;
- rows: IMPORT_MAX_ROWS, counted by the readers.
Each check returns a translated message for the person, or None.
"""

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

JSON_MAX_DEPTH = 32


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def upload_size_error(size: int) -> str | None:
    if size > settings.IMPORT_MAX_BYTES:
        return _("The file is larger than %(limit)s MB.") % {"limit": _megabytes(settings.IMPORT_MAX_BYTES)}
    return None


def xlsx_error(raw: bytes) -> str | None:
    """Refuse a workbook whose members would unpack to more than IMPORT_MAX_UNCOMPRESSED_BYTES."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None  # not a zip: the workbook reader reports it as "not an Excel workbook"
    if len(members) > 1000:
        return _("The workbook has too many parts to be read.")
    unpacked = sum(member.file_size for member in members)
    if unpacked > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        return _("The workbook unpacks to more than %(limit)s MB; split it or save it as CSV.") % {
            "limit": _megabytes(settings.IMPORT_MAX_UNCOMPRESSED_BYTES)}
    return None


def json_depth_error(text: str, max_depth: int = JSON_MAX_DEPTH) -> str | None:
    """Refuse JSON nested deeper than `max_depth` (brackets outside strings), without parsing it."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                return _("The JSON is nested more than %(depth)s levels deep; the import format has at most 4.") % {
                    "depth": max_depth}
        elif char in "]}":
            depth -= 1
    return None


def rows_error(count: int) -> str | None:
    if count > settings.IMPORT_MAX_ROWS:
        return _("The file has more than %(limit)s rows; split it into smaller files.") % {
            "limit": settings.IMPORT_MAX_ROWS}
    return None
