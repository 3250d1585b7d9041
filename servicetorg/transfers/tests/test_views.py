"""The staff pages under /transfers/, through their URLs."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from servicetorg.catalogue.models import Area
from servicetorg.inquiries import services as inquiry_services
from servicetorg.inquiries.models import Channel, Outcome
from servicetorg.transfers.models import StaffPosition, Status, Task
from servicetorg.transfers.services import mandate_report_update, task_advance, task_assess, task_create

pytestmark = pytest.mark.django_db


def test_the_nav_shows_task_transfer_to_those_who_may_use_it(client_for, leader, unit_leader, caseworker, clerk):
    for person, shown in ((leader, True), (unit_leader, True), (caseworker, False), (clerk, False)):
        page = client_for(person).get(reverse("catalogue:service-list")).content.decode()
        assert ('href="/transfers/"' in page) is shown, person


def test_the_list_shows_the_leader_every_unit_and_a_unit_leader_their_own(client_for, leader, unit_leader,
                                                                          okonomi, byggesak):
    page = client_for(leader).get(reverse("transfers:unit-list")).content.decode()
    assert "Økonomienheten" in page and "Byggesak" in page
    page = client_for(unit_leader).get(reverse("transfers:unit-list")).content.decode()
    assert "Økonomienheten" in page and "Byggesak" not in page


def test_a_caseworker_of_another_unit_is_denied(client_for, caseworker, okonomi, hall_rental):
    client = client_for(caseworker)
    assert client.get(reverse("transfers:unit-list")).status_code == 403
    assert client.get(reverse("transfers:register-detail", args=["okonomi"])).status_code == 404
    assert client.get(reverse("transfers:task-detail", args=["okonomi", hall_rental.pk])).status_code == 404
    assert client.post(reverse("transfers:task-create", args=["okonomi"]), {"name": "x"}).status_code == 404
    assert client.get(reverse("transfers:report-pdf", args=["okonomi"])).status_code == 404
    assert client.get(reverse("transfers:capacity")).status_code == 403


def test_anonymous_people_are_sent_to_log_in(client, okonomi):
    response = client.get(reverse("transfers:register-detail", args=["okonomi"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_register_shows_each_task_on_its_step_in_a_fixed_number_of_queries(
        client_for, unit_leader, okonomi, hall_rental, tv_aksjonen, django_assert_max_num_queries):
    client = client_for(unit_leader)
    client.get(reverse("transfers:register-detail", args=["okonomi"]))
    for number in range(10):
        task_create(by=unit_leader, unit=okonomi, name=f"Oppgave {number}", step=number % 4 + 1,
                    volume_kind="per_month", volume_amount=Decimal(2))
    # The staff shell (the municipality's theme, the counts in the navigation) adds a fixed one
    # or two. What matters: the same with 3 tasks or 13.
    with django_assert_max_num_queries(10):
        page = client.get(reverse("transfers:register-detail", args=["okonomi"])).content.decode()
    assert "Utleie av haller" in page and "Oppgave 9" in page
    assert page.index('id="step-3"') < page.index("Utleie av haller") < page.index('id="step-4"')


def test_a_unit_leader_adds_a_task_by_stating_its_volume_in_words(client_for, unit_leader, okonomi):
    response = client_for(unit_leader).post(reverse("transfers:task-create", args=["okonomi"]), {
        "name": "Utleie av haller", "audience": "external", "step": "3", "volume_text": "4-5 timer pr uke",
        "volume_kind": "", "access": "none",
    })
    task = Task.objects.get(name="Utleie av haller")
    assert response.status_code == 302
    assert (task.volume_kind, task.volume_amount, task.volume_amount_max) == ("per_week", 4, 5)


def test_a_volume_that_cannot_be_read_is_a_form_error(client_for, unit_leader, okonomi):
    response = client_for(unit_leader).post(reverse("transfers:task-create", args=["okonomi"]), {
        "name": "Ekstern utleie av møterom", "audience": "external", "step": "3",
        "volume_text": "Fordelt på mange i dag", "volume_kind": "", "access": "none",
    })
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert not Task.objects.exists()


def test_a_volume_marked_not_stated_keeps_its_words_and_counts_no_hours(client_for, unit_leader, okonomi):
    response = client_for(unit_leader).post(reverse("transfers:task-create", args=["okonomi"]), {
        "name": "Ekstern utleie av møterom", "audience": "external", "step": "3",
        "volume_text": "Fordelt på mange i dag", "volume_kind": "none", "access": "none",
    })
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.volume_text, task.volume_kind, task.volume_amount) == ("Fordelt på mange i dag", "none", None)


def test_a_structured_volume_with_a_missing_part_is_a_form_error(client_for, unit_leader, okonomi):
    response = client_for(unit_leader).post(reverse("transfers:task-create", args=["okonomi"]), {
        "name": "Sjekker", "audience": "external", "step": "3", "volume_kind": "every_n_days",
        "volume_amount": "2", "access": "none",
    })
    assert response.status_code == 200
    assert "volume_interval_days" in response.context["form"].errors


def test_the_leader_assesses_and_moves_a_task_on_from_its_page(client_for, leader, okonomi, hall_rental):
    client = client_for(leader)
    response = client.post(reverse("transfers:task-assess", args=["okonomi", hall_rental.pk]), {
        "can_short": "yes", "can_long": "yes", "assessment_reason": "Regelstyrt.", "recommendation": "transfer",
        "catalogue_area": "idrett-utleie", "catalogue_handling": "answer", "catalogue_guidance": "Sjekk ledig tid.",
    })
    assert response.status_code == 302
    client.post(reverse("transfers:task-advance", args=["okonomi", hall_rental.pk]), {"to": "agreed"})
    hall_rental.refresh_from_db()
    assert hall_rental.status == Status.AGREED
    page = client.get(reverse("transfers:task-detail", args=["okonomi", hall_rental.pk])).content.decode()
    assert 'name="to" value="trained"' in page


def test_a_unit_leader_sees_no_assessment_controls_and_may_not_assess(client_for, unit_leader, hall_rental):
    client = client_for(unit_leader)
    page = client.get(reverse("transfers:task-detail", args=["okonomi", hall_rental.pk])).content.decode()
    assert reverse("transfers:task-assess", args=["okonomi", hall_rental.pk]) not in page
    assert client.get(reverse("transfers:task-assess", args=["okonomi", hall_rental.pk])).status_code == 403
    response = client.post(reverse("transfers:task-advance", args=["okonomi", hall_rental.pk]), {"to": "agreed"})
    assert response.status_code == 403


def test_a_transferred_task_shows_its_evaluation_from_the_inquiry_log(client_for, leader, clerk, site, okonomi,
                                                                       hall_rental):
    task_assess(task=hall_rental, by=leader, can_short="yes", can_long="yes", recommendation="transfer",
                assessment_reason="Regelstyrt.", catalogue_area=Area.objects.get(code="idrett-utleie"),
                catalogue_handling="answer")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        for status in (Status.AGREED, Status.TRAINED, Status.TRANSFERRED):
            task_advance(task=hall_rental, by=leader, to=status)
    hall_rental.refresh_from_db()
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC), tick=False):
        for outcome, seconds in ((Outcome.ANSWERED, 300), (Outcome.ANSWERED, 240), (Outcome.UNRESOLVED, 360)):
            inquiry_services.inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=outcome,
                                            service=hall_rental.service, handling_seconds=seconds)
        page = client_for(leader).get(reverse("transfers:task-detail", args=["okonomi", hall_rental.pk]))
    evaluation = page.context["evaluation"]
    assert (evaluation.count, evaluation.first_contact) == (3, 2)
    assert evaluation.hours == pytest.approx(0.25)
    assert evaluation.minutes_each == pytest.approx(5.0)


def test_the_report_reads_like_the_work_groups_report(client_for, unit_leader, leader, okonomi, hall_rental,
                                                      tv_aksjonen):
    task_assess(task=hall_rental, by=leader, can_short="yes", can_long="yes", recommendation="transfer",
                assessment_reason="Regelstyrt.")
    mandate_report_update(unit=okonomi, by=unit_leader, group_members="Dagrun Austad, Per Erik Garli",
                          conclusion_2="SK bør ha spørretilgang i kommfakt og regnskap.")
    client = client_for(unit_leader)
    page = client.get(reverse("transfers:report-detail", args=["okonomi"]) + "?year=2026").content.decode()
    assert "Dagrun Austad, Per Erik Garli" in page
    assert "SK bør ha spørretilgang i kommfakt og regnskap." in page
    assert page.index("Utleie av haller") < page.index("SK bør ha spørretilgang")
    assert "@media print" in open_css()
    pdf = client.get(reverse("transfers:report-pdf", args=["okonomi"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def open_css() -> str:
    from django.contrib.staticfiles import finders

    with open(finders.find("css/app.css"), encoding="utf-8") as css:
        return css.read()


def test_the_unit_leader_edits_the_report_and_a_bad_date_is_a_form_error(client_for, unit_leader, okonomi):
    client = client_for(unit_leader)
    response = client.post(reverse("transfers:report-update", args=["okonomi"]),
                           {"conclusion_5": "Egne kontorer.", "dated": "not a date"})
    assert response.status_code == 200 and "dated" in response.context["form"].errors
    response = client.post(reverse("transfers:report-update", args=["okonomi"]),
                           {"conclusion_5": "Egne kontorer.", "dated": "2004-05-14"})
    assert response.status_code == 302
    assert okonomi.mandate_report.conclusion_5 == "Egne kontorer."


def test_the_capacity_page_sets_tasks_and_inquiries_against_the_staff(client_for, leader, clerk, site, other_site,
                                                                       municipality, okonomi, hall_rental,
                                                                       tv_aksjonen, django_assert_max_num_queries):
    position = StaffPosition.objects.create(municipality=municipality, title="Sandefjord", fte=Decimal(3),
                                            includes_leader=True)
    position.sites.set([site])
    for task in (hall_rental, tv_aksjonen):
        task_assess(task=task, by=leader, can_short="yes", can_long="yes", recommendation="transfer",
                    assessment_reason="Regelstyrt.")
    with time_machine.travel(dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC), tick=False):
        inquiry_services.inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.ANSWERED,
                                        handling_seconds=1800, area=Area.objects.get(code="servicetorg"))
    client = client_for(leader)
    client.get(reverse("transfers:capacity") + "?year=2026")
    for number in range(10):
        task = task_create(by=leader, unit=okonomi, name=f"Oppgave {number}", step=3, volume_kind="per_month",
                           volume_amount=Decimal(1))
        task_assess(task=task, by=leader, can_short="yes", can_long="yes", recommendation="transfer",
                    assessment_reason="Regelstyrt.")
    # The inquiry log's months come from the monthly rollup in one query.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("transfers:capacity") + "?year=2026")
    capacity = response.context["capacity"]
    october = capacity.months[9]
    assert october.inquiries == 1 and october.inquiry_hours == pytest.approx(0.5)
    assert october.proposed == pytest.approx(4.5 * 31 / 7 + 0.5 * 1695 * 25 / 365 + 10)
    assert october.staff_hours == pytest.approx(3 * 1695 * 31 / 365)
    assert [m.month for m in capacity.months if m.peak] == [9, 10]
    assert response.content.decode().count('<tr class="peak') == 2


def test_the_mandate_report_pdf_has_page_numbers_on_every_page(client_for, unit_leader, okonomi):
    import io as _io

    from pypdf import PdfReader

    long_text = "\n".join(f"Avsnitt {i}: " + "Servicekontoret tar imot henvendelser om fakturaer. " * 8
                          for i in range(40))
    mandate_report_update(unit=okonomi, by=unit_leader, answer_1=long_text,
                          conclusion_2="https://example.no/" + "x" * 300)
    pdf = client_for(unit_leader).get(reverse("transfers:report-pdf", args=["okonomi"]))
    reader = PdfReader(_io.BytesIO(pdf.content))
    pages = len(reader.pages)
    assert pages > 1
    for number, page in enumerate(reader.pages, start=1):
        assert f"side {number} av {pages}" in " ".join(page.extract_text().split())
