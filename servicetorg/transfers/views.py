"""Staff pages of the task-transfer register: the registers, one unit's register,
a task (edit, assess, move on), the five-point mandate report (HTML for print,
and PDF), import/export and the centre's capacity.

A unit's pages need register_can_edit (the centre's leader, or a leader of the
unit); a person who may not see the unit gets a 404, as for a unit that does
not exist. Assessing and moving tasks on needs Cap.ASSESS_TRANSFERS."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from servicetorg.transfers import importexport, selectors, services
from servicetorg.transfers.forms import AssessmentForm, ImportForm, ReportForm, TaskForm, YearForm
from servicetorg.transfers.models import MandateReport, Status


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET)
    if form.is_valid() and form.cleaned_data["year"]:
        return form.cleaned_data["year"]
    return timezone.localdate().year


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, reasons in error.message_dict.items():
            for reason in reasons:
                form.add_error(name if name in form.fields else None, reason)
    else:
        for reason in error.messages:
            form.add_error(None, reason)


@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    if not selectors.may_use_transfers(user=request.user):
        raise PermissionDenied
    return render(request, "transfers/unit_list.html", {
        "units": selectors.units_visible(user=request.user),
        "can_assess": services.transfers_can_assess(user=request.user),
    })


@login_required
@require_GET
def register_detail(request: HttpRequest, unit: str) -> HttpResponse:
    unit_obj = selectors.unit_get(user=request.user, slug=unit)
    year = _year(request)
    return render(request, "transfers/register_detail.html", {
        "unit": unit_obj, "register": selectors.register_get(unit=unit_obj, year=year), "year": year,
        "can_assess": services.transfers_can_assess(user=request.user, municipality_id=unit_obj.municipality_id),
        "statuses": selectors.status_counts(unit=unit_obj),
    })


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, unit: str) -> HttpResponse:
    unit_obj = selectors.unit_get(user=request.user, slug=unit)
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(by=request.user, unit=unit_obj, **form.task_fields())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The task was added."))
            return redirect("transfers:task-detail", unit=unit_obj.slug, pk=task.pk)
    return render(request, "transfers/task_form.html", {"unit": unit_obj, "form": form, "task": None})


@login_required
@require_GET
def task_detail(request: HttpRequest, unit: str, pk: int) -> HttpResponse:
    unit_obj = selectors.unit_get(user=request.user, slug=unit)
    task = selectors.task_get(user=request.user, unit=unit_obj, pk=pk)
    year = timezone.localdate().year
    can_assess = services.transfers_can_assess(user=request.user, municipality_id=unit_obj.municipality_id)
    row = selectors.TaskRow(task=task, months=selectors.monthly_hours_exact(task.volume, year), year=year)
    return render(request, "transfers/task_detail.html", {
        "unit": unit_obj, "task": task, "row": row, "year": year, "can_assess": can_assess,
        "next_status": services.task_next_status(task), "evaluation": selectors.task_evaluation(task=task),
        "assessment_form": AssessmentForm(instance=task) if can_assess else None,
    })


@login_required
@require_http_methods(["GET", "POST"])
def task_update(request: HttpRequest, unit: str, pk: int) -> HttpResponse:
    unit_obj = selectors.unit_get(user=request.user, slug=unit)
    task = selectors.task_get(user=request.user, unit=unit_obj, pk=pk)
    if request.method == "POST":
        form = TaskForm(request.POST, instance=selectors.task_get(user=request.user, unit=unit_obj, pk=pk))
        if form.is_valid():
            try:
                services.task_update(task=task, by=request.user, **form.task_fields())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The task was saved."))
                return redirect("transfers:task-detail", unit=unit_obj.slug, pk=task.pk)
    else:
        form = TaskForm(instance=task)
    return render(request, "transfers/task_form.html", {"unit": unit_obj, "form": form, "task": task})


@login_required
@require_POST
def task_delete(request: HttpRequest, unit: str, pk: int) -> HttpResponse:
    unit_obj = selectors.unit_get(user=request.user, slug=unit)
    task = selectors.task_get(user=request.user, unit=unit_obj, pk=pk)
    try:
        services.task_delete(task=task, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("transfers:task-detail", unit=unit_obj.slug, pk=task.pk)
    messages.success(request, _("The task was removed."))
    return redirect("transfers:register-detail", unit=unit_obj.slug)


@login_required
@require_http_methods(["GET", "POST"])
def task_assess(request: HttpRequest, unit: str, pk: int) -> HttpResponse:
    unit_obj = selectors.unit_get(user=request.user, slug=unit)
    if not services.transfers_can_assess(user=request.user, municipality_id=unit_obj.municipality_id):
        raise PermissionDenied
    task = selectors.task_get(user=request.user, unit=unit_obj, pk=pk)
    if request.method == "POST":
        form = AssessmentForm(request.POST, instance=selectors.task_get(user=request.user, unit=unit_obj, pk=pk))
        if form.is_valid():
            try:
                services.task_assess(task=task, by=request.user, **form.assessment_fields())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The assessment was saved."))
                return redirect("transfers:task-detail", unit=unit_obj.slug, pk=task.pk)
    else:
        form = AssessmentForm(instance=task)
    return render(request, "transfers/task_assess.html", {"unit": unit_obj, "form": form, "task": task})


@login_required
@require_POST
def task_advance(request: HttpRequest, unit: str, pk: int) -> HttpResponse:
    unit_obj = selectors.unit_get(user=request.user, slug=unit)
    if not services.transfers_can_assess(user=request.user, municipality_id=unit_obj.municipality_id):
        raise PermissionDenied
    task = selectors.task_get(user=request.user, unit=unit_obj, pk=pk)
    try:
        services.task_advance(task=task, by=request.user, to=request.POST.get("to", ""))
    except ValidationError as error:
        for reason in error.messages:
            messages.error(request, reason)
    else:
        messages.success(request, _("%(task)s is now %(status)s.")
                         % {"task": task.name, "status": Status(task.status).label.lower()})
    return redirect("transfers:task-detail", unit=unit_obj.slug, pk=task.pk)


def _report_context(request: HttpRequest, unit_obj) -> dict:
    year = _year(request)
    register = selectors.register_get(unit=unit_obj, year=year)
    return {"unit": unit_obj, "register": register, "report": register.report or MandateReport(unit=unit_obj),
            "year": year}


@login_required
@require_GET
def report_detail(request: HttpRequest, unit: str) -> HttpResponse:
    unit_obj = selectors.unit_get(user=request.user, slug=unit)
    return render(request, "transfers/report_detail.html", _report_context(request, unit_obj))


@login_required
@require_GET
def report_pdf(request: HttpRequest, unit: str) -> HttpResponse:
    from xhtml2pdf import pisa  # loads reportlab: only the PDF pays for it

    unit_obj = selectors.unit_get(user=request.user, slug=unit)
    html = render_to_string("transfers/report_pdf.html", _report_context(request, unit_obj), request=request)
    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if result.err:
        raise RuntimeError("the PDF of the mandate report could not be made")
    response = HttpResponse(out.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mandat-{unit_obj.slug}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def report_update(request: HttpRequest, unit: str) -> HttpResponse:
    unit_obj = selectors.unit_get(user=request.user, slug=unit)
    existing = MandateReport.objects.filter(unit=unit_obj).first()
    form = ReportForm(request.POST or None, instance=existing or MandateReport(unit=unit_obj))
    if request.method == "POST" and form.is_valid():
        try:
            services.mandate_report_update(unit=unit_obj, by=request.user, **form.report_fields())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The report was saved."))
            return redirect("transfers:report-detail", unit=unit_obj.slug)
    return render(request, "transfers/report_form.html", {"unit": unit_obj, "form": form})


@login_required
@require_GET
def register_export(request: HttpRequest, unit: str, fmt: str) -> HttpResponse:
    unit_obj = selectors.unit_get(user=request.user, slug=unit)
    if fmt == "xlsx":
        response = HttpResponse(
            importexport.register_export_xlsx(unit=unit_obj),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(importexport.register_export_csv(unit=unit_obj), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="oppgaver-{unit_obj.slug}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request: HttpRequest, unit: str) -> HttpResponse:
    unit_obj = selectors.unit_get(user=request.user, slug=unit)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = importexport.register_import(unit=unit_obj, by=request.user, filename=upload.name,
                                              raw=upload.read())
        if report.ok:
            messages.success(request, _("Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                             % {"created": report.created, "updated": report.updated,
                                "unchanged": report.unchanged})
            return redirect("transfers:register-detail", unit=unit_obj.slug)
    return render(request, "transfers/register_import.html", {"unit": unit_obj, "form": form, "report": report})


@login_required
@require_GET
def capacity(request: HttpRequest) -> HttpResponse:
    if not services.transfers_can_assess(user=request.user):
        raise PermissionDenied
    year = _year(request)
    return render(request, "transfers/capacity.html", {
        "capacity": selectors.capacity_get(municipality_id=request.user.municipality_id, year=year), "year": year,
        "year_form": YearForm(initial={"year": year}),
    })
