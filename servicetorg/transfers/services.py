"""Writes to the task-transfer register.

Who may do what: a unit leader (UnitLeadership) keeps their own unit's register
and mandate report; the service centre's leader (Cap.ASSESS_TRANSFERS) may do
that for every unit and alone assesses tasks and moves them through their life
(proposed → agreed → trained → transferred → evaluated). A citizen-facing task
that is transferred becomes, or updates, a service in the catalogue through the
catalogue's own services, so the change is versioned and indexed.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.catalogue import services as catalogue_services
from servicetorg.catalogue.models import Service
from servicetorg.transfers.models import (
    STATUS_ORDER,
    Audience,
    MandateReport,
    Recommendation,
    Status,
    Task,
    UnitLeadership,
)

# What a unit leader states about a task (the register), in display order.
TASK_FIELDS = [
    "name", "description", "audience", "step", "volume_text", "volume_kind", "volume_amount", "volume_amount_max",
    "volume_interval_days", "volume_start", "volume_end", "systems", "access", "training_what", "training_hours",
    "training_by",
]
# What the service centre's leader decides.
ASSESSMENT_FIELDS = [
    "can_short", "can_long", "assessment_reason", "recommendation", "service", "catalogue_area",
    "catalogue_handling", "catalogue_guidance",
]
REPORT_FIELDS = [
    "group_members", "mandate_comment", "answer_1", "conclusion_1", "answer_2", "conclusion_2", "answer_3",
    "conclusion_3", "answer_4", "conclusion_4", "answer_5", "conclusion_5", "place", "dated", "signed_by",
]


def transfers_can_assess(*, user, municipality_id: int | None = None) -> bool:
    if not user_can(user, Cap.ASSESS_TRANSFERS):
        return False
    return municipality_id is None or user.is_superuser or user.municipality_id == municipality_id


def register_can_edit(*, user, unit) -> bool:
    """The centre's leader, or a leader of this very unit."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if transfers_can_assess(user=user, municipality_id=unit.municipality_id):
        return True
    return UnitLeadership.objects.filter(unit=unit, user=user, municipality_id=user.municipality_id).exists()


