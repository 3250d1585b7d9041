"""The staff side of the catalogue: search, service pages with the frontline
guidance first, editing with history, the review list, articles and the staff
directory. Every view needs Cap.VIEW_CATALOGUE; editing asks service_can_edit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from servicetorg.accounts.perms import Cap, requires, user_can
from servicetorg.catalogue import services, staff_selectors
from servicetorg.catalogue.forms import CatalogueSearchForm, DirectorySearchForm, ReviewFilterForm, ServiceForm
from servicetorg.core.htmx import render_page_or_fragment
from servicetorg.core.parsing import safe_next
from servicetorg.organisation.selectors import staff_contact_search


@requires(Cap.VIEW_CATALOGUE)
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    form = CatalogueSearchForm(request.GET)
    rows = []
    if form.is_valid():
        rows = staff_selectors.service_search(user=request.user, q=form.cleaned_data["q"],
                                              area=form.cleaned_data["area"])
    searched = form.is_valid() and bool(form.cleaned_data["q"] or form.cleaned_data["area"])
    context = {"form": form, "rows": rows, "searched": searched}
    return render_page_or_fragment(request, "catalogue/service_list.html", "catalogue/partials/service_results.html",
                            context)


@requires(Cap.VIEW_CATALOGUE)
@require_GET
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = staff_selectors.service_page(user=request.user, slug=slug)
    return render(request, "catalogue/service_detail.html", {
        "page": page, "service": page.service,
        "can_edit": services.service_can_edit(user=request.user, service=page.service),
    })


@requires(Cap.VIEW_CATALOGUE)
@require_http_methods(["GET", "POST"])
def service_update(request: HttpRequest, slug: str) -> HttpResponse:
    service = staff_selectors.service_get(user=request.user, slug=slug)
    if not services.service_can_edit(user=request.user, service=service):
        raise PermissionDenied
    if request.method == "POST":
        form = ServiceForm(request.POST, service=service)
        if form.is_valid():
            try:
                services.service_update(service=service, by=request.user, note=form.cleaned_data["note"],
                                        **form.service_fields())
            except ValidationError as error:
                form.add_service_errors(error)
                # The failed update left its values on this instance; show the service as saved.
                service = staff_selectors.service_get(user=request.user, slug=slug)
            else:
                messages.success(request, _("The service was saved."))
                return redirect("catalogue:service-detail", slug=service.slug)
    else:
        form = ServiceForm(initial=ServiceForm.initial_for(service), service=service)
    return render(request, "catalogue/service_form.html", {"form": form, "service": service})


@requires(Cap.VIEW_CATALOGUE)
@require_GET
def service_history(request: HttpRequest, slug: str) -> HttpResponse:
    service = staff_selectors.service_get(user=request.user, slug=slug)
    return render(request, "catalogue/service_history.html", {
        "service": service, "name": service.localized("name"),
        "versions": staff_selectors.service_history(service=service),
    })


def _next_url(request: HttpRequest) -> str | None:
    return safe_next(request, request.POST.get("next"))


@requires(Cap.VIEW_CATALOGUE)
@require_POST
def service_reviewed(request: HttpRequest, slug: str) -> HttpResponse:
    service = staff_selectors.service_get(user=request.user, slug=slug)
    if not services.service_can_edit(user=request.user, service=service):
        raise PermissionDenied
    try:
        services.service_mark_reviewed(service=service, by=request.user)
    except ValidationError:
        messages.error(request, _("%(name)s has errors to correct before it can be marked reviewed.")
                       % {"name": service.name})
        return redirect("catalogue:service-update", slug=service.slug)
    messages.success(request, _("%(name)s is marked reviewed.") % {"name": service.name})
    # A path, never a URL name: redirect() would try to reverse "abc".
    return HttpResponseRedirect(_next_url(request) or reverse("catalogue:service-detail", args=[service.slug]))


@requires(Cap.VIEW_CATALOGUE)
@require_GET
def service_review_list(request: HttpRequest) -> HttpResponse:
    """A content owner's services due for review; leaders and administrators see the whole municipality."""
    see_all = user_can(request.user, Cap.EDIT_CATALOGUE)
    form = ReviewFilterForm(request.GET, user=request.user) if see_all else None
    owner_unit = form.cleaned_data["owner_unit"] if form is not None and form.is_valid() else None
    due = staff_selectors.service_review_list(user=request.user, can_see_all=see_all, owner_unit=owner_unit)
    limit = staff_selectors.REVIEW_LIST_LIMIT
    return render(request, "catalogue/service_review_list.html", {
        "form": form, "services": due[:limit], "more": len(due) > limit, "limit": limit, "see_all": see_all,
        "cutoff": staff_selectors.review_cutoff(), "next": request.get_full_path(),
    })


@requires(Cap.VIEW_CATALOGUE)
@require_GET
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = staff_selectors.article_get(user=request.user, slug=slug)
    return render(request, "catalogue/article_detail.html", {
        "article": article, "rows": staff_selectors.article_services(article=article),
    })


@requires(Cap.VIEW_CATALOGUE)
@require_GET
def contact_list(request: HttpRequest) -> HttpResponse:
    """The staff directory: every typed word must match the name, title, unit or tasks."""
    form = DirectorySearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    contacts = staff_contact_search(municipality_id=request.user.municipality_id, q=q) if q else []
    context = {"form": form, "contacts": contacts, "searched": bool(q)}
    return render_page_or_fragment(request, "catalogue/contact_list.html", "catalogue/partials/contact_results.html",
                            context)
