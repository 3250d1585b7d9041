from servicetorg.core.models import AuditAction, AuditEvent


def audit_record(*, actor, action: AuditAction, obj, detail: str = "") -> AuditEvent:
    """Write one audit event for an action on `obj` (any model instance)."""
    return AuditEvent.objects.create(
        municipality_id=getattr(obj, "municipality_id", None) or getattr(actor, "municipality_id", None),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        detail=detail[:300],
    )
