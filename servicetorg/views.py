"""The project's own pages above every app: where `/` leads (each role lands on its own work) and the
header's one search box (services, colleagues, reference numbers)."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from servicetorg.accounts.models import Role
from servicetorg.accounts.perms import Cap, user_can
from servicetorg.catalogue.search import catalogue_search
from servicetorg.forwarding.models import Forwarding
from servicetorg.forwarding.selectors import inbox_units
from servicetorg.forwarding.services import reference_normalise
from servicetorg.organisation.models import Municipality
from servicetorg.organisation.selectors import staff_contact_search


def landing_url(user) -> str:
    """Each role lands on its own work: caseworkers their unit inbox, leaders the
    overview, administrators the administration, the front desk the quick-log."""
    if user.role == Role.CASEWORKER:
        return reverse("forwarding:inbox")
    if user.role == Role.LEADER:
        return reverse("analytics:dashboard")
    if user.role == Role.ADMIN and user_can(user, Cap.USE_ADMIN):
        return reverse("admin:index")
    return reverse("inquiries:quicklog")


def home(request: HttpRequest) -> HttpResponse:
    """Staff go to their work; citizens to their municipality's public pages,
    or choose one when the installation serves several."""
    if request.user.is_authenticated:
        return redirect(landing_url(request.user))
    municipalities = list(Municipality.objects.order_by("name"))
    if len(municipalities) == 1:
        return redirect("public:front", municipality_slug=municipalities[0].slug)
    return render(request, "core/municipality_choice.html", {"municipalities": municipalities})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The header's one search box: services, colleagues and reference numbers."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    q = (request.GET.get("q") or "").strip()[:100]
    services, contacts, references = [], [], []
    if q:
        reference = reference_normalise(q)
        if len(reference) == 9 and reference[4] == "-":
            found = Forwarding.objects.filter(municipality_id=user.municipality_id, reference=reference)
            if user_can(user, Cap.FORWARD_INQUIRIES) and found.exists():
                return redirect("forwarding:centre-detail", reference=reference)
            if user_can(user, Cap.WORK_UNIT_INBOX):
                unit_found = found.filter(unit__in=inbox_units(user=user)).first()
                if unit_found:
                    return redirect("forwarding:case-detail", reference=reference)
            references = [reference]
        if user_can(user, Cap.VIEW_CATALOGUE):
            services = [hit.service for hit in catalogue_search(municipality_id=user.municipality_id, q=q, limit=10)]
            contacts = staff_contact_search(municipality_id=user.municipality_id, q=q, limit=10)
    return render(request, "core/search.html", {
        "q": q, "services": services, "contacts": contacts, "references": references,
    })
