from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
