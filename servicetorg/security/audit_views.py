"""The municipality's audit log for its administrators and leaders: read, filter, export (scoped by
core.selectors.audit_events_for). Exporting it is itself recorded."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from servicetorg.accounts.perms import Cap, requires
from servicetorg.core.audit import audit_record
from servicetorg.core.forms import AuditFilterForm
from servicetorg.core.models import AuditAction
from servicetorg.core.selectors import AuditFilters, audit_events_for, audit_object_types
from servicetorg.core.spreadsheets import csv_bytes, xlsx_bytes

AUDIT_PAGE_SIZE = 100
AUDIT_EXPORT_MAX = 50_000


def _audit_filters(request: HttpRequest):
    form = AuditFilterForm(request.GET or None, object_types=audit_object_types(user=request.user))
    filters = AuditFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = AuditFilters(person=data["person"], object_type=data["object_type"], object_ref=data["object_ref"],
                               action=data["action"], start=data["start"], end=data["end"])
    return form, filters


@requires(Cap.VIEW_AUDIT_LOG)
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    form, filters = _audit_filters(request)
    paginator = Paginator(audit_events_for(user=request.user, filters=filters), AUDIT_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "security/audit_log.html", {
        "form": form, "page": page, "query": query.urlencode(),
    })


@requires(Cap.VIEW_AUDIT_LOG)
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    form, filters = _audit_filters(request)
    if form.is_bound and not form.is_valid():
        return render(request, "security/audit_log.html", {"form": form, "page": None, "query": ""}, status=400)
    events = audit_events_for(user=request.user, filters=filters)[:AUDIT_EXPORT_MAX]
    local = timezone.get_current_timezone()
    rows = [[_("Time"), _("Person"), _("Action"), _("Kind of object"), _("Object"), _("Detail")]]
    rows += [[event.at.astimezone(local).strftime("%Y-%m-%d %H:%M:%S"),
              event.actor.username if event.actor else "", event.get_action_display(), event.object_type,
              event.object_id, event.detail] for event in events]
    # The export holds who read what: exporting it is itself recorded.
    audit_record(actor=request.user, action=AuditAction.EXPORT_AUDIT_LOG, obj=request.user,
                 detail=f"{len(rows) - 1} events; {request.GET.urlencode()}"[:300])
    fmt = form.cleaned_data.get("format") if form.is_bound else ""
    name = f"audit-{timezone.localdate():%Y%m%d}"
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(rows, title="audit", caption=_("Audit log")),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
