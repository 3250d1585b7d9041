"""The register as CSV and XLSX: export, import through the same services, a report
of bad rows, and nothing half-imported."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from servicetorg.transfers.importexport import (
    COLUMNS,
    header_label,
    register_export_csv,
    register_export_xlsx,
    register_import,
)
from servicetorg.transfers.models import Task
from servicetorg.transfers.services import task_create

pytestmark = pytest.mark.django_db

HEADER = "name;audience;step;volume_text;volume_kind;volume_amount;volume_interval_days;systems;access\n"


def _import(unit, by, text: str, filename="register.csv"):
    return register_import(unit=unit, by=by, filename=filename, raw=text.encode("utf-8"))


def test_an_export_imports_again_without_changes(okonomi, unit_leader, hall_rental, tv_aksjonen):
    task_create(by=unit_leader, unit=okonomi, name="Ekstern utleie av møterom", step=3,
                volume_text="Fordelt på mange i dag")
    csv_raw = register_export_csv(unit=okonomi)
    # For Norwegian Excel: a BOM, semicolons, headings in Norwegian; the import reads its own export.
    assert csv_raw.startswith("\ufeff".encode())
    assert csv_raw.decode("utf-8-sig").splitlines()[0].split(";")[:3] == ["Navn", "Beskrivelse", "Brukergruppe"]
    report = register_import(unit=okonomi, by=unit_leader, filename="r.csv", raw=csv_raw)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    report = register_import(unit=okonomi, by=unit_leader, filename="r.xlsx", raw=register_export_xlsx(unit=okonomi))
    assert report.ok and report.unchanged == 3


def test_a_spreadsheet_from_excel_with_semicolons_and_decimal_commas_is_imported(okonomi, unit_leader, hall_rental):
    text = HEADER + (
        "Utleie av haller;external;3;4-5 timer pr uke;per_week;4,5;;Booking;write\n"
        "Skriving av sjekker;external;3;Hver 14. dag;every_n_days;2;14;Regnskap;read\n"
        "Purring;external;3;;none;;;;none\n"
    )
    report = _import(okonomi, unit_leader, text)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (2, 1, 0)
    hall_rental.refresh_from_db()
    assert hall_rental.volume_amount == Decimal("4.5") and hall_rental.access == "write"
    assert Task.objects.get(name="Skriving av sjekker").volume_interval_days == 14


def test_a_stated_volume_alone_is_read_into_its_structured_form(okonomi, unit_leader):
    report = _import(okonomi, unit_leader, "name,step,volume_text\nBilpark – kjørebøker,3,2 dager pr kvartal\n")
    assert report.ok, report.errors
    task = Task.objects.get()
    assert (task.volume_kind, task.volume_amount) == ("days_per_quarter", 2)


def test_every_bad_row_is_reported_and_nothing_is_imported(okonomi, unit_leader, hall_rental):
    text = HEADER + (
        "Utleie av haller;external;3;;per_week;3;;;none\n"  # good: would change the volume
        "Ny oppgave;external;7;;none;;;;none\n"  # step out of range
        "Sjekker;external;3;;every_n_days;2;;;none\n"  # no interval
        ";external;3;;none;;;;none\n"  # no name
        "Ny oppgave 2;everyone;3;;none;;;;none\n"  # bad audience
        "Utleie av haller;external;3;;none;;;;none\n"  # the same task twice
    )
    report = _import(okonomi, unit_leader, text)
    assert not report.ok
    assert [(e.line, e.field) for e in report.errors] == [
        (3, "step"), (4, "volume_interval_days"), (5, "name"), (6, "audience"), (7, "name"),
    ]
    hall_rental.refresh_from_db()
    assert hall_rental.volume_amount == Decimal(4)
    assert Task.objects.count() == 1
    assert (report.created, report.updated) == (0, 0)


def test_an_unknown_column_is_reported(okonomi, unit_leader):
    report = _import(okonomi, unit_leader, "name,step,colour\nPurring,3,red\n")
    assert [(e.line, e.field) for e in report.errors] == [(1, "colour")]
    assert not Task.objects.exists()


def test_only_the_centres_leader_may_assess_through_an_import(okonomi, unit_leader, leader, hall_rental):
    text = "name,can_short,can_long,recommendation,assessment_reason\nUtleie av haller,yes,yes,transfer,Regelstyrt\n"
    report = _import(okonomi, unit_leader, text)
    assert {e.field for e in report.errors} == {"can_short", "can_long", "recommendation", "assessment_reason"}
    report = _import(okonomi, leader, text)
    assert report.ok, report.errors
    hall_rental.refresh_from_db()
    assert hall_rental.recommendation == "transfer" and hall_rental.assessed_by == leader


def test_a_status_is_not_changed_by_an_import(okonomi, unit_leader, hall_rental):
    report = _import(okonomi, unit_leader, "name,status\nUtleie av haller,transferred\n")
    assert [(e.line, e.field) for e in report.errors] == [(2, "status")]


def test_an_xlsx_file_is_read_with_its_typed_cells(okonomi, unit_leader):
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "step", "volume_kind", "volume_amount", "volume_start", "volume_end"])
    sheet.append(["TV-aksjonen", 3, "period_share", 0.5, dt.datetime(2026, 9, 20), dt.datetime(2026, 10, 25)])
    out = io.BytesIO()
    book.save(out)
    report = register_import(unit=okonomi, by=unit_leader, filename="r.xlsx", raw=out.getvalue())
    assert report.ok, report.errors
    task = Task.objects.get()
    assert (task.volume_amount, task.volume_start, task.volume_end) == (
        Decimal("0.5"), dt.date(2026, 9, 20), dt.date(2026, 10, 25))


def test_a_file_that_is_not_a_workbook_is_reported(okonomi, unit_leader):
    report = register_import(unit=okonomi, by=unit_leader, filename="r.xlsx", raw=b"not a zip")
    assert [(e.line, e.field) for e in report.errors] == [(1, "")]


def test_a_caseworker_of_another_unit_may_not_import(okonomi, caseworker):
    with pytest.raises(PermissionDenied):
        _import(okonomi, caseworker, "name,step\nPurring,3\n")


def test_the_pages_export_and_import(client_for, unit_leader, okonomi, hall_rental):
    client = client_for(unit_leader)
    response = client.get(reverse("transfers:register-export-xlsx", args=["okonomi"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [header_label(c) for c in COLUMNS] and sheet["A2"].value == "Utleie av haller"
    assert "Utleie av haller" in client.get(reverse("transfers:register-export-csv", args=["okonomi"])).content.decode()
    bad = SimpleUploadedFile("r.csv", b"name,step\nPurring,9\n", content_type="text/csv")
    response = client.post(reverse("transfers:register-import", args=["okonomi"]), {"file": bad})
    assert response.status_code == 200 and len(response.context["report"].errors) == 1
    good = SimpleUploadedFile("r.csv", b"name,step\nPurring,3\n", content_type="text/csv")
    response = client.post(reverse("transfers:register-import", args=["okonomi"]), {"file": good})
    assert response.status_code == 302 and Task.objects.filter(name="Purring").exists()
    wrong = SimpleUploadedFile("r.pdf", b"%PDF", content_type="application/pdf")
    response = client.post(reverse("transfers:register-import", args=["okonomi"]), {"file": wrong})
    assert "file" in response.context["form"].errors


def test_the_export_is_for_norwegian_spreadsheets_and_escapes_formulas(okonomi, unit_leader):
    task_create(by=unit_leader, unit=okonomi, name="=HYPERLINK(\"http://x\")", step=3, volume_text="6.4",
                volume_kind="per_week", volume_amount=Decimal("4.5"), audience="external")
    raw = register_export_csv(unit=okonomi)
    [header, row] = [line.split(";") for line in raw.decode("utf-8-sig").splitlines()]
    cells = dict(zip(header, row, strict=True))
    assert cells["Navn"].startswith("\"'=")  # shown, never run
    assert cells["Mengde"] == "4,5"  # a decimal comma, a number in Norwegian Excel
    assert cells["Omfang slik det er oppgitt"] == "'6.4"  # text, never the 6th of April
    assert cells["Brukergruppe"] == "Innbyggerrettet" or cells["Brukergruppe"] != "external"
    sheet = load_workbook(io.BytesIO(register_export_xlsx(unit=okonomi))).active
    values = {sheet.cell(1, c).value: sheet.cell(2, c) for c in range(1, sheet.max_column + 1)}
    assert values["Navn"].data_type == "s" and values["Navn"].quotePrefix
    assert values["Mengde"].value == 4.5 and values["Mengde"].data_type == "n"
    # ... and both files import again as they are.
    xlsx = register_export_xlsx(unit=okonomi)
    Task.objects.all().delete()
    for name, content in (("r.csv", raw), ("r.xlsx", xlsx)):
        report = register_import(unit=okonomi, by=unit_leader, filename=name, raw=content)
        assert report.ok, report.errors
    task = Task.objects.get()
    assert (task.name, task.volume_text, task.audience) == ('=HYPERLINK("http://x")', "6.4", "external")
