"""Writes to the catalogue. Every change of a service is versioned (who, when,
what) and the search index is refreshed in the same transaction, so search
never shows a service as it no longer is."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.catalogue import search
from servicetorg.catalogue.models import Service, ServiceVersion

# The fields a person (or an import file) may set on a service, in display order.
SERVICE_FIELDS = [
    "name", "name_nn", "name_en", "slug", "area", "step", "handling", "guidance", "owner_unit", "forward_to",
    "sensitive", "summary", "summary_nn", "summary_en", "body", "body_nn", "body_en", "links", "fees",
    "legal_basis", "keywords", "content_owner", "last_reviewed", "active",
]


def service_can_edit(*, user, service: Service | None = None) -> bool:
    """Leaders and administrators edit the whole catalogue; a content owner edits their own services."""
    if user_can(user, Cap.EDIT_CATALOGUE):
        return service is None or service.municipality_id == user.municipality_id or user.is_superuser
    return bool(service is not None and user_can(user, Cap.VIEW_CATALOGUE) and service.content_owner_id == user.pk)


def _value(value):
    """A field value as JSON for the version history."""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _check(service: Service) -> None:
    """Validate one service against the model, its municipality and the link format."""
    errors: dict[str, list[str]] = {}
    for field in ("owner_unit", "forward_to"):
        unit = getattr(service, field)
        if unit is not None and unit.municipality_id != service.municipality_id:
            errors.setdefault(field, []).append(_("Choose one of your municipality's units."))
    owner = service.content_owner
    if owner is not None and owner.municipality_id != service.municipality_id:
        errors.setdefault("content_owner", []).append(_("Choose a person in your municipality."))
    if not isinstance(service.links, list):
        errors.setdefault("links", []).append(_("Links must be a list of title and address."))
    else:
        validate_url = URLValidator(schemes=["https", "http"])
        for link in service.links:
            if not isinstance(link, dict) or not str(link.get("title", "")).strip():
                errors.setdefault("links", []).append(_("Every link needs a title and an address."))
                continue
            try:
                validate_url(str(link.get("url", "")))
            except ValidationError:
                errors.setdefault("links", []).append(
                    _("%(url)s is not a web address.") % {"url": link.get("url", "")}
                )
    if service.handling in ("forward", "refer") and service.forward_to_id is None:
        errors.setdefault("forward_to", []).append(_("Say where the service centre forwards or refers this."))
    try:
        service.full_clean(exclude=["municipality", *errors.keys()])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _save_version(*, service: Service, by, changes: dict, note: str) -> ServiceVersion:
    last = service.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return ServiceVersion.objects.create(
        municipality_id=service.municipality_id, service=service, number=last + 1,
        changed_by=by if getattr(by, "is_authenticated", False) else None, changes=changes, note=note[:200],
    )


def service_create(*, by, municipality, note: str = "", reindex: bool = True, **fields) -> Service:
    """Add a service to the catalogue; the first version records every field. An import passes
    `reindex=False` and indexes everything it wrote once at the end."""
    if by is not None and not service_can_edit(user=by):
        raise PermissionDenied
    if by is not None and not by.is_superuser and by.municipality_id != municipality.pk:
        raise PermissionDenied
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise ValidationError({field: [_("Unknown field.")] for field in sorted(unknown)})
    service = Service(municipality=municipality, **fields)
    if not service.slug:
        service.slug = slugify(service.name)[:160]
    _check(service)
    with transaction.atomic():
        service.save()
        changes = {f: [None, _value(getattr(service, f))] for f in SERVICE_FIELDS}
        _save_version(service=service, by=by, changes=changes, note=note or _("Created"))
        if reindex:
            search.index_services(service_ids=[service.pk])
    return service


def service_update(*, service: Service, by, note: str = "", reindex: bool = True, **fields) -> Service:
    """Change a service; a version records the old and new value of each changed field."""
    if by is not None and not service_can_edit(user=by, service=service):
        raise PermissionDenied
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise ValidationError({field: [_("Unknown field.")] for field in sorted(unknown)})
    before = {f: _value(getattr(service, f)) for f in fields}
    for field, value in fields.items():
        setattr(service, field, value)
    changes = {f: [before[f], _value(getattr(service, f))] for f in fields if before[f] != _value(getattr(service, f))}
    if not changes:
        return service
    _check(service)
    with transaction.atomic():
        service.save(update_fields=[*changes, "updated_at"])
        _save_version(service=service, by=by, changes=changes, note=note)
        if reindex:
            search.index_services(service_ids=[service.pk])
    return service




def service_mark_reviewed(*, service: Service, by, on: dt.date | None = None) -> Service:
    """The content owner confirms the text is still right."""
    return service_update(service=service, by=by, last_reviewed=on or timezone.localdate(), note=_("Reviewed"))
