"""The project's own front door: where `/` leads. It sits beside urls.py, above every app, because
it knows each role's work."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from servicetorg.accounts.models import Role
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
