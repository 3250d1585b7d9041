"""The register's workflow per role: a unit leader edits their own unit's register,
the centre's leader assesses and moves tasks on, others are denied."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from servicetorg.catalogue.models import Area, Service
from servicetorg.organisation.models import Unit
from servicetorg.transfers.models import Status, Task
from servicetorg.transfers.services import (
    mandate_report_update,
    task_advance,
    task_assess,
    task_create,
    task_delete,
    task_update,
)

pytestmark = pytest.mark.django_db


def _assess_transfer(task, leader, **extra):
    return task_assess(task=task, by=leader, can_short="yes", can_long="yes", assessment_reason="Regelstyrt.",
                       recommendation="transfer", **extra)


def test_a_unit_leader_adds_and_edits_tasks_of_their_own_unit(hall_rental, unit_leader):
    assert hall_rental.status == Status.PROPOSED and hall_rental.recommendation == ""
    task_update(task=hall_rental, by=unit_leader, volume_amount=Decimal(3))
    hall_rental.refresh_from_db()
    assert hall_rental.volume_amount == Decimal(3)


def test_a_unit_leader_may_not_edit_another_units_register(municipality, unit_leader):
    other = Unit.objects.create(municipality=municipality, name="Kultur", slug="kultur")
    with pytest.raises(PermissionDenied):
        task_create(by=unit_leader, unit=other, name="Kulturkalender", step=1)


def test_a_caseworker_of_another_unit_and_the_clerk_are_denied(okonomi, hall_rental, caseworker, clerk):
    for person in (caseworker, clerk):
        with pytest.raises(PermissionDenied):
            task_create(by=person, unit=okonomi, name="Purring", step=3)
        with pytest.raises(PermissionDenied):
            task_update(task=hall_rental, by=person, name="Annet")
        with pytest.raises(PermissionDenied):
            _assess_transfer(hall_rental, person)


def test_only_the_centres_leader_assesses(hall_rental, unit_leader, leader):
    with pytest.raises(PermissionDenied):
        _assess_transfer(hall_rental, unit_leader)
    _assess_transfer(hall_rental, leader)
    hall_rental.refresh_from_db()
    assert (hall_rental.recommendation, hall_rental.assessed_by) == ("transfer", leader)


def test_the_leader_may_also_keep_any_units_register(okonomi, leader):
    task = task_create(by=leader, unit=okonomi, name="Purring", step=3)
    assert task.unit == okonomi


def test_a_recommendation_needs_both_terms_judged_and_a_reason(hall_rental, leader):
    with pytest.raises(ValidationError) as error:
        task_assess(task=hall_rental, by=leader, can_short="yes", recommendation="transfer")
    assert set(error.value.message_dict) == {"can_short", "assessment_reason"}
    hall_rental.refresh_from_db()
    assert hall_rental.recommendation == "" and hall_rental.assessed_by is None


def test_a_task_the_centre_cannot_take_is_not_recommended_for_transfer(hall_rental, leader):
    with pytest.raises(ValidationError) as error:
        task_assess(task=hall_rental, by=leader, can_short="no", can_long="no", recommendation="transfer",
                    assessment_reason="Saksbehandling.")
    assert "recommendation" in error.value.message_dict


def test_a_bad_volume_is_refused_with_the_field_that_is_wrong(okonomi, unit_leader):
    with pytest.raises(ValidationError) as error:
        task_create(by=unit_leader, unit=okonomi, name="TV-aksjonen", step=3, volume_kind="period_share",
                    volume_amount=Decimal("0.5"), volume_start=dt.date(2026, 10, 25), volume_end=dt.date(2026, 9, 20))
    assert set(error.value.message_dict) == {"volume_end"}
    assert not Task.objects.filter(name="TV-aksjonen").exists()


def test_a_name_is_unique_within_the_unit(hall_rental, okonomi, unit_leader):
    with pytest.raises(ValidationError) as error:
        task_create(by=unit_leader, unit=okonomi, name="Utleie av haller", step=3)
    assert "name" in error.value.message_dict


def test_a_task_moves_one_step_at_a_time_and_only_when_recommended(hall_rental, leader, unit_leader):
    with pytest.raises(ValidationError):
        task_advance(task=hall_rental, by=leader, to=Status.AGREED)
    _assess_transfer(hall_rental, leader, service=None, catalogue_area=Area.objects.get(code="idrett-utleie"),
                     catalogue_handling="answer", catalogue_guidance="Sjekk ledig tid og bekreft leien.")
    with pytest.raises(ValidationError):
        task_advance(task=hall_rental, by=leader, to=Status.TRAINED)
    with pytest.raises(PermissionDenied):
        task_advance(task=hall_rental, by=unit_leader, to=Status.AGREED)
    for status in (Status.AGREED, Status.TRAINED):
        task_advance(task=hall_rental, by=leader, to=status)
    hall_rental.refresh_from_db()
    assert hall_rental.status == Status.TRAINED and hall_rental.service is None


@time_machine.travel(dt.datetime(2026, 8, 3, 9, tzinfo=dt.UTC), tick=False)
def test_transferring_a_citizen_facing_task_creates_a_versioned_catalogue_service(hall_rental, leader, okonomi):
    _assess_transfer(hall_rental, leader, catalogue_area=Area.objects.get(code="idrett-utleie"),
                     catalogue_handling="answer", catalogue_guidance="Sjekk ledig tid og bekreft leien.")
    for status in (Status.AGREED, Status.TRAINED, Status.TRANSFERRED):
        task_advance(task=hall_rental, by=leader, to=status)
    hall_rental.refresh_from_db()
    service = hall_rental.service
    assert (service.name, service.step, service.handling, service.owner_unit) == (
        "Utleie av haller", 3, "answer", okonomi)
    assert service.guidance == "Sjekk ledig tid og bekreft leien."
    assert service.versions.get().changed_by == leader
    assert hall_rental.transferred_on == dt.date(2026, 8, 3)


def test_transferring_updates_the_service_the_assessment_names(hall_rental, leader, municipality):
    service = Service.objects.create(municipality=municipality, name="Leie av idrettshall", slug="leie-av-idrettshall",
                                     area=Area.objects.get(code="idrett-utleie"), step=1, handling="guide")
    _assess_transfer(hall_rental, leader, service=service, catalogue_handling="answer",
                     catalogue_guidance="Servicetorget leier ut hallene.")
    for status in (Status.AGREED, Status.TRAINED, Status.TRANSFERRED):
        task_advance(task=hall_rental, by=leader, to=status)
    service.refresh_from_db()
    assert (service.name, service.step, service.handling) == ("Leie av idrettshall", 3, "answer")
    version = service.versions.get()
    assert set(version.changes) == {"step", "handling", "guidance"}


def test_a_citizen_facing_task_needs_its_catalogue_fields_before_transfer(hall_rental, leader):
    _assess_transfer(hall_rental, leader)
    for status in (Status.AGREED, Status.TRAINED):
        task_advance(task=hall_rental, by=leader, to=status)
    with pytest.raises(ValidationError) as error:
        task_advance(task=hall_rental, by=leader, to=Status.TRANSFERRED)
    assert {"catalogue_area", "catalogue_handling"} <= set(error.value.message_dict)
    hall_rental.refresh_from_db()
    assert hall_rental.status == Status.TRAINED and not Service.objects.exists()


def test_an_internal_task_is_transferred_without_a_catalogue_service(okonomi, unit_leader, leader):
    task = task_create(by=unit_leader, unit=okonomi, name="Kjørebøker", step=3, volume_kind="days_per_quarter",
                       volume_amount=Decimal(2))
    _assess_transfer(task, leader)
    for status in (Status.AGREED, Status.TRAINED, Status.TRANSFERRED, Status.EVALUATED):
        task_advance(task=task, by=leader, to=status)
    task.refresh_from_db()
    assert task.status == Status.EVALUATED and task.service is None and not Service.objects.exists()


def test_only_a_proposed_task_can_be_removed(hall_rental, tv_aksjonen, unit_leader, leader):
    task_delete(task=tv_aksjonen, by=unit_leader)
    _assess_transfer(hall_rental, leader)
    task_advance(task=hall_rental, by=leader, to=Status.AGREED)
    with pytest.raises(ValidationError):
        task_delete(task=hall_rental, by=unit_leader)
    assert list(Task.objects.values_list("name", flat=True)) == ["Utleie av haller"]


def test_the_unit_leader_writes_the_mandate_report_and_others_may_not(okonomi, unit_leader, caseworker):
    report = mandate_report_update(unit=okonomi, by=unit_leader, conclusion_4="Kontinuerlig dialog.")
    assert report.conclusion_4 == "Kontinuerlig dialog."
    with pytest.raises(PermissionDenied):
        mandate_report_update(unit=okonomi, by=caseworker, conclusion_4="Nei.")
