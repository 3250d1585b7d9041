"""Uploads cannot exhaust or hang a worker: the uncompressed size of an XLSX is checked before it is
opened, the register import has a row limit, the catalogue import a size limit, and nested JSON is
refused with a clear message (it was a 500)."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from servicetorg.catalogue.importexport import catalogue_import
from servicetorg.core.uploads import json_depth_error, rows_error, upload_size_error, xlsx_error
from servicetorg.transfers.importexport import register_import
from servicetorg.transfers.models import Task

pytestmark = pytest.mark.django_db


def _zip_bomb_xlsx(unpacked_bytes: int) -> bytes:
    """A small file whose one member unpacks to `unpacked_bytes` of zeros (what a 205 KB XLSX did)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(unpacked_bytes // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_before_it_is_opened(okonomi, unit_leader, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
    raw = _zip_bomb_xlsx(64 * 1024 * 1024)
    assert len(raw) < 200 * 1024
    report = register_import(unit=okonomi, by=unit_leader, filename="r.xlsx", raw=raw)
    assert not report.ok
    assert report.errors[0].reason == xlsx_error(raw)
    with translation.override("en"):
        assert "unpacks to more than 20 MB" in xlsx_error(raw)
    assert not Task.objects.exists()


def test_the_register_import_has_a_row_limit(okonomi, unit_leader, settings):
    settings.IMPORT_MAX_ROWS = 50
    text = "name;step\n" + "".join(f"Oppgave {n};3\n" for n in range(51))
    report = register_import(unit=okonomi, by=unit_leader, filename="r.csv", raw=text.encode())
    assert not report.ok
    assert report.errors[0].reason == rows_error(51)
    assert not Task.objects.exists()


def test_a_register_upload_over_the_size_limit_is_refused_on_the_page(client_for, unit_leader, okonomi, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("r.csv", b"name;step\n" + b"x;3\n" * 300_000, content_type="text/csv")
    response = client_for(unit_leader).post(reverse("transfers:register-import", args=["okonomi"]), {"file": big})
    assert response.status_code == 200
    assert upload_size_error(big.size) in response.content.decode()
    assert not Task.objects.exists()


def test_the_catalogue_import_in_the_admin_has_a_size_limit(admin_client, municipality, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("c.json", b'{"services": [' + b'{"slug": "a"},' * 100_000 + b"{}]}")
    response = admin_client.post(reverse("admin:catalogue_service_import"),
                                 {"file": big, "municipality": municipality.pk})
    assert response.status_code == 200
    assert upload_size_error(big.size) in response.content.decode()


@pytest.mark.parametrize("text", [
    '{"services": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"services": [' + '{"a":' * 5000 + "1" + "}" * 5000 + "]}",
], ids=["arrays", "objects"])
def test_nested_json_in_the_catalogue_import_is_a_clear_error(municipality, text):
    report = catalogue_import(municipality=municipality, json_text=text)
    assert not report.ok
    assert report.errors[0].reason == json_depth_error(text)


def test_nested_json_through_the_admin_is_not_a_500(admin_client, municipality):
    upload = SimpleUploadedFile("c.json", ('{"services": ' + "[" * 50_000 + "]" * 50_000 + "}").encode())
    response = admin_client.post(reverse("admin:catalogue_service_import"),
                                 {"file": upload, "municipality": municipality.pk})
    assert response.status_code == 200
    assert "32" in response.content.decode()
    assert json_depth_error('{"services": ' + "[" * 50_000 + "]" * 50_000 + "}") in response.content.decode()


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert json_depth_error(json.dumps({"services": [{"name": "[" * 100 + '\\"{' * 50}]})) is None
