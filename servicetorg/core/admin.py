from django.contrib import admin

from servicetorg.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes the audit trail through the application."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "detail"]
    list_filter = ["action", "object_type"]
    # A forwarding's reference is in `detail`, so searching for it finds every event of the case.
    search_fields = ["object_id", "detail", "actor__username", "actor__first_name", "actor__last_name"]
    list_select_related = ["actor"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

# django-rq's dashboard (a fake model in the admin) answered 500 on its pages when Redis is not the backend,
# and shows task arguments to anyone with admin access. RQ is watched through /metrics and `rq info` instead;
# RQ_SHOW_ADMIN_LINK=False in settings keeps it out, and this removes it should the setting be dropped.
try:
    from django_rq import models as _rq_models
except ImportError:  # pragma: no cover - django_rq is a declared dependency
    _rq_models = None
for _name in ("Dashboard", "Queue"):
    _model = getattr(_rq_models, _name, None)
    if _model is not None and admin.site.is_registered(_model):
        admin.site.unregister(_model)