def _check(task: Task, *, exclude=()) -> None:
    errors: dict[str, list[str]] = {}
    for field, reason in task.volume.errors().items():
        errors.setdefault(field, []).append(reason)
    if task.catalogue_area_id and task.catalogue_handling == "" and task.is_external:
        errors.setdefault("catalogue_handling", []).append(
            _("Say whether the service centre answers or guides."))
    try:
        task.full_clean(exclude=["municipality", "unit", *exclude, *errors.keys()], validate_constraints=False)
        # The uniqueness of the name per unit, with our words for it.
        if Task.objects.filter(unit_id=task.unit_id, name=task.name).exclude(pk=task.pk).exists():
            errors.setdefault("name", []).append(_("The unit already has a task with this name."))
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _unknown(fields: dict, allowed: list[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError({field: [_("Unknown field.")] for field in sorted(unknown)})


def task_create(*, by, unit, **fields) -> Task:
    """Add a task to a unit's register; it starts as proposed and unassessed."""
    if not register_can_edit(user=by, unit=unit):
        raise PermissionDenied
    _unknown(fields, TASK_FIELDS)
    last = Task.objects.filter(unit=unit).order_by("-position").values_list("position", flat=True).first()
    task = Task(municipality_id=unit.municipality_id, unit=unit, position=(last or 0) + 1, **fields)
    _check(task)
    with transaction.atomic():
        task.save()
    return task


def task_update(*, task: Task, by, **fields) -> Task:
    if not register_can_edit(user=by, unit=task.unit):
        raise PermissionDenied
    _unknown(fields, TASK_FIELDS)
    changed = [name for name, value in fields.items() if getattr(task, name) != value]
    for name in changed:
        setattr(task, name, fields[name])
    if not changed:
        return task
    _check(task)
    with transaction.atomic():
        task.save(update_fields=[*changed, "updated_at"])
    return task


def task_delete(*, task: Task, by) -> None:
    """Remove a task from the register; one the centre has taken over stays for the record."""
    if not register_can_edit(user=by, unit=task.unit):
        raise PermissionDenied
    if task.status != Status.PROPOSED:
        raise ValidationError(_("Only a proposed task can be removed; this one is %(status)s.")
                              % {"status": task.get_status_display().lower()})
    with transaction.atomic():
        task.delete()


def task_assess(*, task: Task, by, **fields) -> Task:
    """The centre's leader judges whether the centre can take the task, and recommends."""
    if not transfers_can_assess(user=by, municipality_id=task.municipality_id):
        raise PermissionDenied
    _unknown(fields, ASSESSMENT_FIELDS)
    changed = [name for name, value in fields.items() if getattr(task, name) != value]
    for name in changed:
        setattr(task, name, fields[name])
    errors: dict[str, list[str]] = {}
    if task.recommendation != Recommendation.UNDECIDED and not task.assessment_reason.strip():
        errors["assessment_reason"] = [_("Give the reason for the recommendation.")]
    if task.recommendation != Recommendation.UNDECIDED and not (task.can_short and task.can_long):
        errors["can_short"] = [_("Judge the short and the long term before recommending.")]
    if task.recommendation in (Recommendation.TRANSFER, Recommendation.TRANSFER_PART) and task.can_long == "no" \
            and task.can_short == "no":
        errors["recommendation"] = [_("A task the centre cannot take is not recommended for transfer.")]
    if task.recommendation == Recommendation.UNDECIDED and task.status != Status.PROPOSED:
        errors["recommendation"] = [_("A task that has moved on needs a recommendation.")]
    if task.recommendation == Recommendation.KEEP and task.status != Status.PROPOSED:
        errors["recommendation"] = [_("The task has already moved on; it can no longer be kept in the unit.")]
    if task.service is not None and task.service.municipality_id != task.municipality_id:
        errors["service"] = [_("Choose a service of your municipality's catalogue.")]
    if errors:
        raise ValidationError(errors)
    _check(task)
    with transaction.atomic():
        task.assessed_by = by
        task.assessed_at = timezone.now()
        task.save(update_fields=[*changed, "assessed_by", "assessed_at", "updated_at"])
    return task


def task_next_status(task: Task) -> Status | None:
    index = STATUS_ORDER.index(task.status)
    return STATUS_ORDER[index + 1] if index + 1 < len(STATUS_ORDER) else None


def _catalogue_sync(*, task: Task, by) -> Service:
    """Update the service the assessment named (or one with the task's slug): its step,
    handling and guidance; its name and texts for citizens stay as the catalogue has them.
    Without one, create the service from the task."""
    service = task.service
    if service is None:
        service = Service.objects.filter(municipality_id=task.municipality_id, slug=slugify(task.name)[:160]).first()
    note = _("Taken over by the service centre")
    frontline = {"step": task.step, "handling": task.catalogue_handling}
    if task.catalogue_guidance:
        frontline["guidance"] = task.catalogue_guidance
    if service is None:
        return catalogue_services.service_create(
            by=by, municipality=task.unit.municipality, note=note, name=task.name, area=task.catalogue_area,
            owner_unit=task.unit, summary=task.description[:300], **frontline,
        )
    return catalogue_services.service_update(service=service, by=by, note=note, **frontline)


def task_advance(*, task: Task, by, to: str) -> Task:
    """Move a task one step on in its life. Transferring a citizen-facing task puts it
    in the catalogue (step, handling, guidance), in the same transaction."""
    if not transfers_can_assess(user=by, municipality_id=task.municipality_id):
        raise PermissionDenied
    if to != task_next_status(task):
        raise ValidationError({"status": [_("A task moves one step at a time: from %(now)s it goes to %(next)s.")
                                          % {"now": task.get_status_display().lower(),
                                             "next": (Status(task_next_status(task)).label.lower()
                                                      if task_next_status(task) else "—")}]})
    if task.recommendation not in (Recommendation.TRANSFER, Recommendation.TRANSFER_PART):
        raise ValidationError({"status": [_("Only a task recommended for transfer moves on.")]})
    update_fields = ["status", "updated_at"]
    with transaction.atomic():
        if to == Status.TRANSFERRED:
            if task.audience == Audience.EXTERNAL:
                missing = {}
                if task.catalogue_area_id is None and task.service_id is None:
                    missing["catalogue_area"] = [
                        _("Choose the catalogue service to update, or the area of a new one, before transferring.")]
                if task.catalogue_handling not in ("answer", "guide"):
                    missing["catalogue_handling"] = [_("Say whether the service centre answers or guides.")]
                if missing:
                    raise ValidationError(missing)
                try:
                    task.service = _catalogue_sync(task=task, by=by)
                except PermissionDenied:
                    raise ValidationError({"status": [_("You may not change the catalogue.")]}) from None
                except ValidationError as error:
                    reasons = " ".join(error.messages)
                    raise ValidationError({"status": [
                        _("The catalogue refused the service: %(reasons)s") % {"reasons": reasons}]}) from None
                update_fields.append("service")
            task.transferred_on = timezone.localdate()
            update_fields.append("transferred_on")
        task.status = to
        task.save(update_fields=update_fields)
    return task


def mandate_report_update(*, unit, by, **fields) -> MandateReport:
    """Write the unit's answers and conclusions to the five mandate points."""
    if not register_can_edit(user=by, unit=unit):
        raise PermissionDenied
    _unknown(fields, REPORT_FIELDS)
    report = MandateReport.objects.filter(unit=unit).first() or MandateReport(
        municipality_id=unit.municipality_id, unit=unit)
    for name, value in fields.items():
        setattr(report, name, value)
    report.full_clean(exclude=["municipality", "unit"])
    with transaction.atomic():
        report.save()
    return report
