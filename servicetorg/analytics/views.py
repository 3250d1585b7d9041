from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from servicetorg.accounts.perms import Cap, requires
from servicetorg.analytics import exports, services
from servicetorg.analytics.forms import DashboardFilterForm, SurveyForm
from servicetorg.analytics.models import SurveyInvitation, SurveyResponse
from servicetorg.analytics.selectors import dashboard_build
from servicetorg.core.db_router import replica_reads
from servicetorg.organisation.models import Site
from servicetorg.security.ratelimit import rate_limited

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@requires(Cap.VIEW_INSIGHT)
@require_GET
@replica_reads
def dashboard(request: HttpRequest) -> HttpResponse:
    """The leader's dashboard: every figure from the rollups, never from the raw log."""
    form = DashboardFilterForm(request.GET, user=request.user)
    board = dashboard_build(form.filters()) if form.is_valid() else None
    return render(request, "analytics/dashboard.html",
                  {"form": form, "board": board, "query": request.GET.urlencode()})


@requires(Cap.VIEW_INSIGHT)
@require_GET
@replica_reads
def table_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    form = DashboardFilterForm(request.GET, user=request.user)
    if not form.is_valid() or fmt not in CONTENT_TYPES:
        raise Http404
    table = dashboard_build(form.filters()).table(key)
    if table is None:
        raise Http404
    body = exports.table_csv(table) if fmt == "csv" else exports.table_xlsx(table)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    filters = form.filters()
    response["Content-Disposition"] = f'attachment; filename="{key}-{filters.start}-{filters.end}.{fmt}"'
    return response


@requires(Cap.VIEW_INSIGHT)
@require_GET
@replica_reads
def open_data(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        raise Http404
    filters = form.filters()
    response = HttpResponse(exports.open_data_csv(filters), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="inquiries-open-data-{filters.start}-{filters.end}.csv"'
    return response


@requires(Cap.VIEW_INSIGHT)
@require_GET
def survey_overview(request: HttpRequest) -> HttpResponse:
    """The newest comments for the leader to read, and each site's counter-tablet address."""
    user = request.user
    comments = (SurveyResponse.objects.filter(municipality_id=user.municipality_id).exclude(comment="")
                .select_related("site").order_by("-answered_at")[:50])
    sites = Site.objects.filter(municipality_id=user.municipality_id, active=True).order_by("name")
    kiosks = [(site, services.kiosk_token(site=site)) for site in sites]
    return render(request, "analytics/survey_overview.html", {"comments": comments, "kiosks": kiosks})


# ------------------------------------------------------------------ public ---

@require_http_methods(["GET", "POST"])
@rate_limited("public-survey")
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = SurveyInvitation.objects.filter(token=token).select_related("inquiry__site").first()
    if invitation is None:
        raise Http404
    if invitation.answered_at is not None:
        return render(request, "analytics/survey_thanks.html", {"already": True})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(token=token, score=form.cleaned_data["score"],
                                   comment=form.cleaned_data["comment"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "analytics/survey_thanks.html", {"already": False})
    return render(request, "analytics/survey_form.html",
                  {"form": form, "site": invitation.inquiry.site, "kiosk": False})


@require_http_methods(["GET", "POST"])
@rate_limited("public-kiosk", rate_setting="RATELIMIT_KIOSK")
def kiosk(request: HttpRequest, token: str) -> HttpResponse:
    """The counter tablet: big faces, no login, no personal data; it resets after each answer."""
    site = services.kiosk_site(token)
    if site is None:
        raise Http404
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.kiosk_answer(site=site, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
        messages.success(request, _("Thank you for your answer!"))
        return redirect("survey:kiosk", token=token)
    return render(request, "analytics/survey_form.html", {"form": form, "site": site, "kiosk": True})
