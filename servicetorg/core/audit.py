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


def audit_personal_data_reads(*, actor, objects, detail: str) -> int:
    """One VIEW_PERSONAL_DATA event per object whose personal data a page or export showed
    (one INSERT for the lot, so a list of 200 costs one query)."""
    events = [
        AuditEvent(
            municipality_id=getattr(obj, "municipality_id", None) or getattr(actor, "municipality_id", None),
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=AuditAction.VIEW_PERSONAL_DATA,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            detail=detail[:300],
        )
        for obj in objects
    ]
    AuditEvent.objects.bulk_create(events)
    return len(events)


def audit_account_event(*, actor, subject, action: AuditAction, detail: str = "",
                        municipality_id: int | None = None) -> AuditEvent:
    """An event about an account (sign-in, failed sign-in, role or privilege change, MFA)."""
    return AuditEvent.objects.create(
        municipality_id=municipality_id or getattr(subject, "municipality_id", None)
        or getattr(actor, "municipality_id", None),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type="accounts.user",
        object_id=str(getattr(subject, "pk", "") or ""),
        detail=detail[:300],
    )


def audit_mfa_change(*, user, by=None, change: str) -> AuditEvent:
    """Call when a second factor is added, removed or reset (`change` says which, e.g.
    "totp added", "webauthn removed", "recovery codes regenerated"): the hook for the MFA work."""
    return audit_account_event(actor=by or user, subject=user, action=AuditAction.CHANGE_MFA, detail=change)
