from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from servicetorg.accounts.perms import Cap, requires
from servicetorg.analytics import exports
from servicetorg.analytics.selectors import Table
from servicetorg.core.db_router import replica_reads
from servicetorg.inquiries.models import Channel
from servicetorg.organisation.models import Site, Weekday
from servicetorg.staffing import selectors, services
from servicetorg.staffing.forms import PlanForm, TargetsForm, WhatIfForm
from servicetorg.staffing.measured import patience_default


def _site(user, site_id: int) -> Site:
    site = Site.objects.filter(pk=site_id, municipality_id=user.municipality_id).first()
    if site is None:
        raise Http404
    return site


def _targets(request) -> tuple[TargetsForm, selectors.Targets, int]:
    defaults = {"service_level": settings.STAFFING_SERVICE_LEVEL_PERCENT,
                "phone_seconds": settings.STAFFING_PHONE_TARGET_SECONDS,
                "walk_in_seconds": settings.STAFFING_WALK_IN_TARGET_SECONDS,
                "weeks": settings.STAFFING_HISTORY_WEEKS}
    data = {key: request.GET.get(key, value) for key, value in defaults.items()}
    # queues: unless typed, callers' patience is estimated from the abandoned calls
    data["phone_patience"] = request.GET.get("phone_patience", "") or patience_default(request.user)
    form = TargetsForm(data)
    if form.is_valid():
        return form, form.targets(), form.cleaned_data["weeks"]
    return form, selectors.Targets.from_settings(), settings.STAFFING_HISTORY_WEEKS


def _default_site_id(user, sites: list[Site]) -> int | None:
    """The what-if starts at the leader's own site (the last one they logged at), else the first."""
    ids = [s.pk for s in sites]
    if user.last_site_id in ids:
        return user.last_site_id
    return ids[0] if ids else None


@requires(Cap.PLAN_STAFFING)
@require_GET
@replica_reads
def staffing_overview(request: HttpRequest) -> HttpResponse:
    """Staff needed per half hour (Erlang C) beside the plan, per site, and a what-if."""
    user = request.user
    form, targets, weeks = _targets(request)
    start, end = selectors.history_window(weeks)
    sites = list(Site.objects.filter(municipality_id=user.municipality_id, active=True).order_by("name"))
    chosen = request.GET.get("site")
    shown = [s for s in sites if str(s.pk) == chosen] or sites
    results = [selectors.site_staffing(site=s, targets=targets, start=start, end=end) for s in shown]
    what_if_form = WhatIfForm(request.GET if "closes" in request.GET else None, sites=sites,
                              initial={"weekday": Weekday.THURSDAY, "closes": "19:00",
                                       "site": _default_site_id(user, sites)})
    what_if = None
    if what_if_form.is_bound and what_if_form.is_valid():
        data = what_if_form.cleaned_data
        what_if = selectors.what_if_longer_hours(site=_site(user, data["site"]), weekday=data["weekday"],
                                                 closes=data["closes"], targets=targets, start=start, end=end)
    return render(request, "staffing/staffing_overview.html", {
        "form": form, "targets": targets, "results": results, "start": start, "end": end, "sites": sites,
        "what_if_form": what_if_form, "what_if": what_if, "weekday_names": dict(Weekday.choices),
        "queues": [(c, Channel(c).label) for c in selectors.QUEUES],
        # Given here, not read as request.GET.items / .urlencode in the template: a parameter named
        # "items" or "urlencode" would win the template's lookup over the method (a 500).
        "chosen_site": chosen or "", "query": request.GET.urlencode(),
        "carried": [(key, request.GET[key]) for key in TARGET_KEYS if key in request.GET],
    })


TARGET_KEYS = ("service_level", "phone_seconds", "walk_in_seconds", "weeks", "phone_patience")


@requires(Cap.PLAN_STAFFING)
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, site_id: int) -> HttpResponse:
    site = _site(request.user, site_id)
    form = PlanForm(request.POST or None, initial_plan=selectors.planned(site))
    if request.method == "POST" and form.is_valid():
        count = services.staffing_plan_save(site=site, by=request.user, staff=form.staff())
        messages.success(request, _("Saved the plan for %(site)s: %(count)s half hours staffed.")
                         % {"site": site.name, "count": count})
        return redirect(f"{request.path}")
    return render(request, "staffing/plan_form.html", {"form": form, "site": site, "weekdays": Weekday.choices})


@requires(Cap.PLAN_STAFFING)
@require_GET
@replica_reads
def staffing_export(request: HttpRequest, site_id: int, fmt: str) -> HttpResponse:
    """The needed-and-planned table of one site as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    site = _site(request.user, site_id)
    _form, targets, weeks = _targets(request)
    start, end = selectors.history_window(weeks)
    result = selectors.site_staffing(site=site, targets=targets, start=start, end=end)
    names = dict(Weekday.choices)
    table = Table("staffing", _("Staff needed and planned per half hour: %(site)s") % {"site": site.name},
                  [_("Half hour")] + [f"{names[w]}: {label}" for w in result.weekdays
                                      for label in (_("needed"), _("planned"))])
    for label, cells in result.rows():
        table.rows.append([label, *[value for cell in cells for value in (cell.total_needed, cell.planned)]])
    body = exports.table_csv(table) if fmt == "csv" else exports.table_xlsx(table)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8" if fmt == "csv" else
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="staffing-{site.slug}.{fmt}"'
    return response
