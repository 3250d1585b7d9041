"""The tenant boundary, written once: which municipalities the acting user may
act for, and how any model reaches its municipality.

Every admin page (servicetorg.core.admin.MunicipalityScopedAdmin) and every
scoped selector filters through `scope_queryset`, so "another municipality's
record" looks exactly like "no such record" everywhere.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

# Models whose path to their municipality is not a `municipality` field of their own.
# An admin may declare its own `municipality_path`; this covers models reached
# only through a form field or an inline.
EXTRA_PATHS: dict[str, str | None] = {
    "organisation.municipality": "pk",
    "bookings.resourceopeninghours": "resource__municipality",
    "bookings.pricerule": "resource__municipality",
    "accounts.apitoken": "user__municipality",
    # National reference data: the same rows for every municipality.
    "catalogue.area": None,
    "auth.permission": None,
    "auth.group": None,
    "contenttypes.contenttype": None,
}

NATIONAL = None  # a municipality_path of None: national data, no municipality


def is_national_operator(user) -> bool:
    """The operator of a national installation: sees and writes every municipality."""
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def acting_municipality_ids(user) -> frozenset[int] | None:
    """The municipalities `user` may act for; None means all (a national superuser).

    A staff member of an inter-municipal cooperation serves several: their own
    municipality and those they serve through `User.serves`.
    """
    if is_national_operator(user):
        return None
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    ids = set()
    if user.municipality_id:
        ids.add(user.municipality_id)
    served = getattr(user, "served_municipality_ids", None)
    if served is not None:
        ids.update(served())
    return frozenset(ids)


def municipality_path_for(model: type[Model]) -> str | None:
    """The ORM path from `model` to its municipality ("pk" for Municipality itself,
    None for national data)."""
    from django.contrib import admin

    label = model._meta.label_lower
    model_admin = admin.site._registry.get(model)
    if model_admin is not None and hasattr(model_admin, "municipality_path"):
        return model_admin.municipality_path
    if label in EXTRA_PATHS:
        return EXTRA_PATHS[label]
    try:
        field = model._meta.get_field("municipality")
    except Exception:  # noqa: BLE001 - FieldDoesNotExist; a model without the field is national
        return None
    return "municipality" if field.is_relation else None


def scope_queryset(queryset: QuerySet, user, path: str | None = "") -> QuerySet:
    """`queryset` limited to the municipalities `user` acts for. `path` defaults to the
    model's own path; national data (path None) is not filtered."""
    if path == "":
        path = municipality_path_for(queryset.model)
    if path is None:
        return queryset
    ids = acting_municipality_ids(user)
    if ids is None:
        return queryset
    if path == "pk":
        return queryset.filter(pk__in=ids)
    return queryset.filter(Q(**{f"{path}__in": ids}))


def object_municipality_id(obj: Model, path: str | None = "") -> int | None:
    """The id of the municipality `obj` belongs to (None for national data)."""
    if path == "":
        path = municipality_path_for(type(obj))
    if path is None:
        return None
    if path == "pk":
        return obj.pk
    target = obj
    parts = path.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, parts[-1] + "_id", None)
