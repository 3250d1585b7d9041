"""The demo loads the Innherred economy unit's register, assessments, transfers and mandate report."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from servicetorg.accounts.models import User
from servicetorg.catalogue.models import Service
from servicetorg.organisation.models import Unit
from servicetorg.transfers.models import MandateReport, StaffPosition, Status, Task, UnitLeadership
from servicetorg.transfers.selectors import capacity_get, register_get

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo():
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False):
        call_command("load_demo", "--history-days", "0")
    return Unit.objects.get(slug="okonomi", municipality__slug="sandefjord")


def test_the_demo_loads_the_economy_units_register_as_the_document_states(demo, client):
    """One test, because loading the demo is the slow part."""
    names = set(Task.objects.filter(unit=demo).values_list("name", flat=True))
    for name in ("Økonomiplan", "Budsjett", "TV-aksjonen", "Utleie av haller", "Ekstern utleie av møterom",
                 "Innkjøp", "Bilagsregistrering", "Scanning", "Remittering", "Regnskapsrapportering", "Purring",
                 "Innfordring", "Avstemming", "Forliksrådssekretær", "Formidlingslån fra Husbanken", "Sosiallån"):
        assert name in names
    assert len(names) == 19
    assert UnitLeadership.objects.filter(unit=demo, user__username="okonomileder").exists()

    transfers = set(Task.objects.filter(unit=demo, recommendation="transfer").values_list("name", flat=True))
    assert transfers == {
        "TV-aksjonen", "Utleie av haller", "Bilpark – kjørebøker og fordeling av utgifter",
        "Ekstern utleie av møterom", "Skriving og utlevering av sjekker til beboere på Leira mottak",
    }
    assert Task.objects.filter(unit=demo, recommendation="keep").count() == 14

    # The transferred citizen-facing tasks update the catalogue.
    hall = Task.objects.get(unit=demo, name="Utleie av haller")
    assert hall.status == Status.TRANSFERRED
    assert hall.service.slug == "leie-av-idrettshall"
    version = hall.service.versions.order_by("-number").first()
    assert version.number == 2 and version.changed_by.username == "leder"
    assert "guidance" in version.changes
    tv = Task.objects.get(unit=demo, name="TV-aksjonen")
    assert Service.objects.get(pk=tv.service_id).step == 3
    cheques = Task.objects.get(unit=demo, name__startswith="Skriving og utlevering")
    assert cheques.status == Status.AGREED and cheques.service is None

    # The transfers add the workload the document states.
    register = register_get(unit=demo, year=2026)
    hours = {row.task.name: row for row in register.rows}
    # TV-aksjonen: half a position for five weeks, about 84 hours, all in September and October.
    tv = hours["TV-aksjonen"]
    assert 80 < tv.hours_year < 90
    assert [round(float(h)) for h in tv.months[8:10]] == [26, 58]
    assert sum(tv.months[:8]) == 0
    # Hall rental: 4–5 hours a week, about 19.5 hours a month.
    assert 19 < hours["Utleie av haller"].hours_month < 20
    # Log books: two days a quarter, 15 hours a quarter.
    assert hours["Bilpark – kjørebøker og fordeling av utgifter"].hours_year == pytest.approx(60)

    # The capacity: the staff of the Sandefjord decision and the autumn peak.
    assert StaffPosition.objects.count() == 2
    capacity = capacity_get(municipality_id=demo.municipality_id, year=2026)
    assert float(capacity.staff_fte) == 6
    # TV-aksjonen runs from 20 September to 25 October.
    assert [m.month for m in capacity.months if m.peak] == [9, 10]
    assert capacity.months[9].transferred > capacity.months[5].transferred + 50

    report = MandateReport.objects.get(unit=demo)
    assert "spørretilgang i Kommfakt og regnskap" in report.conclusion_2
    # Signed with the demo's own place and date, not "Levanger 2004".
    today = dt.date(2026, 6, 1)  # the day the fixture loads the demo on
    assert report.conclusion_3 == f"De ovennevnte oppgavene overføres til servicekontoret i løpet av {today.year}."
    assert (report.place, report.dated) == (demo.municipality.name, today)

    # The printable report reads like the work group's: the five points in order, each with its
    # conclusion, the task list, the assessments and the proposed transfers with volume and training.
    client.force_login(User.objects.get(username="leder"))
    page = client.get(reverse("transfers:report-detail", args=["okonomi"]) + "?year=2026").content.decode()
    points = ["1. Enhetens oppgaver på tjenestetrappa", "2. Hvilke oppgaver servicekontoret kan og ikke kan",
              "3. Oppgaver som foreslås overført", "4. Samarbeids- og kommunikasjonsformer",
              "5. Utfordringer ved samlokalisering"]
    positions = [page.index(point) for point in points]
    assert positions == sorted(positions)
    assert page.count("Konklusjon/tilrådning") == 5
    assert "Dagrun Austad, Ingrid M. Næss, Erling Steinmo og Per Erik Garli" in page
    proposed = page[positions[2]:positions[3]]
    for text in ("Utleie av haller", "4-5 timer pr uke", "Marit Wangberg", "TV-aksjonen",
                 "1/2 stilling i perioden 20.09 – 25.10", "2 dager pr kvartal", "Opplæring i å skrive kjørebøker",
                 "Ekstern utleie av møterom", "Leira mottak"):
        assert text in proposed, text
    assert "Økonomiplan" not in proposed and "Økonomiplan" in page[positions[0]:positions[1]]
    assert "Kommfakt (lesetilgang)" in page
    pdf = client.get(reverse("transfers:report-pdf", args=["okonomi"]))
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 5000
