from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from servicetorg.accounts.models import Role
from servicetorg.accounts.perms import Cap, requires
from servicetorg.organisation.models import Municipality


def home(request: HttpRequest) -> HttpResponse:
    """Staff go to their work; citizens to their municipality's public pages,
    or choose one when the installation serves several."""
    if request.user.is_authenticated:
        if request.user.role == Role.CASEWORKER:
            return redirect("inquiries:inquiry-list")
        return redirect("inquiries:quicklog")
    municipalities = list(Municipality.objects.order_by("name"))
    if len(municipalities) == 1:
        return redirect("public:front", municipality_slug=municipalities[0].slug)
    return render(request, "core/municipality_choice.html", {"municipalities": municipalities})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


# The audit log for the municipality's administrators and leaders ----------------

AUDIT_PAGE_SIZE = 100
AUDIT_EXPORT_MAX = 50_000


def _audit_filters(request: HttpRequest):
    from servicetorg.core.forms import AuditFilterForm
    from servicetorg.core.selectors import AuditFilters, audit_object_types

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
    from django.core.paginator import Paginator

    from servicetorg.core.selectors import audit_events_for

    form, filters = _audit_filters(request)
    paginator = Paginator(audit_events_for(user=request.user, filters=filters), AUDIT_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit_log.html", {
        "form": form, "page": page, "query": query.urlencode(),
    })


@requires(Cap.VIEW_AUDIT_LOG)
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from servicetorg.analytics.exports import table_csv, table_xlsx
    from servicetorg.analytics.selectors import Table
    from servicetorg.core.audit import audit_record
    from servicetorg.core.models import AuditAction
    from servicetorg.core.selectors import audit_events_for

    form, filters = _audit_filters(request)
    if form.is_bound and not form.is_valid():
        return render(request, "core/audit_log.html", {"form": form, "page": None, "query": ""}, status=400)
    events = audit_events_for(user=request.user, filters=filters)[:AUDIT_EXPORT_MAX]
    local = timezone.get_current_timezone()
    table = Table(
        key="audit", caption=_("Audit log"),
        columns=[_("Time"), _("Person"), _("Action"), _("Kind of object"), _("Object"), _("Detail")],
        rows=[[event.at.astimezone(local).strftime("%Y-%m-%d %H:%M:%S"),
               event.actor.username if event.actor else "", event.get_action_display(), event.object_type,
               event.object_id, event.detail] for event in events],
    )
    # The export holds who read what: exporting it is itself recorded.
    audit_record(actor=request.user, action=AuditAction.EXPORT_AUDIT_LOG, obj=request.user,
                 detail=f"{len(table.rows)} events; {request.GET.urlencode()}"[:300])
    fmt = form.cleaned_data.get("format") if form.is_bound else ""
    name = f"audit-{timezone.localdate():%Y%m%d}"
    if fmt == "xlsx":
        response = HttpResponse(
            table_xlsx(table), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
